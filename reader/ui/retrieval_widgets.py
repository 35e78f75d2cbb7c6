"""The retrieval queue's parts in the window: its progress in the status bar, and the
filter that lets a page dropped on a row attach to that row's item."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from reader.core.intake.sources import PAGE_SUFFIXES


class RetrievalProgress(QWidget):
    """'Getting full text: 3 of 10' with a bar and Cancel (lives in the status bar)."""

    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("retrievalProgress")
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setAutoDefault(False)
        self.cancel.clicked.connect(self.cancel_requested)
        self.cancel.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        self.hide()

    def show_progress(self, done: int, total: int) -> None:
        """Show how far the queue is."""
        self.label.setText(f"Getting full text: {done} of {total}")
        self.bar.setRange(0, max(1, total))
        self.bar.setValue(done)
        self.show()


class AttachDropFilter(QObject):
    """Lets a .html/.txt file dropped onto a row attach to that row's item."""

    def __init__(
        self,
        viewport: QWidget,
        item_at: Callable[[QPoint], int | None],
        attach: Callable[[int, str], None],
    ) -> None:
        super().__init__(viewport)
        self._item_at = item_at
        self._attach = attach
        viewport.setAcceptDrops(True)
        viewport.installEventFilter(self)

    @staticmethod
    def _file(event: QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = urls[0].toLocalFile()
        return path if path.lower().endswith(PAGE_SUFFIXES) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        drop: QDropEvent = event  # type: ignore[assignment]
        path = self._file(drop)
        item_id = self._item_at(drop.position().toPoint()) if path else None
        if path is None or item_id is None:
            return False  # not ours: the window saves it as a new item
        drop.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self._attach(item_id, path)
        return True
