"""Saving items and their versions, placeholders, and reading them back."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.errors import NotFoundError, StorageError
from reader.core.models import Article, Item, Version
from reader.core.storage import rows
from reader.core.storage.base import StorageBase, api


class ItemsMixin(StorageBase):
    """Item and version operations of :class:`Storage`."""

    # ---- lookups -----------------------------------------------------------------------
    @api
    def find_by_url(self, url: str) -> int | None:
        """Id of the live item whose url, original_url or canonical_url equals ``url``."""
        return self._find_url(url)

    @api
    def get_item(self, item_id: int) -> Item:
        """One live item (NotFoundError if missing or deleted)."""
        return self._item(item_id)

    @api
    def get_items(self, ids: Sequence[int]) -> list[Item]:
        """Live items for ``ids``, in the order given; missing or deleted ids are skipped."""
        return self._items(ids)

    @api
    def get_version(self, version_id: int) -> Version:
        """One version of a live item (NotFoundError otherwise)."""
        row = self._x(
            f"SELECT {rows.VERSION_COLUMNS} FROM versions v JOIN items i ON i.id = v.item_id "
            "WHERE v.id = ? AND +i.deleted_at IS NULL",
            (version_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no version with id {version_id}")
        return rows.row_to_version(row)

    @api
    def best_version(self, item_id: int) -> Version:
        """The version the item shows (NotFoundError for a placeholder without text)."""
        best = self._require(item_id)["best_version_id"]
        if best is None:
            raise NotFoundError(f"item {item_id} has no saved text yet")
        return self.get_version(best)

    @api
    def versions(self, item_id: int) -> list[Version]:
        """Every version of a live item, oldest first."""
        self._require(item_id)
        cur = self._x(
            f"SELECT {rows.VERSION_COLUMNS} FROM versions v WHERE v.item_id = ? ORDER BY v.id",
            (item_id,),
        )
        return [rows.row_to_version(row) for row in cur]

    @api
    def raw_html(self, version_id: int) -> bytes | None:
        """The page as downloaded for a version (decompressed), or None if not kept."""
        row = self._x(
            "SELECT v.raw_html FROM versions v JOIN items i ON i.id = v.item_id "
            "WHERE v.id = ? AND +i.deleted_at IS NULL",
            (version_id,),
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no version with id {version_id}")
        return rows.decompress(row[0])

    # ---- saving ------------------------------------------------------------------------
    @api
    def add_item(
        self,
        article: Article,
        *,
        url: str,
        original_url: str,
        raw: bytes | None,
        origin: str,
        tags: Sequence[str] = (),
    ) -> Item:
        """Save a new item with its first version, FTS row and tags in one transaction."""
        rows.check_origin(origin)
        now = self._now()
        cols = rows.article_item_columns(article)
        cols.update(url=url, original_url=original_url, added_at=now, updated_at=now)
        with self._tx():
            item_id = self._insert("items", cols)
            version_id = self._insert_version(item_id, article, raw, origin, article.url or url)
            self._x("UPDATE items SET best_version_id = ? WHERE id = ?", (version_id, item_id))
            self._fts_sync(item_id, fresh=True)
            self._attach_tags(item_id, tags)
        return self._item(item_id)

    @api
    def add_placeholder(self, url: str, original_url: str) -> Item:
        """A 'saving' row without text, shown by the GUI while the page is fetched."""
        now = self._now()
        cols = {
            "url": url,
            "original_url": original_url,
            "added_at": now,
            "updated_at": now,
            "status": "saving",
        }
        with self._tx():
            item_id = self._insert("items", cols)
            self._fts_sync(item_id, fresh=True)
        return self._item(item_id)

    @api
    def fill_placeholder(
        self,
        item_id: int,
        article: Article,
        raw: bytes | None,
        origin: str,
        tags: Sequence[str] = (),
    ) -> Item:
        """Turn a 'saving'/'failed' placeholder into a ready item (keeps its added_at)."""
        rows.check_origin(origin)
        row = self._require(item_id)
        if row["status"] == "ready":
            raise StorageError(f"item {item_id} is not a placeholder")
        cols = rows.article_item_columns(article)
        with self._tx():
            version_id = self._insert_version(
                item_id, article, raw, origin, article.url or row["url"]
            )
            self._update(item_id, **cols, best_version_id=version_id, status="ready", error=None)
            self._fts_sync(item_id)
            self._attach_tags(item_id, tags)
        return self._item(item_id)

    @api
    def mark_failed(self, item_id: int, error: str) -> None:
        """Record why a placeholder's fetch failed; ready or unknown items are left alone."""
        with self._tx():
            self._x(
                "UPDATE items SET status = 'failed', error = ?, updated_at = ? "
                "WHERE id = ? AND status != 'ready' AND deleted_at IS NULL",
                (error, self._now(), item_id),
            )

    @api
    def remove_placeholder(self, item_id: int) -> None:
        """Delete a placeholder row for good; ready items and unknown ids are left alone."""
        with self._tx():
            cur = self._x("DELETE FROM items WHERE id = ? AND status != 'ready'", (item_id,))
            if cur.rowcount:
                self._x("DELETE FROM items_fts WHERE rowid = ?", (item_id,))

    @api
    def add_version(
        self, item_id: int, article: Article, *, raw: bytes | None, origin: str, url: str | None
    ) -> tuple[Item, bool]:
        """Record another fetch; it becomes the best version only if it is not worse.

        Returns the item and whether the new version became best. When it does, the
        item's metadata, verdict, word count and needs_full_text follow it; reading
        progress, state, favourite and tags are kept.
        """
        rows.check_origin(origin)
        row = self._require(item_id)
        with self._tx():
            version_id = self._insert_version(item_id, article, raw, origin, url or article.url)
            best = None
            if row["best_version_id"] is not None:
                best = self._x(
                    "SELECT paywall_status, word_count FROM versions WHERE id = ?",
                    (row["best_version_id"],),
                ).fetchone()
            better = best is None or rows.is_better(
                article.paywall.status, article.word_count, best[0], best[1]
            )
            if better:
                cols = rows.article_item_columns(article)
                for name in rows.META_FIELDS:  # a field the new page lacks keeps its value
                    if cols[name] is None:
                        del cols[name]
                self._update(
                    item_id, **cols, best_version_id=version_id, status="ready", error=None
                )
                self._fts_sync(item_id)
            else:
                self._update(item_id)
        return self._item(item_id), better

    # ---- helpers -----------------------------------------------------------------------
    def _insert_version(
        self, item_id: int, article: Article, raw: bytes | None, origin: str, url: str | None
    ) -> int:
        cols = rows.article_version_columns(article)
        cols.update(
            item_id=item_id,
            fetched_at=self._now(),
            origin=origin,
            url=url,
            raw_html=rows.compress(raw),
        )
        return self._insert("versions", cols)
