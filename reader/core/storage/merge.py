"""Upgrading older libraries: userinfo scrubbed, duplicate items merged, aliases recorded.

Used by migration m003 (see :mod:`.schema`). Libraries written before it could hold
``user:password@`` in stored URLs and, after two writers raced, several live items for
one URL. Here each group of duplicates becomes its oldest item: it gets every version and
tag, the best version by the usual rule, and the furthest reading progress.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from reader.core.errors import InvalidSourceError
from reader.core.storage import rows

_URL_COLUMNS = ("url", "original_url", "canonical_url", "source_url", "lead_image")
_STATE_RANK = {"unread": 0, "reading": 1, "finished": 2, "archived": 3}
# items columns that describe the best version: they move with it
_BEST_COLUMNS = (
    *rows.META_FIELDS,
    "word_count",
    "reading_minutes",
    "paywall_status",
    "paywall_confidence",
    "paywall_json",
    "missing_fraction",
    "needs_full_text",
    "best_version_id",
)


def url_key(url: str | None) -> str | None:
    """The canonical form of an http(s) URL (what items.url holds), else None."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    from reader.core.intake.urls import canonicalize, strip_userinfo

    try:
        return canonicalize(strip_userinfo(url))
    except InvalidSourceError:
        return None


def scrub_userinfo(conn: sqlite3.Connection) -> None:
    """Remove ``user:password@`` from every stored URL and from error and metadata texts."""
    from reader.core.intake.urls import strip_userinfo
    from reader.core.redact import redact

    cols = (*_URL_COLUMNS, "error")
    where = " OR ".join(f"{c} LIKE '%@%'" for c in cols)
    for row in conn.execute(f"SELECT id, {', '.join(cols)} FROM items WHERE {where}").fetchall():
        new = {c: strip_userinfo(row[c]) if row[c] else row[c] for c in _URL_COLUMNS}
        new["error"] = redact(row["error"]) if row["error"] else row["error"]
        sets = ", ".join(f"{c} = :{c}" for c in new)
        conn.execute(f"UPDATE items SET {sets} WHERE id = :id", {**new, "id": row["id"]})
    cur = conn.execute(
        "SELECT id, url, meta_json FROM versions WHERE url LIKE '%@%' OR meta_json LIKE '%@%'"
    )
    for vid, url, meta in cur.fetchall():
        conn.execute(
            "UPDATE versions SET url = ?, meta_json = ? WHERE id = ?",
            (strip_userinfo(url) if url else url, redact(meta) if meta else meta, vid),
        )


def _groups(conn: sqlite3.Connection) -> Iterator[list[int]]:
    cur = conn.execute(
        "SELECT group_concat(id) FROM items WHERE deleted_at IS NULL "
        "GROUP BY url HAVING COUNT(*) > 1"
    )
    for (ids,) in cur.fetchall():
        yield sorted(int(i) for i in ids.split(","))


def merge_duplicates(conn: sqlite3.Connection, *, fts_by_hand: bool) -> int:
    """Merge every group of live items sharing a URL into its oldest; returns items removed.

    ``fts_by_hand``: the index is a standalone table (before m004) that the caller's code
    keeps in sync, rather than one kept by triggers.
    """
    removed = 0
    for ids in _groups(conn):
        keep, others = ids[0], ids[1:]
        _merge_group(conn, keep, others)
        marks = ", ".join("?" * len(others))
        if fts_by_hand:
            conn.execute(f"DELETE FROM items_fts WHERE rowid IN ({marks}, ?)", [*others, keep])
        conn.execute(f"DELETE FROM items WHERE id IN ({marks})", others)
        if fts_by_hand:
            conn.execute(
                "INSERT INTO items_fts(rowid, title, byline, site_name, source, text) "
                "SELECT i.id, i.title, i.byline, i.site_name, i.source, COALESCE(v.text, '') "
                "FROM items i LEFT JOIN versions v ON v.id = i.best_version_id WHERE i.id = ?",
                (keep,),
            )
        removed += len(others)
    return removed


def _merge_group(conn: sqlite3.Connection, keep: int, others: list[int]) -> None:
    marks = ", ".join("?" * len(others))
    group = [keep, *others]
    items = {
        r["id"]: r
        for r in conn.execute(
            f"SELECT * FROM items WHERE id IN ({marks}, ?)", [*others, keep]
        ).fetchall()
    }
    conn.execute(f"UPDATE versions SET item_id = ? WHERE item_id IN ({marks})", [keep, *others])
    conn.execute(
        "INSERT OR IGNORE INTO item_tags(item_id, tag_id) "
        f"SELECT ?, tag_id FROM item_tags WHERE item_id IN ({marks})",
        [keep, *others],
    )
    best = _best_item(conn, [items[i] for i in group])
    cols = {name: best[name] for name in _BEST_COLUMNS}
    reading = max(group, key=lambda i: (items[i]["progress_fraction"], -i))
    cols.update(
        progress_fraction=items[reading]["progress_fraction"],
        progress_anchor=items[reading]["progress_anchor"],
        progress_updated_at=items[reading]["progress_updated_at"],
        favourite=max(items[i]["favourite"] for i in group),
        state=max((items[i]["state"] for i in group), key=lambda s: _STATE_RANK.get(s, 0)),
        read_at=min(_present(items[i]["read_at"] for i in group), default=None),
        finished_at=max(_present(items[i]["finished_at"] for i in group), default=None),
    )
    if any(items[i]["status"] == "ready" for i in group):
        cols.update(status="ready", error=None)
    sets = ", ".join(f"{name} = :{name}" for name in cols)
    conn.execute(f"UPDATE items SET {sets} WHERE id = :_id", {**cols, "_id": keep})


def _present(values: Iterable[str | None]) -> list[str]:
    return [v for v in values if v]


def _best_item(conn: sqlite3.Connection, candidates: list[sqlite3.Row]) -> sqlite3.Row:
    """The item (of a duplicate group) whose best version wins by :func:`rows.is_better`."""
    best: sqlite3.Row | None = None
    best_status, best_words = "unknown", 0
    for item in candidates:
        if item["best_version_id"] is None:
            continue
        version = conn.execute(
            "SELECT paywall_status, word_count FROM versions WHERE id = ?",
            (item["best_version_id"],),
        ).fetchone()
        if version is None:
            continue
        if best is None or (
            rows.is_better(version[0], version[1], best_status, best_words)
            and (version[0], version[1]) != (best_status, best_words)
        ):
            best, best_status, best_words = item, version[0], version[1]
    return best if best is not None else candidates[0]


def record_aliases(conn: sqlite3.Connection) -> None:
    """Every known other URL of each live item (original, redirect target, canonical link)."""
    cur = conn.execute(
        "SELECT i.id, i.url, i.original_url, i.canonical_url, v.url FROM items i "
        "LEFT JOIN versions v ON v.item_id = i.id WHERE i.deleted_at IS NULL"
    )
    for item_id, url, *others in cur.fetchall():
        for key in {url_key(u) for u in others} - {None, url}:
            conn.execute(
                "INSERT OR IGNORE INTO item_aliases(url, item_id) VALUES (?, ?)", (key, item_id)
            )


def hash_versions(conn: sqlite3.Connection) -> None:
    """Fill versions.content_hash for rows written before the column existed."""
    cur = conn.execute("SELECT id, text, paywall_json FROM versions WHERE content_hash IS NULL")
    conn.executemany(
        "UPDATE versions SET content_hash = ? WHERE id = ?",
        [(rows.content_hash(text, verdict), vid) for vid, text, verdict in cur.fetchall()],
    )
