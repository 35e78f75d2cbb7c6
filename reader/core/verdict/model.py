"""Paywall verdict: is the saved text the whole article? No network or storage.

Two small logistic regressions over the named features of :mod:`reader.core.verdict.features`
decide: one for "the text is cut off" (truncated), one for "a paywall is on the page" (any
wall). Their weights are fitted by ``benchmarks/fit_verdict.py`` on pages grouped by site
and stored in ``resources/verdict/weights.json``; this module only reads them. Every verdict
lists each present feature with its contribution to the log-odds of "truncated".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

from reader.core.models import Evidence, PaywallVerdict
from reader.core.resources import load_json
from reader.core.verdict.features import EXTRA_FEATURES, FEATURES, extract, wall_signatures
from reader.core.verdict.markers import fold, markers
from reader.core.verdict.page import PageFeatures, PageSignals, quote

__all__ = ["Decision", "PageSignals", "decide", "judge", "score", "wall_signatures", "weights"]

FULL_BODY = 250  # words: a walled text this long that ends naturally is complete
LONG_BODY = 600
PART_BEYOND = 150  # words of paid paragraphs missing from the text: the column is in the page
FREE_MIN_WORDS = 80  # shorter texts without a clear ending are "unknown"
READING_LOW = 0.4
STATED = ("percent_phrase", "chars_left", "obfuscated_text")  # each one alone means truncated
WORDCOUNT_LOW = 0.5
MISSING_CAP = 0.98


@dataclass(frozen=True)
class Logit:
    """One fitted logistic regression: bias, a weight per feature, a decision threshold."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def z(self, values: dict[str, float]) -> float:
        """Log-odds for the feature values."""
        return self.bias + sum(self.weights.get(k, 0.0) * v for k, v in values.items())


@dataclass(frozen=True)
class Weights:
    """Both models, as stored in resources/verdict/weights.json."""

    truncated: Logit
    wall: Logit


def _logit(data: dict[str, Any], prior: dict[str, dict[str, float]], name: str) -> Logit:
    """Read one model, adding the prior weights of the outside evidence."""
    w = {k: float(data["weights"].get(k, 0.0)) for k in FEATURES}
    for k in EXTRA_FEATURES:
        w[k] = float((prior.get(k) or {}).get(name, 0.0))
    return Logit(float(data["bias"]), w, float(data.get("threshold", 0.5)))


@cache
def weights() -> Weights:
    """The fitted weights (loaded once per process)."""
    data = load_json("verdict", "weights.json")
    prior = data.get("prior") or {}
    trunc = _logit(data["truncated"], prior, "truncated")
    return Weights(trunc, _logit(data["wall"], prior, "wall"))


def feature_values(f: PageFeatures, extra: list[Evidence]) -> dict[str, float]:
    """The page's features plus the outside evidence, by name."""
    values = dict(f.values)
    for ev in extra:
        if ev.signal in EXTRA_FEATURES:
            values[ev.signal] = max(values.get(ev.signal, 0.0), min(1.0, max(0.0, ev.weight)))
    return values


def score(values: dict[str, float], w: Weights | None = None) -> tuple[float, float]:
    """(P(truncated), P(wall)) for feature values."""
    w = w or weights()
    return _sigmoid(w.truncated.z(values)), _sigmoid(w.wall.z(values))


@dataclass(frozen=True)
class Decision:
    """What the two models and the rules say about one page."""

    status: str
    confidence: float
    p_truncated: float
    p_wall: float
    wall_only: bool  # the rule "nothing but a wall" made it truncated
    rule: str | None = None  # the feature whose rule decided, when a rule did


def decide(f: PageFeatures, values: dict[str, float], w: Weights | None = None) -> Decision:
    """The status for a page's features (pure: the benchmarks call it with other weights)."""
    w = w or weights()
    p_trunc, p_wall = _sigmoid(w.truncated.z(values)), _sigmoid(w.wall.z(values))
    # the whole column is in the page (a paid element, or paragraphs the extraction missed)
    column_in_page = (
        values.get("haspart_present", 0.0) >= 1.0 and f.part_beyond >= PART_BEYOND
    ) or (values.get("page_long_text", 0.0) >= 1.0 and not f.strong)
    if p_trunc >= w.truncated.threshold and not column_in_page:
        return Decision("truncated", _clamp(p_trunc), p_trunc, p_wall, f.wall_only)
    # Rules for what the page says of itself, too rare in labelled data to be fitted:
    # "85% left to read" / "[+1234 chars]", and scrambled paid text.
    stated = next((k for k in STATED if values.get(k)), None)
    if not stated and values.get("strong_phrase") and f.words < FULL_BODY:
        stated = "strong_phrase"  # an S-list phrase says by definition that the rest is cut
    if stated and not column_in_page and not values.get("user_marked_complete"):
        return Decision(
            "truncated", _clamp(max(p_trunc, 0.95)), p_trunc, p_wall, f.wall_only, stated
        )
    if f.wall_only and not column_in_page and values.get("user_marked_complete", 0.0) == 0.0:
        return Decision("truncated", _clamp(max(p_trunc, 0.6)), p_trunc, p_wall, True)
    # an S or M phrase says by definition that a wall is on the page
    named = f.strong or values.get("medium_phrase") or values.get("site_rule_wall")
    if p_wall >= w.wall.threshold or named:
        full_shape = f.part_full or (f.natural and f.words >= FULL_BODY) or f.words >= LONG_BODY
        status = "paywalled_full" if full_shape else "unknown"
        return Decision(status, _clamp(p_wall * (1 - p_trunc)), p_trunc, p_wall, False)
    complete = f.words >= FREE_MIN_WORDS or (f.natural and f.words >= 30)
    conf = _clamp((1 - p_wall) * (1 - p_trunc))
    return Decision("free" if complete else "unknown", conf, p_trunc, p_wall, False)


