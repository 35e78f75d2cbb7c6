"""Only the reader's own scrolling moves the saved position (re-rendering never does)."""

from __future__ import annotations

from dataclasses import replace

from ui_helpers import add_articles


def _open(window, qtbot, item_id):
    assert window.list_panel.select_item(item_id)
    browser = window.reader.browser
    bar = browser.verticalScrollBar()
    qtbot.waitUntil(lambda: 0 < bar.maximum() == browser.scroll_range())
    return bar


def _restyle(window, qtbot):
    """Theme, font size, column width and line height changes, as the settings dialog makes."""
    for theme, size, width in (("dark", 18, 30), ("sepia", 11, 60), ("light", 15, 42)):
        window.apply_preferences(
            replace(window.prefs, theme=theme, font_size=size, column_width=width)
        )
        qtbot.wait(30)
    window.resize(900, 700)
    qtbot.wait(30)
    window.resize(1200, 800)
    qtbot.wait(30)


def test_re_rendering_an_untouched_article_records_no_progress(make_window, library, qtbot):
    [item_id, other] = add_articles(library, 2, paragraphs=80)
    window = make_window()
    _open(window, qtbot, item_id)
    _restyle(window, qtbot)
    qtbot.wait(500)  # longer than the save delay
    window.list_panel.select_item(other)  # leaving saves what the reader did
    window.close()
    item = library.get(item_id)
    assert (item.state, item.progress.fraction) == ("unread", 0.0)
    assert library.counts()["in_progress"] == 0


def test_re_rendering_keeps_the_readers_position(make_window, library, qtbot):
    [item_id] = add_articles(library, 1, paragraphs=80)
    window = make_window()
    bar = _open(window, qtbot, item_id)
    bar.setSliderPosition(bar.maximum() // 2)  # the reader drags the bar
    window.reader.save_progress()
    saved = library.get(item_id).progress
    assert 0.4 < saved.fraction < 0.6
    _restyle(window, qtbot)
    qtbot.wait(500)
    window.close()
    assert library.get(item_id).progress == saved  # not re-saved at a drifted fraction
