"""Saving from the GUI: a 'saving…' row at once, the fetch in the pool, the commit here.

The worker only calls ``library.prepare``/``prepare_html`` (network and parsing, no
database); the result comes back to the GUI thread, which commits it.
"""

from __future__ import annotations

import logging
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from reader.core.errors import ReaderError
from reader.core.intake.sources import PAGE_SUFFIXES
from reader.core.redact import redact

if TYPE_CHECKING:
    from reader.core.service import AddResult, Library, Prepared
    from reader.ui.article_model import ArticleListModel
    from reader.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


def describe_error(error: BaseException) -> str:
    """A reason fit to show on a row."""
    if isinstance(error, ReaderError):
        return str(error) or type(error).__name__
    return f"unexpected error: {type(error).__name__}: {error}"


class SaveController(QObject):
    """Starts saves and follows them to the end; the window listens to its signals."""

    list_changed = Signal()  # rows were added or removed: re-run the list query
    item_updated = Signal(int)  # one row changed in place
    saved = Signal(int)  # an item is ready (new, filled in, or a new version)
    already_saved = Signal(int)  # the URL was in the library already
    message = Signal(str)  # something to tell the user in passing

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner,
        model: ArticleListModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._tasks = tasks
        self._model = model

    # ---- entry points -----------------------------------------------------------------
    def save_urls(self, urls: list[str]) -> None:
        """Save several URLs (each gets its own row)."""
        for url in urls:
            self.save_url(url)

    def save_url(self, url: str) -> int | None:
        """Save one URL; returns the id of its row (None when nothing was started)."""
        try:
            existing = self._library.existing(url)
            if existing is not None:
                self.already_saved.emit(existing.id)
                self.message.emit(f"Already in your library: {existing.title or url}")
                return existing.id
            placeholder = self._library.add_placeholder(url)
        except ReaderError as exc:
            self.message.emit(f"Cannot save {redact(url)}: {exc}")
            return None
        self._model.set_saving(placeholder.id, True)  # before the row shows up
        self.list_changed.emit()
        self._start_fetch(placeholder.id, url)
        return placeholder.id

    def retry(self, item_id: int) -> None:
        """Fetch a failed (or interrupted) row again."""
        if self._model.is_saving(item_id):
            return
        try:
            item = self._library.get(item_id)
        except ReaderError as exc:
            self.message.emit(str(exc))
            return
        if item.status == "ready":
            return
        self._start_fetch(item_id, item.original_url)
        self.item_updated.emit(item_id)

    def save_file(self, path: Path) -> None:
        """Save a local .html or .txt file (fast enough to need no placeholder row)."""
        self._tasks.submit(
            self._library.prepare,
            str(path),
            on_success=self._commit_new,
            on_error=partial(self._report, f"Cannot save {path.name}"),
        )

    def save_html(self, html: str, url: str | None = None) -> None:
        """Save HTML handed over by the user (a copied page) as an article."""
        self._tasks.submit(
            self._library.prepare_html,
            html,
            url,
            "clipboard",
            on_success=self._commit_new,
            on_error=partial(self._report, "Cannot save the copied page"),
        )

    def save_sources(self, sources: list[str]) -> None:
        """URLs and file paths, as dropped on the window."""
        for source in sources:
            path = Path(source)
            if source.startswith(("http://", "https://")):
                self.save_url(source)
            elif path.suffix.lower() in PAGE_SUFFIXES and path.is_file():
                self.save_file(path)
            else:
                self.message.emit(f"Reader saves web pages, .html and .txt files, not {path.name}")

    # ---- results (GUI thread) ---------------------------------------------------------
    def _start_fetch(self, item_id: int, url: str) -> None:
        self._model.set_saving(item_id, True)
        self._tasks.submit(
            self._library.prepare,
            url,
            on_success=partial(self._fetched, item_id),
            on_error=partial(self._fetch_failed, item_id),
        )

    def _fetched(self, item_id: int, prepared: Prepared) -> None:
        self._model.set_saving(item_id, False)
        try:
            result = self._library.commit(prepared, placeholder_id=item_id)
        except ReaderError as exc:
            self._fetch_failed(item_id, exc)
            return
        self._announce(result, placeholder_id=item_id)

    def _fetch_failed(self, item_id: int, error: BaseException) -> None:
        self._model.set_saving(item_id, False)
        if not isinstance(error, ReaderError):
            logger.error("saving item %d failed", item_id, exc_info=error)
        try:
            self._library.mark_failed(item_id, describe_error(error))
        except ReaderError as exc:
            logger.warning("could not record the failure of item %d: %s", item_id, exc)
        self.item_updated.emit(item_id)

    def _commit_new(self, prepared: Prepared) -> None:
        try:
            result = self._library.commit(prepared)
        except ReaderError as exc:
            self.message.emit(f"Cannot save {redact(prepared.source)}: {exc}")
            return
        self._announce(result)

    def _announce(self, result: AddResult, placeholder_id: int | None = None) -> None:
        item = result.item
        if result.duplicate:
            self.message.emit(f"Already in your library; kept as a new version: {item.title}")
            self.list_changed.emit()
            self.item_updated.emit(item.id)  # its row and the open article show the new best
        elif placeholder_id is None:
            self.list_changed.emit()
        else:
            self.item_updated.emit(item.id)
        self.saved.emit(item.id)

    def _report(self, what: str, error: BaseException) -> None:
        if not isinstance(error, ReaderError):
            logger.error("%s", what, exc_info=error)
        self.message.emit(f"{what}: {describe_error(error)}")
