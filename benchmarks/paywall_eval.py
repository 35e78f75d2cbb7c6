"""Score the paywall verdict with every site held out, and on the generalisation set.

Every page goes through the app's own pipeline (reader.core.intake.sources.analyse). Figures:
- dev corpus (../shared/corpus/paywall/labels.csv), leave-one-site-out: each site's pages are
  judged by weights fitted without that site (dev pages + generated "train" variants of the
  other sites). Confusion matrix, P/R for truncated and for any wall, free pages flagged,
  paywalled-full pages not flagged; the train-set figures (the shipped weights, fitted on
  everything) beside them;
- the generalisation set (benchmarks/genset.py, held-out phrases and shapes; its source
  sites held out too): truncated recall and adversarial false flags per language, HTML and text;
- a baseline in the same run: the markup-only rule of research/paywall.md §1a.

    python benchmarks/paywall_eval.py [-v] [--seed 7] [--pooled]

``--pooled`` measures on the held-out variants of all three fit seeds (7, 8, 9): three draws
of cuts and boxes per page, so that a language with one or two source pages has more than
three variants to be measured on.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, Path(__file__).resolve().parent):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from reader.core.errors import ReaderError  # noqa: E402
from reader.core.intake import sources  # noqa: E402
from reader.core.verdict import model  # noqa: E402
from reader.core.verdict.model import decide, feature_values, weights  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "paywall"
SEED = 7
LABEL_TO_STATUS = {
    "paywalled-truncated": "truncated",
    "paywalled-full": "paywalled_full",
    "free": "free",
}
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
STATUSES = ("truncated", "paywalled_full", "free", "unknown")
TRUNCATED_MAX_SHARE = 0.6  # a truncated variant whose text keeps more is left out
STATS: dict[str, int] = {}  # what build_examples left out, for the report


@dataclass
class Page:
    """One labelled source page."""

    file: str
    path: Path
    label: str  # truncated | paywalled_full | free
    site: str
    lang: str
    origin: str = "dev"  # dev (labels.csv) | extra (readability test pages: variants only)


def decode_html(raw: bytes) -> str:
    """Decode page bytes: UTF-8, else the declared charset, else a guess."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(raw[:4096])
    if m:
        try:
            return raw.decode(m.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    return str(best) if best is not None else raw.decode("cp1252", errors="replace")


def load_pages(corpus: Path, extra: bool = True) -> list[Page]:
    """The labelled dev pages, plus (for variants only) the readability test pages."""
    pages = []
    with (corpus / "labels.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            label = LABEL_TO_STATUS[row["label"]]
            pages.append(
                Page(row["file"], corpus / row["file"], label, row["site"], row["language"])
            )
    more = corpus.parent / "readability-pages"
    if extra and more.is_dir():
        for meta in sorted(more.glob("*/expected-metadata.json")):
            lang = (json.loads(meta.read_text(encoding="utf-8")).get("lang") or "")[:2].lower()
            if lang:
                src = meta.parent / "source.html"
                pages.append(
                    Page(
                        f"readability/{meta.parent.name}",
                        src,
                        extra_label(src.read_bytes()),
                        f"readability:{meta.parent.name}",
                        lang,
                        "extra",
                    )
                )
    return pages


# A page's own schema.org markup declaring that it is not free: JSON-LD
# ("isAccessibleForFree": false) or microdata (itemprop="isAccessibleForFree" content="false")
NOT_FREE_MARKUP = re.compile(
    rb'"isAccessibleForFree"\s*:\s*"?false|isAccessibleForFree"\s+content="false',
    re.IGNORECASE,
)


def extra_label(html: bytes) -> str:
    """The label of a readability test page: its whole article is in the HTML, so it is free,
    unless its own markup declares it is not (then the whole column sits behind a wall that
    the page's HTML still holds: paywalled-full, as the dev corpus labels such pages)."""
    return "paywalled_full" if NOT_FREE_MARKUP.search(html) else "free"


def run_pipeline(content: str, kind: str) -> tuple[Any, dict[str, float], Any, float]:
    """(PageFeatures, feature values, app verdict, judge seconds) through the app's pipeline."""
    seen: list[tuple[Any, Any]] = []
    real_extract = model.extract
    spent = [0.0]
    real_judge = model.judge

    def spy(signals: Any) -> Any:
        f = real_extract(signals)
        seen.append((signals, f))
        return f

    def timed(signals: Any, w: Any = None) -> Any:
        t0 = time.perf_counter()
        out = real_judge(signals, w)
        spent[0] += time.perf_counter() - t0
        return out

    model.extract = spy  # type: ignore[assignment]
    model.judge = timed  # type: ignore[assignment]
    try:
        article = sources.analyse(content, None, kind)
        verdict = article.paywall
    except ReaderError:
        verdict = None
    finally:
        model.extract = real_extract  # type: ignore[assignment]
        model.judge = real_judge  # type: ignore[assignment]
    if not seen:
        return None, {}, verdict, spent[0]
    signals, f = seen[-1]
    return f, feature_values(f, signals.extra), verdict, spent[0]


def build_examples(
    corpus: Path,
    seed: int = SEED,
    pools: tuple[str, ...] = ("train", "fit", "heldout"),
    extra: bool = True,
    light: bool = False,
    fit_seeds: tuple[int, ...] = (),
    heldout_seeds: tuple[int, ...] = (),
) -> list[Any]:
    """Dev pages and generated variants, each with its features (through the real pipeline).

    ``fit_seeds``: more seeds whose fit-pool variants ("train", "fit") are added, never the
    held-out pool's (more ways to cut and box the same pages for the fit to learn from).
    ``heldout_seeds``: more seeds whose held-out variants are added (more draws to measure on:
    the fit never sees a held-out phrase, and CV never lets a fold see the variant's site)."""
    from fit_verdict import Example
    from genset import STATS as GEN_STATS
    from genset import variants_of

    out: list[Example] = []
    STATS["cut_did_not_take"] = 0
    GEN_STATS["copy_not_whole"] = 0
    for page in load_pages(corpus, extra):
        html = decode_html(page.path.read_bytes())
        f, values, verdict, secs = run_pipeline(html, "html")
        whole = f
        if page.origin == "dev" and f is not None:
            out.append(
                Example(
                    values,
                    f,
                    page.label,
                    page.site,
                    "dev",
                    page.lang,
                    "html",
                    "",
                    page.file,
                    verdict,
                    secs,
                )
            )
        fit_pools = tuple(p for p in pools if p != "heldout")
        draws = [(seed, pools)]
        draws += [(more, fit_pools) for more in fit_seeds if fit_pools]
        draws += [(more, ("heldout",)) for more in heldout_seeds if "heldout" in pools]
        made = [
            v
            for s, ps in draws
            for v in variants_of(page.file, page.site, page.lang, page.label, html, s, ps, light)
        ]
        for v in made:
            f, values, _, _ = run_pipeline(v.content, v.kind)
            if f is not None and v.family == "truncated" and not _cut_took(whole, f):
                STATS["cut_did_not_take"] += 1
                continue
            if f is not None:
                out.append(
                    Example(values, f, v.label, v.site, v.pool, v.lang, v.kind, v.family, v.source)
                )
    return out


def _cut_took(whole: Any, cut: Any) -> bool:
    """The app's text of a truncated variant lost the article's end (some pages keep their
    text in other elements too, and cutting the <p>s leaves it all there)."""
    if whole is None or not whole.kept:
        return True
    return cut.words <= TRUNCATED_MAX_SHARE * whole.words and whole.kept[-1] not in cut.kept


def baseline(e: Any) -> str:
    """research/paywall.md §1a alone: paid element missing -> truncated; markup -> wall."""
    if e.values.get("haspart_missing"):
        return "truncated"
    if e.values.get("not_free_markup"):
        return "paywalled_full"
    return "free"


def _confusion_table(fg: dict[str, Any]) -> list[str]:
    out = ["    gold \\ predicted " + "".join(f"{s:>15}" for s in STATUSES)]
    out += [
        f"    {g:<18}" + "".join(f"{fg['confusion'].get((g, s), 0):>15}" for s in STATUSES)
        for g in ("truncated", "paywalled_full", "free")
    ]
    return out


def _line(name: str, fg: dict[str, Any]) -> str:
    return (
        f"  {name:<34} P {fg['precision']:.3f}  R {fg['recall']:.3f}  | "
        f"any wall P {fg['wall_precision']:.3f} "
        f"R {fg['wall_recall']:.3f} | free flagged {fg['free_flagged']}/{fg['free_total']} "
        f"({fg['free_flagged_share']:.1%}) | "
        f"paywalled-full not flagged {fg['full_not_flagged_share']:.1%}"
    )


def shipped_config() -> tuple[float, float, float]:
    """The (l2, variant weight, threshold) that fit_verdict.py chose, from weights.json."""
    from reader.core.resources import load_json

    fit = load_json("verdict", "weights.json").get("fit") or {}
    return (
        float(fit.get("l2", 1.0)),
        float(fit.get("variant_weight", 0.2)),
        float(fit.get("threshold", 0.5)),
    )


def evaluate(
    corpus: Path,
    seed: int = SEED,
    pools: tuple[str, ...] = ("train", "fit", "heldout"),
    extra: bool = True,
    light: bool = False,
    pooled: bool = False,
) -> dict[str, Any]:
    """Every figure (see the module docstring); ``light`` = fewer variants (for tests);
    ``pooled`` = the held-out pool of every fit seed, not only of ``seed``."""
    from fit_verdict import cross_validate, figures, other_fit_seeds

    more = () if light else other_fit_seeds(seed)
    examples = build_examples(corpus, seed, pools, extra, light, more, more if pooled else ())
    l2, vw, t = shipped_config()
    tested = ("dev", "heldout") if "heldout" in pools else ("dev",)
    cv = cross_validate(examples, l2, vw, tested, t)
    dev_idx = [i for i, e in enumerate(examples) if e.origin == "dev"]
    shipped = weights()
    out: dict[str, Any] = {"examples": examples, "l2": l2, "variant_weight": vw, "threshold": t}
    out["seeds"] = (seed, *more)
    out["heldout_seeds"] = (seed, *more) if pooled else (seed,)
    out["cv"] = figures(examples, {i: cv[i] for i in dev_idx})
    out["train"] = figures(
        examples,
        {i: decide(examples[i].feats, examples[i].values, shipped).status for i in dev_idx},
    )
    out["app"] = figures(
        examples, {i: examples[i].verdict.status for i in dev_idx if examples[i].verdict}
    )
    out["baseline"] = figures(examples, {i: baseline(examples[i]) for i in dev_idx})
    out["cv_pred"] = cv
    gen: dict[tuple[str, str], dict[str, list[int]]] = defaultdict(
        lambda: {"trunc": [], "adv": [], "adv_free": [], "hidden": []}
    )
    for i, e in enumerate(examples):
        if e.origin != "heldout":
            continue
        cell = gen[(e.lang, e.kind)]
        flagged = int(cv[i] == "truncated")
        if e.family == "truncated":
            cell["trunc"].append(flagged)
        elif e.family == "hidden":
            cell["hidden"].append(flagged)
        else:
            cell["adv"].append(flagged)
            if e.label == "free":
                cell["adv_free"].append(flagged)
    out["gen"] = dict(gen)
    times = sorted(e.seconds for e in examples if e.origin == "dev")
    out["judge_ms"] = (
        (times[len(times) // 2] * 1000, times[int(len(times) * 0.95)] * 1000) if times else (0, 0)
    )
    return out


def _by_language(gen: dict[tuple[str, str], dict[str, list[int]]]) -> str:
    """Truncated recall per language, HTML and text together ("de 247/257 96.1%, ...")."""
    per: dict[str, list[int]] = defaultdict(list)
    for (lang, _kind), cell in gen.items():
        per[lang] += cell["trunc"]
    return ", ".join(
        f"{lang} {sum(v)}/{len(v)} {sum(v) / len(v):.1%}" for lang, v in sorted(per.items()) if v
    )


def report(r: dict[str, Any], verbose: bool = False) -> str:
    """The printed tables."""
    from genset import COPY_MIN_SHARE
    from genset import STATS as GEN_STATS

    ex = r["examples"]
    n_dev = sum(e.origin == "dev" for e in ex)
    n_var = {p: sum(e.origin == p for e in ex) for p in ("train", "fit", "heldout")}
    out = [
        f"dev pages: {n_dev}; generated variants: train pool {n_var['train']}, "
        f"fit pool {n_var['fit']} (seeds {', '.join(map(str, r['seeds']))}), held-out pool "
        f"{n_var['heldout']} (seeds {', '.join(map(str, r['heldout_seeds']))}) (left out: "
        f"{STATS.get('cut_did_not_take', 0)} truncated variants whose text kept the article's end "
        f"or over {TRUNCATED_MAX_SHARE:.0%} of its words; {GEN_STATS['copy_not_whole']} "
        f"complete text copies that would hold under {COPY_MIN_SHARE:.0%} of the article, "
        "as its text is mostly outside <p>s)",
        f"model: l2={r['l2']} variant weight={r['variant_weight']} threshold={r['threshold']} "
        "(chosen by fit_verdict.py on CV figures)",
        "",
        "dev corpus, leave-one-site-out (cross-validated):",
        *_confusion_table(r["cv"]),
        _line("cross-validated (sites held out)", r["cv"]),
        _line("train set (shipped weights)", r["train"]),
        _line("the app (reader pipeline, shipped)", r["app"]),
        _line("baseline: markup rule alone", r["baseline"]),
    ]
    f1 = {
        k: 2 * r[k]["precision"] * r[k]["recall"] / max(1e-9, r[k]["precision"] + r[k]["recall"])
        for k in ("cv", "baseline")
    }
    out.append(
        f"  truncated F1: CV {f1['cv']:.3f} vs baseline {f1['baseline']:.3f} "
        f"(ratio {f1['cv'] / max(1e-9, f1['baseline']):.2f})"
    )
    out += ["", "generalisation set (held-out phrases and shapes; source site held out):"]
    out.append(
        f"    {'lang':<5}{'kind':<6}{'truncated recall':>22}"
        f"{'adversarial flagged':>24}{'of them free':>18}{'hidden flagged':>20}"
    )
    tot = {"trunc": [0, 0], "adv": [0, 0], "adv_free": [0, 0], "hidden": [0, 0]}
    for (lang, kind), cell in sorted(r["gen"].items()):
        parts = []
        for key in ("trunc", "adv", "adv_free", "hidden"):
            vals = cell[key]
            tot[key][0] += sum(vals)
            tot[key][1] += len(vals)
            share = sum(vals) / len(vals) if vals else float("nan")
            parts.append(f"{sum(vals):>4}/{len(vals):<4} {share:6.1%}")
        out.append(
            f"    {lang:<5}{kind:<6}{parts[0]:>22}{parts[1]:>24}{parts[2]:>18}{parts[3]:>20}"
        )
    shares = {k: v[0] / v[1] if v[1] else float("nan") for k, v in tot.items()}
    out.append(
        f"    all        recall {tot['trunc'][0]}/{tot['trunc'][1]} {shares['trunc']:.1%}; "
        "adversarial flagged "
        f"{tot['adv'][0]}/{tot['adv'][1]} {shares['adv']:.1%} "
        f"(free {tot['adv_free'][0]}/{tot['adv_free'][1]} {shares['adv_free']:.1%}); "
        f"hidden-template copies flagged {tot['hidden'][0]}/{tot['hidden'][1]} "
        f"{shares['hidden']:.1%}"
    )
    out.append("    by language (HTML and text), truncated recall: " + _by_language(r["gen"]))
    out.append(
        f"\njudge() in the pipeline: median {r['judge_ms'][0]:.2f} ms, "
        f"p95 {r['judge_ms'][1]:.2f} ms"
    )
    cv = r["cv_pred"]
    out.append("\ndev pages misjudged under CV (gold -> predicted):")
    for i, e in enumerate(ex):
        if e.origin == "dev" and (cv[i] == "truncated") != (e.label == "truncated"):
            out.append(f"  {e.source}  {e.label} -> {cv[i]}")
    if verbose:
        out.append("\nheld-out variants missed / falsely flagged:")
        for i, e in enumerate(ex):
            if e.origin == "heldout" and (cv[i] == "truncated") != (e.label == "truncated"):
                vals = ", ".join(f"{k}={v:.2f}" for k, v in sorted(e.values.items()))
                out.append(f"  {e.lang} {e.kind} {e.family} {e.label} -> {cv[i]} [{e.site}] {vals}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="list every miss of the generalisation set"
    )
    parser.add_argument(
        "--pooled",
        action="store_true",
        help="measure on the held-out variants of every fit seed (three draws, not one)",
    )
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    r = evaluate(args.corpus, args.seed, pooled=args.pooled)
    print(report(r, args.verbose))
    print(f"({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
