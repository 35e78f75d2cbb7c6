"""Query-language benchmark: searches with filters on a 50,000-item library.

Builds (or reuses, ``--db``) the same synthetic library as ``gui_bench.py`` and times
``Library.search_ids`` (what the app's search box runs: parse, compile to one SQL query,
execute) for queries that mix words, phrases, OR, -word and every filter, against the bare
FTS5 ``MATCH`` of the same words on the same file, interleaved.

    python benchmarks/query_bench.py [--items 50000] [--rounds 5] [--db PATH]

Target: p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gui_bench import build_library, vocabulary, zipf_pick

TARGET_P95_MS = 30.0


def query_set(seed: int = 5) -> list[tuple[str, str]]:
    """(query, the words alone for the bare FTS query) pairs, filters of every kind."""
    rng = random.Random(seed)
    words = vocabulary(random.Random(7))
    common = lambda: zipf_pick(rng, words)  # noqa: E731
    rare = lambda: rng.choice(words)  # noqa: E731
    out = []
    for _ in range(8):
        a, b, c = common(), rare(), common()
        out += [
            (f"{a} status:truncated", a),
            (f"{b} state:unread", b),
            (f"{a} {b} site:news7.example", f"{a} {b}"),
            (f"{a} OR {b} is:favourite", f"{a} OR {b}"),
            (f'"{a} {c}" added:2026', f'"{a} {c}"'),
            (f"{a} -{b} published:2015..2020", f"{a} NOT {b}"),
            (f"tag:{rare()} {a}", a),
            (f"status:truncated state:finished published:>2020-06 {c}", c),
            (f"{b[:3]}", f"{b[:3]}*"),
            (f"site:news3.example OR tag:{rare()}", ""),
            (f"-{a} status:free added:<2027", ""),
        ]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=50000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    db = args.db or Path(tempfile.mkdtemp(prefix="query-bench-")) / "library.db"
    if not db.exists():
        print(f"building {args.items:,} items in {db} …", flush=True)
        print(f"built in {build_library(db, args.items):.0f} s")
    from reader.core.service import open_library

    library = open_library(db)
    conn = sqlite3.connect(str(db))
    pairs = query_set()
    ours: list[float] = []
    bare: list[float] = []
    hits: list[int] = []
    for _ in range(args.rounds):
        for query, words in pairs:
            t = time.perf_counter()
            found = library.search_ids(query)
            ours.append((time.perf_counter() - t) * 1000)
            hits.append(len(found))
            if words:
                t = time.perf_counter()
                conn.execute(
                    "SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT 5000", (words,)
                ).fetchall()
                bare.append((time.perf_counter() - t) * 1000)
    total = len(library.list_ids())
    library.close()
    conn.close()

    def p95(xs: list[float]) -> float:
        xs = sorted(xs)
        return xs[max(0, round(0.95 * len(xs)) - 1)]

    print(f"\n{total:,} items; {len(pairs)} queries x {args.rounds} rounds\n")
    print(f"{'':34}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}")
    print(
        f"{'search_ids (query language)':34}{statistics.median(ours):10.1f}{p95(ours):9.1f}"
        f"{max(ours):9.1f}"
    )
    print(
        f"{'bare FTS5 MATCH (words only)':34}{statistics.median(bare):10.1f}{p95(bare):9.1f}"
        f"{max(bare):9.1f}"
    )
    print(f"\nmedian hits per query: {statistics.median(hits):.0f}")
    print(f"ratio (p95 ours / bare): {p95(ours) / p95(bare):.2f}x")
    ok = p95(ours) <= TARGET_P95_MS
    print(f"target: p95 <= {TARGET_P95_MS:.0f} ms: " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
