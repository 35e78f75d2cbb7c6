"""Small things a person sees at once: the search clear button, the sidebar's selected row,
the welcome page's bullets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextDocument
from PySide6.QtWidgets import QToolButton
from ui_helpers import add_articles

from reader.ui.preferences import Preferences


def test_the_search_clear_button_sits_inside_the_border(make_window, library, qtbot):
    add_articles(library, 2)
    window = make_window(Preferences(theme="light"))
    search = window.list_panel.search
    search.setText("something")
    [button] = [b for b in search.findChildren(QToolButton) if b.isVisible()]
    window.list_panel.view.setFocus()
    image = search.grab().toImage()
    middle = image.height() // 2
    border = QColor("#d0d7de")  # the light theme's search border (unfocused)
    columns = [x for x in range(image.width()) if QColor(image.pixel(x, middle)) == border]
    assert columns, "the border was not found"
    right = max(columns)  # the border's right side, as drawn
    geometry = button.geometry()
    assert geometry.right() <= right - 3, (geometry, right)
    top = min(
        y for y in range(image.height()) if QColor(image.pixel(image.width() // 2, y)) == border
    )
    bottom = max(
        y for y in range(image.height()) if QColor(image.pixel(image.width() // 2, y)) == border
    )
    assert geometry.top() > top and geometry.bottom() < bottom
    assert abs((geometry.top() - top) - (bottom - geometry.bottom())) <= 2  # centred


def test_the_selected_sidebar_row_has_no_focus_box_around_its_label(make_window, library, qtbot):
    add_articles(library, 2)
    window = make_window(Preferences(theme="light"))
    sidebar = window.sidebar
    sidebar.select_view("unread")
    sidebar.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(sidebar.hasFocus)
    rect = sidebar.visualItemRect(sidebar.currentItem())
    rect.setRight(sidebar.viewport().width() - 1)
    image = sidebar.viewport().grab(rect).toImage()
    edge = sidebar.columnWidth(0)  # where a box around the label alone has its right side
    for y in range(3, image.height() - 3):
        around = {QColor(image.pixel(x, y)).name() for x in (edge - 6, edge - 1, edge, edge + 4)}
        assert len(around) == 1, (y, around)


def test_welcome_bullets_are_left_aligned_without_orphan_words(make_window):
    window = make_window()
    label = window.list_panel.welcome
    assert label.alignment() & Qt.AlignmentFlag.AlignLeft
    assert not label.alignment() & Qt.AlignmentFlag.AlignHCenter
    for width in (260, 340, 420, label.maximumWidth()):
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setHtml(label.text())
        doc.setTextWidth(width)
        block = doc.begin()
        while block.isValid():
            layout = block.layout()
            if layout.lineCount() > 1:
                last = layout.lineAt(layout.lineCount() - 1)
                words = block.text()[last.textStart() : last.textStart() + last.textLength()]
                assert len(words.split()) >= 2, (width, block.text())
            block = block.next()
