"""Extraction benchmark: reader's full pipeline vs bare readability-lxml, in one process.

Over the readability-pages corpus, interleaved page by page (so both see the same machine
state): reader's pipeline (parse + metadata + site rules + readability + sanitise + paywall
verdict) against bare ``readability.Document(html).summary()``. Prints pages/s of each, the
time ratio, peak RSS and the token F1 of both against each page's ``expected.html`` text,
and F1 again without the community's site rules (``--no-site-rules`` times that instead),
with the pages the rules change.

    python benchmarks/extract_bench.py [--corpus DIR] [--rounds N] [--no-site-rules]
"""

from __future__ import annotations

import argparse
import collections
import resource
import statistics
import sys
import time
from pathlib import Path

import lxml.html
from readability import Document

from reader.core.extract.html import analyse_html

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/readability-pages"


def tokens(text: str) -> collections.Counter[str]:
    """Whitespace tokens with counts."""
    return collections.Counter((text or "").split())


def f1(truth: str, pred: str) -> float:
    """Token F1 as the acceptance check computes it."""
    t, p = tokens(truth), tokens(pred)
    common = sum((t & p).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def bare(html: str) -> str:
    """What a user of readability-lxml alone gets."""
    try:
        return lxml.html.fromstring(Document(html).summary()).text_content()
    except Exception:
        return ""


def ours(html: str, site_rules: bool = True) -> str:
    """reader's whole pipeline; the text it would store."""
    try:
        return analyse_html(html, site_rules=site_rules).text
    except Exception:
        return ""


def main() -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument(
        "--no-site-rules", action="store_true", help="time reader without the site rules"
    )
    args = ap.parse_args()
    with_rules = not args.no_site_rules
    pages = sorted(p for p in args.corpus.iterdir() if (p / "source.html").exists())
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    html = {
        p.name: (p / "source.html").read_text(encoding="utf-8", errors="replace") for p in pages
    }
    truth = {
        p.name: lxml.html.fromstring(
            (p / "expected.html").read_text(encoding="utf-8")
        ).text_content()
        for p in pages
    }
    ours("<p>warm up the imports and resource files of the pipeline</p>" * 3)
    t_ours: list[float] = []
    t_bare: list[float] = []
    out_ours: dict[str, str] = {}
    out_bare: dict[str, str] = {}
    for _ in range(args.rounds):
        a = b = 0.0
        for name, page in html.items():
            start = time.perf_counter()
            out_ours[name] = ours(page, with_rules)
            mid = time.perf_counter()
            out_bare[name] = bare(page)
            b += time.perf_counter() - mid
            a += mid - start
        t_ours.append(a)
        t_bare.append(b)
    n = len(pages)
    a, b = statistics.median(t_ours), statistics.median(t_bare)
    f_ours = statistics.mean(f1(truth[k], out_ours[k]) for k in html)
    f_bare = statistics.mean(f1(truth[k], out_bare[k]) for k in html)
    other = {k: ours(page, not with_rules) for k, page in html.items()}
    f_other = statistics.mean(f1(truth[k], other[k]) for k in html)
    f_rules, f_plain = (f_ours, f_other) if with_rules else (f_other, f_ours)
    changed = [k for k in html if other[k] != out_ours[k]]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{n} pages, median of {args.rounds} interleaved rounds")
    print(f"{'':<22}{'seconds':>9}{'pages/s':>9}{'token F1':>10}")
    label = "reader pipeline" if with_rules else "reader, no site rules"
    print(f"{label:<22}{a:>9.2f}{n / a:>9.1f}{f_ours:>10.3f}")
    print(f"{'bare readability':<22}{b:>9.2f}{n / b:>9.1f}{f_bare:>10.3f}")
    print(
        f"site rules: token F1 {f_rules:.3f} with, {f_plain:.3f} without "
        f"({f_rules - f_plain:+.3f}); they change the text of {len(changed)} of {n} pages"
    )
    for k in changed:
        print(
            f"  {k:<36} with {f1(truth[k], out_ours[k] if with_rules else other[k]):.3f}"
            f"  without {f1(truth[k], other[k] if with_rules else out_ours[k]):.3f}"
        )
    print(f"time ratio reader/bare: {a / b:.2f}   (target ≤ 1.0, aim ≤ 0.5)")
    print(f"F1 difference: {f_ours - f_bare:+.3f}   peak RSS: {rss:.0f} MB")
    return 0 if a <= b and f_ours >= f_bare - 0.005 else 1


if __name__ == "__main__":
    sys.exit(main())
