"""Finding the marker phrases in an article: near its end, in short lines, after it.

The phrases themselves, and how text is folded before it is searched, are in
:mod:`reader.core.verdict.markers`; this module says where a phrase counts and how.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from reader.core.verdict.markers import (
    STRENGTHS,
    MarkerSet,
    fold,
    percent_value,
    quote_original,
    search_all,
)

END_BLOCKS = 3  # last blocks searched for strong phrases
PERCENT_BLOCKS = 5  # last blocks searched for percent phrases
MARKER_MAX_WORDS = 30  # longer blocks are article text, never marker lines
TAIL_FAR = 1000  # phrases further into tail_text are ignored
TAIL_WEAK = 300  # weak phrases only count this close to the article
MAX_WEAK = 3  # weak-phrase matches kept per text
MARKER_SHARE = 0.4  # a phrase covering less of its block is probably running text
PERCENT_WINDOW = 90  # characters around a "%" sign searched for a percent phrase
_SEP = "\x00"  # joins texts that are searched together; never part of a phrase
_PUNCT_ONLY = re.compile(r"[\W_]+")


@dataclass
class MarkerHit:
    """One marker phrase found in a block or in the text after the article."""

    strength: str  # percent | S | M | W
    quote: str  # as written on the page
    where: str  # human description of the position
    block: int | None = None  # index into the blocks, None for tail_text
    pct: float | None = None  # share left to read, for percent phrases
    offset: int = 0  # character offset in the folded tail_text
    repeat: bool = False  # the tail repeats the article's opening before this phrase
    in_marker_line: bool = False  # the block holding it is mostly marker phrases


@dataclass
class MarkerScan:
    """Everything :func:`find_markers` found."""

    hits: list[MarkerHit]
    marker_lines: list[int]  # indices of blocks that are nothing but marker phrases


def _where(index: int, total: int) -> str:
    """Human description of a block position."""
    back = total - index
    if back == 1:
        return "the last block"
    if back <= PERCENT_BLOCKS:
        return f"block {back} from the end"
    return f"block {index + 1} of {total}"


def scan_texts(
    texts: list[str], m: MarkerSet
) -> tuple[list[str], list[tuple[int, str, int, re.Match[str]]]]:
    """Marker matches in several texts, folded together and searched once per strength.

    Returns each text's folded form and (text index, strength, start, match), ``start``
    being relative to that text's folded form.
    """
    folded_all = fold(_SEP.join(t.replace(_SEP, " ") for t in texts))
    bounds: list[int] = []  # where each text starts in folded_all
    folded: list[str] = []
    pos = 0
    for seg in folded_all.split(_SEP):
        bounds.append(pos + len(seg) - len(seg.lstrip()))
        folded.append(seg.strip())
        pos += len(seg) + 1
    found: list[tuple[int, str, int, re.Match[str]]] = []
    for strength in ("percent", *STRENGTHS):
        if strength == "percent":
            matches = _percent_matches(folded_all, m.percent)
        else:
            matches = search_all(m.strength[strength], folded_all)
        for mt in matches:
            idx = bisect_right(bounds, mt.start()) - 1
            found.append((idx, strength, mt.start() - bounds[idx], mt))
    return folded, found


def _percent_matches(text: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    """Percent-phrase matches, searched only in windows around each "%" sign (fast)."""
    found: list[re.Match[str]] = []
    pct = text.find("%")
    done = 0
    while pct >= 0:
        start = max(done, pct - PERCENT_WINDOW)
        match = pattern.search(text, start, pct + PERCENT_WINDOW)
        if match is not None:
            found.append(match)
            done = match.end()
            pct = text.find("%", done)
        else:
            pct = text.find("%", pct + 1)
    return found


def _coverage(folded: str, spans: list[tuple[int, int]]) -> tuple[bool, float]:
    """Whether matched phrases cover (nearly) the whole folded block, and the share covered."""
    keep = []
    last = covered = 0
    for start, end in sorted(spans):
        if start > last:
            keep.append(folded[last:start])
        covered += max(0, end - max(start, last))
        last = max(last, end)
    keep.append(folded[last:])
    residual = _PUNCT_ONLY.sub(" ", " ".join(keep)).split()
    whole = len(residual) <= 3 or len(" ".join(residual)) <= 0.2 * len(folded)
    return whole, covered / max(1, len(folded))


def find_markers(blocks: list[str], tail_text: str, m: MarkerSet, gap: str = "") -> MarkerScan:
    """Marker phrases near the end of the blocks, in short blocks and in the tail text.

    ``gap`` is page text that the extraction dropped right after the text's last paragraph
    (only a short note follows it in the text): a box there is at the article's end too.
    Weak phrases do not count there.
    """
    total = len(blocks)
    hits: list[MarkerHit] = []
    lines: list[int] = []
    edge = set(range(max(0, total - END_BLOCKS), total)) | set(range(min(2, total)))
    cand = [
        i
        for i, b in enumerate(blocks)
        if i >= total - PERCENT_BLOCKS or i in edge or len(b.split()) <= MARKER_MAX_WORDS
    ]
    folded, found = scan_texts([blocks[i] for i in cand], m)
    per_block: dict[int, list[tuple[str, int, re.Match[str]]]] = {}
    for idx, strength, start, mt in found:
        if strength != "W" or cand[idx] in edge:
            per_block.setdefault(idx, []).append((strength, start, mt))
    for idx, items in sorted(per_block.items()):
        i = cand[idx]
        n_words = len(blocks[i].split())
        strong = any(s != "W" for s, _, _ in items)
        spans = [(start, start + len(mt.group())) for _, start, mt in items]
        is_line, share = _coverage(folded[idx], spans)
        if is_line and (strong or (i in edge and n_words <= 10)) and n_words <= MARKER_MAX_WORDS:
            lines.append(i)
        else:
            is_line = False
        weak = 0
        for strength, _start, mt in items:
            weak += strength == "W"
            if weak <= MAX_WEAK or strength != "W":
                pct = percent_value(mt, m.percent_groups) if strength == "percent" else None
                quote = quote_original(blocks[i], mt.group())
                hit = MarkerHit(strength, quote, _where(i, total), i, pct)
                hit.in_marker_line = is_line or share >= MARKER_SHARE
                hits.append(hit)
    tail = tail_text[: TAIL_FAR + 200]
    if tail:
        (tail_folded,), found = scan_texts([tail], m)
        opening = next((fold(b)[:60] for b in blocks if len(b.split()) >= 8), "")
        weak = 0
        for _, strength, start, mt in found:
            weak += strength == "W"
            if start > (TAIL_WEAK if strength == "W" else TAIL_FAR) or weak > MAX_WEAK:
                continue
            where = (
                "the text right after the article"
                if start < 80
                else f"the text after the article (char {start})"
            )
            pct = percent_value(mt, m.percent_groups) if strength == "percent" else None
            repeat = bool(opening) and opening in tail_folded[:start]
            quote = quote_original(tail, mt.group())
            hits.append(MarkerHit(strength, quote, where, None, pct, start, repeat))
    if gap:
        (_,), found = scan_texts([gap], m)
        for _, strength, _start, mt in found:
            if strength == "W":
                continue
            pct = percent_value(mt, m.percent_groups) if strength == "percent" else None
            where = "the page right after the text's last paragraph"
            hits.append(MarkerHit(strength, quote_original(gap, mt.group()), where, None, pct, 0))
    return MarkerScan(hits, lines)
