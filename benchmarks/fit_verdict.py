"""Fit the verdict's two logistic regressions and store them in resources/verdict/weights.json.

The model is chosen by cross-validated figures with every site held out (leave-one-site-out over
the dev corpus plus the "train" pool of generated variants), never by train-set figures. The
held-out pool of the generalisation set (phrases the verdict never reads) is not used here at
all: benchmarks/paywall_eval.py reports it.

    python benchmarks/fit_verdict.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, Path(__file__).resolve().parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from reader.core.verdict.features import FEATURES  # noqa: E402
from reader.core.verdict.model import Logit, Weights, decide  # noqa: E402

WEIGHTS_PATH = ROOT / "resources" / "verdict" / "weights.json"
PRIOR = {  # outside evidence: no labelled data yet, so fixed strong-rule weights (not fitted)
    "site_rule_wall": {"truncated": 1.5, "wall": 6.0},
    # one mark (strength 1/3) alone does not flip a page, two or three next to its wall do
    "user_marked_truncated": {"truncated": 3.0, "wall": 3.0},
    # the user's word that a page is whole outweighs every feature of the page
    "user_marked_complete": {"truncated": -12.0, "wall": 0.0},
}
# Length alone is never evidence of a cut (short free pages exist): the truncated model only
# sees it next to a wall (short_with_wall, very_short_with_wall).
EXCLUDED = {"truncated": ("short_body",), "wall": ()}
# What a feature means fixes the sign of its weight (+1: evidence for, -1: against, 0: the
# fit decides). A phrase list's M and W lines name a wall, not a cut, and the page holding
# more text than the extraction is evidence for a wall whose text is all there: those stay free.
CUT = ("percent_phrase", "chars_left", "strong_phrase", "strong_phrase_far", "not_free_markup",
       "haspart_missing", "obfuscated_text", "teaser_shape", "cut_mid_sentence",
       "jsonld_wordcount_low", "wall_box", "wall_shape", "very_short_with_wall",
       "short_with_wall", "cut_before_box", "access_notice")  # fmt: skip
WALL = ("percent_phrase", "chars_left", "strong_phrase", "strong_phrase_far", "medium_phrase",
        "weak_phrase", "not_free_markup", "haspart_missing", "haspart_present",
        "obfuscated_text", "wall_box", "wall_shape", "very_short_with_wall",
        "short_with_wall", "access_notice")  # fmt: skip
WHOLE = ("free_markup", "haspart_present", "long_body", "natural_end")
SIGNS = {
    "truncated": {**dict.fromkeys(CUT, 1), **dict.fromkeys(WHOLE, -1)},
    "wall": {**dict.fromkeys(WALL, 1), "free_markup": -1},
}
FIT_POOLS = ("train", "fit")  # variant pools the fit may see ("heldout" never)
# Seeds of the fit pools' variants: three different cuts, boxes and shapes of every page (the
# held-out pool is only ever made with paywall_eval's own seed, the first one).
FIT_SEEDS = (7, 8, 9)
L2_GRID = (0.3, 1.0, 3.0)
VARIANT_WEIGHT_GRID = (0.5, 1.0, 2.0)
THRESHOLD_GRID = (0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


@dataclass(frozen=True)
class FitOptions:
    """How to fit, beside the grid's values: for comparisons by CV from the command line."""

    signed: bool = False  # --signed: hold the weights to SIGNS (compared by CV, not shipped)
    drop: tuple[str, ...] = ()  # --drop: features left out of both models

    def excluded(self, model: str) -> tuple[str, ...]:
        """Features one model does not see."""
        return (*EXCLUDED[model], *self.drop)

    def signs(self, model: str) -> dict[str, int]:
        """The signs one model's weights are held to (none unless ``signed``)."""
        return SIGNS[model] if self.signed else {}


PLAIN = FitOptions()


def other_fit_seeds(seed: int) -> tuple[int, ...]:
    """The fit seeds besides ``seed`` (whose variants, held-out pool too, are made anyway)."""
    return tuple(k for k in FIT_SEEDS if k != seed)


@dataclass
class Example:
    """One page's features with its labels and group (site)."""

    values: dict[str, float]
    feats: Any  # reader.core.verdict.page.PageFeatures
    label: str  # truncated | paywalled_full | free
    site: str
    origin: str  # dev | train | heldout (variant pools)
    lang: str = ""
    kind: str = "html"
    family: str = ""
    source: str = ""
    verdict: Any = None  # the app's verdict (dev pages)
    seconds: float = 0.0  # judge() time in the app (dev pages)

    @property
    def wall(self) -> bool:
        return self.label in ("truncated", "paywalled_full")


