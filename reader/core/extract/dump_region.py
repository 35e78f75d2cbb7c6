"""Where the article sits in a dump's classified lines: its first and last line.

The article is the run of paragraphs with the most words (furniture between them costs a
little, headings and paywall markers a lot), then moved down over its closing short
sentences and lists, and up past a standfirst that a date line ends.
"""

from __future__ import annotations

import itertools
import re

from reader.core.extract.dump_lines import Line
from reader.core.verdict.text import word_count

# What a line between paragraphs costs the run of paragraphs it sits in. A section heading
# ('Related stories', 'Most read') or a paywall marker line all but ends the article: only
# a long text after it carries the article on.
_REGION_COST = {
    "label": 2,
    "date": 3,
    "credit": 3,
    "junk": 3,
    "caption": 3,
    "offer": 3,
    "marker": 25,
    "section": 25,
}
SHORT_LINE = 10  # a sentence this short ('Sign up to comment!') adds nothing to a region
LEAD_LINES = 4  # a date line among the region's first lines ends the header above it
LEAD_WORDS = 80  # ... when the text above it (a standfirst) is no longer than this
LEAD_SHARE = 0.25  # ... and no more than this share of the region


def _gain(ln: Line) -> int:
    if ln.cut:  # text cut off mid-sentence by a truncation note: always the article's end
        return max(1, word_count(ln.text))
    return word_count(ln.text) - SHORT_LINE if ln.kind == "body" else -_REGION_COST[ln.kind]


SECTION_ARTICLE = 40  # run score (words beyond SHORT_LINE per paragraph) of an article


def _gains(lines: list[Line]) -> list[int]:
    """What each line adds to a run; a table between two paragraphs adds and costs nothing."""
    gains = [_gain(ln) for ln in lines]
    body = [i for i, ln in enumerate(lines) if ln.kind == "body"]
    for a, b in itertools.pairwise(body):
        if b - a > 1 and _is_table(lines[a + 1 : b]):
            gains[a + 1 : b] = [0] * (b - a - 1)
    return gains


def _best_run(lines: list[Line], gains: list[int], hi: int) -> tuple[int, tuple[int, int]]:
    """The run of lines[:hi] with the highest score, and its first and last line."""
    best, best_span = 0, (-1, -2)
    run, start = 0, 0
    for i in range(hi):
        ln = lines[i]
        if run <= 0:
            run, start = 0, i
        run += gains[i]
        if run > best and ln.kind == "body":
            best, best_span = run, (start, i)
    return best, best_span


def main_region(lines: list[Line]) -> tuple[int, int]:
    """First and last line of the article: the run of paragraphs with the most words.

    Paragraph lines count their words beyond SHORT_LINE; anything between them (menus,
    credits, short labels) costs a little, so a lone sentence among site furniture
    ('Sign up to comment') does not drag the start of the article up. With no paragraph
    at all, every line that is not junk is the article. A date line standing alone near
    the top of the run ends the header: the standfirst above it is not the article. What
    follows a section heading ('Weitere Artikel', 'Related stories') is teasers: when an
    article-sized run stands before the heading, that run is the article.
    """
    gains = _gains(lines)
    _, best_span = _best_run(lines, gains, len(lines))
    for s in (i for i, ln in enumerate(lines) if ln.kind == "section"):
        if s <= best_span[0]:  # the best run follows a heading: is there an article before?
            before, span = _best_run(lines, gains, s)
            if before >= SECTION_ARTICLE:
                best_span = span
                break
    if best_span[0] < 0:  # no paragraph long enough: all the text there is
        kept = [i for i, ln in enumerate(lines) if ln.kind in ("body", "label")]
        return (kept[0], kept[-1]) if kept else (len(lines), len(lines) - 1)
    first, last = best_span
    while lines[first].kind != "body":
        first += 1
    return _after_dateline(lines, first, last), _closing_line(lines, _run_on(lines, last))


_STOPS = frozenset({"section", "offer", "marker"})
RUN_ON_COST = 4  # labels and furniture the article's last short sentences may sit after
LIST_WORDS = 1  # a run of labels alone (a list) is crossed by this many words per label cost


