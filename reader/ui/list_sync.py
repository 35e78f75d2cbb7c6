"""Keeping the window in step with the library: the list, the sidebar's numbers and the
article open in the reader pane, after the app's own changes and after another process
(``reader add`` in a terminal) wrote to the same library.

Nothing here changes the library; it only re-reads it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from reader.core.errors import ReaderError

if TYPE_CHECKING:
    from reader.core.models import Item
    from reader.core.service import Library
    from reader.ui.article_model import ArticleListModel
    from reader.ui.item_actions import ItemActions
    from reader.ui.reader_pane import ReaderPane
    from reader.ui.sidebar import Sidebar

logger = logging.getLogger(__name__)

EXTERNAL_CHECK_MS = 2000  # how often to look for writes by another process (the CLI)


class ListSync(QObject):
    """Re-reads what changed; polls SQLite's data_version for other writers."""

    def __init__(
        self,
        library: Library,
        model: ArticleListModel,
        sidebar: Sidebar,
        reader: ReaderPane,
        items: ItemActions,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.model = model
        self.sidebar = sidebar
        self.reader = reader
        self.items = items
        self._token = library.change_token()
        self._timer = QTimer(self, interval=EXTERNAL_CHECK_MS)
        self._timer.timeout.connect(self.check_external_changes)
        self._timer.start()

    def refresh_counts(self) -> None:
        """Re-read the sidebar numbers and tags."""
        try:
            self.sidebar.update_counts(self.library.counts(), self.library.tags())
        except ReaderError as exc:
            logger.warning("counts not refreshed: %s", exc)

    def check_external_changes(self) -> None:
        """Reload the list and counts when another process wrote to the library."""
        try:
            token = self.library.change_token()
        except ReaderError:
            return
        if token != self._token:
            self._token = token
            self.model.reload()
            self.refresh_counts()
            self._refresh_open_item()

    def item_changed(self, item_id: int) -> None:
        self.items_changed([item_id])

    def items_changed(self, item_ids: list[int]) -> None:
        """These items changed (state, tags, text): their rows, the counts, the open one."""
        for item_id in item_ids:
            self.model.refresh_item(item_id)
        self.model.refresh()
        self.refresh_counts()
        self._refresh_open_item(item_ids)
        self.items.update_enabled()

    def list_changed(self) -> None:
        """Items came or went (a save, an import)."""
        self.model.refresh()
        self.refresh_counts()

    def progress(self, item: Item) -> None:
        """The reader pane saved where the user stopped; a finished article changes view."""
        row = self.model.row_of(item.id)
        before = self.model.item_at(row) if row is not None else None
        self.model.refresh_item(item.id)
        if before is None or before.state != item.state:  # it moved between views
            self.model.refresh()
            self.refresh_counts()

    def _refresh_open_item(self, changed: list[int] | None = None) -> None:
        """Re-read the article in the reader pane if it is among ``changed`` (None: any)."""
        current = self.reader.item
        if current is None or (changed is not None and current.id not in changed):
            return
        try:
            self.reader.update_item(self.library.get(current.id))
        except ReaderError:
            pass  # deleted: the list moved on and the pane follows the selection
