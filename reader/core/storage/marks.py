"""The user's complete/truncated marks (table ``user_marks``) for :class:`Storage`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from reader.core.errors import ReaderError
from reader.core.models import MARKS, UserMark
from reader.core.storage.base import StorageBase, api


def _row_to_mark(row: sqlite3.Row) -> UserMark:
    try:
        sigs = json.loads(row["signatures"] or "[]")
    except json.JSONDecodeError:
        sigs = []
    return UserMark(
        item_id=row["item_id"],
        mark=row["mark"],
        host=row["host"],
        url=row["url"],
        signatures=tuple(str(s) for s in sigs if isinstance(s, str)),
        marked_at=row["marked_at"],
    )


class MarksMixin(StorageBase):
    """Marks are kept per item; marking also sets the item's needs-full-text flag."""

    @api
    def set_mark(
        self,
        item_id: int,
        mark: str,
        *,
        host: str,
        url: str | None,
        signatures: Sequence[str] = (),
    ) -> None:
        """Store the user's mark (replacing an older one) and set the queue flag to match."""
        if mark not in MARKS:
            raise ReaderError(f"a mark is one of {', '.join(MARKS)}, not {mark!r}")
        self._require(item_id)
        with self._tx():
            self._x(
                "INSERT INTO user_marks(item_id, mark, host, url, signatures, marked_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET "
                "mark = excluded.mark, host = excluded.host, url = excluded.url, "
                "signatures = excluded.signatures, marked_at = excluded.marked_at",
                (item_id, mark, host, url, json.dumps(list(signatures)), self._now()),
            )
            self._update(item_id, needs_full_text=int(mark == "truncated"))

    @api
    def clear_mark(self, item_id: int, needs_full_text: bool) -> None:
        """Forget the user's mark; the queue flag becomes ``needs_full_text``."""
        self._require(item_id)
        with self._tx():
            self._x("DELETE FROM user_marks WHERE item_id = ?", (item_id,))
            self._update(item_id, needs_full_text=int(bool(needs_full_text)))

    @api
    def get_mark(self, item_id: int) -> UserMark | None:
        """The user's mark on one item, if any."""
        row = self._x("SELECT * FROM user_marks WHERE item_id = ?", (item_id,)).fetchone()
        return _row_to_mark(row) if row is not None else None

    @api
    def user_marks(self, host: str | None = None) -> list[UserMark]:
        """Marks on live items (of one host, or all), newest first."""
        sql = (
            "SELECT m.* FROM user_marks m JOIN items i ON i.id = m.item_id "
            "WHERE i.deleted_at IS NULL"
        )
        params: tuple[str, ...] = ()
        if host is not None:
            sql += " AND m.host = ?"
            params = (host,)
        cur = self._x(sql + " ORDER BY m.marked_at DESC, m.item_id DESC", params)
        return [_row_to_mark(row) for row in cur]
