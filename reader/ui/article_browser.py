"""The text view of the reader pane: no scripts, no remote loads unless allowed.

QTextBrowser never runs scripts; this subclass also refuses every resource except
``data:`` images and remote images the user allowed (fetched elsewhere and handed in).
It centres a column of text and knows how to describe and find a reading position.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from PySide6.QtCore import QPoint, QUrl, Signal
from PySide6.QtGui import QFont, QFontInfo, QImage, QResizeEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from reader.core.extract.sanitize import is_safe_link

ANCHOR_CHARS = 120
MIN_SIDE_MARGIN = 24


def decode_data_url(url: QUrl) -> bytes | None:
    """The payload of a ``data:`` URL."""
    text = url.toString(QUrl.ComponentFormattingOption.FullyEncoded)
    header, sep, payload = text.partition(",")
    if not sep:
        return None
    try:
        if header.endswith(";base64"):
            return base64.b64decode(payload, validate=False)
        return unquote_to_bytes(payload)
    except ValueError:
        return None


class ArticleBrowser(QTextBrowser):
    """Read-only article view with a centred column and a strict resource policy."""

    image_wanted = Signal(QUrl)  # an allowed remote image is not loaded yet
    link_clicked = Signal(QUrl)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article")
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)
        self.anchorClicked.connect(self._anchor_clicked)
        self._allow_remote: Callable[[QUrl], bool] = lambda _url: False
        self._images: dict[str, QImage] = {}
        self._column_ems = 42

    def _anchor_clicked(self, url: QUrl) -> None:
        """Pass on only links reader opens: http, https and mailto (the sanitiser's check)."""
        if is_safe_link(url.toString()):
            self.link_clicked.emit(url)

    # ---- resources --------------------------------------------------------------------
    def set_remote_policy(self, allow: Callable[[QUrl], bool]) -> None:
        """Decide per URL whether a remote image may be shown."""
        self._allow_remote = allow

    def add_image(self, url: QUrl, image: QImage) -> None:
        """An allowed image arrived: show it."""
        self._images[url.toString()] = image
        doc = self.document()
        doc.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        doc.markContentsDirty(0, doc.characterCount())

    def forget_images(self) -> None:
        """Drop cached images (another article is shown)."""
        self._images.clear()

    def loadResource(self, kind: int, url: QUrl) -> object:  # noqa: N802 (Qt override)
        scheme = url.scheme().lower()
        if scheme == "data" and kind == QTextDocument.ResourceType.ImageResource:
            payload = decode_data_url(url)
            return QImage.fromData(payload) if payload else None
        remote = scheme in ("http", "https")
        if remote and kind == QTextDocument.ResourceType.ImageResource and self._allow_remote(url):
            cached = self._images.get(url.toString())
            if cached is not None:
                return cached
            self.image_wanted.emit(url)
        return None  # file:, relative paths, stylesheets, anything else: never

    # ---- typography -------------------------------------------------------------------
    def set_typography(self, family: str, size: int, column_ems: int) -> None:
        """Default font and the width of the text column."""
        font = QFont(family)
        font.setPointSize(size)
        self.document().setDefaultFont(font)
        self._column_ems = column_ems
        self._apply_margins()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_margins()

    def _apply_margins(self) -> None:
        em = QFontInfo(self.document().defaultFont()).pixelSize()
        column = self._column_ems * em
        side = max(MIN_SIDE_MARGIN, (self.viewport().width() - column) // 2)
        frame = self.document().rootFrame()
        fmt = frame.frameFormat()
        if fmt.leftMargin() != side or fmt.topMargin() != MIN_SIDE_MARGIN:
            fmt.setLeftMargin(side)
            fmt.setRightMargin(side)
            fmt.setTopMargin(MIN_SIDE_MARGIN)
            fmt.setBottomMargin(MIN_SIDE_MARGIN * 2)
            frame.setFrameFormat(fmt)

    def show_html(self, html: str) -> None:
        """Replace the document, keeping the column layout."""
        self.setHtml(html)
        self._apply_margins()
        # Lay out to the end now: the scroll range is exact at once, so positions saved
        # and restored right after opening mean the same thing in every window.
        doc = self.document()
        doc.documentLayout().blockBoundingRect(doc.lastBlock())

    # ---- reading position -------------------------------------------------------------
    def scroll_range(self) -> int:
        """The largest scroll offset, from the laid-out document.

        The scroll bar's own maximum lags behind a new document until Qt's deferred
        size update runs; the document's size is exact at once.
        """
        height = self.document().size().height()
        return max(0, round(height) - self.viewport().height())

    def scroll_fraction(self) -> float:
        """How far down the article the view is, 0..1."""
        end = self.scroll_range()
        return min(1.0, self.verticalScrollBar().value() / end) if end > 0 else 0.0

    def top_anchor(self) -> str | None:
        """The start of the first non-empty paragraph at the top of the view."""
        # hit-test inside the text column: the side margins confuse the layout's hit test
        block = self.cursorForPosition(QPoint(self.viewport().width() // 2, 1)).block()
        value = self.verticalScrollBar().value()
        layout = self.document().documentLayout()
        while block.isValid() and layout.blockBoundingRect(block).bottom() <= value:
            block = block.next()  # only partly above the top edge counts as visible
        while block.isValid():
            # the first line of the block, as the document holds it (so find() matches)
            text = block.text().replace("\u2028", "\n").strip().split("\n")[0].strip()
            if text:
                return text[:ANCHOR_CHARS]
            block = block.next()
        return None

    def anchor_offset(self, anchor: str, near: int) -> int | None:
        """Scroll offset that puts the paragraph starting with ``anchor`` on top.

        When the text occurs more than once, the occurrence closest to ``near`` wins.
        """
        doc = self.document()
        layout = doc.documentLayout()
        best: int | None = None
        cursor = QTextCursor(doc)
        for _ in range(50):
            cursor = doc.find(anchor, cursor)
            if cursor.isNull():
                break
            top = int(layout.blockBoundingRect(cursor.block()).top())
            if best is None or abs(top - near) < abs(best - near):
                best = top
        return best
