"""Metadata accuracy over the readability-pages corpus (title, byline, language, site name).

Compares reader's metadata with each page's ``expected-metadata.json`` (Readability.js's
output) after whitespace and case folding; prints the share of exact and partial matches.

    python benchmarks/metadata_eval.py [--corpus DIR] [-v]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.core.extract.html import analyse_html

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/readability-pages"
FIELDS = {"title": "title", "byline": "byline", "lang": "language", "siteName": "site_name"}


def norm(value: object) -> str:
    """Case- and whitespace-folded text."""
    return " ".join(str(value or "").split()).casefold()


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
