"""The full-text index: a contentless FTS5 table, kept equal to a view by triggers.

``items_fts`` (columns title, byline, site_name, source, text; rowid = items.id) indexes
every live item: its metadata and its best version's text. It stores no copy of them
(``content=''``): the text lives once, zstd-compressed, in ``versions.text_z``. The view
``items_fts_source`` says what the index must hold; it reads the text through
``reader_text()``, a function every Storage connection registers (:func:`register`).
Queries use ``items_fts MATCH`` and ``rank``/``bm25()`` as before; column values and
``snippet()``/``highlight()`` are not available from a contentless table.

Triggers on ``items`` and ``versions`` keep the index equal to the view: any change to an
indexed column, to ``best_version_id`` or to ``deleted_at`` — made by any code, in any
process — removes the old entry (with the old values, as FTS5 needs) and adds the new one.
Nothing else writes to ``items_fts``. A tool without reader_text() (the sqlite3 shell) can
read and dump the library, but not write items.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

COLUMNS = ("title", "byline", "site_name", "source", "text")
_COLS = ", ".join(COLUMNS)

VIEW = """
CREATE VIEW items_fts_source AS
SELECT i.id AS id, i.title AS title, i.byline AS byline, i.site_name AS site_name,
       i.source AS source, COALESCE(reader_text(v.text_z), v.text, '') AS text
FROM items i LEFT JOIN versions v ON v.id = i.best_version_id
WHERE i.deleted_at IS NULL
"""

TABLE = """
CREATE VIRTUAL TABLE items_fts USING fts5(
    title, byline, site_name, source, text,
    content = '',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
)
"""

# bm25 weights per column: a title hit counts most, body text least.
RANK = "INSERT INTO items_fts(items_fts, rank) VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 3.0, 1.0)')"


# versions keep their text zstd-compressed in text_z; reader_text() (a function every
# Storage connection registers) unpacks it.
TEXT = "COALESCE(reader_text({0}text_z), {0}text, '')"


def _text_of(row: str) -> str:
    return (
        f"COALESCE((SELECT {TEXT.format('')} FROM versions WHERE id = {row}.best_version_id), '')"
    )


def _add(row: str) -> str:
    return (
        f"INSERT INTO items_fts(rowid, {_COLS}) SELECT {row}.id, {row}.title, {row}.byline, "
        f"{row}.site_name, {row}.source, {_text_of(row)} WHERE {row}.deleted_at IS NULL;"
    )


def _remove(row: str) -> str:
    return (
        f"INSERT INTO items_fts(items_fts, rowid, {_COLS}) SELECT 'delete', {row}.id, "
        f"{row}.title, {row}.byline, {row}.site_name, {row}.source, {_text_of(row)} "
        f"WHERE {row}.deleted_at IS NULL;"
    )


_CHANGED = " OR ".join(
    [f"OLD.{c} IS NOT NEW.{c}" for c in ("title", "byline", "site_name", "source")]
    + ["OLD.best_version_id IS NOT NEW.best_version_id", "OLD.id IS NOT NEW.id"]
    + ["(OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)"]
)
# A version's text changing (or the version going) while it is some live item's best.
_BEST_OF = "FROM items i WHERE i.best_version_id = OLD.id AND i.deleted_at IS NULL"

TRIGGERS = (
    f"CREATE TRIGGER items_fts_ai AFTER INSERT ON items BEGIN {_add('NEW')} END",
    "CREATE TRIGGER items_fts_au AFTER UPDATE OF title, byline, site_name, source, "
    f"best_version_id, deleted_at, id ON items WHEN {_CHANGED} "
    f"BEGIN {_remove('OLD')} {_add('NEW')} END",
    f"CREATE TRIGGER items_fts_bd BEFORE DELETE ON items BEGIN {_remove('OLD')} END",
    "CREATE TRIGGER versions_fts_au AFTER UPDATE OF text, text_z ON versions "
    "WHEN OLD.text IS NOT NEW.text OR OLD.text_z IS NOT NEW.text_z BEGIN "
    f"INSERT INTO items_fts(items_fts, rowid, {_COLS}) SELECT 'delete', i.id, i.title, "
    f"i.byline, i.site_name, i.source, {TEXT.format('OLD.')} {_BEST_OF}; "
    f"INSERT INTO items_fts(rowid, {_COLS}) SELECT i.id, i.title, i.byline, i.site_name, "
    f"i.source, {TEXT.format('NEW.')} {_BEST_OF}; END",
    "CREATE TRIGGER versions_fts_bd BEFORE DELETE ON versions BEGIN "
    f"INSERT INTO items_fts(items_fts, rowid, {_COLS}) SELECT 'delete', i.id, i.title, "
    f"i.byline, i.site_name, i.source, {TEXT.format('OLD.')} {_BEST_OF}; "
    f"INSERT INTO items_fts(rowid, {_COLS}) SELECT i.id, i.title, i.byline, i.site_name, "
    f"i.source, '' {_BEST_OF}; END",
)


def register(conn: sqlite3.Connection) -> None:
    """Give a connection the reader_text() function the view and triggers call."""
    from reader.core.storage.blobs import unpack_text

    def reader_text(blob: bytes | None) -> str | None:
        return None if blob is None else unpack_text(blob)

    conn.create_function("reader_text", 1, reader_text, deterministic=True)


_FILL = f"INSERT INTO {{0}}(rowid, {_COLS}) SELECT id, {_COLS} FROM items_fts_source"


def create(conn: sqlite3.Connection) -> None:
    """Create the view, the index (filled from the view) and its triggers."""
    for sql in (VIEW, TABLE, RANK, *TRIGGERS):
        conn.execute(sql)
    conn.execute(_FILL.format("items_fts"))


def differences(conn: sqlite3.Connection) -> int:
    """How many (term, item, column, position) entries the index and the view disagree on.

    The index is checked for damage first (sqlite3.DatabaseError), then compared with a
    fresh index of the view, entry by entry. For tests and repairs: it re-indexes every
    item.
    """
    conn.execute("INSERT INTO items_fts(items_fts, rank) VALUES ('integrity-check', 0)")
    options = "content = '', tokenize = 'unicode61 remove_diacritics 2'"
    conn.execute(f"CREATE VIRTUAL TABLE temp.fts_expected USING fts5({_COLS}, {options})")
    try:
        conn.execute(_FILL.format("temp.fts_expected"))
        for name, table in (("fts_have", "items_fts"), ("fts_want", "fts_expected")):
            schema = "main" if table == "items_fts" else "temp"
            conn.execute(
                f"CREATE VIRTUAL TABLE temp.{name} USING fts5vocab({schema}, {table}, instance)"
            )
        entries = "SELECT term, doc, col, offset FROM temp.{0}"
        row = conn.execute(
            f"SELECT (SELECT COUNT(*) FROM ({entries.format('fts_have')} EXCEPT "
            f"{entries.format('fts_want')})) + (SELECT COUNT(*) FROM ("
            f"{entries.format('fts_want')} EXCEPT {entries.format('fts_have')}))"
        ).fetchone()
        return int(row[0])
    finally:
        for name in ("fts_have", "fts_want", "fts_expected"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{name}")
