"""Listing, search and organising (state, progress, tags, deletion) for :class:`Storage`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from reader.core.errors import StorageError
from reader.core.models import STATES, Item, Progress
from reader.core.storage import rows
from reader.core.storage.base import StorageBase, api
from reader.core.storage.schema import IN_PROGRESS_WHERE, NOT_READY_ROWS

StateFilter = str | Sequence[str] | None

# bm25 costs about a microsecond per matching row, so a query matching most of a big
# library ranks only its newest RANK_WINDOW matches (a narrower query ranks them all).
RANK_WINDOW = 2000


class LibraryMixin(StorageBase):
    """Queries and organising operations of :class:`Storage`."""

    # ---- listing -----------------------------------------------------------------------
    @api
    def list_ids(
        self,
        *,
        state: StateFilter = None,
        needs_full_text: bool | None = None,
        tag: str | None = None,
        favourite: bool | None = None,
        in_progress: bool | None = None,
        status: str | None = None,
        order: str = "added",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[int]:
        """Ids of live items matching the filters, in list order (cheap even for 50k rows)."""
        where, params = rows.filter_sql(
            state=state,
            needs_full_text=needs_full_text,
            tag=tag,
            favourite=favourite,
            in_progress=in_progress,
            status=status,
        )
        sql = f"SELECT id FROM items WHERE {where} ORDER BY {rows.order_sql(order, descending)}"
        if limit is not None or offset:
            sql += " LIMIT ? OFFSET ?"
            params += [-1 if limit is None else max(0, limit), max(0, offset)]
        # One JSON array instead of 50,000 Python row tuples: about twice as fast. The
        # ordered subquery is never flattened into an aggregate, so its order is kept.
        row = self._x(f"SELECT json_group_array(id) FROM ({sql})", params).fetchone()
        ids: list[int] = json.loads(row[0])
        return ids

    @api
    def list_items(
        self,
        *,
        state: StateFilter = None,
        needs_full_text: bool | None = None,
        tag: str | None = None,
        favourite: bool | None = None,
        in_progress: bool | None = None,
        status: str | None = None,
        order: str = "added",
        descending: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Item]:
        """Live items matching the filters (``state=None`` means every state)."""
        ids = self.list_ids(
            state=state,
            needs_full_text=needs_full_text,
            tag=tag,
            favourite=favourite,
            in_progress=in_progress,
            status=status,
            order=order,
            descending=descending,
            limit=limit,
            offset=offset,
        )
        return self._items(ids)

    @api
    def count_items(
        self,
        *,
        state: StateFilter = None,
        needs_full_text: bool | None = None,
        tag: str | None = None,
        favourite: bool | None = None,
        in_progress: bool | None = None,
        status: str | None = None,
    ) -> int:
        """How many live items match the filters."""
        where, params = rows.filter_sql(
            state=state,
            needs_full_text=needs_full_text,
            tag=tag,
            favourite=favourite,
            in_progress=in_progress,
            status=status,
        )
        return int(self._x(f"SELECT COUNT(*) FROM items WHERE {where}", params).fetchone()[0])

    @api
    def counts(self) -> dict[str, int]:
        """Sidebar counts: all, each state (saved articles only), favourites, needs_full_text,
        in_progress, and failed and saving (saves not finished)."""
        out = dict.fromkeys(("all", *STATES, "favourites", "needs_full_text", "in_progress"), 0)
        cur = self._x(
            "SELECT state, favourite, needs_full_text, COUNT(*) FROM items "
            "WHERE deleted_at IS NULL GROUP BY state, favourite, needs_full_text"
        )
        for state, favourite, needs_full_text, n in cur:
            out["all"] += n
            out[state] += n
            out["favourites"] += n if favourite else 0
            out["needs_full_text"] += n if needs_full_text else 0
        row = self._x(f"SELECT COUNT(*) FROM items WHERE {IN_PROGRESS_WHERE}").fetchone()
        out["in_progress"] = int(row[0])
        # failed and unfinished saves have a state column too, but they are not articles yet
        out["failed"] = out["saving"] = 0
        cur = self._x(f"SELECT status, state, COUNT(*) FROM {NOT_READY_ROWS} GROUP BY 1, 2")
        for status, state, n in cur:
            out[state] -= n
            out[status] += n
        return out

    @api
    def data_version(self) -> int:
        """A number that changes when another connection (e.g. the CLI) commits a write."""
        return int(self._x("PRAGMA data_version").fetchone()[0])

    # ---- search ------------------------------------------------------------------------
    @api
    def search_ids(self, query: str, *, limit: int = 5000) -> list[int]:
        """Ids of live items matching free text, best match first (bm25, see RANK_WINDOW)."""
        match = rows.fts_query(query)
        if match is None or limit <= 0:
            return []
        cur = self._db.conn.cursor()
        cur.row_factory = None
        try:
            cur.execute(
                "SELECT rowid FROM (SELECT rowid, rank FROM items_fts WHERE items_fts MATCH ? "
                "ORDER BY rowid DESC LIMIT ?) ORDER BY rank, rowid DESC LIMIT ?",
                (match, max(limit, RANK_WINDOW), limit),
            )
            return [r[0] for r in cur]
        except sqlite3.OperationalError:  # belt and braces: odd input never raises
            return []

    @api
    def search(self, query: str, *, limit: int = 200) -> list[Item]:
        """Live items matching free text (every word, the last one as a prefix), best first."""
        return self._items(self.search_ids(query, limit=limit))

    # ---- organising --------------------------------------------------------------------
    @api
    def set_progress(self, item_id: int, progress: Progress) -> None:
        """Remember how far the reader got (fraction clamped to 0..1)."""
        row = self._require(item_id)
        now = self._now()
        fraction = min(1.0, max(0.0, float(progress.fraction)))
        cols = {
            "progress_fraction": fraction,
            "progress_anchor": progress.anchor,
            "progress_updated_at": progress.updated_at or now,
        }
        if fraction > 0 and row["read_at"] is None:
            cols["read_at"] = now
        with self._tx():
            self._update(item_id, **cols)

    @api
    def set_state(self, item_id: int, state: str) -> None:
        """Move an item to unread, reading, finished or archived (records finished_at)."""
        rows.check_state(state)
        row = self._require(item_id)
        now = self._now()
        cols: dict[str, object] = {"state": state}
        if state == "finished" and row["state"] != "finished":
            cols["finished_at"] = now
        elif state in ("unread", "reading"):
            cols["finished_at"] = None
        if state == "reading" and row["read_at"] is None:
            cols["read_at"] = now
        with self._tx():
            self._update(item_id, **cols)

    @api
    def set_favourite(self, item_id: int, favourite: bool) -> None:
        """Star or unstar an item."""
        self._require(item_id)
        with self._tx():
            self._update(item_id, favourite=int(bool(favourite)))

    @api
    def set_needs_full_text(self, item_id: int, needed: bool) -> None:
        """User override: mark an item complete (False) or as needing the full text (True)."""
        self._require(item_id)
        with self._tx():
            self._update(item_id, needs_full_text=int(bool(needed)))

    # ---- tags --------------------------------------------------------------------------
    @api
    def add_tags(self, item_id: int, tags: Sequence[str]) -> None:
        """Add tags (case-insensitive; an existing tag keeps its first spelling)."""
        self._require(item_id)
        with self._tx():
            self._attach_tags(item_id, tags)
            self._update(item_id)

    @api
    def remove_tags(self, item_id: int, tags: Sequence[str]) -> None:
        """Remove tags (case-insensitive); tags no item uses any more disappear."""
        self._require(item_id)
        with self._tx():
            for name in rows.clean_tags(tags):
                self._x(
                    "DELETE FROM item_tags WHERE item_id = ? "
                    "AND tag_id = (SELECT id FROM tags WHERE name = ?)",
                    (item_id, name),
                )
            self._drop_orphan_tags()
            self._update(item_id)

    @api
    def set_tags(self, item_id: int, tags: Sequence[str]) -> None:
        """Replace an item's tags with exactly ``tags``."""
        self._require(item_id)
        with self._tx():
            self._x("DELETE FROM item_tags WHERE item_id = ?", (item_id,))
            self._attach_tags(item_id, tags)
            self._drop_orphan_tags()
            self._update(item_id)

    @api
    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag on a live item, with its item count, by name."""
        # Count every tagging, then subtract the (few) soft-deleted items' ones.
        cur = self._x(
            "WITH gone AS (SELECT it.tag_id, COUNT(*) AS n FROM items i "
            "  CROSS JOIN item_tags it ON it.item_id = i.id "
            "  WHERE i.deleted_at IS NOT NULL GROUP BY it.tag_id), "
            "everyone AS (SELECT tag_id, COUNT(*) AS n FROM item_tags GROUP BY tag_id) "
            "SELECT t.name, e.n - COALESCE(g.n, 0) AS live FROM everyone e "
            "JOIN tags t ON t.id = e.tag_id LEFT JOIN gone g ON g.tag_id = e.tag_id "
            "WHERE live > 0 ORDER BY t.name COLLATE NOCASE"
        )
        return [(name, int(count)) for name, count in cur]

    # ---- deletion ----------------------------------------------------------------------
    @api
    def delete(self, item_id: int) -> None:
        """Soft-delete an item (hidden everywhere, removed from search; undoable)."""
        self._require(item_id)
        now = self._now()
        with self._tx():
            self._update(item_id, deleted_at=now)  # the FTS triggers drop its entry

    @api
    def undelete(self, item_id: int) -> None:
        """Bring back a soft-deleted item, search entry included.

        Refused (StorageError) if the same URL has been saved again meanwhile.
        """
        with self._tx():
            row = self._require(item_id, deleted=True)
            taken = self._x(
                "SELECT id FROM items WHERE url = ? AND deleted_at IS NULL", (row["url"],)
            ).fetchone()
            if taken is not None:
                raise StorageError(
                    f"cannot restore item {item_id}: item {taken[0]} holds the same URL now"
                )
            self._update(item_id, deleted_at=None)  # the FTS triggers index it again

    @api
    def purge_deleted(self) -> int:
        """Erase soft-deleted items, their versions and unused tags for good; returns how many."""
        with self._tx():
            cur = self._x("DELETE FROM items WHERE deleted_at IS NOT NULL")
            self._drop_orphan_tags()
            return cur.rowcount
