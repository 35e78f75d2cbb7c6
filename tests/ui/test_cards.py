"""The list as compact cards by default; a compact table as a View option."""

from __future__ import annotations

from dataclasses import replace

from support.fixtures import SEED
from ui_helpers import add_articles, pixels

from reader.ui.article_model import ADDED, CARD_ROLE
from reader.ui.cards import CardView
from reader.ui.preferences import PreferencesStore


def test_cards_are_the_default_and_show_everything_at_a_glance(make_window, library, qtbot):
    seed = library.add(str(SEED)).item
    [other] = add_articles(library, 1)
    library.set_progress(other, 0.5)
    window = make_window()
    panel = window.list_panel
    assert panel.mode == "cards" and isinstance(panel.view, CardView)
    assert panel.pages.currentWidget() is panel.cards and panel.cards.isVisible()
    row = window.model.row_of(seed.id)
    title, site, excerpt, added, minutes, unread = window.model.index(row, 0).data(CARD_ROLE)
    assert title.startswith("More than four years after the fall")
    assert site.startswith("Le Monde · via ")  # the original source, then the site
    assert excerpt.startswith("More than four years after") and "\n" not in excerpt
    assert added.startswith("today ") and minutes.endswith("min") and unread
    # painted: two title lines fit, the truncated badge is there, the progress bar too
    delegate = panel.cards.delegate
    height = panel.cards.visualRect(window.model.index(row, 0)).height()
    assert height >= 4 * panel.fontMetrics().lineSpacing() + 2 * 9
    colours = pixels(panel.cards.viewport())
    assert colours["#f59e0b"] > 50  # the Truncated badge
    highlight = window.palette().highlight().color().name()
    assert colours[highlight] > 20  # the progress of the half-read one
    lines = delegate._title_lines("word " * 40, panel.font(), 300)
    assert len(lines) == 2 and lines[1].endswith("…")


def test_the_compact_table_is_a_view_option_and_is_remembered(
    make_window, library, qtbot, tmp_path
):
    add_articles(library, 3)
    window = make_window()
    action = next(a for a in window.mode_group.actions() if a.data() == "table")
    action.trigger()
    panel = window.list_panel
    assert panel.mode == "table" and panel.pages.currentWidget() is panel.table
    assert panel.model.index(0, ADDED).data().startswith("today ")
    stored = PreferencesStore(tmp_path / "config" / "gui.json").load()
    assert stored.list_mode == "table"
    window.apply_preferences(replace(window.prefs, list_mode="cards"))
    assert panel.pages.currentWidget() is panel.cards


def test_a_failed_card_retries_from_its_badge(make_window, library, http_server, qtbot):
    from PySide6.QtCore import Qt
    from support.server import ARTICLE_HTML, Reply

    answer = {"status": 404}
    url = http_server.add_route(
        "/later", lambda _r: Reply(answer["status"], {"Content-Type": "text/html"}, ARTICLE_HTML)
    )
    window = make_window()
    item_id = window.saver.save_url(url)
    qtbot.waitUntil(lambda: library.get(item_id).status == "failed", timeout=10000)
    answer["status"] = 200
    cards = window.list_panel.cards
    index = window.model.index(window.model.row_of(item_id), 0)
    rect = cards.visualRect(index)
    small = cards.delegate.fonts(cards.font())[2]
    badge = cards.delegate.badge_rect(rect, small, "failed")
    qtbot.mouseClick(cards.viewport(), Qt.MouseButton.LeftButton, pos=badge.center())
    qtbot.waitUntil(lambda: library.get(item_id).status == "ready", timeout=10000)
