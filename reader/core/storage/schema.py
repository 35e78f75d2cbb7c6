"""The library's schema, as an ordered set of sqlite-utils migrations named "reader"."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlite_utils.migrations import Migrations

from reader.core.errors import StorageError

if TYPE_CHECKING:
    from sqlite_utils.db import Database

MIGRATIONS = Migrations("reader")
_KNOWN: list[str] = []  # names registered below, in order


def _migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    _KNOWN.append(fn.__name__)
    return MIGRATIONS()(fn)


_ITEMS = """
CREATE TABLE items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    original_url TEXT NOT NULL,
    canonical_url TEXT,
    title TEXT,
    byline TEXT,
    site_name TEXT,
    publisher TEXT,
    published TEXT,
    source TEXT,
    source_published TEXT,
    source_url TEXT,
    language TEXT,
    lead_image TEXT,
    description TEXT,
    word_count INTEGER NOT NULL DEFAULT 0,
    reading_minutes INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'unread'
        CHECK (state IN ('unread', 'reading', 'finished', 'archived')),
    favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    progress_fraction REAL NOT NULL DEFAULT 0
        CHECK (progress_fraction >= 0 AND progress_fraction <= 1),
    progress_anchor TEXT,
    progress_updated_at TEXT,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    read_at TEXT,
    finished_at TEXT,
    best_version_id INTEGER,
    paywall_status TEXT NOT NULL DEFAULT 'unknown'
        CHECK (paywall_status IN ('free', 'truncated', 'paywalled_full', 'unknown')),
    paywall_confidence REAL NOT NULL DEFAULT 0,
    missing_fraction REAL,
    needs_full_text INTEGER NOT NULL DEFAULT 0 CHECK (needs_full_text IN (0, 1)),
    paywall_json TEXT,
    status TEXT NOT NULL DEFAULT 'ready' CHECK (status IN ('ready', 'saving', 'failed')),
    error TEXT,
    deleted_at TEXT
)
"""

_VERSIONS = """
CREATE TABLE versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    fetched_at TEXT NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN
        ('fetch', 'file', 'text', 'stdin', 'clipboard', 'retrieve', 'import')),
    url TEXT,
    raw_html BLOB,
    text TEXT NOT NULL DEFAULT '',
    html TEXT NOT NULL DEFAULT '',
    word_count INTEGER NOT NULL DEFAULT 0,
    paywall_json TEXT,
    paywall_status TEXT NOT NULL DEFAULT 'unknown'
        CHECK (paywall_status IN ('free', 'truncated', 'paywalled_full', 'unknown')),
    missing_fraction REAL,
    meta_json TEXT
)
"""

_TAGS = """
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
)
"""

_ITEM_TAGS = """
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, tag_id)
) WITHOUT ROWID
"""

# Standalone FTS5 table, rowid = items.id; the storage layer keeps it in sync itself.
_FTS = """
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, byline, site_name, source, text,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4'
)
"""

# bm25 weights per column: a title hit counts most, body text least.
_FTS_RANK = (
    "INSERT INTO items_fts(items_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 3.0, 1.0)')"
)

# Every listing query says "deleted_at IS NULL", so the listing indexes lead with deleted_at:
# it becomes an equality prefix and each index covers its query (rowid = id is implicit).
# Nullable sort keys: DESC lists NULLs last by nature; title (usually A-Z) indexes
# "title IS NULL" so its ascending order needs no sort either.
_URL_INDEXES = tuple(
    f"CREATE INDEX items_{col} ON items({col}) WHERE deleted_at IS NULL"
    for col in ("url", "original_url", "canonical_url")
)
_INDEXES = (
    *_URL_INDEXES,
    "CREATE INDEX items_added ON items(deleted_at, added_at)",
    "CREATE INDEX items_state_added ON items(deleted_at, state, added_at)",
    "CREATE INDEX items_needs_full_text ON items(deleted_at, needs_full_text, added_at)",
    "CREATE INDEX items_favourite ON items(deleted_at, favourite, added_at)",
    "CREATE INDEX items_progress_updated ON items(deleted_at, progress_updated_at)",
    "CREATE INDEX items_progress ON items(deleted_at, progress_fraction)",
    "CREATE INDEX items_published ON items(deleted_at, published)",
    "CREATE INDEX items_title ON items(deleted_at, title IS NULL, title COLLATE NOCASE)",
    "CREATE INDEX items_counts ON items(deleted_at, state, favourite, needs_full_text)",
    "CREATE INDEX versions_item ON versions(item_id, id)",
    "CREATE INDEX item_tags_tag ON item_tags(tag_id, item_id)",
)


@_migration
def m001_initial(db: Database) -> None:
    """Items, versions, tags, the FTS index and the listing indexes."""
    for sql in (_ITEMS, _VERSIONS, _TAGS, _ITEM_TAGS, _FTS, _FTS_RANK, *_INDEXES):
        db.conn.execute(sql)


# "Continue reading": started, not finished or archived. A partial index makes both its
# count (the sidebar) and its list cheap on a big library.
IN_PROGRESS = "progress_fraction > 0 AND state IN ('unread', 'reading')"
IN_PROGRESS_WHERE = f"deleted_at IS NULL AND {IN_PROGRESS}"


@_migration
def m002_in_progress_index(db: Database) -> None:
    """A partial index over the items in progress."""
    db.conn.execute(
        f"CREATE INDEX items_in_progress ON items(progress_updated_at) WHERE {IN_PROGRESS_WHERE}"
    )


_USER_MARKS = """
CREATE TABLE user_marks (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    mark TEXT NOT NULL CHECK (mark IN ('complete', 'truncated')),
    host TEXT NOT NULL DEFAULT '',
    url TEXT,
    signatures TEXT NOT NULL DEFAULT '[]',
    marked_at TEXT NOT NULL
)
"""


@_migration
def m005_user_marks(db: Database) -> None:
    """The user's own complete/truncated marks, with the wall signatures of each page."""
    db.conn.execute(_USER_MARKS)
    db.conn.execute("CREATE INDEX user_marks_host ON user_marks(host, mark)")


