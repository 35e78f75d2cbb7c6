"""The tray icon: reader keeps watching the clipboard while its window is closed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

MESSAGE_MS = 6000


class Tray(QSystemTrayIcon):
    """Show/hide the window, save from the clipboard, quit; offers copied links by message."""

    def __init__(
        self,
        icon: QIcon,
        show_window: Callable[[], None],
        paste: Callable[[], None],
        quit_app: Callable[[], None],
        parent: QWidget,
    ) -> None:
        super().__init__(icon, parent)
        self.setToolTip("Reader")
        menu = QMenu(parent)
        self.show_action = menu.addAction("Show Reader")
        self.show_action.triggered.connect(lambda _c=False: show_window())
        self.paste_action = menu.addAction("Save from clipboard")
        self.paste_action.triggered.connect(lambda _c=False: paste())
        menu.addSeparator()
        self.quit_action = menu.addAction("Quit Reader")
        self.quit_action.triggered.connect(lambda _c=False: quit_app())
        self.setContextMenu(menu)
        self.menu = menu
        self.activated.connect(self._on_activated)
        self.messageClicked.connect(self._on_message_clicked)
        self._show_window = show_window
        self._on_click: Callable[[], object] | None = None

    def offer(self, title: str, text: str, on_click: Callable[[], object]) -> None:
        """A passing message; clicking it runs ``on_click`` (e.g. save the copied link)."""
        self._on_click = on_click
        self.showMessage(title, text, QSystemTrayIcon.MessageIcon.Information, MESSAGE_MS)

    def _on_message_clicked(self) -> None:
        callback, self._on_click = self._on_click, None
        if callback is not None:
            callback()

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self._show_window()
