"""Connection handling, transactions and shared helpers of :class:`Storage`."""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, ParamSpec, Self, TypeVar

from sqlite_utils.db import Database

from reader.core.errors import NotFoundError, StorageError
from reader.core.models import Item
from reader.core.storage import fts, rows
from reader.core.storage.schema import (
    applied_migrations,
    apply_migrations,
    pending_migrations,
)

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="StorageBase")

BUSY_TIMEOUT_MS = 5000
CACHE_KIB = 32768  # page cache: keeps a 50k-item library's indexes in memory
_CHUNK = 500  # ids per IN (...) query


def api(fn: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Serialise a public method on the storage lock and turn sqlite errors into StorageError."""

    @functools.wraps(fn)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._lock:
            try:
                return fn(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise StorageError(f"{fn.__name__} failed on {self.path}: {exc}") from exc

    return wrapper


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """Put the file in WAL mode, waiting out another process that is doing the same.

    When two processes open a new library at once, SQLite can answer the journal-mode
    switch with "database is locked" at once, without waiting on the busy timeout (the
    other process holds the lock only for the switch itself). So retry, with a short
    backoff, until the same timeout has passed.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchall()
            return
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


class StorageBase:
    """Owns the connection; subclasses add the item and library operations."""

    def __init__(self, path: str | Path, *, clock: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path).expanduser()
        self._clock = clock or rows.utc_now
        self._lock = threading.RLock()
        self._closed = False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create the folder for {self.path}: {exc}") from exc
        conn = self._connect()
        try:
            self._setup(conn)
        except BaseException:
            conn.close()
            raise

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                str(self.path),
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,  # no implicit transactions: writes use atomic()
                check_same_thread=False,  # access is serialised by self._lock instead
            )
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open {self.path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        return conn

    def _setup(self, conn: sqlite3.Connection) -> None:
        try:
            self._db = Database(conn, execute_plugins=False)
            fts.register(conn)  # reader_text(): the search index reads compressed texts
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            _switch_to_wal(conn)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute("PRAGMA temp_store = MEMORY")
            if not pending_migrations(self._db):
                apply_migrations(self._db)  # nothing to do, but refuses a newer library
            else:
                # one process migrates; another opening the file at once waits, then finds
                # nothing left to do (a deferred transaction would fail on its first write)
                # (secure_delete: what an upgrade removes — a URL's userinfo — is zeroed)
                conn.execute("PRAGMA secure_delete = ON")
                conn.execute("BEGIN IMMEDIATE")
                try:
                    apply_migrations(self._db)
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
                conn.execute("PRAGMA secure_delete = OFF")
        except sqlite3.Error as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StorageError(
                    f"{self.path} is not a reader library (not an SQLite database, "
                    f"or damaged): {exc}"
                ) from exc
            raise StorageError(f"cannot open the library {self.path}: {exc}") from exc

    # ---- lifecycle --------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._db.conn.close()

    @property
    def closed(self) -> bool:
        """True once :meth:`close` ran."""
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Run many writes in one transaction, committed at the end (nested blocks are safe)."""
        with self._lock:
            try:
                with self._tx():
                    yield
            except sqlite3.Error as exc:
                raise StorageError(f"batch failed on {self.path}: {exc}") from exc

    @api
    def migrations(self) -> list[str]:
        """Names of the applied schema migrations."""
        return applied_migrations(self._db)

    # ---- helpers for subclasses (callers hold the lock) -------------------------------
    @contextmanager
    def _tx(self) -> Iterator[None]:
        """A write transaction, or a savepoint inside an open one.

        BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout for
        another process): what is read inside is what the write sees, so a check made
        here — "is this URL saved?" — cannot be overtaken by another writer.
        """
        conn = self._db.conn
        if conn.in_transaction:
            with self._db.atomic():
                yield
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.conn.in_transaction:  # an error may have ended it already
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _x(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> sqlite3.Cursor:
        return self._db.conn.execute(sql, params)

    def _now(self) -> str:
        return rows.iso(self._clock())

    def _require(self, item_id: int, *, deleted: bool = False) -> sqlite3.Row:
        """The items row, live (or soft-deleted when ``deleted``), else NotFoundError."""
        cond = "+deleted_at IS NOT NULL" if deleted else "+deleted_at IS NULL"
        row: sqlite3.Row | None = self._x(
            f"SELECT * FROM items WHERE id = ? AND {cond}", (item_id,)
        ).fetchone()
        if row is None:
            what = "deleted item" if deleted else "item"
            raise NotFoundError(f"no {what} with id {item_id}")
        return row

    def _insert(self, table: str, cols: dict[str, Any]) -> int:
        """INSERT one row of named columns; its id."""
        names = ", ".join(cols)
        marks = ", ".join(f":{name}" for name in cols)
        cur = self._x(f"INSERT INTO {table} ({names}) VALUES ({marks})", cols)
        assert cur.lastrowid is not None
        return cur.lastrowid

    def _find_url(self, url: str) -> int | None:
        """Id of the live item saved under or known by ``url`` (see :meth:`_lookup`)."""
        return self._lookup([url])

    def _lookup(self, keys: Sequence[str], exclude: int | None = None) -> int | None:
        """The live item any of ``keys`` names, in order of preference: its own URL, an
        alias (item_aliases), the URL as typed, its canonical link."""
        for key in keys:
            row = self._x(
                "SELECT id FROM ("
                " SELECT id, 0 AS p FROM items WHERE url = :u AND deleted_at IS NULL"
                " UNION ALL SELECT a.item_id, 1 FROM item_aliases a JOIN items i"
                "  ON i.id = a.item_id WHERE a.url = :u AND i.deleted_at IS NULL"
                " UNION ALL SELECT id, 2 FROM items WHERE original_url = :u AND deleted_at IS NULL"
                " UNION ALL SELECT id, 3 FROM items WHERE canonical_url = :u AND deleted_at IS NULL"
                ") WHERE id IS NOT :x ORDER BY p, id LIMIT 1",
                {"u": key, "x": exclude},
            ).fetchone()
            if row is not None:
                return int(row[0])
        return None

    def _update(self, item_id: int, **cols: Any) -> None:
        """UPDATE one item's columns, bumping updated_at."""
        cols["updated_at"] = self._now()
        assignments = ", ".join(f"{name} = :{name}" for name in cols)
        self._x(f"UPDATE items SET {assignments} WHERE id = :_id", {**cols, "_id": item_id})

    def _tags_for(self, ids: Sequence[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            cur = self._x(
                "SELECT it.item_id, t.name FROM item_tags it JOIN tags t ON t.id = it.tag_id "
                f"WHERE it.item_id IN ({marks}) ORDER BY t.name COLLATE NOCASE",
                chunk,
            )
            for item_id, name in cur:
                out.setdefault(item_id, []).append(name)
        return out

    def _items(self, ids: Sequence[int]) -> list[Item]:
        """Live items for ``ids`` in that order; missing or deleted ids are skipped."""
        ids = list(ids)
        found: dict[int, sqlite3.Row] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            cur = self._x(
                f"SELECT {rows.ITEM_COLUMNS} FROM items "
                f"WHERE id IN ({marks}) AND +deleted_at IS NULL",
                chunk,
            )
            found.update((row["id"], row) for row in cur)
        tags = self._tags_for(list(found))
        return [rows.row_to_item(found[i], tags.get(i, [])) for i in ids if i in found]

    def _item(self, item_id: int) -> Item:
        items = self._items([item_id])
        if not items:
            raise NotFoundError(f"no item with id {item_id}")
        return items[0]

    def _attach_tags(self, item_id: int, names: Sequence[str]) -> None:
        """Give an item tags, creating missing ones (an existing tag keeps its spelling)."""
        for name in rows.clean_tags(names):
            self._x("INSERT INTO tags(name) VALUES (?) ON CONFLICT(name) DO NOTHING", (name,))
            self._x(
                "INSERT OR IGNORE INTO item_tags(item_id, tag_id) "
                "SELECT ?, id FROM tags WHERE name = ?",
                (item_id, name),
            )

    def _drop_orphan_tags(self) -> None:
        self._x("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM item_tags)")
