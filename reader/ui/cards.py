"""The article list as compact cards (the default): title over two lines, site and source,
a one-line excerpt, reading time with a thin progress bar, and the badge."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.ui.article_model import BADGE_ROLE, CARD_ROLE, ID_ROLE, PROGRESS_ROLE, STATUS_ROLE
from reader.ui.delegates import BADGES, draw_progress_bar, retry_click

Index = QModelIndex | QPersistentModelIndex

PAD_X, PAD_Y, GAP = 14, 9, 3
BAR_HEIGHT = 3
BAR_WIDTH = 90
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _muted(palette: QPalette, selected: bool) -> QColor:
    if selected:
        colour = QColor(palette.color(QPalette.ColorRole.HighlightedText))
        colour.setAlpha(200)
        return colour
    return palette.color(QPalette.ColorRole.PlaceholderText)


class CardDelegate(QStyledItemDelegate):
    """Paints one card from the model's cached strings (nothing is queried while painting)."""

    retry_requested = Signal(int)  # item id: the Failed badge was clicked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, tuple[QFont, QFont, QFont]] = {}

    def fonts(self, base: QFont) -> tuple[QFont, QFont, QFont]:
        """Title (unread: bold), title (read) and small fonts for a base font."""
        key = base.key()
        if key not in self._fonts:
            title = QFont(base)
            title.setPointSizeF(base.pointSizeF() * 1.08)
            bold = QFont(title)
            bold.setBold(True)
            small = QFont(base)
            small.setPointSizeF(base.pointSizeF() * 0.9)
            self._fonts[key] = (bold, title, small)
        return self._fonts[key]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        bold, _title, small = self.fonts(option.font)
        title_h = QFontMetrics(bold).lineSpacing()
        small_h = QFontMetrics(small).lineSpacing()
        height = 2 * PAD_Y + 2 * title_h + 3 * small_h + 3 * GAP
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CARD_ROLE)
        if not card:
            return
        title, site, excerpt, added, minutes, unread = card
        widget = option.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = _muted(palette, selected)
        bold, regular, small = self.fonts(option.font)
        title_font = bold if unread else regular
        area = option.rect.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        painter.save()
        painter.setClipRect(option.rect)
        # the title, over up to two lines (the second one elided)
        painter.setPen(text)
        painter.setFont(title_font)
        metrics = QFontMetrics(title_font)
        top = area.top()
        lines = self._title_lines(title, title_font, area.width())
        for line in lines:
            painter.drawText(QRect(area.left(), top, area.width(), metrics.height()), _LEFT, line)
            top += metrics.lineSpacing()
        top = area.top() + len(lines) * metrics.lineSpacing() + GAP  # the rest follows the title
        small_metrics = QFontMetrics(small)
        line_h = small_metrics.lineSpacing()
        painter.setFont(small)
        painter.setPen(muted)
        # site and original source, the date it was saved on the right
        added_w = small_metrics.horizontalAdvance(added) + 8 if added else 0
        site_rect = QRect(area.left(), top, area.width() - added_w, line_h)
        painter.drawText(
            site_rect,
            _LEFT,
            small_metrics.elidedText(site, Qt.TextElideMode.ElideRight, site_rect.width()),
        )
        if added:
            painter.drawText(QRect(area.left(), top, area.width(), line_h), _RIGHT, added)
        top += line_h + GAP
        # a one-line excerpt
        painter.setPen(text if selected else muted)
        painter.drawText(
            QRect(area.left(), top, area.width(), line_h),
            _LEFT,
            small_metrics.elidedText(excerpt, Qt.TextElideMode.ElideRight, area.width()),
        )
        top = area.bottom() - line_h + 1
        # at the bottom: reading time, a thin progress bar, the badge
        painter.setPen(muted)
        left = area.left()
        if minutes:
            painter.drawText(QRect(left, top, area.width(), line_h), _LEFT, minutes)
            left += small_metrics.horizontalAdvance(minutes) + 10
        status = index.data(STATUS_ROLE)
        if status == "ready":
            draw_progress_bar(
                painter,
                palette,
                QRect(left, top + (line_h - BAR_HEIGHT) // 2, BAR_WIDTH, BAR_HEIGHT),
                float(index.data(PROGRESS_ROLE) or 0.0),
                selected,
                1.5,
                3,
                45,
            )
        badge = index.data(BADGE_ROLE)
        if badge:
            self._badge(painter, small, self.badge_rect(option.rect, small, badge), badge)
        if not selected:  # a hairline between cards
            rule = QColor(palette.color(QPalette.ColorRole.Text))
            rule.setAlpha(28)
            painter.setPen(rule)
            bottom = option.rect.bottom()
            painter.drawLine(
                option.rect.left() + PAD_X, bottom, option.rect.right() - PAD_X, bottom
            )
        painter.restore()

    @staticmethod
    def _title_lines(title: str, font: QFont, width: int) -> list[str]:
        layout = QTextLayout(title, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        first = layout.createLine()
        lines: list[str] = []
        if first.isValid():
            first.setLineWidth(width)
            lines.append(title[first.textStart() : first.textStart() + first.textLength()].rstrip())
            rest = title[first.textStart() + first.textLength() :]
            if rest:
                metrics = QFontMetrics(font)
                lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        layout.endLayout()
        return lines

    @staticmethod
    def badge_text(badge: str) -> str:
        """What a badge says ('Failed · Retry' is clickable)."""
        label = BADGES[badge][0]
        return f"{label} · Retry" if badge == "failed" else label

    def badge_rect(self, cell: QRect, small: QFont, badge: str) -> QRect:
        """Where the badge sits: the card's bottom-right corner."""
        metrics = QFontMetrics(small)
        width = metrics.horizontalAdvance(self.badge_text(badge)) + 12
        height = metrics.height() + 2
        area = cell.adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
        line_h = metrics.lineSpacing()
        top = area.bottom() - line_h + 1 + (line_h - height) // 2
        return QRect(area.right() - width, top, width, height)

    def _badge(self, painter: QPainter, font: QFont, rect: QRect, badge: str) -> None:
        _label, background, foreground = BADGES[badge]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(foreground)
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.badge_text(badge))

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index):  # noqa: N802
        point = retry_click(event, index)
        if point is not None:
            small = self.fonts(option.font)[2]
            if self.badge_rect(option.rect, small, "failed").contains(point):
                self.retry_requested.emit(int(index.data(ID_ROLE)))
                return True
        return super().editorEvent(event, model, option, index)


class CardView(QListView):
    """One card per article; every card has the same height, so 50,000 rows stay cheap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cards")
        self.setUniformItemSizes(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setMouseTracking(False)
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
