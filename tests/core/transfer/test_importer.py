"""Importing into a real library: dedupe, merge, re-import, dry run, content judged offline."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.core.service import Library
from reader.core.storage import Storage
from reader.core.transfer import importer


def run(storage: Storage, *paths: Path, fetch: bool = False, dry_run: bool = False):  # type: ignore[no-untyped-def]
    parsed = importer.parse_all(list(paths))
    return importer.import_parsed(storage, parsed, fetch=fetch, dry_run=dry_run)


def items(library: Library) -> dict[str, object]:
    return {i.url: i for i in library.list_items()}


def test_pocket_import_keeps_what_the_file_knew(library: Library, import_dir: Path) -> None:
    _job, [report] = run(library.storage, import_dir / "pocket.csv")
    assert report.summary() == {"added": 4, "merged": 1, "skipped": 0, "malformed": 3}
    got = items(library)
    harbour = got["https://news.example.org/harbour"]
    assert harbour.title == 'Budgets, rivers and the "harbour"'  # the first row's title
    assert harbour.tags == ["boats", "city", "money"]  # the duplicate row's tag merged in
    assert harbour.added_at == "2023-11-14T22:13:20+00:00"
    assert got["https://news.example.org/untitled"].state == "archived"
    malformed = {(ln.line, ln.detail) for ln in report.lines if ln.outcome == "malformed"}
    assert (7, "unsupported URL scheme 'ftp:' — only http and https can be saved") in malformed
    assert {line for line, _ in malformed} == {6, 7, 9}


def test_reimporting_adds_nothing(library: Library, import_dir: Path) -> None:
    files = [import_dir / n for n in ("pocket.csv", "instapaper.csv", "bookmarks.html")]
    run(library.storage, *files)
    before = {i.id: (i.title, i.state, i.tags, i.favourite) for i in library.list_items()}
    _job, reports = run(library.storage, *files)
    assert sum(r.count("added") for r in reports) == 0
    assert sum(r.count("merged") for r in reports) == 0
    after = {i.id: (i.title, i.state, i.tags, i.favourite) for i in library.list_items()}
    assert after == before


def test_dedupe_against_items_saved_before(library: Library, import_dir: Path) -> None:
    placeholder = library.storage.add_placeholder(
        "https://mag.example.com/one", "https://mag.example.com/one?utm_source=x"
    )
    _job, [report] = run(library.storage, import_dir / "instapaper.csv")
    first = next(ln for ln in report.lines if ln.url == "https://mag.example.com/one")
    assert (first.outcome, first.item_id) == ("merged", placeholder.id)
    assert library.get(placeholder.id).tags == ["science"]


def test_dry_run_changes_nothing_and_says_what_would_happen(
    library: Library, import_dir: Path
) -> None:
    run(library.storage, import_dir / "ril_export.html", fetch=True)
    before = library.storage.export_records(library.list_ids()), library.storage.fetch_report()
    job, [report] = run(library.storage, import_dir / "pocket.csv", dry_run=True)
    assert job is None
    assert report.summary() == {"added": 4, "merged": 1, "skipped": 0, "malformed": 3}
    after = library.storage.export_records(library.list_ids()), library.storage.fetch_report()
    assert after == before


def test_content_is_judged_without_the_network(library: Library, import_dir: Path) -> None:
    run(library.storage, import_dir / "wallabag.json")
    got = items(library)
    tidal = got["https://energy.example.org/tidal-power"]
    assert tidal.word_count > 80 and tidal.paywall.status == "free"
    assert tidal.original_url == "https://energy.example.org/tidal-power?utm_source=rss"
    assert tidal.byline == "Anne Marée" and tidal.state == "archived"
    version = library.content(tidal.id)
    assert "Rance estuary" in version.text
    markets = got["https://paper.example.com/markets"]
    assert markets.favourite and markets.paywall.status == "truncated" and markets.needs_full_text
    # nothing is queued for fetching: the file had the content
    assert library.storage.pending_fetches(include_held=True) == []


def test_omnivore_progress_and_highlights(library: Library, omnivore: Path) -> None:
    run(library.storage, omnivore)
    got = items(library)
    harbours = got["https://ports.example.net/how-harbours-work"]
    assert harbours.progress.fraction == 1.0 and harbours.state == "archived"
    [record] = library.storage.export_records([harbours.id])
    [version] = record["versions"]
    assert version["origin"] == "import"
    assert version["meta"]["highlights"][0]["note"] == "the key idea"
    half = got["https://ports.example.net/half-read"]
    assert (half.progress.fraction, half.state, half.best_version_id) == (0.4, "reading", None)


def test_credentials_in_urls_never_reach_the_library(
    library: Library, import_dir: Path, tmp_path: Path
) -> None:
    run(library.storage, import_dir / "bookmarks.html")
    assert "https://private.example.org/page" in items(library)
    library.close()
    dump = "\n".join(sqlite3.connect(tmp_path / "library.db").iterdump())
    assert "secret" not in dump and "user:" not in dump


def test_url_only_items_wait_in_the_queue(library: Library, import_dir: Path) -> None:
    job, _ = run(library.storage, import_dir / "pocket_5col.csv", fetch=True)
    assert len(library.storage.pending_fetches()) == 2
    assert library.storage.fetch_report(job)["pending"] == 2
    job2, _ = run(library.storage, import_dir / "instapaper_old.csv", fetch=False)
    assert library.storage.fetch_report(job2)["held"] == 2
    assert len(library.storage.pending_fetches()) == 2  # held ones wait for a release
    assert library.storage.release_held() == 2
    assert len(library.storage.pending_fetches()) == 4


def test_a_library_from_before_imports_is_upgraded(tmp_path: Path, import_dir: Path) -> None:
    path = tmp_path / "old.db"
    Storage(path).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TABLE import_fetches")
        conn.execute("DROP TABLE import_jobs")
        for index in ("items_paywall", "items_sites", "items_sources"):
            conn.execute(f"DROP INDEX {index}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_import_jobs'")
    conn.close()
    with Storage(path) as s:
        assert "m007_import_jobs" in s.migrations()
        indexes = {r[0] for r in s._x("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"items_paywall", "items_sites", "items_sources"} <= indexes
        job, [report] = run(s, import_dir / "pocket_5col.csv", fetch=True)
        assert report.count("added") == 2 and s.fetch_report(job)["pending"] == 2