_RETRIEVAL = (
    # Credentials: which host has which kind of secret. The secret itself lives in keyring.
    "CREATE TABLE credentials (host TEXT PRIMARY KEY, username TEXT, "
    "method TEXT NOT NULL CHECK (method IN ('cookie', 'password', 'browser')), "
    "added_at TEXT NOT NULL, last_ok_at TEXT)",
    # Per registrable domain: the route that last worked and the last attempt's outcome.
    "CREATE TABLE domain_ledger (domain TEXT PRIMARY KEY, last_route TEXT, last_result TEXT, "
    "last_at TEXT, worked_route TEXT, worked_at TEXT)",
    # Retrieval queue: survives a restart; one row per item waiting or done.
    "CREATE TABLE retrieve_queue (item_id INTEGER PRIMARY KEY "
    "REFERENCES items(id) ON DELETE CASCADE, via TEXT, state TEXT NOT NULL DEFAULT 'queued' "
    "CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')), "
    "queued_at TEXT NOT NULL, updated_at TEXT NOT NULL, report TEXT)",
    "CREATE INDEX retrieve_queue_state ON retrieve_queue(state, queued_at)",
    "CREATE TABLE retrieve_settings (key TEXT PRIMARY KEY, value TEXT)",
)


@_migration
def m006_retrieval(db: Database) -> None:
    """Credential metadata (never secrets), the per-domain ledger, the retrieval queue."""
    for sql in _RETRIEVAL:
        db.conn.execute(sql)


# Saves that failed (or were cut short) are few: a partial index finds them for the counts
# and keeps them out of the state views.
NOT_READY_WHERE = "deleted_at IS NULL AND status != 'ready'"
# SQLite's planner prefers a full listing index over this partial one (340 ms instead of
# well under 1 ms on 50,000 items), so the queries name it.
NOT_READY_ROWS = f"items INDEXED BY items_not_ready WHERE {NOT_READY_WHERE}"


@_migration
def m008_not_ready_index(db: Database) -> None:
    """A partial index over failed and unfinished saves."""
    db.conn.execute(f"CREATE INDEX items_not_ready ON items(status, state) WHERE {NOT_READY_WHERE}")


_IMPORT_JOBS = """
CREATE TABLE import_jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '[]',
    added INTEGER NOT NULL DEFAULT 0,
    merged INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    malformed INTEGER NOT NULL DEFAULT 0
)
"""

# URL-only imported items waiting for (or done with) their background fetch. 'held' ones
# were imported with --no-fetch; the others resume after a restart until they are done.
_IMPORT_FETCHES = """
CREATE TABLE import_fetches (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    job_id INTEGER REFERENCES import_jobs(id) ON DELETE SET NULL,
    url TEXT NOT NULL,
    host TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('held', 'pending', 'fetched', 'truncated', 'gone', 'failed')),
    reason TEXT,
    tries INTEGER NOT NULL DEFAULT 0,
    done_at TEXT
)
"""


