"""The sidebar: the fixed views with their counts, then the tags."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from reader.ui.views import HIDDEN_WHEN_EMPTY, TAG_PREFIX, VIEWS, view_for_key

_KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class Sidebar(QTreeWidget):
    """Views and tags; selecting one emits :attr:`view_selected`."""

    view_selected = Signal(object)  # View

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setColumnCount(2)
        self.setHeaderHidden(True)
        self.setRootIsDecorated(False)
        self.setIndentation(12)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAllColumnsShowFocus(True)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self._rows: dict[str, QTreeWidgetItem] = {}
        for view in VIEWS:
            row = QTreeWidgetItem(self, [view.label, ""])
            row.setData(0, _KEY_ROLE, view.key)
            row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self._rows[view.key] = row
        self._tags_root = QTreeWidgetItem(self, ["Tags", ""])
        self._tags_root.setFlags(Qt.ItemFlag.ItemIsEnabled)
        bold = QFont(self.font())
        bold.setBold(True)
        self._tags_root.setFont(0, bold)
        self._tags_root.setExpanded(True)
        self._tags_root.setHidden(True)
        self.currentItemChanged.connect(self._on_current)

    @property
    def current_key(self) -> str:
        """Key of the selected view."""
        row = self.currentItem()
        key = row.data(0, _KEY_ROLE) if row is not None else None
        return key if isinstance(key, str) else "all"

    def select_view(self, key: str) -> None:
        """Select a view by key (All when it no longer exists)."""
        row = self._rows.get(view_for_key(key).key) or self._rows["all"]
        self.setCurrentItem(row)

    def update_counts(self, counts: dict[str, int], tags: list[tuple[str, int]]) -> None:
        """Refresh the numbers and the tag list (keeps the selection)."""
        current = self.current_key
        for view in VIEWS:
            row = self._rows[view.key]
            count = counts.get(view.count_key or "", 0)
            row.setText(1, str(count) if count else "")
            row.setHidden(view.key in HIDDEN_WHEN_EMPTY and not count and current != view.key)
            if view.key == "needs_full_text":
                font = row.font(0)
                font.setBold(count > 0)
                row.setFont(0, font)
                row.setFont(1, font)
        wanted = {TAG_PREFIX + name: (name, count) for name, count in tags}
        for key in [k for k in self._rows if k.startswith(TAG_PREFIX) and k not in wanted]:
            row = self._rows.pop(key)
            self._tags_root.removeChild(row)
        for key, (name, count) in wanted.items():
            row = self._rows.get(key)
            if row is None:
                row = QTreeWidgetItem(self._tags_root, [name, ""])
                row.setData(0, _KEY_ROLE, key)
                row.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self._rows[key] = row
            row.setText(1, str(count))
        self._tags_root.sortChildren(0, Qt.SortOrder.AscendingOrder)
        self._tags_root.setHidden(not wanted)
        if current in self._rows:
            if self.current_key != current:
                self.select_view(current)
        else:
            self.select_view("all")

    def _on_current(self, current: QTreeWidgetItem | None, _previous: object) -> None:
        if current is None:
            return
        key = current.data(0, _KEY_ROLE)
        if isinstance(key, str):
            self.view_selected.emit(view_for_key(key))
