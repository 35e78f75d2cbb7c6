"""The article list's table model: ids are queried up front, items fetched in batches."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from reader.core.errors import ReaderError
from reader.ui import formatting
from reader.ui.views import VIEWS, View

if TYPE_CHECKING:
    from reader.core.models import Item
    from reader.core.service import Library

logger = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex

_USER = Qt.ItemDataRole.UserRole.value
ITEM_ROLE = _USER + 1  # the Item
ID_ROLE = _USER + 2  # its id
STATUS_ROLE = _USER + 3  # 'ready' | 'saving' | 'failed'
PROGRESS_ROLE = _USER + 4  # fraction 0..1
TRUNCATED_ROLE = _USER + 5  # bool: needs full text
BADGE_ROLE = _USER + 6  # 'truncated' | 'saving' | 'failed' | '' (none)
CARD_ROLE = _USER + 7  # (title, site line, excerpt, added, reading time, unread) for a card

_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
_RIGHT = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value
_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

TITLE, SITE, ADDED, PUBLISHED, TIME, PROGRESS = range(6)
_HEADERS = ("Title", "Site / source", "Added", "Published", "Time", "Progress")
# Columns the storage can sort by, and the order key it takes.
SORT_KEYS = {TITLE: "title", ADDED: "added", PUBLISHED: "published", PROGRESS: "progress"}


BATCH = 200  # items fetched per fetchMore()
FIRST_BATCH = 60  # items loaded with a new query: a screenful and some, the rest on demand


class ArticleListModel(QAbstractTableModel):
    """Items of one view (or one search), most recent first unless sorted otherwise."""

    query_failed = Signal(str)  # e.g. a search the index refused

    def __init__(self, library: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self._library = library
        self._view: View = VIEWS[0]
        self._search = ""
        self._order = self._view.order
        self._descending = self._view.descending
        self._ids: list[int] = []
        self._items: list[Item] = []  # loaded prefix of _ids
        self._row_of: dict[int, int] = {}
        self._saving: set[int] = set()  # fetches running in this session
        self._texts: dict[int, tuple[str, ...]] = {}  # display strings per item id
        self._cards: dict[int, tuple[Any, ...]] = {}  # card strings per item id
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- what is shown ----------------------------------------------------------------
    @property
    def view(self) -> View:
        """The sidebar view the rows come from."""
        return self._view

    @property
    def search_text(self) -> str:
        """The active search ('' for none)."""
        return self._search

    @property
    def order(self) -> tuple[str, bool]:
        """(order key, descending)."""
        return self._order, self._descending

    def ids(self) -> list[int]:
        """Every item id the view holds, loaded or not, in list order."""
        return list(self._ids)

    @property
    def total(self) -> int:
        """Rows the view has, loaded or not."""
        return len(self._ids)

    def set_view(self, view: View) -> None:
        """Show another view, in its own default order."""
        self._view = view
        self._order, self._descending = view.order, view.descending
        self._reset()

    def set_search(self, text: str) -> None:
        """Filter by a full-text search ('' clears it)."""
        text = text.strip()
        if text != self._search:
            self._search = text
            self._reset()

    def set_order(self, order: str, descending: bool) -> None:
        """Sort by one of the storage orders."""
        if (order, descending) != (self._order, self._descending):
            self._order, self._descending = order, descending
            self._reset()

    def set_saving(self, item_id: int, saving: bool) -> None:
        """Mark an item whose fetch runs right now (shown as 'saving…')."""
        if saving:
            self._saving.add(item_id)
        else:
            self._saving.discard(item_id)
        self._changed(item_id)

    def is_saving(self, item_id: int) -> bool:
        """Whether a fetch for this item runs right now."""
        return item_id in self._saving

    def status_of(self, item: Item) -> str:
        """'saving' for running fetches, 'failed' for failed or interrupted ones, else 'ready'."""
        if item.id in self._saving:
            return "saving"
        if item.status == "saving":  # left over from a session that quit mid-fetch
            return "failed"
        return item.status

    # ---- lookups ----------------------------------------------------------------------
    def item_at(self, row: int) -> Item | None:
        """The item shown on a row."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, item_id: int) -> int | None:
        """The row of a loaded item."""
        return self._row_of.get(item_id)

    def ensure_loaded(self, item_id: int, within: int | None = None) -> int | None:
        """Fetch batches until ``item_id`` is loaded; its row, or None if not in the view.

        With ``within``, give up (None) when that would mean loading more than ``within``
        further rows: a search should not load thousands of rows to keep a selection.
        """
        if item_id not in self._row_of and item_id in set(self._ids[len(self._items) :]):
            target = self._ids.index(item_id)
            if within is not None and target - len(self._items) > within:
                return None
            while len(self._items) <= target and self.canFetchMore(QModelIndex()):
                self.fetchMore(QModelIndex())
        return self._row_of.get(item_id)

    def contains(self, item_id: int) -> bool:
        """Whether the view holds the item, loaded or not."""
        return item_id in self._row_of or item_id in self._ids

    # ---- updates ----------------------------------------------------------------------
    def refresh_item(self, item_id: int) -> None:
        """Re-read one item after it changed (no change of membership)."""
        row = self._row_of.get(item_id)
        if row is None:
            return
        found = self._library.get_items([item_id])
        if found:
            self._items[row] = found[0]
            self._changed(item_id)

    def refresh(self) -> None:
        """Re-run the query after items were added, removed or moved between views."""
        new_ids = self._query()
        if new_ids == self._ids:
            return
        if self._only_removed(new_ids) or self._only_prepended(new_ids):
            return
        self._reset(new_ids, keep=max(len(self._items), FIRST_BATCH))

    def reload(self) -> None:
        """Another process changed the library: re-run the query, then re-read loaded rows.

        Rows are updated in place where possible, so the view keeps its scroll position.
        """
        self.refresh()
        fresh = {item.id: item for item in self._library.get_items([i.id for i in self._items])}
        for row, old in enumerate(self._items):
            new = fresh.get(old.id)
            if new is not None and new != old:
                self._items[row] = new
                self._changed(new.id)

    def _only_removed(self, new_ids: list[int]) -> bool:
        keep = set(new_ids)
        if len(new_ids) >= len(self._ids) or [i for i in self._ids if i in keep] != new_ids:
            return False
        for row in range(len(self._items) - 1, -1, -1):
            if self._items[row].id not in keep:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                del self._ids[row]
                self.endRemoveRows()
        self._ids = new_ids
        self._reindex()
        return True

    def _only_prepended(self, new_ids: list[int]) -> bool:
        extra = len(new_ids) - len(self._ids)
        if extra <= 0 or new_ids[extra:] != self._ids:
            return False
        items = self._library.get_items(new_ids[:extra])
        if len(items) != extra:
            return False
        self.beginInsertRows(QModelIndex(), 0, extra - 1)
        self._ids = new_ids
        self._items[:0] = items
        self._reindex()
        self.endInsertRows()
        return True

    # ---- Qt model API -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._items) < len(self._ids)

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid():
            return
        self._load(BATCH)

    def _load(self, count: int) -> None:
        """Append up to ``count`` rows from the ids not loaded yet."""
        start = len(self._items)
        items = self._fetch(start, count)
        if not items:
            return
        self.beginInsertRows(QModelIndex(), start, start + len(items) - 1)
        self._items.extend(items)
        for offset, item in enumerate(items):
            self._row_of[item.id] = start + offset
        self.endInsertRows()

    def _fetch(self, start: int, count: int) -> list[Item]:
        """Items for ids[start:start+count]; ids that vanished meanwhile are dropped."""
        batch = self._ids[start : start + count]
        items = self._library.get_items(batch) if batch else []
        if len(items) != len(batch):  # keep ids and rows aligned
            self._ids[start : start + len(batch)] = [item.id for item in items]
        return items

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every role of every visible cell on each paint: plain int roles,
        # display strings cached per item, no enum arithmetic on the way.
        row = index.row()
        if row < 0 or row >= len(self._items):
            return None
        item = self._items[row]
        if role == _DISPLAY:
            texts = self._texts.get(item.id)
            if texts is None:
                texts = self._texts[item.id] = self._row_texts(item)
            return texts[index.column()]
        if role < _USER:  # Qt's roles: most are asked for and not used
            if role == _FONT:
                return self._bold if index.column() == TITLE and item.state == "unread" else None
            if role == _ALIGNMENT:
                return _RIGHT if index.column() in (TIME, PROGRESS) else None
            if role == _TOOLTIP:
                return self._tooltip(item)
            return None
        if role == CARD_ROLE:
            card = self._cards.get(item.id)
            if card is None:
                card = self._cards[item.id] = self._card(item)
            return card
        if role == BADGE_ROLE:
            status = self.status_of(item)
            if status != "ready":
                return status
            return "truncated" if item.needs_full_text else ""
        if role == STATUS_ROLE:
            return self.status_of(item)
        if role == PROGRESS_ROLE:
            return float(item.progress.fraction)
        if role == TRUNCATED_ROLE:
            return bool(item.needs_full_text)
        if role == ITEM_ROLE:
            return item
        if role == ID_ROLE:
            return item.id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORT_KEYS.get(column)
        if key is not None:
            self.set_order(key, order == Qt.SortOrder.DescendingOrder)

    # ---- internals --------------------------------------------------------------------
    def _row_texts(self, item: Item) -> tuple[str, ...]:
        status = self.status_of(item)
        if status == "failed":
            site = item.error or "Saving was interrupted"
        elif status == "saving":
            site = formatting.host_of(item.original_url)
        else:
            site = formatting.site_label(item)
        return (
            formatting.display_title(item),
            site,
            formatting.format_added(item.added_at),
            formatting.format_date(item.source_published or item.published),
            formatting.reading_time(item.reading_minutes),
            f"{formatting.percent(item.progress.fraction)} %",
        )

    def _card(self, item: Item) -> tuple[Any, ...]:
        status = self.status_of(item)
        texts = self._texts.get(item.id) or self._row_texts(item)
        if status == "failed":
            excerpt = f"Saving failed: {item.error or 'interrupted'}"
        elif status == "saving":
            excerpt = "Saving… the page is downloading."
        else:
            excerpt = item.excerpt or ""
        site = texts[SITE] if status != "failed" else formatting.host_of(item.original_url)
        return (texts[TITLE], site, excerpt, texts[ADDED], texts[TIME], item.state == "unread")

    def _tooltip(self, item: Item) -> str:
        status = self.status_of(item)
        lines = [formatting.display_title(item), item.original_url or item.url]
        if status == "failed":
            lines.append(f"Saving failed: {item.error or 'interrupted'}")
        elif status == "saving":
            lines.append("Saving…")
        if item.needs_full_text:
            lines.append(formatting.truncated_headline(item))
        return "\n".join(lines)

    def _changed(self, item_id: int) -> None:
        self._texts.pop(item_id, None)
        self._cards.pop(item_id, None)
        row = self._row_of.get(item_id)
        if row is not None:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    def _query(self) -> list[int]:
        filters = dict(self._view.filters)
        try:
            if self._search:
                hits = self._library.search_ids(self._search)
                if not filters:
                    return hits
                allowed = set(self._library.list_ids(**filters))
                return [i for i in hits if i in allowed]
            return self._library.list_ids(**filters, order=self._order, descending=self._descending)
        except ReaderError as exc:
            logger.info("list query failed: %s", exc)
            # a QueryError's one-line message (its str() adds the query and a caret line)
            self.query_failed.emit(getattr(exc, "message", str(exc)))
            return []

    def _reset(self, ids: list[int] | None = None, keep: int = FIRST_BATCH) -> None:
        # The first rows are loaded inside the reset: there before any view asks.
        self.beginResetModel()
        self._ids = self._query() if ids is None else ids
        self._items = self._fetch(0, keep)
        self._texts = {}
        self._cards = {}
        self._reindex()
        self.endResetModel()

    def _reindex(self) -> None:
        self._row_of = {item.id: row for row, item in enumerate(self._items)}
