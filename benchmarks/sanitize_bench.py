"""Sanitiser benchmark: reader's nh3 allow-list pass vs the lxml-html-clean pass it replaced.

Over readability's summaries of the readability-pages corpus (computed once, up front),
interleaved page by page: (a) ``clean_fragment`` today (nh3 + lxml parse + link checks),
(b) the previous pass (lxml parse + lxml-html-clean ``Cleaner`` + link fix-ups), and
(c) bare ``nh3.clean`` with the same lists. Prints ms per page, the ratios, and what each
let through of a small set of hostile snippets.

    python benchmarks/sanitize_bench.py [--corpus DIR] [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import lxml.html
import nh3
from lxml_html_clean import Cleaner
from readability import Document

from reader.core.extract import sanitize

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/readability-pages"

_OLD = Cleaner(
    scripts=True, javascript=True, comments=True, style=True, inline_style=True, links=True,
    meta=True, page_structure=True, processing_instructions=True, embedded=True, frames=True,
    forms=True, annoying_tags=True, remove_unknown_tags=False, safe_attrs_only=True,
    safe_attrs=frozenset(
        "href src alt title colspan rowspan lang dir cite datetime start type reversed value "
        "headers scope abbr width height".split()
    ),
    add_nofollow=False,
)  # fmt: skip
HOSTILE = [
    "<p>a<scr<script>ipt>alert(1)</script>b</p>",
    '<p><a href="file:///etc/passwd">f</a><a href="ms-msdt:/id x">m</a></p>',
    '<p><a href="search-ms:query=x">s</a><a href="vscode://file/x">v</a></p>',
    '<p><foo src="https://evil.example/x">t</foo></p>',
    '<p><a href="https://alice:s3cr3t@x.example/">u</a></p>',
]


def old_pass(html: str, base: str | None) -> Any:
    """The lxml-html-clean pass reader used before nh3 (same steps, same order)."""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    _OLD(fragment)
    if base:
        fragment.make_links_absolute(base, resolve_base_href=False, handle_failures="discard")
    for a in fragment.iter("a"):
        if (a.get("href") or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            del a.attrib["href"]
    return fragment


def bare_nh3(html: str, base: str | None) -> str:
    """nh3 alone with reader's lists: the library's own cost."""
    return nh3.clean(
        html,
        tags=set(sanitize.TAGS),
        clean_content_tags=set(sanitize.DROPPED_WITH_CONTENT),
        attributes=sanitize.ATTRIBUTES,
        link_rel=None,
        url_schemes={"http", "https", "mailto", "data"},
    )


def leaks(html: str) -> list[str]:
    """What of the hostile snippets' payload is still in an output."""
    needles = ("<scr", "file:", "ms-msdt:", "search-ms:", "vscode:", "<foo", "s3cr3t")
    return [needle for needle in needles if needle in html]


def main() -> int:
    """Run the benchmark and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    pages = sorted(p for p in args.corpus.iterdir() if (p / "source.html").exists())
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    base = "https://news.example/section/story"
    summaries = []
    for p in pages:
        try:
            html = (p / "source.html").read_text(encoding="utf-8", errors="replace")
            summaries.append(Document(html).summary(html_partial=True))
        except Exception:  # a page readability refuses is skipped
            continue
    passes = {
        "reader (nh3)": lambda h: sanitize.clean_fragment(h, base),
        "previous (lxml-html-clean)": lambda h: old_pass(h, base),
        "bare nh3.clean": lambda h: bare_nh3(h, base),
    }
    times: dict[str, list[float]] = {name: [] for name in passes}
    for _ in range(args.rounds):
        for summary in summaries:
            for name, fn in passes.items():
                t0 = time.perf_counter()
                fn(summary)
                times[name].append(time.perf_counter() - t0)
    hostile = "".join(HOSTILE)
    as_text = lxml.html.tostring
    outputs = {
        "reader (nh3)": as_text(sanitize.clean_fragment(hostile, base), encoding="unicode"),
        "previous (lxml-html-clean)": as_text(old_pass(hostile, base), encoding="unicode"),
        "bare nh3.clean": bare_nh3(hostile, base),
    }
    print(f"{len(summaries)} readability summaries x {args.rounds} rounds, interleaved\n")
    print(f"{'pass':<28} {'median ms':>10} {'mean ms':>9} {'total s':>8}  let through")
    for name, ts in times.items():
        leaked = ", ".join(leaks(outputs[name])) or "nothing"
        print(
            f"{name:<28} {statistics.median(ts) * 1e3:>10.3f} {statistics.mean(ts) * 1e3:>9.3f} "
            f"{sum(ts):>8.2f}  {leaked}"
        )
    ours, old, bare = (sum(times[n]) for n in passes)
    print(f"\nratio reader/previous {ours / old:.2f}; reader/bare nh3 {ours / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