def matrix(examples: list[Example]) -> np.ndarray:
    """Feature matrix in FEATURES order."""
    return np.array([[e.values.get(k, 0.0) for k in FEATURES] for e in examples], dtype=float)


def fit_logit(
    x: np.ndarray,
    y: np.ndarray,
    sw: np.ndarray,
    l2: float,
    sign: np.ndarray | None = None,
    iters: int = 60,
) -> tuple[float, np.ndarray]:
    """L2-regularised logistic regression by projected Newton (bias not penalised).

    ``sign`` (one per column: +1, -1 or 0) keeps a weight >= 0, <= 0 or free: a feature that
    means "cut off" may count for a cut or not at all, never against one. The bounds are
    met by an active set (a weight held at 0 while its gradient pushes it across) and a
    backtracking line search on the penalised loss; with no signs it is plain Newton.
    """
    n, d = x.shape
    xb = np.hstack([np.ones((n, 1)), x])
    s = np.concatenate([[0.0], sign if sign is not None else np.zeros(d)])
    lo = np.where(s > 0, 0.0, -np.inf)
    hi = np.where(s < 0, 0.0, np.inf)
    pen = np.full(d + 1, l2)
    pen[0] = 1e-6

    def loss(b: np.ndarray) -> float:
        z = np.clip(xb @ b, -30, 30)
        return float(sw @ (np.logaddexp(0, z) - y * z) + 0.5 * pen @ (b * b))

    beta = np.zeros(d + 1)
    for _ in range(iters):
        z = np.clip(xb @ beta, -30, 30)
        p = 1 / (1 + np.exp(-z))
        grad = xb.T @ (sw * (p - y)) + pen * beta
        h = (xb * (sw * p * (1 - p))[:, None]).T @ xb + np.diag(pen)
        held = ((beta <= lo) & (grad > 0)) | ((beta >= hi) & (grad < 0))
        free = ~held
        step = np.zeros(d + 1)
        step[free] = np.linalg.solve(h[np.ix_(free, free)], grad[free])
        now, t = loss(beta), 1.0
        while True:
            cand = np.clip(beta - t * step, lo, hi)
            if loss(cand) <= now - 1e-4 * grad @ (beta - cand) or t < 1e-6:
                break
            t /= 2
        moved = float(np.max(np.abs(cand - beta)))
        beta = cand
        if moved < 1e-7:
            break
    return float(beta[0]), beta[1:]


def fit(
    examples: list[Example], l2: float, variant_weight: float, opts: FitOptions = PLAIN
) -> Weights:
    """Both models on some examples (variants weighted down by ``variant_weight``)."""
    use = [
        e
        for e in examples
        if e.origin in ("dev", *FIT_POOLS) and (e.origin == "dev" or variant_weight > 0)
    ]
    x = matrix(use)
    sw = np.array([1.0 if e.origin == "dev" else variant_weight for e in use])
    # balance the classes so the 8 real truncated pages are not drowned by the free ones
    yt = np.array([e.label == "truncated" for e in use], dtype=float)
    yw = np.array([e.wall for e in use], dtype=float)
    models = []
    for name, y in (("truncated", yt), ("wall", yw)):
        keep = np.array([k not in opts.excluded(name) for k in FEATURES], dtype=float)
        pos = max(1e-9, float((sw * y).sum()))
        neg = max(1e-9, float((sw * (1 - y)).sum()))
        bal = np.where(y > 0, 0.5 * (pos + neg) / pos, 0.5 * (pos + neg) / neg)
        signs = opts.signs(name)
        sign = np.array([signs.get(k, 0) for k in FEATURES], dtype=float)
        bias, beta = fit_logit(x * keep, y, sw * bal, l2, sign)
        models.append((bias, beta * keep))
    out = []
    for name, (bias, beta) in zip(("truncated", "wall"), models, strict=True):
        w = {k: float(v) for k, v in zip(FEATURES, beta, strict=True)}
        w.update({k: v[name] for k, v in PRIOR.items()})
        out.append(Logit(bias, w, 0.5))
    return Weights(out[0], out[1])


