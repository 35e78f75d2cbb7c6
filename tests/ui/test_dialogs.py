"""Add URL (no scheme, Enter, why not), Open original without a browser, Esc in search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import add_articles

from reader.ui.dialogs import AddUrlDialog, CopyAddressDialog


def _dialog(window, qtbot):
    window.intake.show_add_url()
    dialog = window.findChild(AddUrlDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_add_url_adds_https_and_enter_submits(make_window, qtbot):
    window = make_window()
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.edit, "example.com/story")
    with qtbot.waitSignal(dialog.urls_entered) as entered:
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    assert entered.args == [["https://example.com/story"]]
    assert "\n" not in dialog.edit.toPlainText()


def test_shift_enter_starts_another_line(make_window, qtbot):
    window = make_window()
    dialog = _dialog(window, qtbot)
    qtbot.keyClicks(dialog.edit, "example.com/a")
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.edit, "http://example.org/b")
    assert dialog.urls() == ["https://example.com/a", "http://example.org/b"]
    assert dialog.hint.text() == "2 pages will be saved"


def test_an_invalid_entry_says_why(make_window, qtbot):
    window = make_window()
    dialog = _dialog(window, qtbot)
    for typed, reason in (
        ("just some words", "has spaces"),
        ("localhost", "no domain"),
        ("ftp://example.com/file", "http and https"),
    ):
        dialog.edit.setPlainText(typed)
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
        assert dialog.isVisible()  # nothing saved
        assert reason in dialog.hint.text(), (typed, dialog.hint.text())


def test_open_original_without_a_browser_shows_the_address_to_copy(
    make_window, library, qtbot, opened_urls, qapp
):
    opened_urls.works = False
    [item_id] = add_articles(library, 1)
    window = make_window()
    window.list_panel.select_item(item_id)
    window.items.open_original.trigger()
    dialog = window.findChild(CopyAddressDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.address.text() == "https://example.com/0"
    assert dialog.address.selectedText() == "https://example.com/0"
    dialog.copy_button.click()
    assert qapp.clipboard().text() == "https://example.com/0"


def test_escape_in_search_clears_it_and_returns_to_the_list(make_window, library, qtbot):
    add_articles(library, 5)
    window = make_window()
    panel = window.list_panel
    panel.focus_search()
    qtbot.keyClicks(panel.search, "Article 00003")
    panel.run_search(panel.search.text())
    assert window.model.total == 1
    qtbot.keyClick(panel.search, Qt.Key.Key_Escape)
    assert panel.search.text() == ""
    assert window.model.total == 5
    assert panel.view.hasFocus()
