"""Small dialogs: File ▸ Add URL… and the keyboard shortcut sheet."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
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


# (task, [(stable name, action)], [(keys, what) handled by widgets themselves])
ShortcutTask = tuple[str, list[tuple[str, QAction]], list[tuple[str, str]]]


def keys_of(action: QAction) -> str:
    """An action's shortcuts as the platform writes them."""
    native = QKeySequence.SequenceFormat.NativeText
    return " / ".join(s.toString(native) for s in action.shortcuts())


class ShortcutSheet(QDialog):
    """Every shortcut, grouped by task; the keys are read from the actions, so they never
    drift from the menus."""

    def __init__(self, tasks: Iterable[ShortcutTask], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        tree = QTreeWidget(self)
        tree.setColumnCount(2)
        tree.setHeaderLabels(["Keys", "Action"])
        tree.setRootIsDecorated(False)
        tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        tree.header().setStretchLastSection(True)
        for task, actions, extra in tasks:
            group = QTreeWidgetItem(tree, [task, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            rows = [(keys_of(action), name) for name, action in actions if action.shortcuts()]
            for keys, name in [*rows, *extra]:
                QTreeWidgetItem(group, [keys, name])
            group.setExpanded(True)
        self.tree = tree
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(tree)
        layout.addWidget(buttons)
        self.resize(480, 640)

    def rows(self) -> dict[str, list[tuple[str, str]]]:
        """What the sheet shows: per task, (keys, name) rows."""
        out: dict[str, list[tuple[str, str]]] = {}
        for n in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(n)
            out[group.text(0)] = [
                (group.child(c).text(0), group.child(c).text(1)) for c in range(group.childCount())
            ]
        return out
