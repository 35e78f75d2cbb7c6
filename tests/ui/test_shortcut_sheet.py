"""The '?' sheet groups keys by task under stable names, whatever the actions' live text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from ui_helpers import add_articles

from reader.ui.dialogs import ShortcutSheet


def test_the_sheet_keeps_stable_names_after_a_bulk_action(make_window, library, qtbot):
    ids = add_articles(library, 5)
    window = make_window()
    table = window.list_panel.view
    window.list_panel.select_item(ids[0])
    table.selectAll()
    window.items.archive.trigger()  # the undo action now reads "Undo Mark archived (5)"
    window.undo_stack.undo()  # ... and redo "Redo Mark archived (5)"
    qtbot.keyClick(table, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    sheet = window.findChild(ShortcutSheet)
    assert sheet is not None
    rows = sheet.rows()
    assert list(rows) == ["Reading", "List", "Saving", "App"]
    names = [name for group in rows.values() for _keys, name in group]
    assert not [n for n in names if "(" in n or "Mark archived" in n or "&" in n]
    app = {name: keys for keys, name in rows["App"]}
    assert {"Undo", "Redo", "Settings"} <= set(app)
    reading = {name: keys for keys, name in rows["Reading"]}
    assert reading["Page down"] == "Space"
    listing = {name: keys for keys, name in rows["List"]}
    assert listing["Archive"] == "E" and listing["Next article"] == "J"
    assert "Esc" in listing.values() or "Esc" in listing
