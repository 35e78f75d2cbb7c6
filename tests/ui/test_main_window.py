"""The window as a whole: first run, menus and shortcuts, settings, views, delete and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from ui_helpers import add_articles

from reader.ui.dialogs import ShortcutSheet
from reader.ui.preferences import PreferencesStore
from reader.ui.settings_dialog import SettingsDialog


def test_an_empty_library_shows_the_welcome_state(make_window):
    window = make_window()
    panel = window.list_panel
    assert panel.pages.currentWidget() is panel.welcome_page
    assert "Ctrl+V" in panel.welcome.text()
    assert window.windowTitle() == "Reader"
    assert not window.windowIcon().pixmap(32, 32).isNull()


def test_every_menu_action_with_a_key_shows_it(make_window):
    window = make_window()
    keys = {
        action.text().replace("&", ""): action.shortcut().toString()
        for menu in window.menus
        for action in menu.actions()
        if not action.isSeparator()
    }
    assert keys["Next article"] == "J"
    assert keys["Previous article"] == "K"
    assert keys["Page down"] == "Space"
    assert keys["Page up"] == "Shift+Space"
    assert keys["Archive"] == "E"
    assert keys["Favourite"] == "S"
    assert keys["Search"] == "/"
    assert keys["Save from clipboard"] == QKeySequence(QKeySequence.StandardKey.Paste).toString()
    assert keys["Settings…"] == "Ctrl+,"
    assert keys["Keyboard shortcuts"] == "?"


def test_question_mark_opens_the_shortcut_sheet(make_window, qtbot):
    window = make_window()
    qtbot.keyClick(window.list_panel.view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None and sheet.isVisible()
    rows = sheet.rows()
    assert list(rows) == ["Reading", "List", "Saving", "App"]
    names = {name for group in rows.values() for _keys, name in group}
    assert {"Archive", "Next article", "Settings", "Page down", "Add a URL", "Undo"} <= names


def test_settings_apply_at_once_and_are_saved(make_window, qtbot, tmp_path):
    window = make_window()
    qtbot.keyClick(window.list_panel.view, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.font_size.setValue(18)
    dialog.theme.setCurrentIndex(dialog.theme.findData("sepia"))
    dialog.watcher.setChecked(False)
    assert window.reader.browser.document().defaultFont().pointSize() == 18
    assert window.themes.effective == "sepia"
    assert not window.watcher.enabled
    saved = PreferencesStore(tmp_path / "config" / "gui.json").load()
    assert (saved.font_size, saved.theme, saved.clipboard_watcher) == (18, "sepia", False)


def test_delete_and_archive_are_undoable(make_window, library, qtbot):
    ids = add_articles(library, 2)
    window = make_window()
    window.list_panel.select_item(ids[1])
    window.items.delete.trigger()
    assert library.list_ids() == [ids[0]]
    assert window.model.total == 1
    assert window.toast.isVisible() and window.toast.accept_button.text() == "Undo"
    window.toast.accept()
    assert sorted(library.list_ids()) == sorted(ids)
    assert window.model.total == 2

    window.list_panel.select_item(ids[0])
    window.items.archive.trigger()
    assert library.get(ids[0]).state == "archived"
    assert window.sidebar._rows["archived"].text(1) == "1"
    window.undo_stack.undo()
    assert library.get(ids[0]).state == "unread"


def test_the_row_context_menu_offers_the_item_actions(make_window, library):
    add_articles(library, 1)
    window = make_window()
    menu = window.list_panel._context_menu
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    for wanted in ("Open original in browser", "Copy URL", "Archive", "Tags", "State"):
        assert wanted in texts


def test_tags_show_up_in_the_sidebar_as_views(make_window, library, qtbot):
    ids = add_articles(library, 3)
    library.add_tags(ids[0], ["syria"])
    window = make_window()
    assert window.sidebar._rows["tag:syria"].text(1) == "1"
    window.sidebar.select_view("tag:syria")
    assert window.model.total == 1
    assert window.model.item_at(0).id == ids[0]


def test_the_last_view_and_the_search_come_back(make_window, library, qtbot):
    add_articles(library, 3)
    window = make_window()
    window.sidebar.select_view("unread")
    window.close()
    again = make_window()
    assert again.sidebar.current_key == "unread"
    assert again.model.view.key == "unread"
    panel = again.list_panel
    qtbot.keyClicks(panel.search, "00001")
    qtbot.waitUntil(lambda: panel.model.total == 1)


def test_a_search_keeps_the_open_article_without_loading_every_row(make_window, library, qtbot):
    ids = add_articles(library, 2500)
    oldest = ids[0]  # last in the default newest-first order
    window = make_window()
    assert window.list_panel.select_item(oldest)
    assert window.reader.item.id == oldest
    window.list_panel.run_search("lorem")  # every article matches; the oldest ranks far down
    qtbot.waitUntil(lambda: window.model.total == 2500)
    assert window.model.rowCount() < 2000  # rows were not all loaded to reselect it
    assert window.reader.item is not None and window.reader.item.id == oldest
    window.list_panel.run_search("Article 00007")
    qtbot.waitUntil(lambda: window.model.total < 2500)
    assert window.reader.item is None or window.model.contains(window.reader.item.id)


def _select_rows(window, qtbot, rows):
    """Click the first row, then Ctrl+click the others, as a person would."""
    table = window.list_panel.view
    for n, row in enumerate(rows):
        rect = table.visualRect(window.model.index(row, 0))
        modifier = Qt.KeyboardModifier.ControlModifier if n else Qt.KeyboardModifier.NoModifier
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_several_selected_articles_are_archived_tagged_and_deleted_together(
    make_window, library, qtbot
):
    ids = add_articles(library, 5)
    window = make_window()
    _select_rows(window, qtbot, [0, 2, 3])
    chosen = [window.model.item_at(r).id for r in (0, 2, 3)]
    assert [i.id for i in window.list_panel.selected_items()] == chosen

    window.items.archive.trigger()
    assert {library.get(i).state for i in chosen} == {"archived"}
    assert window.sidebar._rows["archived"].text(1) == "3"
    assert window.undo_stack.undoText() == "Mark archived (3)"
    window.undo_stack.undo()  # one step brings all three back
    assert {library.get(i).state for i in chosen} == {"unread"}

    _select_rows(window, qtbot, [0, 2, 3])
    window.items.favourite.trigger()
    assert all(library.get(i).favourite for i in chosen)
    window.items.add_tags_to(window.list_panel.selected_items(), ["batch"])
    assert sorted(library.list_ids(tag="batch")) == sorted(chosen)

    _select_rows(window, qtbot, [0, 2, 3])
    window.items.delete.trigger()
    assert sorted(library.list_ids()) == sorted(set(ids) - set(chosen))
    assert window.model.total == 2
    window.toast.accept()  # Undo
    assert sorted(library.list_ids()) == sorted(ids)


def test_start_over_forgets_the_position_and_undo_brings_it_back(make_window, library, qtbot):
    [item_id, other] = add_articles(library, 2, paragraphs=80)
    window = make_window()
    browser = window.reader.browser
    bar = browser.verticalScrollBar()
    assert window.list_panel.select_item(item_id)
    qtbot.waitUntil(lambda: 0 < bar.maximum() == browser.scroll_range())
    bar.setSliderPosition(bar.maximum() // 2)
    window.reader.save_progress()
    saved = library.get(item_id).progress
    assert saved.fraction > 0.4 and saved.anchor

    window.items.start_over.trigger()
    item = library.get(item_id)
    assert (item.state, item.progress.fraction, item.progress.anchor) == ("unread", 0.0, None)
    assert bar.value() == 0  # the open article went back to the top
    window.list_panel.select_item(other)  # leaving it does not write the old position back
    assert library.get(item_id).progress.fraction == 0.0

    window.undo_stack.undo()
    item = library.get(item_id)
    assert item.state == "reading" and item.progress.fraction == saved.fraction
    assert item.progress.anchor == saved.anchor


def test_several_selected_show_the_count_and_bulk_actions_in_the_reader_pane(
    make_window, library, qtbot
):
    ids = add_articles(library, 6)
    window = make_window()
    _select_rows(window, qtbot, [0, 1, 2, 4, 5])
    pane = window.reader
    assert pane.showing_selection
    assert pane.selection.headline.text() == "5 selected"
    assert not pane.browser.isVisible()
    assert set(pane.selection.buttons) >= {"Archive", "Favourite", "Delete", "Add tags…"}
    assert all(b.isVisible() and b.isEnabled() for b in pane.selection.buttons.values())
    pane.selection.buttons["Archive"].click()
    chosen = [i for i in ids if library.get(i).state == "archived"]
    assert len(chosen) == 5
    _select_rows(window, qtbot, [0])  # one article again: the reader shows it
    assert not pane.showing_selection and pane.browser.isVisible()
    assert pane.item is not None