_CELL = re.compile(
    r"^[+\-–]?\d[\d.,/]*\s?%?$"
)  # a table cell of figures: '63', '16.6%', '4.2.7/4.3.3'
TABLE_SHARE = 1 / 3  # a table: cells of figures are at least this share of its lines
TABLE_CELLS = 3  # ... and at least this many
TABLE_WORDS = 5  # ... and its other cells are this short (a headline is a link, not a cell)


def _is_table(gap: list[Line]) -> bool:
    """Short labels and cells of figures, many of them figures: a table ('Release | Date',
    'Herbert Dürr | 63 | 16.6%'). Headlines beside figures ('Most read' with view counts,
    pagination) are links, not cells."""
    cells = [ln.text for ln in gap if _CELL.match(ln.text)]
    if len(cells) < max(TABLE_CELLS, TABLE_SHARE * len(gap)):
        return False
    return all(
        _CELL.match(ln.text) or (ln.kind == "label" and word_count(ln.text) <= TABLE_WORDS)
        for ln in gap
    )


def _gap(lines: list[Line], i: int) -> tuple[int, int, bool]:
    """From line i: the next paragraph line (or -1 at a stop/the end), the cost of the lines
    before it and whether they are a list (labels alone: ingredients, steps) or a table."""
    cost, j = 0, i
    while j < len(lines) and lines[j].kind != "body" and lines[j].kind not in _STOPS:
        cost += _REGION_COST[lines[j].kind]
        j += 1
    gap = lines[i:j]
    listed = all(ln.kind == "label" for ln in gap) or _is_table(gap)
    return (j if j < len(lines) and lines[j].kind == "body" else -1), cost, listed


def _stretch_words(lines: list[Line], j: int) -> int:
    """Words of the paragraphs from line j on, up to the next gap that is not a list."""
    words = 0
    while j >= 0:
        words += word_count(lines[j].text)
        j, cost, labels = _gap(lines, j + 1)
        if cost > RUN_ON_COST and not labels:
            break
    return words


def _run_on(lines: list[Line], last: int) -> int:
    """The region's last line, moved down over the article's closing short sentences.

    The run of paragraphs ends on a long one; the sentences after it ('Kelly helped with
    the implementation.', 'Yoon's office has not commented.') are the article's end too,
    unless a section heading, an offer or a marker comes first, or more than a couple of
    labels or furniture lines stand between. A list (labels alone) is crossed when more
    text follows it than it costs: a recipe's steps after its ingredients.
    """
    while True:
        j, cost, labels = _gap(lines, last + 1)
        if j < 0:
            return last
        if cost > RUN_ON_COST and not (labels and _stretch_words(lines, j) >= LIST_WORDS * cost):
            return last
        last = j


_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)]*$")
_OPEN_END = re.compile(r"[?:？：][\"'”’»)]*$")


def _closing_line(lines: list[Line], last: int) -> int:
    """The region's last line, moved onto the short sentence that answers it.

    A paragraph that ends on a question or a colon is not the article's end when a line
    break (``<br>``) put its answer on the next line ('Have a project to share with us?' /
    'Submit it here!'): a label right below it that ends like a sentence is its end.
    """
    nxt = last + 1
    if (
        nxt < len(lines)
        and lines[nxt].kind == "label"
        and _OPEN_END.search(lines[last].text)
        and _SENTENCE_END.search(lines[nxt].text)
    ):
        return nxt
    return last


def _after_dateline(lines: list[Line], first: int, last: int) -> int:
    """The region's first line, moved below a standalone date line that opens it."""
    words = [word_count(ln.text) if ln.kind == "body" else 0 for ln in lines]
    total = sum(words[first : last + 1])
    for j in range(first, min(last, first + LEAD_LINES)):
        ln = lines[j]
        if ln.kind != "date" or ln.inline:
            continue
        above = sum(words[first:j])
        if above <= LEAD_WORDS and above <= LEAD_SHARE * total:
            k = j + 1
            while k <= last and lines[k].kind != "body":
                k += 1
            return k if k <= last else first
    return first