def fold_weights(
    examples: list[Example],
    l2: float,
    variant_weight: float,
    test_origins: tuple[str, ...],
    opts: FitOptions = PLAIN,
) -> dict[int, Weights]:
    """Leave-one-site-out: index -> the weights fitted without that example's site."""
    sites = sorted({e.site for e in examples if e.origin in test_origins})
    by_site: dict[str, list[int]] = {}
    for i, e in enumerate(examples):
        by_site.setdefault(e.site, []).append(i)
    out: dict[int, Weights] = {}
    for site in sites:
        train = [e for e in examples if e.site != site and e.origin in ("dev", *FIT_POOLS)]
        w = fit(train, l2, variant_weight, opts)
        for i in by_site[site]:
            if examples[i].origin in test_origins:
                out[i] = w
    return out


def with_threshold(w: Weights, threshold: float) -> Weights:
    """The same weights with another decision threshold for "truncated"."""
    t = w.truncated
    return Weights(Logit(t.bias, t.weights, threshold), w.wall)


def cross_validate(
    examples: list[Example],
    l2: float,
    variant_weight: float,
    test_origins: tuple[str, ...],
    threshold: float = 0.5,
    opts: FitOptions = PLAIN,
) -> dict[int, str]:
    """Leave-one-site-out: index -> predicted status, for examples whose origin is tested."""
    return predict(
        examples, fold_weights(examples, l2, variant_weight, test_origins, opts), threshold
    )


def predict(examples: list[Example], folds: dict[int, Weights], threshold: float) -> dict[int, str]:
    """index -> the status its fold's weights give, at one threshold."""
    return {
        i: decide(examples[i].feats, examples[i].values, with_threshold(w, threshold)).status
        for i, w in folds.items()
    }


def figures(examples: list[Example], predicted: dict[int, str]) -> dict[str, Any]:
    """Confusion matrix and the issue's figures over the predicted examples."""
    conf: dict[tuple[str, str], int] = {}
    for i, status in predicted.items():
        key = (examples[i].label, status)
        conf[key] = conf.get(key, 0) + 1

    def count(gold: str | None = None, pred: str | None = None) -> int:
        return sum(
            v
            for (g, s), v in conf.items()
            if (gold is None or g == gold) and (pred is None or s == pred)
        )

    tp = count("truncated", "truncated")
    flagged, actual = count(pred="truncated"), count("truncated")
    walls = ("truncated", "paywalled_full")
    wall_pred = sum(v for (g, s), v in conf.items() if s in walls)
    wall_gold = sum(v for (g, s), v in conf.items() if g in walls)
    wall_tp = sum(v for (g, s), v in conf.items() if g in walls and s in walls)
    free, full = count("free"), count("paywalled_full")
    return {
        "confusion": conf,
        "n": len(predicted),
        "precision": tp / flagged if flagged else 1.0,
        "recall": tp / actual if actual else 1.0,
        "tp": tp,
        "flagged": flagged,
        "actual": actual,
        "wall_precision": wall_tp / wall_pred if wall_pred else 1.0,
        "wall_recall": wall_tp / wall_gold if wall_gold else 1.0,
        "free_flagged": count("free", "truncated"),
        "free_total": free,
        "free_flagged_share": count("free", "truncated") / free if free else 0.0,
        "full_not_flagged_share": 1 - count("paywalled_full", "truncated") / full if full else 1.0,
        "full_total": full,
    }


def meets_bar(fg: dict[str, Any]) -> bool:
    """The issue's bar for the cross-validated dev figures."""
    return (
        fg["precision"] >= 0.9
        and fg["recall"] >= 0.85
        and fg["free_flagged"] <= 1
        and fg["full_not_flagged_share"] >= 0.85
    )


def _f1(fg: dict[str, Any]) -> float:
    p, r = fg["precision"], fg["recall"]
    return 2 * p * r / (p + r) if p + r else 0.0


