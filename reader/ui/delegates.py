"""Painting for the article list: badges beside titles, progress bars, the Retry button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
)

from reader.ui.article_model import BADGE_ROLE, ID_ROLE, PROGRESS_ROLE, STATUS_ROLE

Index = QModelIndex | QPersistentModelIndex

# (label, background, text) per badge; readable on light and dark backgrounds alike.
BADGES = {
    "truncated": ("Truncated", QColor("#f59e0b"), QColor("#1f1300")),
    "saving": ("Saving…", QColor("#64748b"), QColor("#ffffff")),
    "failed": ("Failed", QColor("#dc2626"), QColor("#ffffff")),
}
_PAD = 6


def _style(option: QStyleOptionViewItem) -> QStyle:
    widget = option.widget  # type: ignore[attr-defined]
    return widget.style() if widget is not None else QApplication.style()


class TitleDelegate(QStyledItemDelegate):
    """The title, elided, with a coloured badge on the right for truncated/saving/failed."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        badge = index.data(BADGE_ROLE)
        if not badge:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = _style(opt)
        label, background, foreground = BADGES[badge]
        metrics = QFontMetrics(opt.font)
        width = metrics.horizontalAdvance(label) + 2 * _PAD
        rect = opt.rect
        badge_rect = QRect(
            rect.right() - width - _PAD,
            rect.top() + (rect.height() - metrics.height() - 4) // 2,
            width,
            metrics.height() + 4,
        )
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        text_opt = QStyleOptionViewItem(opt)
        text_opt.rect = QRect(
            rect.left(), rect.top(), rect.width() - width - 2 * _PAD, rect.height()
        )
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, text_opt, painter, opt.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(badge_rect, 4, 4)
        painter.setPen(foreground)
        painter.setFont(opt.font)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()


class ProgressDelegate(QStyledItemDelegate):
    """A thin progress bar, 'saving…' while a fetch runs, or a Retry button after a failure."""

    retry_requested = Signal(int)  # item id

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = option  # no text to show: the view's option (rect, state, palette) suffices
        style = _style(opt)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, opt.widget)
        status = index.data(STATUS_ROLE)
        if status == "failed":
            button = QStyleOptionButton()
            button.rect = self.button_rect(opt.rect)
            button.text = "Retry"
            button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            button.palette = opt.palette
            style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, opt.widget)
            return
        if status == "saving":
            painter.save()
            painter.setPen(opt.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(opt.rect, Qt.AlignmentFlag.AlignCenter, "saving…")
            painter.restore()
            return
        fraction = float(index.data(PROGRESS_ROLE) or 0.0)
        track = opt.rect.adjusted(_PAD, 0, -_PAD, 0)
        track.setTop(opt.rect.center().y() - 2)
        track.setHeight(4)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        draw_progress_bar(painter, opt.palette, track, fraction, selected, 2, 4, 40)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), 90), hint.height())

    @staticmethod
    def button_rect(cell: QRect) -> QRect:
        """Where the Retry button sits inside a cell."""
        return cell.adjusted(4, 1, -4, -1)

    def editorEvent(self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index):  # noqa: N802
        point = retry_click(event, index)
        if point is not None and self.button_rect(option.rect).contains(point):
            self.retry_requested.emit(int(index.data(ID_ROLE)))
            return True
        return super().editorEvent(event, model, option, index)


def retry_click(event: QEvent, index: Index) -> QPoint | None:
    """Where a left click was released on a failed save's row (None for any other event)."""
    if (
        event.type() == QEvent.Type.MouseButtonRelease
        and isinstance(event, QMouseEvent)
        and event.button() == Qt.MouseButton.LeftButton
        and index.data(STATUS_ROLE) == "failed"
    ):
        return event.position().toPoint()
    return None


def draw_progress_bar(
    painter: QPainter,
    palette: QPalette,
    rect: QRect,
    fraction: float,
    selected: bool,
    radius: float,
    min_width: int,
    groove_alpha: int,
) -> None:
    """A thin rounded progress bar: a faint groove, filled up to ``fraction``."""
    groove = QColor(palette.color(QPalette.ColorRole.Text))
    groove.setAlpha(groove_alpha)
    fill = palette.color(
        QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
    )
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(groove)
    painter.drawRoundedRect(rect, radius, radius)
    if fraction > 0:
        part = QRect(rect)
        part.setWidth(max(min_width, round(rect.width() * min(fraction, 1.0))))
        painter.setBrush(fill)
        painter.drawRoundedRect(part, radius, radius)
