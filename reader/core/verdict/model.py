"""Paywall verdict: is the saved text the whole article? Pure heuristics, no network or storage.

Positive evidence toward "truncated" is combined with a noisy-OR, negative evidence is then
subtracted (research/paywall.md §5). Every phrase and per-language datum lives in
``resources/paywall/markers.json``; this module only holds the logic and its weights.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import lxml.html

from reader.core.models import Evidence, PaywallVerdict
from reader.core.verdict.dom import WORD_CAP as PART_WORD_CAP
from reader.core.verdict.dom import (
    Markup,
    PaidPart,
    read_jsonld,
    resolve_parts,
    scan_raw,
    text_after,
    wall_class,
)
from reader.core.verdict.markers import (
    END_BLOCKS,
    TAIL_FAR,
    MarkerHit,
    MarkerSet,
    find_markers,
    fold,
    markers,
)
from reader.core.verdict.text import ELLIPSIS, natural_end, obfuscated, word_count

# Weights start from the priors in research/paywall.md §5 and were tuned on the dev corpus.
THRESHOLD = 0.6  # score needed for "truncated"
W_PERCENT = 0.97  # "You have 85% of this article left to read"
W_STRONG = 0.85  # S-list phrase at the end of the text or right after it
W_FAR = 0.5  # ... further down the tail, or inside running text: needs support
W_REPEATED = 0.3  # ... after a second copy of the article's opening (a hidden template)
W_HASPART_MISSING = 0.8  # the paid element is absent or empty and the body is short
W_HASPART_MISSING_MID = 0.6  # ... the body is middling and does not end naturally
W_HASPART_STALE = 0.15  # ... but the body is long: the selector is probably stale
W_TEASER = 0.55  # ends with "..." and is short: needs one more signal
W_OBFUSCATED = 0.7
W_WALL = 0.2  # a paywall is declared and the text does not look complete
W_WEAK = 0.05  # W-list phrase: only ever counts next to another signal
W_WORDCOUNT_LOW = 0.3
N_FREE_MARKUP = 0.3
N_LONG = 0.2
N_VERY_LONG = 0.3
N_NATURAL_END = 0.1
N_PART_PRESENT = 0.25
N_PART_PRESENT_LONG = 0.45
N_PART_TEASER = 0.1  # the paid element holds about what was extracted from a short page

SHORT_BODY = 150  # words: a teaser is shorter than this
HASPART_SHORT = 300  # words: below this a missing paid element means a cut body
FULL_BODY = 250  # words: a walled text this long that ends naturally is complete
LONG_BODY = 600
VERY_LONG_BODY = 1000
FREE_MIN_WORDS = 80  # shorter texts without a clear ending are "unknown"
PART_EMPTY = 30  # words: a paid element with fewer is empty
PART_FULL = 150  # words: a paid element with more holds text
PART_FULL_LONG = 400  # words: ... certainly the article
TAIL_NEAR = 250  # characters of tail_text that count as "right after the article"
WORDCOUNT_LOW = 0.5  # extracted / JSON-LD wordCount below this: text missing
WORDCOUNT_TEASER = 0.35
WORDCOUNT_MIN_RATIO = 0.02  # below this the JSON-LD count is not about this text
READING_LOW = 0.4
OBFUSCATION_BLOCKS = 12  # last blocks checked for scrambled text
MISSING_CAP = 0.98


@dataclass
class PageSignals:
    """Everything the verdict looks at for one page."""

    blocks: list[str]  # extracted article blocks, in order, whitespace-normalised
    doc: lxml.html.HtmlElement | None = None  # the original parsed page (read-only)
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # every JSON-LD object, flattened
    meta: dict[str, str] = field(default_factory=dict)  # <meta> name/property -> content
    language: str | None = None  # "en", "fr", ... when known
    tail_text: str = ""  # page text after the extracted article (up to ~3000 chars)


@dataclass
class _Case:
    """Working state while judging one page."""

    signals: PageSignals
    m: MarkerSet
    kept: list[str]
    words: int
    hits: list[MarkerHit]
    markup: Markup = field(default_factory=Markup)
    parts: list[PaidPart] = field(default_factory=list)
    wc_ratio: float | None = None
    pos: list[Evidence] = field(default_factory=list)  # toward "truncated"
    neg: list[Evidence] = field(default_factory=list)  # against it
    wall: list[Evidence] = field(default_factory=list)  # a paywall is present
    removed: list[Evidence] = field(default_factory=list)
    percent: list[MarkerHit] = field(default_factory=list)
    strong: list[MarkerHit] = field(default_factory=list)
    free_markup: list[str] = field(default_factory=list)
    part_full: bool = False  # a paid element holds the article
    part_scrambled: bool = False
    natural: bool = False


def judge(signals: PageSignals) -> tuple[PaywallVerdict, list[str]]:
    """Return the verdict and the blocks with teaser/marker lines removed."""
    m = markers()
    signals = _with_tail(signals)
    scan = find_markers(signals.blocks, signals.tail_text, m)
    drop = set(scan.marker_lines)
    kept = [b for i, b in enumerate(signals.blocks) if i not in drop]
    case = _Case(signals, m, kept, sum(word_count(b) for b in kept), scan.hits)
    case.removed = [
        Evidence("marker_line", f"removed marker line {_quote(signals.blocks[i])!r}", 0.0)
        for i in scan.marker_lines
    ]
    _phrases(case)
    _structured(case)
    _paid_parts(case)
    _shape(case)
    return _decide(case), case.kept


def _with_tail(signals: PageSignals) -> PageSignals:
    """Fill in tail_text from the page when it is missing and the body looks cut short."""
    if signals.tail_text or signals.doc is None or not signals.blocks:
        return signals
    short = sum(len(b.split()) for b in signals.blocks) < HASPART_SHORT
    if not short and not any(ELLIPSIS.search(b) for b in signals.blocks[-4:]):
        return signals
    tail = text_after(signals.doc, signals.blocks[-1], TAIL_FAR + 200)
    return replace(signals, tail_text=tail) if tail else signals


def _phrases(case: _Case) -> None:
    """Percent, strong and medium phrases."""
    end_start = len(case.signals.blocks) - END_BLOCKS
    case.percent = [h for h in case.hits if h.strength == "percent" and h.pct and 0 < h.pct < 100]
    case.pos.extend(
        Evidence("percent_phrase", _hit_detail(h), _hit_weight(h, W_PERCENT))
        for h in case.percent[:1]
    )
    case.strong = [
        h for h in case.hits if h.strength == "S" and (h.block is None or h.block >= end_start)
    ]
    seen: list[str] = [h.quote.lower() for h in case.percent[:1]]
    for h in case.strong:
        if not any(h.quote.lower() in q for q in seen):
            seen.append(h.quote.lower())
            case.pos.append(Evidence("strong_phrase", _hit_detail(h), _hit_weight(h, W_STRONG)))
    for h in case.hits:
        # Medium phrases, and strong ones away from the end, show a wall but not a cut.
        elsewhere = h.strength == "S" and h not in case.strong
        if (h.strength == "M" or elsewhere) and not any(h.quote.lower() in q for q in seen):
            seen.append(h.quote.lower())
            signal = "strong_phrase_elsewhere" if elsewhere else "medium_phrase"
            case.wall.append(Evidence(signal, f"{h.quote!r} in {h.where}", W_WALL))


def _hit_weight(hit: MarkerHit, near: float) -> float:
    """Weight of a strong/percent phrase given where it sits."""
    if hit.repeat:
        return W_REPEATED
    if hit.block is not None:
        return near if hit.in_marker_line or hit.strength == "percent" else W_FAR
    return near if hit.offset < TAIL_NEAR else W_FAR


def _hit_detail(hit: MarkerHit) -> str:
    """Evidence text for a phrase hit."""
    note = " (after a repeat of the article's opening: likely a hidden template)"
    return f"{hit.quote!r} in {hit.where}" + (note if hit.repeat else "")


def _structured(case: _Case) -> None:
    """isAccessibleForFree, content tier and similar meta tags, JSON-LD wordCount."""
    st = case.m.structural
    free_vals, locked_vals = st.get("free_values", ()), st.get("locked_values", ())
    case.markup = read_jsonld(case.signals.jsonld, free_vals, locked_vals)
    doc = case.signals.doc
    if doc is not None and not case.markup.accessible:
        scan_raw(doc, case.markup, free_vals, locked_vals)
    accessible = case.markup.accessible
    if False in accessible:
        src = "unparsed JSON-LD/microdata" if case.markup.raw_fallback else "JSON-LD"
        case.wall.append(Evidence("not_free_markup", f"isAccessibleForFree=false in {src}", W_WALL))
    for key, values in (st.get("meta_access") or {}).items():
        value = case.signals.meta.get(key)
        kind = values.get(value.strip().lower()) if value else None
        if kind == "wall":
            case.wall.append(Evidence("content_tier", f"<meta {key}={value!r}>", W_WALL))
        elif kind == "free":
            case.free_markup.append(f"<meta {key}={value!r}>")
    if True in accessible and False not in accessible:
        case.free_markup.insert(0, "isAccessibleForFree=true")
    if case.free_markup:
        case.neg.append(Evidence("free_markup", ", ".join(case.free_markup), N_FREE_MARKUP))
    wc = case.markup.word_count
    if wc and wc > 0 and case.words / wc >= WORDCOUNT_MIN_RATIO:
        case.wc_ratio = case.words / wc


def _paid_parts(case: _Case) -> None:
    """Resolve each hasPart cssSelector in the page: missing/empty, scrambled or full."""
    doc = case.signals.doc
    if doc is None or not case.markup.parts:
        return
    case.parts = resolve_parts(doc, case.markup.parts)
    present = [p for p in case.parts if p.found > 0 and p.words >= PART_FULL]
    missing = [p for p in case.parts if p.found == 0 or (p.found > 0 and p.words < PART_EMPTY)]
    if present:
        best = max(present, key=lambda p: p.words)
        scrambled, _, ratio = obfuscated([best.sample])
        if scrambled:
            case.part_scrambled = True
            case.pos.append(
                Evidence(
                    "obfuscated_text",
                    f"text inside paid element {best.selector!r} looks letter-scrambled "
                    f"(vowel ratio {ratio:.2f})",
                    W_OBFUSCATED,
                )
            )
            return
        # A paid element holding about what was extracted from a short page may be the
        # teaser's own container; only a clearly bigger one shows the text is all there.
        teaser_box = case.words < HASPART_SHORT and best.words <= 1.5 * case.words + 50
        case.part_full = best.words >= PART_FULL_LONG or not teaser_box
        if best.words >= PART_FULL_LONG:
            weight = N_PART_PRESENT_LONG
        else:
            weight = N_PART_PRESENT if case.part_full else N_PART_TEASER
        capped = "+" if best.words >= PART_WORD_CAP else ""
        case.neg.append(
            Evidence(
                "haspart_present",
                f"hasPart cssSelector {best.selector!r} matches {best.found} element(s) "
                f"with {best.words}{capped} words",
                weight,
            )
        )
    elif missing:
        p = missing[0]
        what = "matches nothing" if p.found == 0 else f"holds only {p.words} words"
        detail = (
            f"hasPart cssSelector {p.selector!r} (isAccessibleForFree=false) {what} "
            f"in the page; body {case.words} words"
        )
        if case.words < SHORT_BODY or (case.wc_ratio is not None and case.wc_ratio < WORDCOUNT_LOW):
            weight = W_HASPART_MISSING
        elif case.words < HASPART_SHORT and not natural_end(case.kept, case.m.sign_off)[0]:
            weight = W_HASPART_MISSING_MID
        else:
            weight = W_HASPART_STALE
            detail += ", long enough that the selector is probably stale"
        case.pos.append(Evidence("haspart_missing", detail, weight))


def _shape(case: _Case) -> None:
    """Teaser ending, scrambled text, JSON-LD wordCount, length and natural ending."""
    kept, words = case.kept, case.words
    wc = case.markup.word_count
    last = next((b for b in reversed(kept) if len(b.split()) >= 3), kept[-1] if kept else "")
    if last and ELLIPSIS.search(last):
        low_share = case.wc_ratio is not None and case.wc_ratio < WORDCOUNT_TEASER
        if words < SHORT_BODY or low_share:
            of = f" of {wc} (JSON-LD wordCount)" if wc else ""
            case.pos.append(
                Evidence(
                    "teaser_shape",
                    f"last paragraph ends with an ellipsis ({_quote(last[-50:])!r}), "
                    f"body {words} words{of}",
                    W_TEASER,
                )
            )
    if case.wall or case.parts:
        # Scrambled text is a paywall technique: only looked for when a wall is declared.
        start = max(0, len(kept) - OBFUSCATION_BLOCKS)
        found, n_words, ratio = obfuscated(kept[start:])
        if len(found) >= 2 or n_words >= 60:
            case.pos.append(
                Evidence(
                    "obfuscated_text",
                    f"{len(found)} block(s), {n_words} words, look letter-scrambled "
                    f"(vowel ratio {ratio:.2f}); removed from the text",
                    0.0 if case.part_scrambled else W_OBFUSCATED,  # counted once
                )
            )
            drop = {start + i for i in found}
            case.kept = [b for i, b in enumerate(kept) if i not in drop]
            case.words = words = sum(word_count(b) for b in case.kept)
    if case.wc_ratio is not None and case.wc_ratio < WORDCOUNT_LOW:
        case.pos.append(
            Evidence(
                "jsonld_wordcount_low",
                f"body {words} words vs JSON-LD wordCount {wc}",
                W_WORDCOUNT_LOW,
            )
        )
    case.natural, ending = natural_end(case.kept, case.m.sign_off)
    if case.percent:
        return  # the page itself says how much is missing; length proves nothing
    if words >= VERY_LONG_BODY:
        case.neg.append(Evidence("long_body", f"body has {words} words", N_VERY_LONG))
    elif words >= LONG_BODY:
        case.neg.append(Evidence("long_body", f"body has {words} words", N_LONG))
    if case.natural and words >= FULL_BODY:
        case.neg.append(Evidence("natural_end", f"body ends naturally ({ending!r})", N_NATURAL_END))


def _decide(case: _Case) -> PaywallVerdict:
    """Combine the evidence into a verdict."""
    doc = case.signals.doc
    if case.pos and not case.wall and not case.part_full and doc is not None:
        cls = wall_class(doc, case.m.structural.get("wall_class_fragments") or ())
        if cls:
            case.wall.append(Evidence("wall_class", f"element with class {_quote(cls, 80)!r}", 0))
    full_shape = (
        case.part_full or (case.natural and case.words >= FULL_BODY) or case.words >= LONG_BODY
    )
    wall_weight = 0.0 if full_shape else W_WALL
    for i, ev in enumerate(case.wall):
        ev.weight = wall_weight if i == 0 else 0.0  # the wall counts once
    core = bool(case.pos)
    weak = [h for h in case.hits if h.strength == "W"]
    if core and weak and not case.strong:
        case.pos.append(Evidence("weak_phrase", f"{weak[0].quote!r} in {weak[0].where}", W_WEAK))
    score = _noisy_or([e.weight for e in case.pos] + ([wall_weight] if case.wall else []))
    score -= sum(e.weight for e in case.neg)
    for ev in case.neg:
        ev.weight = -ev.weight
    evidence = case.pos + case.wall + case.neg + case.removed
    if core and score >= THRESHOLD:
        fraction, method = _missing(case)
        return PaywallVerdict("truncated", _clamp(score), evidence, fraction, method)
    if case.wall or case.strong:
        status = "paywalled_full" if full_shape else "unknown"
        conf = 0.5 + 0.1 * min(3, len(case.wall)) + (0.15 if case.part_full else 0.0)
        return PaywallVerdict(status, _clamp(conf - max(0.0, score) / 2), evidence)
    complete = case.words >= FREE_MIN_WORDS or (case.natural and case.words >= 30)
    conf = 0.6 + (0.2 if case.free_markup else 0.0) + (0.1 if case.words >= LONG_BODY else 0.0)
    return PaywallVerdict(
        "free" if complete else "unknown", _clamp(conf - max(0.0, score)), evidence
    )


def _missing(case: _Case) -> tuple[float | None, str | None]:
    """How much of the article is missing, and how that was worked out."""
    if case.percent and case.percent[0].pct is not None:
        return round(case.percent[0].pct / 100, 4), "percent_phrase"
    if case.wc_ratio is not None and case.wc_ratio < WORDCOUNT_LOW:
        return round(min(MISSING_CAP, 1 - case.wc_ratio), 3), "jsonld_wordcount"
    minutes = _reading_minutes(case)
    if minutes and minutes > 0:
        wpm: dict[str, Any] = case.m.structural.get("words_per_minute") or {}
        rate = float(wpm.get(case.signals.language or "", wpm.get("default", 220)))
        ratio = case.words / (minutes * rate)
        if ratio < READING_LOW:
            return round(min(MISSING_CAP, 1 - ratio), 3), "reading_time"
    return None, None


def _reading_minutes(case: _Case) -> float | None:
    """Reading time announced by the page (JSON-LD timeRequired or a meta tag)."""
    if case.markup.minutes:
        return case.markup.minutes
    m, meta = case.m, case.signals.meta
    for key in m.structural.get("reading_time_meta") or ():
        value = meta.get(key)
        if not value:
            continue
        if key.startswith("twitter:data"):
            label = meta.get(key.replace("data", "label"), "")
            if not m.reading_label.search(fold(label)) and "read" not in fold(value):
                continue
        match = m.reading_value.search(fold(value))
        if match:
            return float(match.group("min"))
    return None


def _noisy_or(weights: list[float]) -> float:
    """1 - prod(1 - w)."""
    p = 1.0
    for w in weights:
        p *= 1.0 - w
    return 1.0 - p


def _quote(text: str, limit: int = 160) -> str:
    """Shorten a quote for evidence."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clamp(x: float) -> float:
    """Confidence in [0.05, 0.99]."""
    return round(max(0.05, min(0.99, x)), 3)
