"""The page's text after the article, where "subscribe to read on" boxes sit.

The extraction keeps the article; the verdict also needs what follows it in the page: the
text after the last block, and the text right after the last paragraph (a box the
extraction dropped sits there when only captions or a short note follow it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_WS = re.compile(r"\s+")
_TAIL_CHARS = 3000
# marks block edges in the page (Unicode paragraph separator); the verdict reads them too
BLOCK_EDGE = "\u2029"
GAP_CHARS = 600  # text after the last paragraph, for a box the extraction dropped
GAP_PARAGRAPH_WORDS = 26  # a block this long is a paragraph, shorter ones are captions
GAP_NOTE_WORDS = 80  # ... and this much text after the last one is a note, not the article


def tail_text(
    doc: Any, blocks: list[str], block_tags: Iterable[str]
) -> tuple[str, str, int | None]:
    """Page text that follows the article, where 'subscribe to read on' boxes sit.

    Blocks are kept apart (a newline goes in at each block's start and end, in the pruned
    page, which only the paywall judge reads after this), so 'Subscribe to read on' and
    the 'Log in' button after it do not run together into one word.

    Returns (text after the last block, text after the last paragraph, that paragraph's
    index): when only short lines (captions, a bio) follow the article's last paragraph,
    a box the extraction dropped sits right after that paragraph.
    """
    if not blocks:
        return "", "", None
    body = doc.find("body")
    if body is None:
        return "", "", None
    for el in body.iter(*block_tags):
        try:
            el.text = BLOCK_EDGE + el.text if el.text else BLOCK_EDGE
            el.tail = BLOCK_EDGE + el.tail if el.tail else BLOCK_EDGE
        except ValueError:  # lxml refuses to re-set text holding control characters
            continue
    # one character per run of spaces: a newline where blocks meet, else a space (so the
    # block texts, whose spaces are collapsed, are found at the same offsets)
    full = _WS.sub(_space_or_newline, body.text_content()).strip()
    tail = _text_after(full, blocks[-1])
    last = _last_paragraph(blocks)
    if last is None:
        return tail, "", None
    return tail, _text_after(full, blocks[last], GAP_CHARS), last


def _last_paragraph(blocks: list[str]) -> int | None:
    """The last block of paragraph length, when only short lines come after it, or a little
    text (a citation, an author's note: GAP_NOTE_WORDS words in all)."""
    after, paragraph_after = 0, False
    for i in range(len(blocks) - 1, -1, -1):
        words = len(blocks[i].split())
        if words >= GAP_PARAGRAPH_WORDS:
            if paragraph_after and after > GAP_NOTE_WORDS:
                return None
            if i < len(blocks) - 1:
                return i
            paragraph_after = True
        after += words
    return None


def _text_after(full: str, block: str, limit: int = _TAIL_CHARS) -> str:
    probe = block[:80]
    pos = full.rfind(probe)
    if pos < 0:
        return ""
    end = pos + len(block) if full.startswith(block, pos) else pos + len(probe)
    return full[end : end + limit].strip()


def _space_or_newline(match: re.Match[str]) -> str:
    return "\n" if BLOCK_EDGE in match.group() else " "
