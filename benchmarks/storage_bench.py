"""Storage benchmark: bytes per item on disk, by table, before and after m003/m004.

Every corpus page (readability-pages and paywall) is analysed once, then saved twice in
the same run:

* **before**: the layout libraries had until m003 (a standalone FTS5 table holding its
  own copy of the text, derived HTML as plain text, raw pages zlib-compressed), written
  row by row as reader wrote it then;
* **after**: that same file opened by today's ``Storage``, which upgrades it (the time the
  migration takes is reported), and a library saved fresh through ``Library.commit``.

Each file is VACUUMed, then ``dbstat`` gives the bytes of every table and index (an FTS
table's shadow tables are summed under its name). Search is timed on both layouts with
the same queries (words of the corpus, common and rare, pairs and prefixes), median and
p95; the 50,000-item search figure is ``benchmarks/gui_bench.py``'s.

    python benchmarks/storage_bench.py [--corpus DIR] [--queries N] [--synthetic 50000]
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path

from sqlite_utils.db import Database

from reader.core.intake import sources
from reader.core.models import Prepared
from reader.core.service import Library
from reader.core.storage import Storage, fts_query, rows
from reader.core.storage.schema import MIGRATIONS

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus"
TARGET_KB = 45.0
_OLD_SEARCH = (
    "SELECT rowid FROM (SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ? "
    "ORDER BY rowid DESC LIMIT 2000) ORDER BY rank, rowid DESC LIMIT 5000"
)


def pages(corpus: Path) -> list[Path]:
    """The corpus pages: readability-pages/*/source.html and paywall/*/*.html."""
    found = sorted((corpus / "readability-pages").glob("*/source.html"))
    return found + sorted((corpus / "paywall").glob("*/*.html"))


def prepare_all(files: list[Path]) -> list[Prepared]:
    """Analyse each page once (as ``reader add FILE`` does); pages that fail are skipped."""
    out = []
    for path in files:
        try:
            out.append(sources.load(sources.classify(str(path))))
        except Exception:
            continue
    return out


def write_before(path: Path, prepared: list[Prepared]) -> None:
    """The pre-m003 layout, filled the way reader wrote it then."""
    conn = sqlite3.connect(path, isolation_level=None)
    MIGRATIONS.apply(Database(conn), stop_before="m003_unique_urls")
    now = "2026-12-01T10:00:00+00:00"
    conn.execute("BEGIN")
    seen: set[str] = set()
    for p in prepared:
        if p.url in seen:
            continue
        seen.add(p.url)
        cols = rows.article_item_columns(p.article)
        cols.update(url=p.url, original_url=p.original_url, added_at=now, updated_at=now)
        item_id = _insert(conn, "items", cols)
        version = rows.article_version_columns(p.article)
        del version["html_z"], version["text_z"], version["content_hash"]
        version.update(
            item_id=item_id, fetched_at=now, origin=p.origin, url=p.article.url or p.url,
            raw_html=zlib.compress(p.raw, 6) if p.raw else None, html=p.article.html,
            text=p.article.text,
        )  # fmt: skip
        version_id = _insert(conn, "versions", version)
        conn.execute("UPDATE items SET best_version_id = ? WHERE id = ?", (version_id, item_id))
        a = p.article
        conn.execute(
            "INSERT INTO items_fts(rowid, title, byline, site_name, source, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item_id, a.meta.title, a.meta.byline, a.meta.site_name, a.meta.source, a.text),
        )
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()


def _insert(conn: sqlite3.Connection, table: str, cols: dict[str, object]) -> int:
    names = ", ".join(cols)
    marks = ", ".join("?" * len(cols))
    cur = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", list(cols.values()))
    assert cur.lastrowid is not None
    return cur.lastrowid


def sizes(path: Path) -> tuple[int, dict[str, int]]:
    """(live items, bytes per table) after VACUUM; FTS shadow tables summed as the table."""
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")
    items = conn.execute("SELECT COUNT(*) FROM items WHERE deleted_at IS NULL").fetchone()[0]
    by: collections.Counter[str] = collections.Counter()
    for name, size in conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
        by["items_fts" if name.startswith("items_fts_") else name] += size
    conn.close()
    return items, dict(by)


def queries(prepared: list[Prepared], count: int) -> list[str]:
    """Words of the corpus, as people search: common, rare, pairs, prefixes."""
    rng = random.Random(5)
    words = collections.Counter(
        w.lower() for p in prepared for w in p.article.text.split() if w.isalpha() and len(w) > 3
    )
    common = [w for w, _ in words.most_common(300)]
    rare = [w for w, n in words.items() if n <= 2]
    rng.shuffle(rare)
    out = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            out.append(rng.choice(common))
        elif kind == 1:
            out.append(rare[n % len(rare)])
        elif kind == 2:
            out.append(f"{rng.choice(common)} {rng.choice(common)}")
        else:
            out.append(rng.choice(common)[:3])
    return out


def time_search(run: object, qs: list[str], rounds: int = 5) -> list[float]:
    """Best-of-``rounds`` milliseconds per query."""
    out = []
    for q in qs:
        best = float("inf")
        for _ in range(rounds):
            t = time.perf_counter()
            run(q)  # type: ignore[operator]
            best = min(best, time.perf_counter() - t)
        out.append(best * 1e3)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def synthetic_search(count: int) -> None:
    """gui_bench's queries over ``count`` synthetic items, the index before and after.

    Both indexes (standalone with prefix '1 2 3 4', and today's contentless one with
    prefix '1 2 3') are filled with the same gui_bench-style items in one process and
    timed interleaved, query by query, with the SQL ``search_ids`` runs.
    """
    sys.path.insert(0, str(Path(__file__).parent))
    import gui_bench

    from reader.core.storage import fts

    rng = random.Random(7)
    words = gui_bench.vocabulary(rng)
    docs = []
    for n in range(count):
        title = " ".join(gui_bench.zipf_pick(rng, words) for _ in range(rng.randint(4, 9)))
        body = " ".join(gui_bench.zipf_pick(rng, words) for _ in range(rng.randint(50, 225)))
        docs.append((n + 1, title, "Ann Author", "Some Times", None, body))
    old_sql = fts.TABLE.replace("content = '',", "").replace("'1 2 3'", "'1 2 3 4'")
    conns = {}
    for name, sql in (("before", old_sql), ("after", fts.TABLE)):
        conn = sqlite3.connect(":memory:")
        conn.execute(sql)
        conn.execute(fts.RANK)
        conn.executemany(
            "INSERT INTO items_fts(rowid, title, byline, site_name, source, text) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            docs,
        )
        conn.execute("INSERT INTO items_fts(items_fts) VALUES ('optimize')")
        conns[name] = conn
    qs = gui_bench.queries(200)
    times: dict[str, list[float]] = {name: [] for name in conns}
    for q in qs:
        match = fts_query(q)
        for name, conn in conns.items():
            best = float("inf")
            for _ in range(3):
                t = time.perf_counter()
                conn.execute(_OLD_SEARCH, (match,)).fetchall()
                best = min(best, time.perf_counter() - t)
            times[name].append(best * 1e3)
    print(f"\n{count:,} synthetic items (gui_bench's generator), {len(qs)} gui_bench queries")
    print(f"{'index':<28}{'median ms':>12}{'p95 ms':>10}{'KB/item':>10}")
    for name, conn in conns.items():
        size = conn.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'items_fts%'"
        ).fetchone()[0]
        ts = times[name]
        label = f"{name} ({'standalone, 1 2 3 4' if name == 'before' else 'contentless, 1 2 3'})"
        print(
            f"{label:<28}{statistics.median(ts):>12.3f}{p95(ts):>10.3f}{size / count / 1024:>10.2f}"
        )
    print(f"ratio after/before p95: {p95(times['after']) / p95(times['before']):.2f}")


def main() -> int:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument(
        "--synthetic", type=int, metavar="N", help="also time search on N synthetic items"
    )
    args = ap.parse_args()
    files = pages(args.corpus)
    if not files:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    prepared = prepare_all(files)
    raw_bytes = sum(len(p.raw or b"") for p in prepared)
    with tempfile.TemporaryDirectory(prefix="storage-bench-") as tmp:
        before, upgraded, fresh = (Path(tmp) / n for n in ("before.db", "after.db", "fresh.db"))
        write_before(before, prepared)
        shutil.copy(before, upgraded)
        t = time.perf_counter()
        Storage(upgraded).close()
        migrate_s = time.perf_counter() - t
        lib = Library(Storage(fresh))
        t = time.perf_counter()
        for p in prepared:
            lib.commit(p)
        save_ms = (time.perf_counter() - t) / len(prepared) * 1e3
        lib.close()
        files_by_name = (
            ("before", before),
            ("after (upgraded)", upgraded),
            ("after (fresh)", fresh),
        )
        results = {name: sizes(path) for name, path in files_by_name}
        qs = queries(prepared, args.queries)
        old = sqlite3.connect(before)
        t_old = time_search(lambda q: old.execute(_OLD_SEARCH, (fts_query(q),)).fetchall(), qs)
        old.close()
        with Storage(upgraded) as s:
            t_new = time_search(lambda q: s.search_ids(q), qs)
            hits_new = sum(len(s.search_ids(q)) for q in qs)
        old = sqlite3.connect(before)
        hits_old = sum(len(old.execute(_OLD_SEARCH, (fts_query(q),)).fetchall()) for q in qs)
        old.close()

    names = sorted(
        {n for _, by in results.values() for n in by}, key=lambda n: -results["before"][1].get(n, 0)
    )
    each = raw_bytes / len(prepared) / 1024
    print(f"{len(prepared)} corpus pages, {each:.1f} KB of raw page each\n")
    header = f"{'KB per item':<28}" + "".join(f"{k:>18}" for k in results)
    print(header)
    for name in names:
        cells = [results[k][1].get(name, 0) / max(results[k][0], 1) / 1024 for k in results]
        if max(cells) >= 0.05:
            print(f"{name:<28}" + "".join(f"{c:>18.1f}" for c in cells))
    totals = {k: sum(by.values()) / max(n, 1) / 1024 for k, (n, by) in results.items()}
    print(f"{'total':<28}" + "".join(f"{totals[k]:>18.1f}" for k in results))
    print(f"{'items':<28}" + "".join(f"{results[k][0]:>18}" for k in results))
    worst = max(totals["after (upgraded)"], totals["after (fresh)"])
    verdict = "holds" if worst <= TARGET_KB else "FALLS SHORT"
    ratio = totals["after (upgraded)"] / totals["before"]
    print(f"\nratio after/before: {ratio:.2f} (target ≤ {TARGET_KB:.0f} KB per item: {verdict})")
    print(f"upgrade of the before library: {migrate_s:.2f} s; a save (commit) {save_ms:.1f} ms")
    print(f"\nsearch over {len(qs)} queries (best of 5 each), same file contents")
    print(f"{'layout':<28}{'median ms':>12}{'p95 ms':>10}{'hits':>10}")
    for label, ts, hits in (
        ("before (standalone FTS)", t_old, hits_old),
        ("after (contentless FTS)", t_new, hits_new),
    ):
        print(f"{label:<28}{statistics.median(ts):>12.3f}{p95(ts):>10.3f}{hits:>10}")
    print(f"ratio after/before p95: {p95(t_new) / p95(t_old):.2f}")
    print(json.dumps({"kb_per_item": totals}), file=sys.stderr)
    if args.synthetic:
        synthetic_search(args.synthetic)
    return 0


if __name__ == "__main__":
    sys.exit(main())
