"""Small dialogs: File ▸ Add URL… and the keyboard shortcut sheet."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

FindUrls = Callable[[str], list[str]]


class AddUrlDialog(QDialog):
    """Paste or type one URL per line."""

    urls_entered = Signal(list)

    def __init__(self, find_urls: FindUrls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add URL")
        self._find_urls = find_urls
        self.edit = QPlainTextEdit(self)
        self.edit.setPlaceholderText("https://example.com/article\n(one or more, one per line)")
        self.edit.setTabChangesFocus(True)
        self.hint = QLabel("", self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Save")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Web page address(es):", self))
        layout.addWidget(self.edit)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.resize(520, 200)
        self._update()

    def urls(self) -> list[str]:
        """The URLs typed so far."""
        return self._find_urls(self.edit.toPlainText())

    def accept(self) -> None:
        urls = self.urls()
        if urls:
            self.urls_entered.emit(urls)
            super().accept()

    def _update(self) -> None:
        count = len(self.urls())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)
        self.hint.setText("" if count <= 1 else f"{count} pages will be saved")


# Keys handled by widgets themselves rather than by menu actions.
EXTRA_KEYS = (
    ("↓ / ↑", "Next / previous article (in the list)"),
    ("Enter", "In a save offer: save; Esc dismisses"),
)


def _rows_from(menus: Iterable[QMenu]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for menu in menus:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                rows.extend(_rows_from([sub]))
            elif not action.isSeparator() and action.shortcuts():
                keys = " / ".join(
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                )
                rows.append((keys, action.text().replace("&", "")))
    return rows


class ShortcutSheet(QDialog):
    """Every shortcut, read from the menus so it never drifts from them."""

    def __init__(self, menus: Iterable[QMenu], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = _rows_from(menus) + list(EXTRA_KEYS)
        table = QTableWidget(len(rows), 2, self)
        table.setHorizontalHeaderLabels(["Keys", "Action"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for row, (keys, text) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(row, 1, QTableWidgetItem(text))
        self.table = table
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(460, 560)
