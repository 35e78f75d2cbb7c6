"""Bars above the article: the truncation banner, failures, blocked images."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.models import Evidence, Item
from reader.ui import formatting

MAX_EVIDENCE = 4


class Banner(QFrame):
    """A coloured strip with a headline, optional details and buttons (styled by 'kind')."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("kind", kind)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.headline = QLabel(self)
        self.headline.setObjectName("bannerHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        self.details = QLabel(self)
        self.details.setObjectName("bannerDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addLayout(self.buttons)
        self.hide()

    def add_button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        """A button at the right end of the bar."""
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        self.buttons.addWidget(button)
        return button

    def add_action(self, action: QAction) -> QPushButton:
        """A button bound to an action (the retrieval strategies slot in this way)."""
        button = self.add_button(action.text().replace("&", ""), action.trigger)
        button.setToolTip(action.toolTip())
        action.enabledChanged.connect(button.setEnabled)
        button.setEnabled(action.isEnabled())
        return button


class TruncatedBanner(Banner):
    """One plain sentence (what is missing, and why reader thinks so), Get full text as the
    main button, and the raw evidence behind a Details disclosure."""

    get_full_text = Signal()
    open_original = Signal()
    set_needs_full_text = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("truncated", parent)
        font = self.headline.font()
        font.setBold(False)
        self.headline.setFont(font)
        self.headline.setTextFormat(Qt.TextFormat.RichText)
        self.sentence = ""
        self.details_button = QToolButton(self)
        self.details_button.setObjectName("detailsToggle")
        self.details_button.setText("Details")
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_button.setArrowType(Qt.ArrowType.RightArrow)
        self.details_button.setAutoRaise(True)
        self.details_button.toggled.connect(self._toggle_details)
        self.buttons.insertWidget(0, self.details_button)
        layout = self.layout()
        layout.removeWidget(self.details)
        layout.addWidget(self.details)  # the disclosure opens below its toggle
        self.full_text_button = self.add_button("Get full text", self.get_full_text.emit)
        self.full_text_button.setObjectName("primary")
        self.open_button = self.add_button("Open original", self.open_original.emit)
        self.complete_button = self.add_button(
            "Mark complete", lambda: self.set_needs_full_text.emit(False)
        )
        self.needs_button = self.add_button(
            "Mark needs full text", lambda: self.set_needs_full_text.emit(True)
        )

    @staticmethod
    def applies_to(item: Item) -> bool:
        """Flagged by the verdict or by the user."""
        return item.needs_full_text or item.paywall.status == "truncated"

    def show_item(self, item: Item) -> None:
        """Fill in for one item (hides itself when the item is complete)."""
        if not self.applies_to(item):
            self.hide()
            return
        if item.needs_full_text:
            self.sentence = formatting.truncation_sentence(item)
            head, _, why = self.sentence.partition(": ")
            self.headline.setText(f"<b>{html.escape(head)}</b>: {html.escape(why)}")
        else:
            self.sentence = "You marked this article complete."
            self.headline.setText(html.escape(self.sentence))
        details = list(dict.fromkeys(e.detail for e in self._evidence(item)))
        if details:
            rows = "".join(f"<li>{html.escape(d)}</li>" for d in details)
            self.details.setText(f"What reader found on the page:<ul style='margin:0'>{rows}</ul>")
        self.details_button.setVisible(bool(details))
        self._toggle_details(self.details_button.isChecked() and bool(details))
        self.full_text_button.setVisible(item.needs_full_text)
        self.open_button.setVisible(formatting.original_location(item) is not None)
        self.complete_button.setVisible(item.needs_full_text)
        self.needs_button.setVisible(not item.needs_full_text)
        self.show()

    @staticmethod
    def _evidence(item: Item) -> list[Evidence]:
        ranked = sorted(item.paywall.evidence, key=lambda e: -e.weight)
        return [e for e in ranked if e.weight > 0][:MAX_EVIDENCE] or ranked[:MAX_EVIDENCE]

    def _toggle_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        arrow = Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        self.details_button.setArrowType(arrow)


class FailureBanner(Banner):
    """Why saving failed, with Retry."""

    retry = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("failed", parent)
        self.retry_button = self.add_button("Retry", self.retry.emit)

    def show_error(self, message: str) -> None:
        """Show the reason."""
        self.headline.setText("This article could not be saved")
        self.details.setText(message)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.show()


class ImagesBanner(Banner):
    """Remote images were not loaded; the user may allow them for this item or the site."""

    allow_item = Signal()
    allow_site = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("info", parent)
        self.item_button = self.add_button("Show images", self.allow_item.emit)
        self.site_button = self.add_button("Always for this site", self.allow_site.emit)

    def show_blocked(self, site: str, count: int) -> None:
        """Say how many images wait, and from where."""
        noun = "image" if count == 1 else "images"
        self.headline.setText(f"{count} remote {noun} not loaded")
        self.details.setText(
            "Reader loads nothing from the web while you read unless you allow it."
        )
        self.site_button.setText(f"Always for {site}" if site else "Always for this site")
        self.show()
