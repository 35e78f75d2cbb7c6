"""Wall boxes: "subscribe to read on" text at the end of an article or right after it.

A wall box is a few short pieces of text that together hold an access word (subscribe, log
in, member) or a price ("$1", "1 €"), and a reading word (read, article, the rest) or both
an access word and a price. Where it
sits matters: at the end of the text or among the first pieces after it, not further down.
Two things that look alike are not boxes: a newsletter sign-up (and its button), and the
badges ("Subscriber only", "Members") that label several related links. The words are data
(``resources/paywall/markers.json``); this module only says what counts as a box, the
fitted model says how much it counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reader.core.verdict.markers import MarkerSet, fold

BOX_LINE_WORDS = 30  # longer lines are article text, not a box
BOX_BLOCKS = 12  # the text's last blocks searched for a box
TRAILING_WORDS = 80  # words of the text that may follow a box (an author's note, tags)
FURNITURE_WORDS = 25  # ... or any number of lines this short (captions, headings)
BOX_TAIL = 600  # characters of the text after the article searched for a box
BOX_WINDOW = 6  # consecutive pieces of one box: headline, pitch, offer, button, log-in line
BOX_WINDOW_WORDS = 50
BOX_PIECE_WORDS = 20  # a sentence of the text's own blocks this long cannot open a box
BOX_START = 3  # a box must start within this many pieces after the text
NOTICE_WORDS = 4  # a piece this long with an access word is a sentence, not a link
BADGE_WORDS = 3  # a label on related links has at most this many words
BOX_CHARS = (12, 320)  # text length of a page element that can be a wall box
BOX_CANDIDATES = 300  # elements looked at, from the end of the page (bounded work)
HEADLINE_WORDS = 5  # a piece this long without box words, after a heading, is a headline
HEADLINE_LINK_WORDS = 4  # a link this long is a headline (lists of them are not boxes)
_BOX_TAGS = frozenset(("div", "aside", "section", "form"))
_NOT_BOX = frozenset(("nav", "footer", "header", "script", "style", "template"))
_ARTICLE = frozenset(("article", "main"))  # a <header> in these is the article's own
_PIECES = re.compile(r"(?<=[.!?。！？])\s+|\s*[|•·\n]\s*|\s{2,}")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class EndBox:
    """A wall box at the end of the text or right after it."""

    text: str  # the box's pieces, joined (for the evidence)
    start: int  # the box's blocks in the text: kept[start:stop] (empty when it is after it)
    stop: int
    after: bool  # the box starts after the text (in the tail), not in its last blocks


def is_box_text(text: str, m: MarkerSet) -> bool:
    """Text that asks to subscribe, log in or pay in order to read (not a newsletter box)."""
    folded = fold(text)
    if m.box_newsletter.search(folded):
        return False
    access, read = m.box_access.search(folded), m.box_read.search(folded)
    price = m.box_price.search(folded)
    return bool((access or price) and (read or (access and price)))


def is_access_notice(parts: list[str], m: MarkerSet) -> bool:
    """A members or log-in notice without a reading word: "This content is for our
    members", "Already a member? Log in". One of its pieces is a sentence (NOTICE_WORDS or
    more) holding a notice word (a subscription, a membership, signing in; not an offer or
    a plan, which ordinary sentences name), so a row of account links ("Log in", "My
    account") is not one; a newsletter or comment box is not one either."""
    if any(m.box_newsletter.search(fold(p)) for p in parts):
        return False
    return any(len(p.split()) >= NOTICE_WORDS and m.box_notice.search(fold(p)) for p in parts)


def _has_box_word(text: str, m: MarkerSet) -> bool:
    folded = fold(text)
    return bool(
        m.box_access.search(folded) or m.box_read.search(folded) or m.box_price.search(folded)
    )


def pieces(text: str) -> list[str]:
    """Lines and sentences of a text, each stripped, empty ones dropped."""
    return [p.strip() for p in _PIECES.split(text) if p.strip()]


def _starts_headline(word: str) -> bool:
    """A word that can open a headline: capitalised, a digit or a quote, or caseless script."""
    c = word[:1]
    return bool(c) and (c.isupper() or c.isdigit() or not c.isalpha() or c.lower() == c.upper())


def _badge(words: list[str], m: MarkerSet) -> int:
    """Words of a label ('Members', 'Subscriber only') opening a headline, or 0."""
    for n in range(BADGE_WORDS, 0, -1):
        label = " ".join(words[:n])
        if len(words) > n + 2 and _starts_headline(words[n]) and m.box_access.search(fold(label)):
            return n
    return 0


def unbadge(items: list[tuple[int | None, str]], m: MarkerSet) -> list[tuple[int | None, str]]:
    """Drop the labels that open several headlines: badges on related links, not a wall."""
    split = [p.split() for _, p in items]
    cut = [_badge(words, m) for words in split]
    if sum(1 for n in cut if n) < 2:
        return items
    return [
        (line, " ".join(words[n:]) if n else text)
        for (line, text), words, n in zip(items, split, cut, strict=True)
    ]


def _list_heading(items: list[tuple[int | None, str]], k: int, m: MarkerSet) -> bool:
    """'Most read', 'More stories': a short reading-word line over headlines without box words."""
    folded = fold(items[k][1])
    if len(folded.split()) > BADGE_WORDS or m.box_access.search(folded):
        return False
    if not m.box_read.search(folded):
        return False
    after = items[k + 1 : k + 3]
    return len(after) == 2 and all(_headline(p, m) for _, p in after)


def _headline(text: str, m: MarkerSet) -> bool:
    """A related story's title: long enough, no price, no access word at its start."""
    words = text.split()
    if len(words) < HEADLINE_WORDS or m.box_price.search(fold(text)):
        return False
    return not m.box_access.search(fold(" ".join(words[:BADGE_WORDS])))


def end_box(kept: list[str], tail: str, m: MarkerSet, notice: bool = False) -> EndBox | None:
    """The wall box among the text's last blocks or in the first pieces after it.

    With ``notice``, a members or log-in notice (:func:`is_access_notice`) is a box too.

    The box is made of short blocks; after it, the text may still hold furniture that the
    extraction took along: a little text (an author's note, tags: up to TRAILING_WORDS
    words) or only short lines (captions, headings), never an article's paragraph.
    """
    n = len(kept)
    whole = n == 1 and len(kept[0].split()) <= BOX_LINE_WORDS  # it may be nothing but a box
    first = 0 if whole else max(1, n - BOX_BLOCKS)  # the first block is the article's lead
    after_words, after_longest = [0] * (n + 1), [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        words = len(kept[i].split())
        after_words[i] = after_words[i + 1] + words
        after_longest[i] = max(after_longest[i + 1], words)
    items: list[tuple[int | None, str]] = []
    for i in range(first, n):
        # after a box: a little text, or only short lines (captions, headings, a bio)
        furniture = after_words[i + 1] <= TRAILING_WORDS or after_longest[i + 1] <= FURNITURE_WORDS
        if len(kept[i].split()) <= BOX_LINE_WORDS and furniture:
            items += [(i, p) for p in pieces(kept[i])]
        else:
            items.append((-1, kept[i]))  # a paragraph: no box spans it
    in_text = len(items)
    items += [(None, p) for p in pieces(tail[:BOX_TAIL])]
    items = unbadge(items, m)
    # a newsletter piece and the one after it (its button) are a sign-up box; a list of
    # stories under its heading is not a box either; nor is a paragraph of the text
    blocked: set[int] = set()
    for k, (line, p) in enumerate(items):
        if line == -1 or m.box_newsletter.search(fold(p)):
            blocked |= {k} if line == -1 else {k, k + 1}
        elif _list_heading(items, k, m) or m.box_section.search(p):
            blocked |= set(range(k, len(items)))  # a list of stories: no wall below it
            break
    for s in range(min(in_text + BOX_START, len(items))):
        line, head = items[s]
        if s in blocked or not _has_box_word(head, m):
            continue
        if line is not None and len(head.split()) > BOX_PIECE_WORDS:
            continue
        for e in range(s + 1, min(s + BOX_WINDOW, len(items)) + 1):
            if e - 1 in blocked:
                break
            text = " ".join(p for _, p in items[s:e])
            if len(text.split()) > BOX_WINDOW_WORDS:
                break
            if not _has_box_word(items[e - 1][1], m):
                continue
            if is_box_text(text, m) or (notice and is_access_notice([p for _, p in items[s:e]], m)):
                if line is None or whole:
                    return EndBox(text, n, n, line is None)
                # the box's other short lines in the text (a price, a button) go with it
                while (
                    e < in_text
                    and items[e][0] not in (None, -1)
                    and (
                        _has_box_word(items[e][1], m)
                        and len(items[e][1].split()) <= BOX_PIECE_WORDS
                    )
                ):
                    e += 1
                last = max((b for b, _ in items[s:e] if b is not None), default=line)
                return EndBox(text, line, last + 1, False)
    return None


def gap_box(last: int, gap: str, m: MarkerSet, notice: bool = False) -> EndBox | None:
    """A box in the page right after the text's last paragraph (``kept[last]``), where the
    extraction dropped it; only short lines of the text follow that paragraph."""
    box = end_box([], gap, m, notice)
    return None if box is None else EndBox(box.text, last + 1, last + 1, True)


def page_box(doc: Any, m: MarkerSet) -> str | None:
    """The text of a small box somewhere in the page that asks to subscribe to read."""
    for el in _small_boxes(doc):
        if _headline_links(el) >= 2:
            continue  # a list of related headlines, with or without badges
        text = _SPACE.sub(" ", el.text_content()).strip()
        if is_box_text(text, m):
            return text
    return None


def _headline_links(el: Any) -> int:
    """Links in an element whose text is long enough to be a headline."""
    n = 0
    for a in el.iter("a"):
        if len(a.text_content().split()) >= HEADLINE_LINK_WORDS:
            n += 1
            if n >= 2:
                break
    return n


def _small_boxes(doc: Any) -> list[Any]:
    """div/aside/section/form elements with a short text, last ones first (one linear pass)."""
    body = doc.find("body")
    if body is None:
        return []
    size: dict[int, int] = {}
    out: list[Any] = []
    for el in reversed(list(body.iter())):  # children before their parents
        if not isinstance(el.tag, str):
            continue
        n = len(el.text or "") + sum(size.get(id(c), 0) + len(c.tail or "") for c in el)
        size[id(el)] = n
        small = el.tag in _BOX_TAGS and BOX_CHARS[0] < n < BOX_CHARS[1]
        if small and not _in_page_chrome(el):
            out.append(el)
            if len(out) >= BOX_CANDIDATES:
                break
    return out


def _in_page_chrome(el: Any) -> bool:
    """Inside the page's navigation, footer, banner or a script: not the article.

    A <header> inside an <article> or <main> is the article's own (headline, standfirst),
    and a wall may follow the standfirst there; the page's banner is a header outside both.
    """
    tags = [a.tag for a in el.iterancestors()]
    article = next((i for i, t in enumerate(tags) if t in _ARTICLE), -1)
    return any(t in _NOT_BOX and not (t == "header" and i < article) for i, t in enumerate(tags))
