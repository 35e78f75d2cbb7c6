"""What a page says of its paid part: access markup, the paid element, scrambled text."""

from __future__ import annotations

from typing import Any

from lxml import etree

from reader.core.verdict import boxes
from reader.core.verdict.dom import WORD_CAP as PART_WORD_CAP
from reader.core.verdict.dom import read_jsonld, resolve_parts, scan_raw
from reader.core.verdict.dom import wall_class as find_wall_class
from reader.core.verdict.markers import MarkerSet
from reader.core.verdict.page import PageFeatures, PageSignals
from reader.core.verdict.text import obfuscated, scrambled, word_count

PART_EMPTY = 30  # words: a paid element with fewer is empty
PART_FULL = 150  # words: a paid element with more holds text
PART_FULL_LONG = 400
PARA_PROBE = 80  # characters of a paid paragraph looked up in the reader text
WORDCOUNT_MIN_RATIO = 0.02  # below this the JSON-LD count is not about this text
HASPART_SHORT = 300  # words: below this a paid element may be the teaser's own container
OBFUSCATION_BLOCKS = 12
PASSWORD_FORM = etree.XPath(  # not //body//form: libxml2 merges node sets, quadratic
    "((//body)[1]/descendant::form[descendant::input[@type='password']])[1]"
)


def structured(f: PageFeatures, signals: PageSignals, m: MarkerSet) -> None:
    """isAccessibleForFree, content tier, hasPart selectors, JSON-LD wordCount."""
    st = m.structural
    free_vals, locked_vals = st.get("free_values", ()), st.get("locked_values", ())
    f.markup = read_jsonld(signals.jsonld, free_vals, locked_vals)
    doc = signals.doc
    if doc is not None and not f.markup.accessible:
        scan_raw(doc, f.markup, free_vals, locked_vals)
    accessible = f.markup.accessible
    if False in accessible:
        src = "unparsed JSON-LD/microdata" if f.markup.raw_fallback else "JSON-LD"
        f.set("not_free_markup", 1.0, f"isAccessibleForFree=false in {src}")
        f.walls.append("isAccessibleForFree=false")
    only_free = True in accessible and False not in accessible
    free_markup = ["isAccessibleForFree=true"] if only_free else []
    for key, values in (st.get("meta_access") or {}).items():
        value = signals.meta.get(key)
        kind = values.get(value.strip().lower()) if value else None
        if kind == "wall":
            f.set("not_free_markup", 1.0, f"<meta {key}={value!r}>")
            f.walls.append(f"<meta {key}={value!r}>")
        elif kind == "free":
            free_markup.append(f"<meta {key}={value!r}>")
    if free_markup:
        f.set("free_markup", 1.0, ", ".join(free_markup))
    f.words = sum(word_count(b) for b in f.kept)
    wc = f.markup.word_count
    if wc and wc > 0 and f.words / wc >= WORDCOUNT_MIN_RATIO:
        f.wc_ratio = f.words / wc
    if doc is not None and f.markup.parts:
        paid_parts(f, doc)


def paid_parts(f: PageFeatures, doc: Any) -> None:
    """Resolve each hasPart cssSelector in the page: missing/empty, scrambled or full."""
    parts = resolve_parts(doc, f.markup.parts)
    # the paid text is there when the element holds paragraphs, not only headlines and links
    present = [p for p in parts if p.found > 0 and p.para_words >= PART_FULL]
    missing = [p for p in parts if p.found == 0 or (p.found > 0 and p.para_words < PART_EMPTY)]
    if present:
        best = max(present, key=lambda p: p.para_words)
        found, _, ratio = obfuscated([best.sample])
        # As for scrambled paragraphs at the end: text with no common words counts as
        # scrambled only when the page's readable lead shows the language has them.
        lead = f.kept[: max(1, len(f.kept) - OBFUSCATION_BLOCKS)]
        if found or scrambled([best.sample], lead):
            f.set(
                "obfuscated_text",
                1.0,
                f"text inside paid element {best.selector!r} looks scrambled "
                f"(vowel ratio {ratio:.2f})",
            )
            return
        # A paid element holding about what was extracted from a short page may be the
        # teaser's own container; only a clearly bigger one shows the text is all there.
        teaser_box = f.words < HASPART_SHORT and best.para_words <= 1.5 * f.words + 50
        f.part_full = best.para_words >= PART_FULL_LONG or not teaser_box
        # what the paid element holds that the reader text does not: the column is only
        # "in the page" when that is a good part of an article (not the teaser itself)
        text = " ".join(" ".join(b.split()) for b in f.kept)
        f.part_beyond = sum(len(p.split()) for p in best.paras if p[:PARA_PROBE] not in text)
        capped = "+" if best.words >= PART_WORD_CAP else ""
        value = min(1.0, best.para_words / PART_FULL_LONG) * (1.0 if f.part_full else 0.25)
        f.set(
            "haspart_present",
            value,
            f"hasPart cssSelector {best.selector!r} matches {best.found} element(s) "
            f"with {best.para_words}{capped} words of paragraphs",
        )
    elif missing:
        p = missing[0]
        what = (
            "matches nothing" if p.found == 0 else f"holds only {p.para_words} words of paragraphs"
        )
        f.set(
            "haspart_missing",
            1.0,
            f"hasPart cssSelector {p.selector!r} (isAccessibleForFree=false) {what} in the page",
        )


def scrambled_text(f: PageFeatures, signals: PageSignals, m: MarkerSet) -> None:
    """Letter-scrambled paragraphs at the end: paid text hidden from us. Removed.

    Text with too few vowels is scrambled wherever it is. Text that merely lacks the common
    words we know counts only on a page that shows a wall (a phrase, wall markup, a paywall
    class, a login form or a box): it may be a language our word list lacks.
    """
    start = max(1, len(f.kept) - OBFUSCATION_BLOCKS)  # the first block is the readable lead
    tail = f.kept[start:]
    low, n_words, ratio = obfuscated(tail)
    odd = scrambled(tail, f.kept[:start])
    if odd and not set(odd) <= set(low) and not wall_on_page(f, signals, m):
        odd = []
    found = sorted(set(low) | set(odd))
    n_words = sum(len(tail[i].split()) for i in found)
    if len(found) >= 2 or n_words >= 60:
        f.set(
            "obfuscated_text",
            1.0,
            f"{len(found)} block(s), {n_words} words, look scrambled "
            f"(vowel ratio {ratio:.2f}); removed from the text",
        )
        drop = {start + i for i in found}
        f.kept = [b for i, b in enumerate(f.kept) if i not in drop]
        f.words = sum(word_count(b) for b in f.kept)
        f.walls.append("scrambled text")


def login_form(f: PageFeatures, doc: Any) -> bool:
    """Whether the page has a password form (looked up once per page)."""
    if f.login_form is None:
        f.login_form = bool(PASSWORD_FORM(doc))
    return f.login_form


def wall_on_page(f: PageFeatures, signals: PageSignals, m: MarkerSet) -> bool:
    """Any sign of a wall, before the box features are worked out (cheap ones first)."""
    if f.walls:
        return True
    doc = signals.doc
    if doc is not None:
        frags = m.structural.get("wall_class_fragments") or ()
        f.wall_class = find_wall_class(doc, frags) or ""  # "": looked up, none
        if f.wall_class or login_form(f, doc):
            return True
    return boxes.end_box(f.kept, signals.tail_text, m) is not None
