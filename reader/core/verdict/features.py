"""Named features of one page for the verdict: what it looks at, never how much each counts.

Each feature is a number in [0, 1] with a detail string for the evidence. The weights that
combine them are fitted (``benchmarks/fit_verdict.py``) and live in
``resources/verdict/weights.json``; see :mod:`reader.core.verdict.model`.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from lxml import etree

from reader.core.models import Evidence
from reader.core.verdict import boxes, paid
from reader.core.verdict.dom import text_after
from reader.core.verdict.dom import wall_class as find_wall_class
from reader.core.verdict.markers import MarkerSet, chars_left_value, fold, markers
from reader.core.verdict.page import PageFeatures, PageSignals, quote
from reader.core.verdict.scan import END_BLOCKS, TAIL_FAR, MarkerHit, find_markers
from reader.core.verdict.text import (
    ELLIPSIS,
    ends_mid_sentence,
    natural_end,
    word_count,
)

# The features, in the order of the weight vectors. Scales below only map raw counts to [0, 1].
FEATURES = (
    "percent_phrase",  # "You have 85% of this article left to read"
    "chars_left",  # "… [+1234 chars]", "1234 more characters"
    "strong_phrase",  # S-list phrase at the end of the text or right after it
    "strong_phrase_far",  # ... further down, in running text, or after a repeated opening
    "medium_phrase",  # M-list phrase (or S away from the end): a wall, not a cut
    "weak_phrase",  # W-list call to action near the end
    "not_free_markup",  # isAccessibleForFree=false, content_tier locked/metered
    "free_markup",  # isAccessibleForFree=true, content_tier free
    "haspart_missing",  # the declared paid element is absent or empty
    "haspart_present",  # ... holds text (scaled by its words)
    "obfuscated_text",  # letter-scrambled paragraphs (removed from the text)
    "teaser_shape",  # the last paragraph ends with an ellipsis
    "cut_mid_sentence",  # the last paragraph stops without closing punctuation
    "short_body",  # 1 at <= 40 words, 0.5 at ~155, 0 at >= 600 (log scale)
    "long_body",  # 0 at <= 250 words, 1 at >= 1000
    "natural_end",  # sign-off or closing punctuation on a long-enough paragraph
    "jsonld_wordcount_low",  # text under half the JSON-LD wordCount
    "page_long_text",  # the page's paragraphs hold far more than the extracted text (+300..+1200)
    "wall_box",  # a short line near the end with an access word and a reading word
    "wall_shape",  # a login form (password field) or a paywall-class box in the page
    "very_short_with_wall",  # under 120 words next to a wall (a step, where short_with_wall slopes)
    "short_with_wall",  # short_body x (a wall box, a wall shape, wall markup or a wall phrase)
    "cut_before_box",  # (cut_mid_sentence or teaser_shape) x (a wall box, shape or notice)
    "access_notice",  # no wall_box, but a members or log-in notice there ("for our members")
)
# Evidence from outside the page (reader.core.verdict.site_evidence fills PageSignals.extra).
EXTRA_FEATURES = ("site_rule_wall", "user_marked_truncated", "user_marked_complete")

VERY_SHORT = 120  # words
SHORT_LOW, SHORT_HIGH = 40, 600  # words: short_body scale (logarithmic)
LONG_LOW, LONG_HIGH = 250, 1000  # words: long_body scale
TAIL_NEAR = 250  # characters of tail_text that count as "right after the article"
WORDCOUNT_LOW = 0.5
HASPART_SHORT = 300  # words: below this the tail is looked up in the page when missing
PAGE_PARA_WORDS = 15  # a <p> with fewer words is not article text
PAGE_LOW, PAGE_HIGH = 300, 1200
_PARAS = etree.XPath(  # (//body)[1]/descendant:: is linear where //body//p is not
    "(//body)[1]/descendant::p[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template or ancestor::footer or ancestor::nav)]"
)


def extract(signals: PageSignals) -> PageFeatures:
    """All features of one page (the page and its tree are never modified)."""
    m = markers()
    signals = _with_tail(signals)
    scan = find_markers(signals.blocks, signals.tail_text, m, signals.dropped_gap)
    drop = set(scan.marker_lines)
    kept = [b for i, b in enumerate(signals.blocks) if i not in drop]
    f = PageFeatures({}, {}, kept, 0)
    f.removed = [
        Evidence("marker_line", f"removed marker line {quote(signals.blocks[i])!r}", 0.0)
        for i in scan.marker_lines
    ]
    _chars_left(f, signals, m)
    _phrases(f, signals, scan.hits)
    paid.structured(f, signals, m)
    paid.scrambled_text(f, signals, m)
    _box(f, signals, m, scan.hits)
    _shape(f, m)
    f.signatures = _signatures(signals, scan.hits, m, f.wall_class or "", f.login_form)
    return f


def _with_tail(signals: PageSignals) -> PageSignals:
    """Fill in tail_text from the page when it is missing and the body looks cut short."""
    if signals.tail_text or signals.doc is None or not signals.blocks:
        return signals
    short = sum(len(b.split()) for b in signals.blocks) < HASPART_SHORT
    if not short and not any(ELLIPSIS.search(b) for b in signals.blocks[-4:]):
        return signals
    tail = text_after(signals.doc, signals.blocks[-1], TAIL_FAR + 200)
    return replace(signals, tail_text=tail) if tail else signals


def _chars_left(f: PageFeatures, signals: PageSignals, m: MarkerSet) -> None:
    """A "[+1234 chars]" tail on the last block, or a "1234 more characters" line."""
    for i in range(len(f.kept) - 1, max(-1, len(f.kept) - 3), -1):
        text = f.kept[i]
        folded = text.lower()  # same length as text, so positions carry over
        found = list(m.chars_left.finditer(folded))
        match = found[-1] if found else None
        if match is None or len(folded.rstrip()) - match.end() > 3:
            continue
        count = chars_left_value(match)
        if not count:
            continue
        f.chars_left = count
        cut = text[: match.start()]
        note = f"{quote(text[len(cut) :].strip())!r} at the end of the text"
        f.set("chars_left", 1.0, f"{note}: {count} characters left out")
        if cut.strip():
            f.kept[i] = cut.rstrip(" …")
        else:
            del f.kept[i]
            f.removed.append(Evidence("marker_line", f"removed marker line {quote(text)!r}", 0.0))
        return
    head = fold(signals.tail_text[:TAIL_NEAR])
    match = m.chars_left.search(head)
    count = chars_left_value(match) if match else None
    if match is not None and count:
        f.chars_left = count
        f.set("chars_left", 1.0, f"{match.group()!r} right after the text")


def _phrases(f: PageFeatures, signals: PageSignals, hits: list[MarkerHit]) -> None:
    """Percent, strong, medium and weak phrases, by where they sit."""
    end_start = len(signals.blocks) - END_BLOCKS
    percent = [h for h in hits if h.strength == "percent" and h.pct and 0 < h.pct < 100]
    if percent:
        h = percent[0]
        f.percent = h.pct
        f.set("strong_phrase_far" if h.repeat else "percent_phrase", 1.0, _hit_detail(h))
        f.strong = True
    seen = [h.quote.lower() for h in percent[:1]]
    for h in hits:
        if h.strength == "percent" or any(h.quote.lower() in q for q in seen):
            continue
        seen.append(h.quote.lower())
        if h.strength == "S":
            f.strong = True
            at_end = h.block is None or h.block >= end_start
            near = (
                h.in_marker_line if h.block is not None else h.offset < TAIL_NEAR
            ) and not h.repeat
            if at_end and near:
                f.set("strong_phrase", 1.0, _hit_detail(h))
            elif at_end:
                f.set("strong_phrase_far", 1.0, _hit_detail(h))
            else:
                f.set("medium_phrase", 1.0, f"{h.quote!r} in {h.where} (not at the end)")
            f.walls.append(_hit_detail(h))
        elif h.strength == "M" and (h.block is None or h.in_marker_line):
            # in running text ("Subscribers only? Not quite, said the editor.") it is a
            # mention; a wall writes it as a line of its own, or after the article
            f.set("medium_phrase", 1.0, _hit_detail(h))
            f.walls.append(_hit_detail(h))
        elif h.strength == "W" and (h.block is None or h.block >= end_start):
            f.set("weak_phrase", 1.0, _hit_detail(h))


def _hit_detail(hit: MarkerHit) -> str:
    """Evidence text for a phrase hit."""
    note = " (after a repeat of the article's opening: likely a hidden template)"
    return f"{hit.quote!r} in {hit.where}" + (note if hit.repeat else "")


def _box(f: PageFeatures, signals: PageSignals, m: MarkerSet, hits: list[MarkerHit]) -> None:
    """A wall box near the end: trailing lines, the text right after, the page's shapes.

    A box that holds a known marker phrase is that phrase's evidence, already counted: it
    is removed from the text but is not a wall_box as well.
    """
    feature = "wall_box"
    box = _end_box(f, signals, m, notice=False)
    if box is None:  # a members or log-in notice, with no reading word: weaker evidence
        feature, box = "access_notice", _end_box(f, signals, m, notice=True)
    if box is not None:
        f.box_span = (box.start, box.stop)
        f.words = sum(word_count(b) for b in f.kept[: box.start])  # the article: before the box
    folded = fold(box.text) if box is not None else ""
    if box is not None and not any(fold(h.quote) in folded for h in hits if h.strength != "W"):
        if f.box_lines:
            where = "at the end of the text"
        elif box.stop < len(f.kept):
            where = "in the page after the text's last paragraph"
        elif box.after:
            where = "right after the text"
        else:
            where = "is the whole text"
        f.set(feature, 1.0, f"{quote(box.text, 100)!r} {where}")
        f.walls.append(f.details[feature])
    doc = signals.doc
    if doc is None:
        return
    page_words = _page_words(doc, f.words + PAGE_HIGH)
    surplus = page_words - f.words
    if surplus > PAGE_LOW:
        f.set(
            "page_long_text",
            (surplus - PAGE_LOW) / (PAGE_HIGH - PAGE_LOW),
            f"the page's paragraphs hold {page_words} words, the extracted text {f.words}",
        )
    if f.wall_class is None:  # not looked up yet (see paid.wall_on_page)
        f.wall_class = find_wall_class(doc, m.structural.get("wall_class_fragments") or ())
    if paid.login_form(f, doc):
        f.set("wall_shape", 1.0, "a login form (password field) in the page")
        return
    cls = f.wall_class
    if cls:
        f.set("wall_shape", 1.0, f"element with class {quote(cls, 80)!r}")
        return
    if f.words >= SHORT_HIGH:
        return  # a box elsewhere in the page only matters next to a short text
    text = boxes.page_box(doc, m)
    if text:
        f.set("wall_shape", 1.0, f"a box in the page: {quote(text, 100)!r}")


def _end_box(
    f: PageFeatures, signals: PageSignals, m: MarkerSet, notice: bool
) -> boxes.EndBox | None:
    """The box at the end of the text, right after it or where the extraction dropped it."""
    box = boxes.end_box(f.kept, signals.tail_text, m, notice)
    if box is None and signals.gap_text and signals.gap_after is not None:
        last = signals.blocks[signals.gap_after]
        if last in f.kept:
            box = boxes.gap_box(f.kept.index(last), signals.gap_text, m, notice)
    return box


def _page_words(doc: Any, cap: int) -> int:
    """Words in the page's real paragraphs (wherever they sit), counted up to ``cap``."""
    total = 0
    try:
        paras = _PARAS(doc)
    except etree.XPathEvalError:
        return 0
    for p in paras:
        n = word_count(p.text_content())
        if n >= PAGE_PARA_WORDS:
            total += n
            if total >= cap:
                break
    return total


