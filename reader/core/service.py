"""The façade both front ends use: save, read, organise. Synchronous and Qt-free.

Saving is split in two so a GUI can run the slow half in a worker thread:
``prepare()`` does network and parsing and touches no database; ``commit()`` writes
the result and must run on the thread that owns the storage.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.errors import ExtractionError, InvalidSourceError, ReaderError
from reader.core.intake import sources
from reader.core.models import Item, Prepared, Progress, UserMark, Version
from reader.core.site_rules import site_key

if TYPE_CHECKING:
    from reader.core.intake.fetch import Fetcher
    from reader.core.retrieve.manager import Retrieval
    from reader.core.storage import Storage

logger = logging.getLogger(__name__)


@dataclass
class AddResult:
    """What ``add``/``commit`` did."""

    item: Item
    duplicate: bool = False


class Library:
    """Use-cases over one library file."""

    def __init__(self, storage: Storage, fetcher: Fetcher | None = None) -> None:
        from reader.core.retrieve.manager import Retrieval

        self.storage = storage
        self._fetcher = fetcher
        # the user's marks, as plain data a worker may read while analysing a page
        self._marks: tuple[UserMark, ...] = tuple(storage.user_marks())
        self._marks_token = storage.data_version()
        self.retrieval: Retrieval = Retrieval(self)  # credentials, retrieval, versions, ledger

    @property
    def raw_fetcher(self) -> Fetcher:
        """The plain HTTP fetcher, created on first use (keeps httpx out of offline commands)."""
        if self._fetcher is None:
            from reader.core.intake.fetch import Fetcher

            self._fetcher = Fetcher()
        return self._fetcher

    @property
    def fetcher(self) -> Fetcher:
        """The fetcher for new saves: signed in when a saved credential covers the URL."""
        return self.retrieval.signed_in_fetcher(self.raw_fetcher)

    # ---- saving -------------------------------------------------------------------------
    def existing(self, source: str) -> Item | None:
        """The saved item for a URL source, if the library has it already (GUI thread).

        Found by the URL's canonical form, or as an alias: the address as typed, a redirect
        target or canonical link seen when an earlier save of the same article fetched it.
        """
        spec = sources.classify(source)
        if spec.kind != "url":
            return None
        item_id = self.storage.find_by_url(spec.key)
        if item_id is None and spec.original != spec.key:
            item_id = self.storage.find_by_url(spec.original)
        return self.storage.get_item(item_id) if item_id is not None else None

    def prepare(self, source: str, stdin: bytes | None = None) -> Prepared:
        """Fetch or read ``source`` and analyse it. No database access: safe in a worker."""
        spec = sources.classify(source)
        if spec.kind == "stdin" and stdin is None:
            stdin = sources.read_stdin(sys.stdin.buffer)
        return sources.load(
            spec,
            fetcher=self.fetcher if spec.kind == "url" else None,
            stdin=stdin,
            marks=self.site_marks(excluding=spec.key),
        )

    def prepare_html(
        self, html: str, url: str | None = None, origin: str = "clipboard"
    ) -> Prepared:
        """Analyse HTML the user handed over (clipboard, drop, browser capture)."""
        return sources.from_html(html, url=url, origin=origin, marks=self.site_marks())

    def commit(
        self, prepared: Prepared, tags: Sequence[str] = (), placeholder_id: int | None = None
    ) -> AddResult:
        """Store a prepared source; an already-saved article gets a new version, not a new item.

        The check and the write are one transaction (two processes saving the same URL make
        one item); the same text saved again adds no version.
        """
        meta = prepared.article.meta
        item, duplicate = self.storage.save(
            prepared.article,
            url=prepared.url,
            original_url=prepared.original_url,
            raw=prepared.raw,
            origin=prepared.origin,
            tags=tags,
            aliases=_url_keys(prepared.original_url, prepared.article.url, meta.canonical_url),
            placeholder_id=placeholder_id,
        )
        return AddResult(item, duplicate=duplicate)

    def add(self, source: str, tags: Sequence[str] = (), stdin: bytes | None = None) -> AddResult:
        """Save one source synchronously (CLI). A URL already saved returns the existing item
        without downloading it again; one whose save failed or is unfinished is fetched."""
        found = self.existing(source)
        if found is not None and found.status == "ready":
            if tags:
                self.storage.add_tags(found.id, tags)
                found = self.storage.get_item(found.id)
            return AddResult(found, duplicate=True)
        return self.commit(self.prepare(source, stdin=stdin), tags=tags)

    def reanalyse(self, item_id: int) -> tuple[Item, bool]:
        """Re-run extraction on the stored page, without the network.

        The result is kept as a new version; it becomes the one shown only if it is not
        worse than the current best (returns the item and whether it did).
        """
        best = self.storage.best_version(item_id)
        raw = self.storage.raw_html(best.id)
        if raw is None:
            raise ExtractionError(f"item {item_id} has no stored page to re-extract")
        data = sources.decode(raw)
        kind = _stored_kind(best.origin)
        url = best.url if best.url and best.url.startswith(("http://", "https://")) else None
        article = sources.analyse(data, url, kind, self.site_marks(excluding=item_id))
        return self.storage.add_version(item_id, article, raw=raw, origin=best.origin, url=best.url)

    def add_placeholder(self, source: str) -> Item:
        """A 'saving…' row for a URL whose fetch is running (GUI)."""
        spec = sources.classify(source)
        if spec.kind != "url":
            raise InvalidSourceError("only URLs get a placeholder row")
        return self.storage.add_placeholder(spec.key, spec.original)

    def mark_failed(self, item_id: int, message: str) -> None:
        """Record why a placeholder's fetch failed (GUI shows it with Retry)."""
        self.storage.mark_failed(item_id, message)

    def discard_placeholder(self, item_id: int) -> None:
        """Drop a placeholder row the user gave up on."""
        self.storage.remove_placeholder(item_id)

    # ---- reading ------------------------------------------------------------------------
    def get(self, item_id: int) -> Item:
        """One item."""
        return self.storage.get_item(item_id)

    def content(self, item_id: int) -> Version:
        """The best stored version (text, sanitised HTML, verdict) of an item."""
        return self.storage.best_version(item_id)

    def list_items(self, **filters: object) -> list[Item]:
        """Items matching storage filters (state, needs_full_text, tag, favourite, order...)."""
        return self.storage.list_items(**filters)  # type: ignore[arg-type]

    def list_ids(self, **filters: object) -> list[int]:
        """Ids only, cheap enough for 50,000 rows."""
        return self.storage.list_ids(**filters)  # type: ignore[arg-type]

    def get_items(self, ids: Sequence[int]) -> list[Item]:
        """Several items at once, in the order asked."""
        return self.storage.get_items(list(ids))

    def counts(self) -> dict[str, int]:
        """Counts for the sidebar views."""
        return self.storage.counts()

    def tags(self) -> list[tuple[str, int]]:
        """Every tag with how many items carry it."""
        return self.storage.all_tags()

    def search(self, query: str, limit: int = 200) -> list[Item]:
        """Items a query finds (words, "phrases", OR, -word, filters), best match first."""
        return self.storage.get_items(self.query_ids(query, limit=limit))

    def search_ids(self, query: str, limit: int = 5000) -> list[int]:
        """Ids of search-box hits, best first; the last word typed matches as a prefix."""
        return self.query_ids(query, limit=limit, prefix_last=True)

    def query_ids(
        self,
        query: str,
        *,
        order: str = "rank",
        descending: bool = True,
        limit: int | None = None,
        prefix_last: bool = False,
    ) -> list[int]:
        """Ids a query of the query language finds (QueryError points at a bad token).

        An empty query finds nothing for ``order='rank'`` (a search) and everything
        otherwise (a listing).
        """
        from reader.core.query import parse

        node = parse(query, prefix_last=prefix_last)
        if node is None:
            if order == "rank":
                return []
            return self.storage.list_ids(order=order, descending=descending, limit=limit)
        return self.storage.query_ids(node, order=order, descending=descending, limit=limit)

    # ---- organising ---------------------------------------------------------------------
    def set_progress(self, item_id: int, fraction: float, anchor: str | None = None) -> Item:
        """Remember where the user stopped; the first progress moves unread → reading."""
        if not 0.0 <= fraction <= 1.0:
            raise InvalidSourceError(f"progress must be between 0 and 1, not {fraction}")
        self.storage.set_progress(item_id, Progress(fraction=fraction, anchor=anchor))
        item = self.storage.get_item(item_id)
        if item.state == "unread" and fraction > 0:
            self.storage.set_state(item_id, "reading")
            item = self.storage.get_item(item_id)
        return item

    def set_state(self, item_id: int, state: str) -> Item:
        """Move an item to unread, reading, finished or archived."""
        self.storage.set_state(item_id, state)
        return self.storage.get_item(item_id)

    def set_favourite(self, item_id: int, favourite: bool) -> Item:
        """Star or unstar."""
        self.storage.set_favourite(item_id, favourite)
        return self.storage.get_item(item_id)

    def add_tags(self, item_id: int, tags: Sequence[str]) -> Item:
        """Add tags (case-insensitive, duplicates ignored)."""
        self.storage.add_tags(item_id, tags)
        return self.storage.get_item(item_id)

    def remove_tags(self, item_id: int, tags: Sequence[str]) -> Item:
        """Remove tags."""
        self.storage.remove_tags(item_id, tags)
        return self.storage.get_item(item_id)

    def set_needs_full_text(self, item_id: int, needed: bool) -> Item:
        """User override: 'mark complete' (False) or 'mark needs full text' (True)."""
        self.storage.set_needs_full_text(item_id, needed)
        return self.storage.get_item(item_id)

    # ---- the user's marks ---------------------------------------------------------------
    def mark(self, item_id: int, mark: str) -> Item:
        """The user's verdict, "complete" or "truncated", kept with the page's wall shapes.

        It sets the needs-full-text flag to match, and becomes evidence for the next
        pages of the same site that carry the same wall box or marker line.
        """
        item = self.storage.get_item(item_id)
        self.storage.set_mark(
            item_id,
            mark,
            host=site_key(
                (item.url, item.original_url, item.canonical_url), (item.source, item.site_name)
            ),
            url=item.url,
            signatures=self._signatures(item),
        )
        return self._marks_changed(item_id)

    def unmark(self, item_id: int) -> Item:
        """Forget the user's mark; the flag goes back to what the verdict says."""
        item = self.storage.get_item(item_id)
        self.storage.clear_mark(item_id, needs_full_text=item.paywall.needs_full_text)
        return self._marks_changed(item_id)

    def user_mark(self, item_id: int) -> UserMark | None:
        """The user's mark on an item, if any."""
        return self.storage.get_mark(item_id)

    def restore_mark(self, item_id: int, previous: UserMark | None, needed: bool) -> Item:
        """Put back an earlier mark (or none) and flag: the undo of :meth:`mark`."""
        if previous is None:
            self.storage.clear_mark(item_id, needs_full_text=needed)
        else:
            self.storage.set_mark(
                item_id,
                previous.mark,
                host=previous.host,
                url=previous.url,
                signatures=previous.signatures,
            )
            self.storage.set_needs_full_text(item_id, needed)
        return self._marks_changed(item_id)

    def site_marks(self, excluding: int | str | None = None) -> tuple[UserMark, ...]:
        """The marks snapshot (plain data), without one item's own (by id or URL)."""
        return tuple(m for m in self._marks if excluding not in (m.item_id, m.url))

    def _marks_changed(self, item_id: int) -> Item:
        self._marks = tuple(self.storage.user_marks())
        return self.storage.get_item(item_id)

    def _signatures(self, item: Item) -> list[str]:
        """The wall signatures stored with the item's verdict; older items are re-read."""
        if item.paywall.signatures:
            return list(item.paywall.signatures)
        try:
            best = self.storage.best_version(item.id)
            raw = self.storage.raw_html(best.id)
        except ReaderError:
            return []
        if raw is None:
            return []
        url = best.url if best.url and best.url.startswith(("http://", "https://")) else None
        try:
            article = sources.analyse(sources.decode(raw), url, _stored_kind(best.origin))
        except ReaderError:
            return []
        return list(article.paywall.signatures)

    def delete(self, item_id: int) -> None:
        """Delete (undoable with :meth:`undelete`)."""
        self.storage.delete(item_id)

    def undelete(self, item_id: int) -> Item:
        """Bring back a deleted item."""
        self.storage.undelete(item_id)
        return self.storage.get_item(item_id)

    # ---- for front ends (added for the GUI) ---------------------------------------------
    @staticmethod
    def find_urls(text: str) -> list[str]:
        """Every http(s) URL in pasted, dropped or copied text, in order, without duplicates."""
        from reader.core.intake.urls import extract_urls

        return extract_urls(text)

    def change_token(self) -> int:
        """Changes whenever another process has written to the library (poll it)."""
        token = self.storage.data_version()
        if token != self._marks_token:  # another process may have marked pages
            self._marks_token = token
            self._marks = tuple(self.storage.user_marks())
        return token

    def close(self) -> None:
        """Close the library file (the GUI does this when it quits)."""
        self.storage.close()


def _stored_kind(origin: str) -> str:
    """How to analyse a stored page again, by where it came from."""
    return "text" if origin == "text" else "sniff" if origin == "stdin" else "html"


def _url_keys(*urls: str | None) -> list[str]:
    """The canonical forms of those of ``urls`` that are http(s) URLs."""
    from reader.core.intake.urls import canonicalize, strip_userinfo

    keys = []
    for url in urls:
        if url and url.lower().startswith(("http://", "https://")):
            try:
                keys.append(canonicalize(strip_userinfo(url)))
            except InvalidSourceError:
                continue
    return keys


def default_db_path() -> Path:
    """The default library: ``READER_DB`` or ``library.db`` in the user data dir."""
    import os

    env = os.environ.get("READER_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("reader", appauthor=False)) / "library.db"


def open_library(db: str | Path | None = None, fetcher: Fetcher | None = None) -> Library:
    """Open (creating if needed) a library file and wrap it in a :class:`Library`."""
    from reader.core.storage import Storage

    path = Path(db).expanduser() if db else default_db_path()
    return Library(Storage(path), fetcher)
