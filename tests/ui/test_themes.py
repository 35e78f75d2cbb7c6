"""Every theme is readable everywhere, and a new theme restyles every widget at once."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtGui import QColor
from ui_helpers import add_articles, contrast, pixels, text_contrast

from reader.ui.article_html import THEME_COLOURS
from reader.ui.preferences import Preferences

THEMES = ("light", "dark", "sepia")


@pytest.mark.parametrize("theme", THEMES)
def test_notices_have_readable_text(make_window, library, qtbot, theme):
    window = make_window(Preferences(theme=theme))
    window.toast.inform("Deleted “A long enough title to paint”", "Undo", lambda: None)
    window.offer.offer("Save “Another title with words”?", lambda: None)
    for notice in (window.toast, window.offer):
        qtbot.waitUntil(notice.isVisible)
        label = notice.label
        assert text_contrast(notice, label.geometry()) >= 4.5, (theme, notice.objectName())


@pytest.mark.parametrize("start", THEMES)
def test_switching_theme_restyles_the_reading_pane(make_window, library, qtbot, start):
    [item_id] = add_articles(library, 1, paragraphs=20)
    window = make_window(Preferences(theme=start))
    assert window.list_panel.select_item(item_id)
    for theme in (*[t for t in THEMES if t != start], start):
        window.apply_preferences(replace(window.prefs, theme=theme))
        qtbot.wait(20)
        colours = THEME_COLOURS[theme]
        viewport = window.reader.browser.viewport()
        counts = pixels(viewport)
        background = QColor(counts.most_common(1)[0][0])
        assert background.name() == colours.background, theme
        text = max(counts, key=lambda name: contrast(background, QColor(name)))
        assert contrast(background, QColor(text)) >= 7, theme


def test_the_view_menu_choices_apply_and_stay_checked_alone(make_window, library):
    window = make_window(Preferences(theme="light", list_mode="cards"))
    groups = {
        "theme": window.theme_group,
        "mode": window.mode_group,
        "sort": window.sort_group,
    }
    checked = {name: [a.data() for a in g.actions() if a.isChecked()] for name, g in groups.items()}
    assert checked["theme"] == ["light"] and checked["mode"] == ["cards"]
    pick = {name: {a.data(): a for a in g.actions()} for name, g in groups.items()}
    pick["theme"]["sepia"].trigger()
    pick["mode"]["table"].trigger()
    pick["sort"]["title"].trigger()
    assert (window.prefs.theme, window.prefs.list_mode) == ("sepia", "table")
    assert window.list_panel.mode == "table"
    for name, key in (("theme", "sepia"), ("mode", "table"), ("sort", "title")):
        assert [a.data() for a in groups[name].actions() if a.isChecked()] == [key], name


@pytest.mark.parametrize("theme", THEMES)
def test_toolbar_icons_stand_out_in_every_theme(make_window, qtbot, theme):
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QToolBar

    window = make_window(Preferences(theme="light" if theme != "light" else "dark"))
    window.apply_preferences(replace(window.prefs, theme=theme))  # icons follow a switch
    qtbot.wait(20)
    toolbar = window.findChild(QToolBar, "retrievalToolbar")
    button = toolbar.widgetForAction(window.retrieval.get_full_text_action)
    size = toolbar.iconSize().width()
    # the icon sits left of the label (which starts after it); WCAG asks 3:1 for the parts
    # of a control
    icon_rect = QRect(0, (button.height() - size) // 2, size + 2, size)
    assert text_contrast(button, icon_rect) >= 3.0, theme
