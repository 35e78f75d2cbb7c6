"""GUI benchmark: a 50,000-item library opened, searched and scrolled offscreen.

Builds a synthetic library through the storage's batch path (one transaction), then
measures in a fresh child process, so that imports and peak RSS belong to the GUI alone:

* start → window with its first rows painted: from the top of the child (before Qt and
  reader are imported) until the article list's viewport has painted rows;
* window build → first paint, against a bare baseline in the same process: a plain
  QTableView over a QStandardItemModel holding the same first rows;
* search, median and p95 over N queries, through ``ArticleListPanel.run_search`` (what
  the debounced search field calls) until the new rows are painted, against the bare
  FTS5 query on the same file;
* scrolling: page-downs through the first rows (lazy fetches included), worst step;
* peak RSS of the child.

    python benchmarks/gui_bench.py [--items 50000] [--queries 50] [--db PATH]

``--db`` reuses (or creates) a library at PATH instead of a temporary one.
"""

from __future__ import annotations

import time

T0 = time.perf_counter()  # "start", for the child: before Qt and reader are imported

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

TARGETS = {"first_paint_s": 1.0, "search_p95_ms": 30.0, "scroll_worst_ms": 16.0, "rss_mb": 250.0}
SYLLABLES = [a + b for a in "bcdfghklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "en")]


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    """Pseudo-words of two or three syllables (FTS sees a realistic spread of terms)."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))))
    return sorted(words)


def zipf_pick(rng: random.Random, words: list[str]) -> str:
    """A word, common ones far more often than rare ones."""
    return words[int(len(words) * rng.random() ** 2.5)]


def build_library(path: Path, count: int, seed: int = 7) -> float:
    """Fill ``path`` with ``count`` synthetic items; seconds taken."""
    from reader.core.models import Article, Evidence, Metadata, PaywallVerdict
    from reader.core.service import open_library

    rng = random.Random(seed)
    words = vocabulary(rng)
    sites = [f"{w.capitalize()} Times" for w in rng.sample(words, 60)]
    started = time.perf_counter()
    library = open_library(path)
    storage = library.storage
    with storage.batch():
        for n in range(count):
            title = " ".join(zipf_pick(rng, words) for _ in range(rng.randint(4, 9))).capitalize()
            body = [
                " ".join(zipf_pick(rng, words) for _ in range(rng.randint(25, 45)))
                for _ in range(rng.randint(2, 5))
            ]
            truncated = rng.random() < 0.08
            verdict = (
                PaywallVerdict(
                    "truncated",
                    0.9,
                    [Evidence("teaser", "'subscribe to read more' in the last block", 0.9)],
                    missing_fraction=round(rng.uniform(0.5, 0.9), 2),
                )
                if truncated
                else PaywallVerdict("free", 0.8)
            )
            word_count = sum(len(p.split()) for p in body)
            article = Article(
                url=f"https://news{n % 97}.example/{n}",
                meta=Metadata(
                    title=title,
                    byline=f"{rng.choice(words).capitalize()} {rng.choice(words).capitalize()}",
                    site_name=rng.choice(sites),
                    published=f"20{rng.randint(10, 26)}-{rng.randint(1, 12):02d}-"
                    f"{rng.randint(1, 28):02d}",
                ),
                text="\n\n".join(body),
                html="<div>" + "".join(f"<p>{p}</p>" for p in body) + "</div>",
                word_count=word_count,
                reading_minutes=max(1, word_count // 230),
                paywall=verdict,
            )
            item = storage.add_item(
                article,
                url=article.url or "",
                original_url=article.url or "",
                raw=None,
                origin="fetch",
                tags=[rng.choice(words)] if rng.random() < 0.1 else (),
            )
            roll = rng.random()
            if roll < 0.1:
                library.set_progress(item.id, round(rng.uniform(0.05, 0.95), 2), None)
            elif roll < 0.3:
                storage.set_state(item.id, "finished")
            elif roll < 0.35:
                storage.set_state(item.id, "archived")
    library.close()
    return time.perf_counter() - started


def queries(count: int, seed: int = 11) -> list[str]:
    """Search strings as people type them: common and rare words, pairs, prefixes."""
    rng = random.Random(seed)
    words = vocabulary(random.Random(7))
    out = []
    for n in range(count):
        kind = n % 4
        if kind == 0:
            out.append(zipf_pick(rng, words))  # often a very common word
        elif kind == 1:
            out.append(rng.choice(words))  # usually rare
        elif kind == 2:
            out.append(f"{zipf_pick(rng, words)} {rng.choice(words)}")
        else:
            out.append(rng.choice(words)[:4])  # a prefix, as while typing
    return out


# ---- the child: everything measured lives here --------------------------------------------
def measure(db: Path, n_queries: int) -> dict[str, float]:
    """Open the window on ``db`` offscreen and time it; returns the figures."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QSettings
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QAbstractSlider, QApplication, QTableView

    from reader.app import create_window
    from reader.core.service import open_library
    from reader.core.storage import fts_query
    from reader.ui.preferences import PreferencesStore

    class PaintWatch(QObject):
        """Notes when a viewport has painted."""

        painted = False

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.painted = True
            return False

    def paint_wait(app: QApplication, watch: PaintWatch, ready: object) -> None:
        deadline = time.perf_counter() + 30
        while not (watch.painted and ready()) and time.perf_counter() < deadline:  # type: ignore[operator]
            app.processEvents()

    app = QApplication([sys.argv[0]])
    tmp = Path(tempfile.mkdtemp(prefix="gui-bench-"))
    t_build = time.perf_counter()
    library = open_library(db)
    settings = QSettings(str(tmp / "window.ini"), QSettings.Format.IniFormat)
    window = create_window(library, app, PreferencesStore(tmp / "gui.json"), settings)
    window.resize(1280, 800)
    panel = window.list_panel
    watch = PaintWatch()
    panel.view.viewport().installEventFilter(watch)  # the cards, by default
    window.show()
    paint_wait(app, watch, lambda: panel.model.rowCount() > 0)
    t_painted = time.perf_counter()
    first_rows = panel.model.rowCount()

    # bare baseline: the same first rows in a plain model and view, in this process
    t_bare = time.perf_counter()
    bare_model = QStandardItemModel(0, 5)
    for item in library.get_items(library.list_ids(limit=first_rows)):
        bare_model.appendRow(
            [
                QStandardItem(item.title or item.url),
                QStandardItem(item.site_name or ""),
                QStandardItem(item.added_at[:10]),
                QStandardItem(f"{item.reading_minutes} min"),
                QStandardItem(f"{round(item.progress.fraction * 100)} %"),
            ]
        )
    bare_view = QTableView()
    bare_view.setModel(bare_model)
    bare_view.resize(700, 800)
    bare_watch = PaintWatch()
    bare_view.viewport().installEventFilter(bare_watch)
    bare_view.show()
    paint_wait(app, bare_watch, lambda: True)
    t_bare_painted = time.perf_counter()
    bare_view.close()

    # search through the panel (the search field's code path), then the bare FTS query
    ours, bare, hits = [], [], []
    conn = __import__("sqlite3").connect(str(db))
    for query in queries(n_queries):
        started = time.perf_counter()
        panel.run_search(query)
        app.processEvents()  # the view lays out and paints the new rows
        ours.append((time.perf_counter() - started) * 1000)
        hits.append(panel.model.total)
        match = fts_query(query)
        started = time.perf_counter()
        conn.execute(
            "SELECT rowid FROM items_fts WHERE items_fts MATCH ? LIMIT 5000", (match,)
        ).fetchall()
        bare.append((time.perf_counter() - started) * 1000)
    conn.close()
    panel.run_search("")

    # scrolling: page down through the list, lazy fetches included
    bar = panel.view.verticalScrollBar()
    steps = []
    for _ in range(300):
        started = time.perf_counter()
        bar.triggerAction(QAbstractSlider.SliderAction.SliderPageStepAdd)
        app.processEvents()
        steps.append((time.perf_counter() - started) * 1000)
    loaded = panel.model.rowCount()

    window.close()
    library.close()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    ours.sort()
    bare.sort()
    return {
        "items": panel.model.total,
        "first_paint_s": t_painted - T0,
        "window_paint_s": t_painted - t_build,
        "bare_paint_s": t_bare_painted - t_bare,
        "first_rows": first_rows,
        "search_median_ms": statistics.median(ours),
        "search_p95_ms": ours[max(0, round(0.95 * len(ours)) - 1)],
        "bare_search_median_ms": statistics.median(bare),
        "bare_search_p95_ms": bare[max(0, round(0.95 * len(bare)) - 1)],
        "search_hits_median": statistics.median(hits),
        "scroll_worst_ms": max(steps),
        "scroll_median_ms": statistics.median(steps),
        "scroll_rows_loaded": loaded,
        "rss_mb": rss_mb,
    }


def report(figures: dict[str, float], build_s: float | None, n_queries: int) -> bool:
    """Print the table; True when every target holds."""
    f = figures
    ratio = f["window_paint_s"] / f["bare_paint_s"] if f["bare_paint_s"] else float("nan")
    s_ratio = f["search_p95_ms"] / f["bare_search_p95_ms"] if f["bare_search_p95_ms"] else 0
    rows = [
        ("library items", f"{f['items']:,}", "", ""),
        ("start → first rows painted", f"{f['first_paint_s']:.3f} s", "≤ 1.0 s", ""),
        (
            "window build → first paint",
            f"{f['window_paint_s'] * 1000:.0f} ms",
            f"bare table {f['bare_paint_s'] * 1000:.0f} ms",
            f"{ratio:.1f}x",
        ),
        (
            f"search median ({n_queries} queries)",
            f"{f['search_median_ms']:.1f} ms",
            f"bare FTS {f['bare_search_median_ms']:.1f} ms",
            "",
        ),
        (
            "search p95",
            f"{f['search_p95_ms']:.1f} ms",
            f"≤ 30 ms; bare FTS {f['bare_search_p95_ms']:.1f} ms",
            f"{s_ratio:.1f}x",
        ),
        ("search hits (median)", f"{f['search_hits_median']:,.0f}", "", ""),
        (
            "scroll: 300 page-downs",
            f"worst {f['scroll_worst_ms']:.1f} ms (≤ 16 ms)",
            f"median {f['scroll_median_ms']:.1f} ms",
            f"{f['scroll_rows_loaded']:,.0f} rows loaded",
        ),
        ("peak RSS (GUI process)", f"{f['rss_mb']:.0f} MB", "≤ 250 MB", ""),
    ]
    if build_s is not None:
        rows.insert(1, ("library build (batch insert)", f"{build_s:.1f} s", "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    holds = (
        f["first_paint_s"] <= TARGETS["first_paint_s"]
        and f["search_p95_ms"] <= TARGETS["search_p95_ms"]
        and f["scroll_worst_ms"] <= TARGETS["scroll_worst_ms"]
        and f["rss_mb"] <= TARGETS["rss_mb"]
    )
    print("targets:", "all hold" if holds else "NOT MET")
    return holds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--db", type=Path, help="library to reuse or create (default: temporary)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # the child's mode
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.queries)))
        return 0

    with tempfile.TemporaryDirectory(prefix="gui-bench-") as tmp:
        db = args.db or Path(tmp) / "library.db"
        build_s = None
        if not db.exists():
            print(f"building a {args.items:,}-item library in {db} …", flush=True)
            build_s = build_library(db, args.items)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(db), "--queries", str(args.queries)],
            capture_output=True,
            text=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=False,
        )
        if child.returncode:
            print(child.stderr, file=sys.stderr)
            return 1
        figures = json.loads(child.stdout.strip().splitlines()[-1])
    return 0 if report(figures, build_s, args.queries) else 1


if __name__ == "__main__":
    sys.exit(main())
