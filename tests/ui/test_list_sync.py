"""The window follows the library: its own changes and writes by another process (the CLI)."""

from __future__ import annotations

from support.fixtures import SEED
from ui_helpers import add_articles

from reader.cli import main as cli_main


def test_items_saved_by_the_cli_show_up_in_the_open_window(make_window, library):
    add_articles(library, 2)
    window = make_window()
    assert window.model.total == 2
    assert cli_main(["--db", str(library.storage.path), "add", str(SEED)]) == 0
    window.sync.check_external_changes()  # what the window's timer does every two seconds
    assert window.model.total == 3
    assert window.sidebar._rows["needs_full_text"].text(1) == "1"
    assert cli_main(["--db", str(library.storage.path), "state", "1", "archived"]) == 0
    window.sync.check_external_changes()
    assert window.model.item_at(window.model.row_of(1)).state == "archived"


def test_the_window_looks_for_other_writers_on_its_own(make_window, library, qtbot):
    add_articles(library, 1)
    window = make_window()
    assert cli_main(["--db", str(library.storage.path), "add", str(SEED)]) == 0
    assert window.model.total == 1  # nothing re-read yet
    qtbot.waitUntil(lambda: window.model.total == 2, timeout=5000)  # the timer, not the test


def test_the_open_article_is_re_read_when_the_cli_changes_it(make_window, library):
    ids = add_articles(library, 2)
    window = make_window()
    assert window.list_panel.select_item(ids[0])
    assert window.reader.item.tags == []
    assert cli_main(["--db", str(library.storage.path), "tag", str(ids[0]), "later"]) == 0
    window.sync.check_external_changes()
    assert window.reader.item.tags == ["later"]
