"""The middle panel: search field, the article table, and the empty/welcome states."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.ui.article_model import (
    ADDED,
    PROGRESS,
    PUBLISHED,
    SITE,
    SORT_KEYS,
    TIME,
    TITLE,
    ArticleListModel,
)
from reader.ui.cards import CardView
from reader.ui.delegates import ProgressDelegate, TitleDelegate

if TYPE_CHECKING:
    from reader.core.models import Item
    from reader.ui.views import View

SEARCH_DELAY_MS = 150
WELCOME_LINES = (
    "<b>Copy a link</b> anywhere: reader offers to save it.",
    "Press <b>Ctrl+V</b> here to save the links on the clipboard, or a whole page copied "
    "from your browser.",
    "<b>Drop</b> a link, or an .html or .txt file, onto this window.",
    "Or use <b>File ▸ Add URL…</b>",
)
WELCOME_WIDTH = 460  # a readable measure, left-aligned in the middle of the panel


def no_orphan(html: str) -> str:
    """Bind the last two words together so a line never ends with one word alone."""
    head, space, last = html.rpartition(" ")
    return f"{head}&nbsp;{last}" if space else html


WELCOME_HTML = (
    "<h2>Nothing saved yet</h2>"
    "<p>Reader keeps articles to read later, and tells you when one is not all there.</p>"
    "<ul>" + "".join(f"<li>{no_orphan(line)}</li>" for line in WELCOME_LINES) + "</ul>"
)
_DEFAULT_DESCENDING = {"added": True, "published": True, "progress": True, "title": False}


CHASE_ROWS = 1000  # after a reset, load at most this many rows to keep the selection


class ArticleListPanel(QWidget):
    """Search plus the list of one view; reports which item is current."""

    current_changed = Signal(object)  # item id or None
    selection_changed = Signal(int)  # how many rows are selected
    order_changed = Signal(str)  # the storage order key now in force
    retry_requested = Signal(int)
    activated = Signal(int)  # Enter or double click on a row

    def __init__(self, model: ArticleListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._current_id: int | None = None
        self._kept_id: int | None = None  # current item across a model reset
        self._context_menu: QMenu | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            'Search: words, "phrases", site:, tag:, status:truncated…  (/)'
        )
        self.search.setToolTip(
            'Words and "phrases", OR, -word; filters site:, source:, tag:, state:, status:, '
            "is:favourite, added:/published: with >, < or a range (see the README)"
        )
        self.search.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(lambda: self.run_search(self.search.text()))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.search.installEventFilter(self)

        self.table = QTableView(self)
        self.table.setObjectName("articles")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Ctrl/Shift+click select several rows for archive, delete, favourite, tags…
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._show_context_menu)
        self.table.activated.connect(self._on_activated)
        vheader = self.table.verticalHeader()
        vheader.hide()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        metrics = self.fontMetrics()
        for column, sample in (
            (SITE, "Example Gazette"),
            (ADDED, "30 Sep 2026"),
            (PUBLISHED, "30 Sep 2026"),
            (TIME, "99 min"),
            (PROGRESS, "Progress"),
        ):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        header.sectionClicked.connect(self._on_header_clicked)
        self.title_delegate = TitleDelegate(self.table)
        self.progress_delegate = ProgressDelegate(self.table)
        self.table.setItemDelegateForColumn(TITLE, self.title_delegate)
        self.table.setItemDelegateForColumn(PROGRESS, self.progress_delegate)
        self.progress_delegate.retry_requested.connect(self.retry_requested)
        # the cards (the default) and the compact table show one model with one selection
        self.cards = CardView(self)
        self.cards.setModel(model)
        self.cards.setSelectionModel(self.table.selectionModel())
        self.cards.customContextMenuRequested.connect(self._show_context_menu)
        self.cards.activated.connect(self._on_activated)
        self.cards.delegate.retry_requested.connect(self.retry_requested)
        self._mode = "cards"
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.selectionModel().selectionChanged.connect(
            lambda _s, _d: self.selection_changed.emit(self.selected_count())
        )

        self.welcome = QLabel(WELCOME_HTML, self)
        self.welcome.setObjectName("welcome")
        self.welcome.setWordWrap(True)
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.welcome.setMaximumWidth(WELCOME_WIDTH)
        welcome_page = QWidget(self)
        welcome_layout = QHBoxLayout(welcome_page)
        welcome_layout.addWidget(self.welcome, 0, Qt.AlignmentFlag.AlignHCenter)
        self.welcome_page = welcome_page
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget(self)
        for page in (self.cards, self.table, self.welcome_page, self.empty):
            self.pages.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(6, 6, 6, 0)  # outside the field's border, not in it
        search_row.addWidget(self.search)
        layout.addLayout(search_row)
        layout.addWidget(self.pages, 1)

        model.modelAboutToBeReset.connect(self._remember_current)
        model.modelReset.connect(self._after_reset)
        model.rowsInserted.connect(self._update_page)
        model.rowsRemoved.connect(self._after_rows_removed)

    # ---- public API -------------------------------------------------------------------
    @property
    def current_id(self) -> int | None:
        """Id of the selected item."""
        return self._current_id

    def current_item(self) -> Item | None:
        """The selected item, as loaded."""
        row = self.model.row_of(self._current_id) if self._current_id is not None else None
        return self.model.item_at(row) if row is not None else None

    def selected_items(self) -> list[Item]:
        """The selected rows' items, in list order (the current item when none is)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        items = [item for item in (self.model.item_at(r) for r in rows) if item is not None]
        if not items:
            current = self.current_item()
            return [current] if current is not None else []
        return items

    @property
    def view(self) -> QAbstractItemView:
        """The list as shown: the cards or the compact table."""
        return self.cards if self._mode == "cards" else self.table

    @property
    def mode(self) -> str:
        """'cards' or 'table'."""
        return self._mode

    def set_mode(self, mode: str) -> None:
        """Show the list as cards or as a compact table (View menu)."""
        focused = self.view.hasFocus()
        self._mode = "table" if mode == "table" else "cards"
        self._update_page()
        index = self.table.selectionModel().currentIndex()
        if index.isValid():
            self.view.scrollTo(index)
        if focused:
            self.view.setFocus()

    def selected_count(self) -> int:
        """How many rows are selected."""
        return len(self.table.selectionModel().selectedRows())

    def set_context_menu(self, menu: QMenu) -> None:
        """The menu shown on right click (the window's item actions)."""
        self._context_menu = menu

    def show_view(self, view: View) -> None:
        """Switch to a sidebar view, keeping the search text."""
        self.model.set_view(view)
        self._sync_sort_indicator()

    def run_search(self, text: str) -> None:
        """Apply a search now (the debounced field ends up here)."""
        self._search_timer.stop()
        self.model.set_search(text)
        self._update_page()

    def focus_search(self) -> None:
        """Put the cursor in the search field."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def select_item(self, item_id: int) -> bool:
        """Make an item current (loading rows as needed); False if the view lacks it."""
        row = self.model.ensure_loaded(item_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def select_next(self, step: int = 1) -> None:
        """Move to the next (or, with -1, previous) article in the list."""
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.table.selectionModel().currentIndex().row()
        row = 0 if current < 0 else current + step
        if row >= count and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
            count = self.model.rowCount()
        self._select_row(max(0, min(row, count - 1)))

    def sort_by(self, order: str, descending: bool | None = None) -> None:
        """Sort by 'added', 'published', 'title' or 'progress'."""
        if descending is None:
            descending = _DEFAULT_DESCENDING.get(order, True)
        self.model.set_order(order, descending)
        self._sync_sort_indicator()

    def clear_search(self) -> None:
        """Esc in the search field: no query, back to the list."""
        self.search.clear()
        self.run_search("")
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.clear_search()
            return True
        return super().eventFilter(watched, event)

    # ---- internals --------------------------------------------------------------------
    def _search_now(self) -> None:
        self.run_search(self.search.text())

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, TITLE)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.view.scrollTo(index)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.model.item_at(current.row()) if current.isValid() else None
        new_id = item.id if item is not None else None
        if new_id != self._current_id:
            self._current_id = new_id
            self.current_changed.emit(new_id)

    def _on_activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is not None:
            self.activated.emit(item.id)

    def _remember_current(self) -> None:
        self._kept_id = self._current_id

    def _after_reset(self) -> None:
        kept = self._kept_id
        row = self.model.ensure_loaded(kept, within=CHASE_ROWS) if kept is not None else None
        if row is not None:
            self._select_row(row)
        elif self._current_id is not None and not (kept is not None and self.model.contains(kept)):
            self._current_id = None
            self.current_changed.emit(None)
        # else: the article is still in the view, just far down: the reader pane keeps it
        self._update_page()

    def _after_rows_removed(self) -> None:
        if self._current_id is not None and self.model.row_of(self._current_id) is None:
            self._current_id = None
            index = self.table.selectionModel().currentIndex()
            if index.isValid():
                self._on_current_row(index, QModelIndex())
            else:
                self.current_changed.emit(None)
        self._update_page()

    def _update_page(self) -> None:
        model = self.model
        if model.total:
            self.pages.setCurrentWidget(self.view)
        elif model.search_text:
            self.empty.setText(f"Nothing matches “{model.search_text}”.")
            self.pages.setCurrentWidget(self.empty)
        elif model.view.key == "all":
            self.pages.setCurrentWidget(self.welcome_page)
        else:
            self.empty.setText(f"No articles in {model.view.label}.")
            self.pages.setCurrentWidget(self.empty)

    def _on_header_clicked(self, column: int) -> None:
        key = SORT_KEYS.get(column)
        if key is None:
            self._sync_sort_indicator()
            return
        order, descending = self.model.order
        self.sort_by(key, not descending if order == key else None)

    def _sync_sort_indicator(self) -> None:
        order, descending = self.model.order
        self.order_changed.emit(order)
        column = next((c for c, k in SORT_KEYS.items() if k == order), -1)
        direction = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(column >= 0)
        header.setSortIndicator(column, direction)

    def _show_context_menu(self, pos: QPoint) -> None:
        view = self.view
        index = view.indexAt(pos)
        if not index.isValid() or self._context_menu is None:
            return
        if not view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self._select_row(index.row())
        self._context_menu.popup(view.viewport().mapToGlobal(pos))