def select(
    examples: list[Example], log: Any = print, opts: FitOptions = PLAIN
) -> tuple[float, float, float, dict[str, Any]]:
    """Pick (l2, variant weight, threshold) by CV, sites held out, on dev pages and on the
    fit pools' variants; the held-out pool is never looked at here."""
    best: tuple[tuple[float, ...], float, float, float, dict[str, Any]] | None = None
    for vw in VARIANT_WEIGHT_GRID:
        for l2 in L2_GRID:
            folds = fold_weights(examples, l2, vw, ("dev", *FIT_POOLS), opts)
            for t in THRESHOLD_GRID:
                pred = predict(examples, folds, t)
                dev = figures(
                    examples, {i: s for i, s in pred.items() if examples[i].origin == "dev"}
                )
                var = {i: s for i, s in pred.items() if examples[i].origin in FIT_POOLS}
                recall, adv_flag, hidden_flag = (
                    _flagged_share(examples, var, family)
                    for family in ("truncated", "adversarial", "hidden")
                )
                ok = meets_bar(dev) and adv_flag <= 0.01
                key = (float(ok), recall + _f1(dev) - 5 * max(0.0, adv_flag - 0.01), -l2)
                log(
                    f"  l2={l2:<4} variants x{vw:<4} threshold {t:<4} "
                    f"CV dev: P {dev['precision']:.3f} "
                    f"R {dev['recall']:.3f} free flagged {dev['free_flagged']} full ok "
                    f"{dev['full_not_flagged_share']:.1%} | CV fit-pool variants: truncated R "
                    f"{recall:.3f}, adversarial flagged {adv_flag:.1%}, hidden-template "
                    f"copies flagged {hidden_flag:.1%}{'  *' if ok else ''}"
                )
                if best is None or key > best[0]:
                    best = (key, l2, vw, t, dev)
    assert best is not None
    return best[1], best[2], best[3], best[4]


def _flagged_share(examples: list[Example], predicted: dict[int, str], family: str) -> float:
    """Share of one variant family's predicted examples called truncated."""
    flags = [s == "truncated" for i, s in predicted.items() if examples[i].family == family]
    return sum(flags) / max(1, len(flags))


def _nt_flag(fg: dict[str, Any]) -> float:
    """Share of non-truncated examples flagged truncated."""
    neg = fg["n"] - fg["actual"]
    return (fg["flagged"] - fg["tp"]) / neg if neg else 0.0


def write_weights(w: Weights, meta: dict[str, Any], path: Path = WEIGHTS_PATH) -> None:
    """Store the fitted weights (rounded, named) with how they were chosen."""

    def dump(logit: Logit) -> dict[str, Any]:
        return {
            "bias": round(logit.bias, 4),
            "weights": {k: round(logit.weights[k], 4) for k in FEATURES},
            "threshold": logit.threshold,
        }

    data = {
        "_about": [
            "Fitted by benchmarks/fit_verdict.py (do not edit by hand): two L2-regularised",
            "logistic regressions over the named features of reader/core/verdict/features.py.",
            "'truncated' gives P(text cut off), 'wall' P(a paywall on the page). 'prior' holds",
            "fixed weights for outside evidence (site rules, the user's marks; no labels yet).",
        ],
        "truncated": dump(w.truncated),
        "wall": dump(w.wall),
        "prior": PRIOR,
        "fit": meta,
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Select by CV, fit on everything, write the weights."""
    from paywall_eval import DEFAULT_CORPUS, SEED, build_examples

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the weights")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="where to write them")
    parser.add_argument("--signed", action="store_true", help="hold weights to SIGNS' signs")
    parser.add_argument(
        "--drop", action="append", default=[], metavar="FEATURE", help="fit without it"
    )
    args = parser.parse_args(argv)
    for name in args.drop:
        if name not in FEATURES:
            parser.error(f"no feature {name!r}")
    opts = FitOptions(args.signed, tuple(args.drop))
    more = other_fit_seeds(args.seed)
    examples = build_examples(args.corpus, args.seed, pools=FIT_POOLS, fit_seeds=more)
    print(f"examples: {len(examples)} ({sum(e.origin == 'dev' for e in examples)} dev pages)")
    l2, vw, t, dev = select(examples, opts=opts)
    print(
        f"chosen by CV: l2={l2} variant weight={vw} threshold={t}: "
        f"CV dev P {dev['precision']:.3f} R {dev['recall']:.3f}"
    )
    use = [e for e in examples if e.origin in ("dev", *FIT_POOLS)]
    w = with_threshold(fit(use, l2, vw, opts), t)
    meta = {
        "l2": l2,
        "variant_weight": vw,
        "threshold": t,
        "seed": args.seed,
        "fit_seeds": [args.seed, *more],
        "chosen_by": "leave-one-site-out CV on dev pages and fit-pool variants",
        **({"signed": True} if opts.signed else {}),
        **({"dropped": args.drop} if args.drop else {}),
    }
    for name, logit in (("truncated", w.truncated), ("wall", w.wall)):
        print(f"{name}: bias {logit.bias:+.2f}")
        for k in FEATURES:
            print(f"  {logit.weights[k]:+7.3f} {k}")
    if not args.dry_run:
        write_weights(w, meta, args.out)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
