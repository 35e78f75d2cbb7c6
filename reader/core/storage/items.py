"""Saving items and their versions, placeholders, and reading them back."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.errors import NotFoundError, StorageError
from reader.core.models import Article, Item, Version
from reader.core.redact import redact
from reader.core.storage import blobs, rows
from reader.core.storage.base import StorageBase, api


class ItemsMixin(StorageBase):
    """Item and version operations of :class:`Storage`."""

    # ---- lookups -----------------------------------------------------------------------
    @api
    def find_by_url(self, url: str) -> int | None:
        """Id of the live item saved under ``url`` or known by it (an alias, the URL as
        typed, its canonical link), else None."""
        return self._lookup([url])

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
        return blobs.unpack(row[0])

    # ---- saving ------------------------------------------------------------------------
    @api
    def save(
        self,
        article: Article,
        *,
        url: str,
        original_url: str,
        raw: bytes | None,
        origin: str,
        tags: Sequence[str] = (),
        aliases: Sequence[str] = (),
        placeholder_id: int | None = None,
    ) -> tuple[Item, bool]:
        """Save a prepared page: a new item, or another version of the item it already is.

        The look-up (``url``, then ``aliases``) and the write happen in one write
        transaction, so two processes saving the same URL at once make one item. A
        placeholder (``placeholder_id``, or a not-yet-ready item found by URL) is filled
        in; a version the item already has (same text and verdict) adds nothing. Returns the
        item and whether it was in the library already.
        """
        rows.check_origin(origin)
        keys = rows.unique([url, *aliases])
        with self._tx():
            found = self._lookup(keys, exclude=placeholder_id)
            if placeholder_id is not None and found is not None:
                self._drop_placeholder(placeholder_id)
            elif placeholder_id is not None and self._live(placeholder_id):
                found = placeholder_id  # the GUI's 'saving…' row (another process may have
                # filled it in meanwhile: then this is a new version of it)
            if found is None:
                item_id = self._new_item(article, url, original_url, raw, origin)
                duplicate = False
            else:
                item_id = found
                duplicate = self._require(found)["status"] == "ready"
                if duplicate:
                    self._record_version(found, article, raw, origin, original_url)
                else:
                    self._fill(found, article, raw, origin)
            self._attach_tags(item_id, tags)
            self._add_aliases(item_id, keys)
        return self._item(item_id), duplicate

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
        """Save a new item with its first version and tags in one transaction.

        Refused (StorageError) when a live item is saved under ``url`` already: use
        :meth:`save` to add to it instead.
        """
        rows.check_origin(origin)
        with self._tx():
            if self._lookup([url]) is not None:
                raise StorageError(f"an item is saved under {url} already")
            item_id = self._new_item(article, url, original_url, raw, origin)
            self._attach_tags(item_id, tags)
        return self._item(item_id)

    @api
    def add_placeholder(self, url: str, original_url: str) -> Item:
        """A 'saving' row without text, shown by the GUI while the page is fetched.

        If the URL is saved already (another process may have just saved it), that item
        is returned instead: its status tells the caller.
        """
        now = self._now()
        cols = {
            "url": url,
            "original_url": original_url,
            "added_at": now,
            "updated_at": now,
            "status": "saving",
        }
        with self._tx():
            found = self._lookup([url])
            item_id = found if found is not None else self._insert("items", cols)
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
        with self._tx():
            if self._require(item_id)["status"] == "ready":
                raise StorageError(f"item {item_id} is not a placeholder")
            self._fill(item_id, article, raw, origin)
            self._attach_tags(item_id, tags)
        return self._item(item_id)

    @api
    def mark_failed(self, item_id: int, error: str) -> None:
        """Record why a placeholder's fetch failed; ready or unknown items are left alone."""
        with self._tx():
            self._x(
                "UPDATE items SET status = 'failed', error = ?, updated_at = ? "
                "WHERE id = ? AND status != 'ready' AND deleted_at IS NULL",
                (redact(error), self._now(), item_id),
            )

    @api
    def remove_placeholder(self, item_id: int) -> None:
        """Delete a placeholder row for good; ready items and unknown ids are left alone."""
        with self._tx():
            self._drop_placeholder(item_id)

    @api
    def add_version(
        self, item_id: int, article: Article, *, raw: bytes | None, origin: str, url: str | None
    ) -> tuple[Item, bool]:
        """Record another fetch; it becomes the best version only if it is not worse.

        Returns the item and whether the new version became best. When it does, the
        item's metadata, verdict, word count and needs_full_text follow it; reading
        progress, state, favourite and tags are kept. A version the item already has (same
        text and verdict: the content hash) is not added again (True if it is the best).
        """
        rows.check_origin(origin)
        with self._tx():
            self._require(item_id)
            better = self._record_version(item_id, article, raw, origin, url)
        return self._item(item_id), better

    # ---- helpers (callers hold the lock and a transaction) -------------------------------
    def _new_item(
        self, article: Article, url: str, original_url: str, raw: bytes | None, origin: str
    ) -> int:
        now = self._now()
        cols = rows.article_item_columns(article)
        cols.update(url=url, original_url=original_url, added_at=now, updated_at=now)
        item_id = self._insert("items", cols)
        version_id = self._insert_version(item_id, article, raw, origin, article.url or url)
        self._x("UPDATE items SET best_version_id = ? WHERE id = ?", (version_id, item_id))
        return item_id

    def _fill(self, item_id: int, article: Article, raw: bytes | None, origin: str) -> None:
        row = self._require(item_id)
        version_id = self._insert_version(item_id, article, raw, origin, article.url or row["url"])
        cols = rows.article_item_columns(article)
        self._update(item_id, **cols, best_version_id=version_id, status="ready", error=None)

    def _record_version(
        self, item_id: int, article: Article, raw: bytes | None, origin: str, url: str | None
    ) -> bool:
        """Add a version unless it is known (same text and verdict); best unless worse.

        True if the item now shows this text (a new best version, or the same text as
        its best one).
        """
        row = self._require(item_id)
        digest = rows.article_hash(article)
        known = self._x(
            "SELECT id FROM versions WHERE item_id = ? AND content_hash = ?", (item_id, digest)
        ).fetchone()
        if known is not None:
            return bool(known[0] == row["best_version_id"])
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
            self._update(item_id, **cols, best_version_id=version_id, status="ready", error=None)
        else:
            self._update(item_id)
        return better

    def _live(self, item_id: int) -> bool:
        row = self._x("SELECT 1 FROM items WHERE id = ? AND deleted_at IS NULL", (item_id,))
        return row.fetchone() is not None

    def _drop_placeholder(self, item_id: int) -> None:
        self._x("DELETE FROM items WHERE id = ? AND status != 'ready'", (item_id,))

    def _add_aliases(self, item_id: int, keys: Sequence[str]) -> None:
        """Remember other URLs of an item (one that names a deleted item moves over)."""
        own = self._x("SELECT url FROM items WHERE id = ?", (item_id,)).fetchone()[0]
        for key in keys:
            if key and key != own:
                self._x(
                    "INSERT INTO item_aliases(url, item_id) VALUES (?, ?) ON CONFLICT(url) "
                    "DO UPDATE SET item_id = excluded.item_id WHERE item_aliases.item_id NOT IN "
                    "(SELECT id FROM items WHERE deleted_at IS NULL)",
                    (key, item_id),
                )

    def _insert_version(
        self, item_id: int, article: Article, raw: bytes | None, origin: str, url: str | None
    ) -> int:
        cols = rows.article_version_columns(article)
        cols.update(
            item_id=item_id,
            fetched_at=self._now(),
            origin=origin,
            url=url,
            raw_html=blobs.pack_page(raw),
        )
        return self._insert("versions", cols)