@_migration
def m007_import_jobs(db: Database) -> None:
    """Import jobs, the resumable queue of their background fetches, query indexes."""
    for sql in (
        _IMPORT_JOBS,
        _IMPORT_FETCHES,
        "CREATE INDEX import_fetches_state ON import_fetches(state, job_id)",
        # for the query language: status:… and the site:/source: scans (covering indexes,
        # so a filter never reads the wide items rows)
        "CREATE INDEX IF NOT EXISTS items_paywall ON items(deleted_at, paywall_status, added_at)",
        "CREATE INDEX IF NOT EXISTS items_sites ON items(url, site_name, deleted_at)",
        "CREATE INDEX IF NOT EXISTS items_sources ON items(source, source_url, deleted_at)",
    ):
        db.conn.execute(sql)


@_migration
def m008_excerpt(db: Database) -> None:
    """An excerpt (the start of the best version's text) per item, for the list's cards."""
    db.conn.execute("ALTER TABLE items ADD COLUMN excerpt TEXT")
    db.conn.execute(
        "UPDATE items SET excerpt = (SELECT substr(trim(replace(replace(v.text, char(10), ' '), "
        "char(13), ' ')), 1, 240) FROM versions v WHERE v.id = items.best_version_id) "
        "WHERE best_version_id IS NOT NULL"
    )


# One live item per URL: items.url is the canonical key of what was saved. Other URLs of
# the same article (as typed, redirect target, canonical link) are its aliases.
_ALIASES = (
    "CREATE TABLE item_aliases (url TEXT PRIMARY KEY, "
    "item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE) WITHOUT ROWID",
    "CREATE INDEX item_aliases_item ON item_aliases(item_id)",
)
UNIQUE_URL = "CREATE UNIQUE INDEX items_url_live ON items(url) WHERE deleted_at IS NULL"


@_migration
def m003_unique_urls(db: Database) -> None:
    """No userinfo in stored URLs; duplicates merged; one live item per URL; aliases; hashes."""
    from reader.core.storage import merge

    conn = db.conn
    triggers = conn.execute(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'items_fts_ai'"
    ).fetchone()[0]
    merge.scrub_userinfo(conn)
    merge.merge_duplicates(conn, fts_by_hand=not triggers)
    conn.execute("DROP INDEX IF EXISTS items_url")
    conn.execute(UNIQUE_URL)
    for sql in _ALIASES:
        conn.execute(sql)
    merge.record_aliases(conn)
    conn.execute("ALTER TABLE versions ADD COLUMN content_hash TEXT")
    merge.hash_versions(conn)


@_migration
def m004_compact(db: Database) -> None:
    """External-content FTS kept by triggers; text, derived HTML and raw pages in zstd."""
    from reader.core.storage import blobs, fts

    conn = db.conn
    conn.execute("ALTER TABLE versions ADD COLUMN text_z BLOB")
    conn.execute("ALTER TABLE versions ADD COLUMN html_z BLOB")
    ids = [row[0] for row in conn.execute("SELECT id FROM versions ORDER BY id")]
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        batch = conn.execute(
            "SELECT id, raw_html, text, html FROM versions WHERE id BETWEEN ? AND ?",
            (chunk[0], chunk[-1]),
        ).fetchall()
        conn.executemany(
            "UPDATE versions SET raw_html = ?, text_z = ?, text = '', html_z = ?, html = '' "
            "WHERE id = ?",
            [
                (
                    blobs.pack_page(blobs.unpack(raw)),
                    blobs.pack_text(text or ""),
                    blobs.pack_text(html or ""),
                    vid,
                )
                for vid, raw, text, html in batch
            ],
        )
    conn.execute("DROP TABLE IF EXISTS items_fts")
    fts.create(conn)


def apply_migrations(db: Database) -> None:
    """Bring the schema up to date; refuse a library written by a newer reader."""
    unknown = [m.name for m in MIGRATIONS.applied(db) if m.name not in _KNOWN]
    if unknown:
        raise StorageError(
            "this library was created by a newer version of reader "
            f"(unknown migrations: {', '.join(unknown)})"
        )
    MIGRATIONS.apply(db)


def pending_migrations(db: Database) -> list[str]:
    """Names of the migrations this library still needs."""
    return [m.name for m in MIGRATIONS.pending(db)]


def applied_migrations(db: Database) -> list[str]:
    """Names of the applied migrations, in order."""
    return [m.name for m in MIGRATIONS.applied(db)]
