"""Plain-text dumps: how well reader recovers an article from a page copied as text.

Each readability-pages source is turned into the text a browser's select-all + copy gives
(one line per block, menus and footers included), run through reader's text-dump path,
and scored with token F1 against the page's ``expected.html``.

Then the real dumps: the seed and ``textdumps/more/`` (``labels.json``: the body's first
and last words, the junk lines, truncated or not). Per dump: the verdict, whether both ends
of the body are right, and which junk lines are left in the text.

    python benchmarks/textdump_eval.py [--corpus DIR] [--dumps DIR] [NAME ...]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import unicodedata
from pathlib import Path
from typing import Any

import lxml.html
from extract_bench import DEFAULT_CORPUS, f1

from reader.core.errors import ReaderError
from reader.core.extract.textdump import analyse_text, copied_page_text

DEFAULT_DUMPS = DEFAULT_CORPUS.parent / "textdumps"
SEED = {
    "file": "americaone-lemonde-syndicated.txt",
    "truncated": True,
    "body_first_words": "More than four years after the fall",
    "body_last_words": "whose agenda is neither Syrian nor international.",
    "junk_lines": [
        "THE AMERICA ONE NEWS",
        "Remer,MN",
        "Sponsor: QWIKET",
        "back",
        "topic",
        "Images Le Monde.fr",
        "You have 85% of this article left to read.",
        "The rest is for subscribers only.",
    ],
}


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _junk_left(junk: str, text: str) -> bool:
    """The junk line is in the text (as words: 'back' inside 'backed' does not count)."""
    junk = _norm(junk)
    before = r"(?<!\w)" if junk[:1].isalnum() else ""
    after = r"(?!\w)" if junk[-1:].isalnum() else ""
    return re.search(before + re.escape(junk) + after, text) is not None


def _stated(published: str | None, raw: str) -> str | None:
    """The labelled date when the dump states it (NewsAPI dumps carry the API's date only)."""
    if not published:
        return None
    year, day = published[:4], int(published[8:10])
    near = rf"(?<!\d)0?{day}(?!\d).{{0,20}}{year}|{year}.{{0,12}}(?<!\d)0?{day}(?!\d)"
    return published if re.search(near, raw) else None


def score_dump(label: dict[str, Any], raw: str) -> dict[str, Any]:
    """Verdict, body ends and junk left for one labelled dump."""
    art = analyse_text(raw)
    text = _norm(art.text)
    return {
        "file": label["file"],
        "want": "truncated" if label["truncated"] else "complete",
        "status": art.paywall.status,
        "verdict_ok": (art.paywall.status == "truncated") == bool(label["truncated"]),
        "start_ok": text.startswith(_norm(label["body_first_words"])),
        "end_ok": text.endswith(_norm(label["body_last_words"])),
        "junk_left": [j for j in label["junk_lines"] if _junk_left(j, text)],
        "published": art.meta.published,
        "want_published": _stated(label.get("published"), raw),
    }


def dumps_report(folder: Path) -> None:
    """One row per real dump, then the totals the issue asks for."""
    labels = [SEED]
    more = folder / "more" / "labels.json"
    if more.exists():
        labels += [{**x, "file": f"more/{x['file']}"} for x in json.loads(more.read_text("utf-8"))]
    rows = []
    for label in labels:
        path = folder / label["file"]
        if path.exists():
            rows.append(score_dump(label, path.read_text(encoding="utf-8")))
    if not rows:
        print(f"no dumps under {folder}")
        return
    print(f"\n{'dump':<34}{'want':>10}{'verdict':>16}{'ends':>6}{'published':>12}  junk left")
    for r in rows:
        ends = ("S" if r["start_ok"] else "-") + ("E" if r["end_ok"] else "-")
        mark = "" if r["verdict_ok"] else " ✗"
        junk = "; ".join(j[:40] for j in r["junk_left"]) or "-"
        date = r["published"] or "-"
        print(f"{r['file']:<34}{r['want']:>10}{r['status'] + mark:>16}{ends:>6}{date:>12}  {junk}")
    truncated = [r for r in rows if r["want"] == "truncated"]
    complete = [r for r in rows if r["want"] == "complete"]
    both = sum(r["start_ok"] and r["end_ok"] for r in rows)
    junk_left = sum(len(r["junk_left"]) for r in rows)
    dated = [r for r in rows if r["want_published"]]
    print(
        f"truncated flagged {sum(r['verdict_ok'] for r in truncated)}/{len(truncated)}; "
        f"complete flagged {sum(not r['verdict_ok'] for r in complete)}/{len(complete)}; "
        f"both body ends right {both}/{len(rows)}; junk lines left {junk_left}; "
        f"stated date read as published {sum(r['published'] == r['want_published'] for r in dated)}"
        f"/{len(dated)}"
    )


def paywall_pages_report(folder: Path) -> None:
    """The paywall corpus's pages copied as text: how often the dump path flags each label."""
    if not folder.is_dir():
        return
    counts: dict[str, list[int]] = {}  # label -> [pages, flagged truncated]
    for label in ("paywalled-truncated", "paywalled-full", "free"):
        for path in sorted((folder / label).glob("*.html")):
            dump = copied_page_text(path.read_bytes())
            try:
                status = analyse_text(dump or "").paywall.status
            except ReaderError:
                status = "failed"
            row = counts.setdefault(label, [0, 0])
            row[0] += 1
            row[1] += status == "truncated"
    print("\npaywall corpus pages copied as text (menus and all) through the dump path:")
    for label, (n, flagged) in counts.items():
        print(f"  {label:<20} {n:>4} pages, flagged truncated {flagged:>3} ({flagged / n:.0%})")


def main() -> int:
    """Score every page (or the named ones, with a row each), then the real dumps."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--dumps", type=Path, default=DEFAULT_DUMPS)
    ap.add_argument("--only-dumps", action="store_true", help="skip the pages")
    ap.add_argument("names", nargs="*")
    args = ap.parse_args()
    if not args.only_dumps:
        pages_report(args.corpus, args.names)
    if not args.names:
        dumps_report(args.dumps)
        paywall_pages_report(args.corpus.parent / "paywall")
    return 0


def pages_report(corpus: Path, only: list[str]) -> None:
    """Token F1 of each page copied as text, and how often the title is found."""
    names = only or sorted(p.name for p in corpus.iterdir() if p.is_dir())
    scores = []
    titles = [0, 0]  # pages with an expected title, titles that match it (or contain it)
    for name in names:
        page = corpus / name
        dump = copied_page_text((page / "source.html").read_bytes())
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
        if only:
            print(f"{name:<28} F1 {scores[-1]:.2f}  title {art.meta.title!r}")
    print(f"{len(scores)} pages as text dumps: mean token F1 {statistics.mean(scores):.3f}")
    print(f"title found (equal to, inside or containing the expected): {titles[1]}/{titles[0]}")


if __name__ == "__main__":
    sys.exit(main())
