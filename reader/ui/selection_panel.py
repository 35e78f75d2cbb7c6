"""What the reader pane shows while several articles are selected: how many, and what to do."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class SelectionPanel(QWidget):
    """'5 selected' and the bulk actions (the same actions as the menus, so undo works)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("selection")
        self.headline = QLabel(self)
        self.headline.setObjectName("selectionHeadline")
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.headline.setFont(font)
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint = QLabel("Ctrl+click or Shift+click in the list to change the selection.", self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self._row = QHBoxLayout()
        self._row.addStretch(1)
        self._row.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.headline)
        layout.addSpacing(6)
        layout.addWidget(self.hint)
        layout.addSpacing(18)
        layout.addLayout(self._row)
        layout.addStretch(3)

    def set_actions(self, actions: Sequence[tuple[str, QAction]]) -> None:
        """One button per (label, action), in order."""
        for label, action in actions:
            button = QPushButton(label, self)
            button.setAutoDefault(False)
            button.setToolTip(action.toolTip())
            button.clicked.connect(lambda _c=False, a=action: a.trigger())
            action.enabledChanged.connect(button.setEnabled)
            button.setEnabled(action.isEnabled())
            self._row.insertWidget(self._row.count() - 1, button)
            self.buttons[label] = button

    def show_count(self, count: int) -> None:
        """'5 selected'."""
        self.headline.setText(f"{count} selected")
