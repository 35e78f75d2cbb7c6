"""Plain-text dumps: how well reader recovers an article from a page copied as text.

Each readability-pages source is turned into the text a browser's select-all + copy gives
(one line per block, menus and footers included), run through reader's text-dump path,
and scored with token F1 against the page's ``expected.html``.

    python benchmarks/textdump_eval.py [--corpus DIR] [NAME ...]   (names: per-page rows)
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

import lxml.html
from extract_bench import DEFAULT_CORPUS, f1

from reader.core.errors import ReaderError
from reader.core.extract.html import block_texts, parse, prune
from reader.core.extract.textdump import analyse_text


def page_as_text(html: bytes) -> str | None:
    """What copying the whole page as text gives: one line per block."""
    doc = parse(html)
    prune(doc)
    for el in doc.xpath("//script"):
        el.drop_tree()
    body = doc.find("body")
    return None if body is None else "\n".join(block_texts(body))


def main() -> int:
    """Score every page (or the named ones, with a row each)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    names = args.names or sorted(p.name for p in args.corpus.iterdir() if p.is_dir())
    scores = []
    titles = [0, 0]  # pages with an expected title, titles that match it (or contain it)
    for name in names:
        page = args.corpus / name
        dump = page_as_text((page / "source.html").read_bytes())
        if dump is None:
            continue
        expected = (page / "expected.html").read_text(encoding="utf-8")
        truth = lxml.html.fromstring(expected).text_content()
        try:
            art = analyse_text(dump)
        except ReaderError as exc:
            scores.append(0.0)
            print(f"{name:<28} failed: {exc}")
            continue
        scores.append(f1(truth, art.text))
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        want = " ".join(str(meta.get("title") or "").split()).casefold()
        got = " ".join((art.meta.title or "").split()).casefold()
        if want:
            titles[0] += 1
            titles[1] += bool(got) and (got in want or want in got)
        if args.names:
            print(f"{name:<28} F1 {scores[-1]:.2f}  title {art.meta.title!r}")
    print(f"{len(scores)} pages as text dumps: mean token F1 {statistics.mean(scores):.3f}")
    print(f"title found (equal to, inside or containing the expected): {titles[1]}/{titles[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
