"""A non-modal strip at the bottom of the window: an offer (Enter/Esc) or a passing note."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class Notice(QFrame):
    """Shows one message with up to two buttons; never blocks the window."""

    accepted = Signal()
    dismissed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("notice", True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.accept_button = QPushButton(self)
        self.accept_button.setAutoDefault(False)
        self.accept_button.clicked.connect(self.accept)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.setAutoDefault(False)
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 8, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.accept_button)
        layout.addWidget(self.dismiss_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self._return_focus: QWidget | None = None
        self._on_accept: Callable[[], object] | None = None
        self.hide()

    def offer(
        self,
        text: str,
        on_accept: Callable[[], object],
        accept: str = "Save",
        dismiss: str = "Dismiss",
    ) -> None:
        """Ask something; Enter accepts, Esc dismisses. Takes the keyboard focus."""
        self._timer.stop()
        self._set(text, accept, dismiss, on_accept)
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus) and focus is not self:
            self._return_focus = focus
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def inform(
        self,
        text: str,
        action: str | None = None,
        on_action: Callable[[], object] | None = None,
        timeout_ms: int = 8000,
    ) -> None:
        """A note that goes away by itself, optionally with one button (e.g. Undo)."""
        self._set(text, action, None, on_action)
        self.show()
        self._timer.start(timeout_ms)

    def accept(self) -> None:
        """The accept button or Enter."""
        callback, self._on_accept = self._on_accept, None
        self._close()
        if callback is not None:
            callback()
        self.accepted.emit()

    def dismiss(self) -> None:
        """The dismiss button or Esc."""
        self._on_accept = None
        self._close()
        self.dismissed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.accept_button.isVisible():
            self.accept()
        elif event.key() == Qt.Key.Key_Escape:
            self.dismiss()
        else:
            super().keyPressEvent(event)

    def _set(
        self,
        text: str,
        accept: str | None,
        dismiss: str | None,
        on_accept: Callable[[], object] | None,
    ) -> None:
        self._on_accept = on_accept
        self.label.setText(text)
        self.accept_button.setText(accept or "")
        self.accept_button.setVisible(bool(accept))
        self.dismiss_button.setText(dismiss or "")
        self.dismiss_button.setVisible(bool(dismiss))

    def _expire(self) -> None:
        self._on_accept = None
        self._close()

    def _close(self) -> None:
        self._timer.stop()
        had_focus = self.hasFocus() or self.isAncestorOf(QApplication.focusWidget())
        self.hide()
        if had_focus and self._return_focus is not None:
            self._return_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._return_focus = None
