"""A library written before m003/m004 upgrades on open: duplicates from two writers merged
(versions, tags, progress), userinfo scrubbed, pages recompressed, the index rebuilt."""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

from sqlite_utils.db import Database

from reader.core.storage import Storage, blobs, fts
from reader.core.storage.schema import MIGRATIONS

PAGE = (
    b"<html><head><title>T</title><script>var tracking = 'x'.repeat(99);</script>"
    b"<style>p { color: red }</style></head><body><p>The text.</p><!-- note --></body></html>"
)


def old_library(path: Path) -> None:
    """The schema before m003, filled the way older readers wrote it."""
    conn = sqlite3.connect(path, isolation_level=None)
    db = Database(conn)
    MIGRATIONS.apply(db, stop_before="m003_unique_urls")
    now = "2026-11-01T10:00:00+00:00"
    rows = [  # (url, original_url, state, favourite, progress, text, status, words)
        ("https://a.example/1", "https://a.example/1", "unread", 0, 0.0, "short", "truncated", 1),
        (
            "https://a.example/1",
            "https://a.example/1",
            "reading",
            1,
            0.4,
            "a longer text",
            "free",
            3,
        ),
        (
            "https://b.example/x",
            "http://bob:hunter2@b.example/x",
            "unread",
            0,
            0.0,
            "bee",
            "free",
            1,
        ),
        ("https://a.example/1", "https://a.example/1", "unread", 0, 0.1, "short", "truncated", 1),
    ]
    for n, (url, original, state, fav, progress, text, status, words) in enumerate(rows, 1):
        conn.execute(
            "INSERT INTO items(url, original_url, canonical_url, title, state, favourite, "
            "progress_fraction, added_at, updated_at, paywall_status, word_count) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (url, original, f"http://carol:pw9@{url[8:]}", f"Title {n}", state, fav, progress,
             now, now, status, words),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO versions(item_id, fetched_at, origin, url, raw_html, text, html, "
            "word_count, paywall_status, meta_json) VALUES (?, ?, 'fetch', ?, ?, ?, ?, ?, ?, ?)",
            (n, now, original, zlib.compress(PAGE), text, f"<p>{text}</p>", words, status,
             json.dumps({"canonical_url": f"http://carol:pw9@{url[8:]}"})),
        )  # fmt: skip
        conn.execute("UPDATE items SET best_version_id = ? WHERE id = ?", (n, n))
        conn.execute(
            "INSERT INTO items_fts(rowid, title, byline, site_name, source, text) "
            "VALUES (?, ?, NULL, NULL, NULL, ?)",
            (n, f"Title {n}", text),
        )
    conn.execute("INSERT INTO tags(name) VALUES ('news'), ('later')")
    conn.execute("INSERT INTO item_tags(item_id, tag_id) VALUES (1, 1), (4, 2)")
    conn.close()


def test_an_older_library_with_duplicates_and_secrets_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_library(path)
    with Storage(path) as s:
        assert "m003_unique_urls" in s.migrations() and "m004_compact" in s.migrations()
        ids = s.list_ids()
        assert sorted(ids) == [1, 3]  # the three copies of a.example/1 are item 1 now
        item = s.get_item(1)
        assert item.tags == ["later", "news"]
        assert item.favourite and item.state == "reading" and item.progress.fraction == 0.4
        assert s.best_version(1).text == "a longer text"  # the best of the three
        assert [v.text for v in s.versions(1)] == ["short", "a longer text", "short"]
        assert s.search_ids("longer") == [1] and s.search_ids("Title 4") == []
        assert s.raw_html(s.best_version(1).id) == blobs.reduce_page(PAGE)
        assert s.best_version(3).html == "<p>bee</p>"
        assert s.find_by_url("https://b.example/x") == 3
        assert fts.differences(s._db.conn) == 0
        stored = s._x("SELECT raw_html FROM versions LIMIT 1").fetchone()[0]
        assert stored.startswith(blobs.ZSTD_MAGIC)
    # not even in freed pages: the upgrade overwrites what it deletes or rewrites
    data = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("old.db"))
    for secret in (b"hunter2", b"pw9"):
        assert secret not in data