def _shape(f: PageFeatures, m: MarkerSet) -> None:
    """Length, endings, JSON-LD wordCount and the interactions with a wall box."""
    body = f.kept[: f.box_span[0]] if f.box_span else f.kept
    words = f.words
    f.chars_kept = sum(len(b) for b in body)
    last = next((b for b in reversed(body) if len(b.split()) >= 3), body[-1] if body else "")
    if last and ELLIPSIS.search(last):
        f.set("teaser_shape", 1.0, f"last paragraph ends with an ellipsis ({quote(last[-50:])!r})")
    elif last and ends_mid_sentence(last):
        f.set("cut_mid_sentence", 1.0, f"last paragraph stops mid-sentence ({quote(last[-50:])!r})")
    if body:
        span = math.log(SHORT_HIGH / SHORT_LOW)
        short = math.log(SHORT_HIGH / max(1, words)) / span
        f.set("short_body", short, f"body has {words} words")
    f.set("long_body", (words - LONG_LOW) / (LONG_HIGH - LONG_LOW), f"body has {words} words")
    f.natural, ending = natural_end(body, m.sign_off)
    if f.natural and words >= 30:
        f.set("natural_end", 1.0, f"body ends naturally ({ending!r})")
    if f.wc_ratio is not None and f.wc_ratio < WORDCOUNT_LOW:
        wc = f.markup.word_count
        f.set("jsonld_wordcount_low", 1.0, f"body {words} words vs JSON-LD wordCount {wc}")
    boxed = f.values.get("wall_box") or f.values.get("access_notice")
    phrase_box = 1.0 if f.box_span and not boxed else 0.0  # see _box
    box = max(
        f.values.get("wall_box", 0.0),
        f.values.get("wall_shape", 0.0),
        f.values.get("access_notice", 0.0),
        phrase_box,
    )
    walls = (
        "wall_box", "strong_phrase", "wall_shape", "not_free_markup", "medium_phrase",
        "strong_phrase_far",
    )  # fmt: skip
    wall = next((k for k in walls if f.values.get(k)), None)
    if wall:
        short = f.values.get("short_body", 0.0)
        why = f"body of {words} words next to a wall: {f.details[wall]}"
        f.set("short_with_wall", short, why)
        if words < VERY_SHORT:
            f.set("very_short_with_wall", 1.0, why)
    if box:
        where = (
            f.details.get("wall_box")
            or f.details.get("wall_shape")
            or f.details.get("access_notice")
            or f.details.get("strong_phrase", f.details.get("medium_phrase", ""))
        )
        cut = max(f.values.get("cut_mid_sentence", 0.0), f.values.get("teaser_shape", 0.0))
        f.set("cut_before_box", cut * box, f"text stops mid-sentence before a wall box: {where}")
    if f.values.get("wall_shape"):
        f.walls.append(f.details["wall_shape"])


def wall_signatures(signals: PageSignals) -> list[str]:
    """Stable keys of the wall boxes on a page (for "you marked N pages with this box")."""
    m = markers()
    signals = _with_tail(signals)
    scan = find_markers(signals.blocks, signals.tail_text, m, signals.dropped_gap)
    return _signatures(signals, scan.hits, m)


def _signatures(
    signals: PageSignals,
    hits: list[MarkerHit],
    m: MarkerSet,
    cls: str | None = None,
    form: bool | None = None,
) -> list[str]:
    """Marker phrases (not the weak ones), the wall box class and a login form (``cls`` and
    ``form`` when already looked up)."""
    keys = [f"marker:{fold(h.quote)}" for h in hits if h.strength != "W"]
    if signals.doc is not None:
        if cls is None:  # "" when already looked up and nothing found
            cls = find_wall_class(signals.doc, m.structural.get("wall_class_fragments") or ())
        if cls:
            keys.append(f"class:{' '.join(sorted(cls.split()))}")
        if form is None:
            form = bool(paid.PASSWORD_FORM(signals.doc))
        if form:
            keys.append("shape:login-form")
    return list(dict.fromkeys(keys))
