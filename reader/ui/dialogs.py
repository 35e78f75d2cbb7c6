"""Small dialogs: File ▸ Add URL… and the keyboard shortcut sheet."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

FindUrls = Callable[[str], list[str]]
# what may stand before the path when the scheme is left out: a domain name with a dot
_HOST = re.compile(r"^[\w-]+(\.[\w-]+)*\.[^\W\d_]{2,}(:\d+)?([/?#]\S*)?$")


class UrlEdit(QPlainTextEdit):
    """One address per line: Enter submits, Shift+Enter starts another line."""

    submitted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submitted.emit()
            return
        super().keyPressEvent(event)


def typed_urls(text: str, find_urls: FindUrls) -> tuple[list[str], list[str]]:
    """The web addresses in what was typed, one per line (https:// added when no scheme is
    given), and the lines that are not addresses."""
    urls: list[str] = []
    bad: list[str] = []
    for line in text.splitlines():
        entry = line.strip()
        if not entry:
            continue
        found = find_urls(entry)
        if not found and "://" not in entry and _HOST.match(entry):
            found = find_urls(f"https://{entry}")
        if found:
            urls.extend(u for u in found if u not in urls)
        else:
            bad.append(entry)
    return urls, bad


def why_not_a_url(entry: str) -> str:
    """One sentence saying why ``entry`` is not a web address."""
    scheme, sep, rest = entry.partition("://")
    if sep and scheme.lower() not in ("http", "https"):
        return f"“{entry}” is not a web page address: reader saves http and https pages."
    host = (rest if sep else entry).split("/")[0]
    if " " in entry:
        return f"“{entry}” has spaces: type one address per line."
    if "." not in host:
        return f"“{entry}” has no domain (such as example.com)."
    return f"“{entry}” is not a web page address."


class AddUrlDialog(QDialog):
    """Type or paste addresses, one per line; Enter saves."""

    urls_entered = Signal(list)

    def __init__(self, find_urls: FindUrls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add URL")
        self._find_urls = find_urls
        self.edit = UrlEdit(self)
        self.edit.setPlaceholderText(
            "example.com/article\n(several: one per line, Shift+Enter for a new line)"
        )
        self.edit.setTabChangesFocus(True)
        self.edit.submitted.connect(self.accept)
        self.hint = QLabel("", self)
        self.hint.setWordWrap(True)
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
        return typed_urls(self.edit.toPlainText(), self._find_urls)[0]

    def accept(self) -> None:
        urls, bad = typed_urls(self.edit.toPlainText(), self._find_urls)
        if bad:
            self.hint.setText(why_not_a_url(bad[0]))
            return
        if urls:
            self.urls_entered.emit(urls)
            super().accept()

    def _update(self) -> None:
        urls, bad = typed_urls(self.edit.toPlainText(), self._find_urls)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(urls) or bool(bad))
        if bad:
            self.hint.setText(why_not_a_url(bad[0]))
        else:
            self.hint.setText("" if len(urls) <= 1 else f"{len(urls)} pages will be saved")


class CopyAddressDialog(QDialog):
    """The desktop could not open an address: show it, selected and ready to copy."""

    def __init__(self, address: str, copy: Callable[[str], None], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open original")
        self.message = QLabel(
            "Reader could not open a web browser on this desktop. Copy the address and open "
            "it where you like:",
            self,
        )
        self.message.setWordWrap(True)
        self.address = QLineEdit(address, self)
        self.address.setReadOnly(True)
        self.address.selectAll()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: (copy(address), self.accept()))
        self.copy_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.address)
        layout.addWidget(buttons)
        self.resize(560, 140)


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