def judge(signals: PageSignals, w: Weights | None = None) -> tuple[PaywallVerdict, list[str]]:
    """Return the verdict and the blocks with teaser/marker lines (and scrambled text) removed."""
    w = w or weights()
    f = extract(signals)
    values = feature_values(f, signals.extra)
    d = decide(f, values, w)
    evidence = _evidence(f, values, signals.extra, w)
    kept = f.kept
    if d.status != "truncated":
        verdict = PaywallVerdict(d.status, d.confidence, evidence, signatures=f.signatures)
        return verdict, kept
    if d.wall_only:
        detail = f"the page holds {f.words} words of text next to a wall ({f.walls[0]})"
        evidence.insert(0, Evidence("wall_only", detail, 0.0))
    if d.rule:
        detail = f"rule: {d.rule} alone means the text is cut ({f.details.get(d.rule, '')})"
        evidence.insert(0, Evidence("rule", detail, 0.0))
    if f.box_lines and f.box_span:
        kept = kept[: f.box_span[0]] + kept[f.box_span[1] :]
        evidence += [
            Evidence("marker_line", f"removed wall box line {quote(b)!r}", 0.0) for b in f.box_lines
        ]
    fraction, method = (None, None) if d.wall_only else _missing(f, signals)
    verdict = PaywallVerdict("truncated", d.confidence, evidence, fraction, method, f.signatures)
    return verdict, kept


def _evidence(
    f: PageFeatures, values: dict[str, float], extra: list[Evidence], w: Weights
) -> list[Evidence]:
    """Each present feature with its contribution to the log-odds of "truncated"."""
    out: list[Evidence] = []
    outside = {e.signal: e.detail for e in extra}
    for name, value in sorted(
        values.items(), key=lambda kv: -abs(w.truncated.weights.get(kv[0], 0.0) * kv[1])
    ):
        if value <= 0:
            continue
        detail = f.details.get(name) or outside.get(name, name)
        out.append(Evidence(name, detail, round(w.truncated.weights.get(name, 0.0) * value, 3)))
    out += [Evidence(e.signal, e.detail, 0.0) for e in extra if e.signal not in EXTRA_FEATURES]
    return out + f.removed


def _missing(f: PageFeatures, signals: PageSignals) -> tuple[float | None, str | None]:
    """How much of the article is missing, and how that was worked out."""
    if f.percent is not None and f.values.get("percent_phrase"):
        return round(f.percent / 100, 4), "percent_phrase"
    if f.chars_left:
        share = f.chars_left / (f.chars_left + max(1, f.chars_kept))
        return round(min(MISSING_CAP, share), 3), "chars_left"
    if f.wc_ratio is not None and f.wc_ratio < WORDCOUNT_LOW:
        return round(min(MISSING_CAP, 1 - f.wc_ratio), 3), "jsonld_wordcount"
    minutes = _reading_minutes(f, signals)
    if minutes and minutes > 0:
        wpm: dict[str, Any] = markers().structural.get("words_per_minute") or {}
        rate = float(wpm.get(signals.language or "", wpm.get("default", 220)))
        ratio = f.words / (minutes * rate)
        if ratio < READING_LOW:
            return round(min(MISSING_CAP, 1 - ratio), 3), "reading_time"
    return None, None


def _reading_minutes(f: PageFeatures, signals: PageSignals) -> float | None:
    """Reading time announced by the page (JSON-LD timeRequired or a meta tag)."""
    if f.markup.minutes:
        return f.markup.minutes
    m, meta = markers(), signals.meta
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


def _sigmoid(z: float) -> float:
    """Logistic function, safe for large |z|."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _clamp(x: float) -> float:
    """Confidence in [0.05, 0.99]."""
    return round(max(0.05, min(0.99, x)), 3)
