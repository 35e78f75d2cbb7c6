"""Generate hostile pages: a fixed set of large and pathological ones (for hostile_bench.py)
and a seeded set of mutated real pages (for hostile_run.py).

The mutated set is built the way the fuzz test (tests/core/test_fuzz.py) mutates: the same
``support.mutations`` steps over the same fixture pages (tests/fixtures, so no ../shared is
needed), drawn with ``random.Random(seed)`` and sometimes much larger sizes. A fifth of the
pages are cut off first, the way a paywall teaser or a broken download ends.

    python benchmarks/hostile_gen.py DIR [--count 1000] [--seed 10]   # the mutated set
    python benchmarks/hostile_gen.py DIR --large                       # the bench set
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.fixtures import (  # noqa: E402
    BBC_PAGE,
    FREE,
    NON_ENGLISH,
    PAYWALLED_FULL,
    SMALL_PAGE,
    TRUNCATED,
)
from support.mutations import MUTATIONS, apply  # noqa: E402

PAGES = (FREE, TRUNCATED, PAYWALLED_FULL, NON_ENGLISH, SMALL_PAGE, BBC_PAGE)
MB = 1 << 20
CAP = 15 * MB  # reader's size cap for every way in
TRUNCATED_SHARE = 0.2
SENTENCE = b"Harbour seals haul out on the sandbanks of the estuary at low tide, every day. "


def mutated_set(count: int, seed: int) -> list[tuple[str, bytes, list[tuple[str, float, int]]]]:
    """``count`` mutated fixture pages: (name, bytes, steps), the first fifth cut off."""
    rng = random.Random(seed)
    names = sorted(MUTATIONS)
    sources = [p.read_bytes() for p in PAGES]
    out = []
    for i in range(count):
        steps: list[tuple[str, float, int]] = []
        if i < count * TRUNCATED_SHARE:
            steps.append(("truncate", rng.random(), 0))
        for _ in range(rng.randint(1, 3)):
            # mostly the fuzz test's sizes (0..60), sometimes a hundred times larger
            size = rng.randrange(0, 60) if rng.random() < 0.85 else rng.randrange(60, 6000)
            steps.append((rng.choice(names), rng.random(), size))
        page = rng.randrange(len(sources))
        out.append((f"{i:04d}-{PAGES[page].stem}", apply(sources[page], steps), steps))
    return out


def _doc(body: bytes, head: bytes = b"") -> bytes:
    return b"<!doctype html><html><head><title>Large page</title>" + head + b"</head><body>" + body


def _fill(unit: bytes, size: int, before: bytes = b"", after: bytes = b"") -> bytes:
    """``before``, then ``unit`` repeated up to about ``size`` bytes in all, then ``after``."""
    return before + unit * max(1, (size - len(before) - len(after)) // len(unit)) + after


PARAGRAPH = b"<p>" + SENTENCE * 3 + b"</p>"
ARTICLE = b"<article>" + PARAGRAPH * 12 + b"</article>"
JSONLD = b'<script type="application/ld+json">%s</script>'
WALL = (
    b'{"@type":"NewsArticle","isAccessibleForFree":false,"hasPart":{"@type":"WebPageElement",'
    b'"isAccessibleForFree":false,"cssSelector":".paywall .paywall p"}}'
)


def _cap(unit: bytes, before: bytes = ARTICLE, after: bytes = b"") -> bytes:
    """A page of ``unit`` repeated, just under the cap, the article first."""
    return _doc(_fill(unit, CAP - 2000, before, after))


def _attrs(count: int, value: bytes = b"=x") -> bytes:
    return b" ".join(b"a%d%s" % (i, value) for i in range(count))


# name -> (what it is, builder); sizes stay just under the cap
LARGE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "paragraphs-14mb": ("240,000 <p>s (the issue's 1.36 GB page)", lambda: _doc(
        _fill(b"<p>All work and no play makes Jack a dull boy, he said.</p>\n", 14 * MB))),
    "tiny-p-15mb": ("1.9 M <p>a</p>", lambda: _cap(b"<p>a</p>")),
    "br-15mb": ("3.9 M <br>", lambda: _cap(b"<br>")),
    "links-15mb": ("1 M links", lambda: _cap(b'<a href="/x">link</a> ')),
    "cells-15mb": ("unclosed <td>s", lambda: _cap(b"<td>cell", ARTICLE + b"<table><tr>")),
    "divs-15mb": ("<div><span>…</span></div>", lambda: _cap(b"<div><span>a</span> b c</div>")),
    "text-node-15mb": ("one 15 MB text node", lambda: _cap(b"word ", ARTICLE + b"<p>", b"</p>")),
    "attrs-40k": ("one element, 40,000 attributes (24 s before)", lambda: _doc(
        b"<div " + _attrs(40_000) + b">x</div>" + ARTICLE)),
    "attrs-1m": ("one element, 1 M attributes (never finished)", lambda: _doc(
        b"<div " + _attrs(1_000_000, b"") + b">x</div>" + ARTICLE)),
    "attrs-everywhere-15mb": ("99 attributes on every element", lambda: _cap(
        b"<i " + _attrs(99, b"=1") + b">x</i>")),
    "deep-div-100k": ("100,000 nested <div>s", lambda: _doc(b"<div>" * 100_000 + ARTICLE)),
    "deep-b-4m": ("4 M unclosed <b>", lambda: _cap(b"<b>")),
    "deep-table-200k": ("200,000 nested tables", lambda: _doc(
        b"<table><tr><td>" * 200_000 + ARTICLE)),
    "deep-150-text": ("150 nested divs over 0.5 MB of text", lambda: _doc(
        b"<div class=a>" * 150 + ARTICLE * 200)),
    "cells-text-20k": ("20,000 nested cells (quadratic XPath before)", lambda: _doc(
        b"<table><tr><td>" * 20_000 + ARTICLE)),
    "jsonld-10mb": ("a 10 MB JSON-LD block", lambda: _doc(ARTICLE, JSONLD % json.dumps(
        [{"@type": "Thing", "name": "x" * 50}] * 150_000).encode())),
    "selector-stall": ("a descendant cssSelector over 20,000 paragraphs", lambda: _doc(
        b'<div class="paywall">' * 150 + (b"<p>" + SENTENCE + b"</p>") * 20_000, JSONLD % WALL)),
    "attr-value-14mb": ("one 14 MB attribute value", lambda: _doc(
        b'<img src="data:image/png;base64,' + b"A" * (14 * MB) + b'">' + ARTICLE)),
    "unclosed-comment-14mb": ("an unclosed comment", lambda: _doc(
        ARTICLE + b"<!--" + b"x" * (14 * MB))),
    "script-14mb": ("one 14 MB script", lambda: _doc(
        ARTICLE + b"<script>" + b"var x=1;" * (14 * MB // 8))),
    "entities-15mb": ("3 M entities", lambda: _cap(b"&amp;&#233;&eacute; ")),
    "controls-15mb": ("control characters everywhere", lambda: _cap(b"word\x01\x02&#1; ")),
    "cp1252-15mb": ("15 MB of windows-1252, no charset", lambda: _cap(
        "<p>Crème brûlée, naïve façade, déjà vu.</p>".encode("cp1252"))),
    "bbc-x100": ("a real page a hundred times over", lambda: BBC_PAGE.read_bytes() * 100),
}  # fmt: skip


def write_large(directory: Path) -> list[tuple[str, str, Path]]:
    """Write the bench set; (name, description, path) in a fixed order."""
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, (what, build) in LARGE.items():
        path = directory / f"{name}.html"
        if not path.exists():
            data = build()
            assert len(data) <= CAP, (name, len(data))
            path.write_bytes(data)
        out.append((name, what, path))
    return out


def write_mutated(directory: Path, count: int, seed: int) -> list[Path]:
    """Write the mutated set and its manifest (steps per page) to ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest, paths = {}, []
    for name, data, steps in mutated_set(count, seed):
        path = directory / f"{name}.html"
        path.write_bytes(data[:CAP])
        manifest[path.name] = steps
        paths.append(path)
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=0))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--large", action="store_true", help="the bench set instead")
    args = parser.parse_args()
    if args.large:
        for name, what, path in write_large(args.directory):
            print(f"{name:24} {path.stat().st_size / MB:6.1f} MB  {what}")
    else:
        paths = write_mutated(args.directory, args.count, args.seed)
        cut = int(args.count * TRUNCATED_SHARE)
        print(f"{len(paths)} pages in {args.directory} ({cut} cut off first), seed {args.seed}")


if __name__ == "__main__":
    main()
