"""Metadata accuracy over the readability-pages corpus (title, byline, language, site name).

Compares reader's metadata with each page's ``expected-metadata.json`` (Readability.js's
output) after whitespace and case folding; prints the share of exact and partial matches.

Then the publication date, on the pages whose expected metadata has one (same calendar
day counts as right): the page's own markup alone (reader before htmldate), htmldate alone
(fast and extensive mode, ``original_date=True``) and reader's pipeline (markup first when
it agrees, htmldate otherwise), with the time each takes per page.

    python benchmarks/metadata_eval.py [--corpus DIR] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from htmldate import find_date

from reader.core.extract import metadata
from reader.core.extract.html import analyse_html, parse

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/readability-pages"
FIELDS = {"title": "title", "byline": "byline", "lang": "language", "siteName": "site_name"}


def norm(value: object) -> str:
    """Case- and whitespace-folded text."""
    return " ".join(str(value or "").split()).casefold()


def date_methods(html: bytes) -> dict[str, tuple[str | None, float]]:
    """Each way of dating one page: (the day found, seconds taken)."""
    out: dict[str, tuple[str | None, float]] = {}
    doc = parse(html)
    pm = metadata.collect(doc)
    runs: dict[str, Any] = {
        "markup only (before)": lambda: metadata.build(replace(pm, doc=None), None).published,
        "htmldate fast": lambda: find_date(doc, extensive_search=False, original_date=True),
        "htmldate extensive": lambda: find_date(doc, extensive_search=True, original_date=True),
        "reader (after)": lambda: metadata.build(pm, None).published,
    }
    for name, run in runs.items():
        t = time.perf_counter()
        found = run()
        out[name] = ((found or "")[:10] or None, time.perf_counter() - t)
    return out


def dates_report(corpus: Path, verbose: bool) -> None:
    """Precision and recall of the publication date, per method, on the dated pages."""
    scores: dict[str, list[float]] = {}  # method -> [expected, found, right, seconds, undated]
    pages = 0
    for page in sorted(p for p in corpus.iterdir() if (p / "source.html").exists()):
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        want = (expected.get("publishedTime") or "")[:10] or None
        pages += 1
        for name, (got, seconds) in date_methods((page / "source.html").read_bytes()).items():
            row = scores.setdefault(name, [0, 0, 0, 0.0, 0])
            row[3] += seconds
            if want is None:
                row[4] += got is not None
                continue
            row[0] += 1
            row[1] += got is not None
            row[2] += got == want
            if verbose and got != want:
                print(f"{page.name:<36} date     {name:<22} want {want} got {got}")
    print(
        f"\n{'published':<22}{'dated':>7}{'found':>7}{'right':>7}{'P':>7}{'R':>7}"
        f"{'undated*':>10}{'ms/page':>9}"
    )
    for name, (n, found, right, seconds, undated) in scores.items():
        precision = right / found if found else 0.0
        print(
            f"{name:<22}{n:>7}{found:>7}{right:>7}{precision:>7.3f}{right / max(n, 1):>7.3f}"
            f"{undated:>10}{1000 * seconds / max(pages, 1):>9.2f}"
        )
    print("* a date given on a page whose expected metadata has none (right or wrong: unknown)")


def main() -> int:
    """Score every page and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    stats = {f: [0, 0, 0] for f in FIELDS}  # expected, exact, partial
    for page in sorted(p for p in args.corpus.iterdir() if (p / "source.html").exists()):
        expected = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        try:
            meta = analyse_html((page / "source.html").read_bytes()).meta
        except Exception as exc:
            print(f"{page.name}: {exc}", file=sys.stderr)
            continue
        for key, attr in FIELDS.items():
            want = norm(expected.get(key))
            if not want:
                continue
            got = norm(getattr(meta, attr))
            if key == "lang":
                want, got = want.split("-")[0], got.split("-")[0]
            stats[key][0] += 1
            if got == want:
                stats[key][1] += 1
            elif got and (got in want or want in got):
                stats[key][2] += 1
            elif args.verbose:
                print(f"{page.name:<36} {key:<8} want {want[:50]!r} got {got[:50]!r}")
    print(f"{'field':<10}{'pages':>7}{'exact':>8}{'partial':>9}")
    for key, (n, exact, partial) in stats.items():
        print(f"{key:<10}{n:>7}{exact / max(n, 1):>8.0%}{partial / max(n, 1):>9.0%}")
    dates_report(args.corpus, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
