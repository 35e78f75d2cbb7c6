"""A truncated article: the banner in plain words, Get full text, never 'finished' while partial."""

from __future__ import annotations

import pytest
from support.fixtures import SEED, TRUNCATED
from ui_helpers import text_contrast

from reader.cli import main as cli_main
from reader.ui.preferences import Preferences

JARGON = ("<meta", "cssSelector", "hasPart", "isAccessibleForFree", "JSON-LD", "'", "char ")


def _open(window, qtbot, item_id):
    assert window.list_panel.select_item(item_id)
    browser = window.reader.browser
    bar = browser.verticalScrollBar()
    qtbot.waitUntil(lambda: browser.scroll_range() == 0 or bar.maximum() > 0)
    return bar


def test_the_banner_says_it_in_one_plain_sentence(make_window, library, qtbot, capsys):
    item = library.add(str(TRUNCATED)).item
    seed = library.add(str(SEED)).item
    window = make_window()
    banner = window.reader.banner
    for shown in (item, seed):
        _open(window, qtbot, shown.id)
        assert banner.isVisible()
        visible = banner.headline.text()
        assert banner.sentence.count(". ") == 0 and banner.sentence.endswith(".")
        for word in JARGON:
            assert word not in banner.sentence, (word, banner.sentence)
        assert "missing" in banner.sentence
        assert "<b>" in visible  # what is missing stands out
        assert not banner.details.isVisible()
        assert banner.details_button.isVisible()
        details = banner.details.text()
        assert len(set(details.split("<li>"))) == len(details.split("<li>"))  # no repeats
        # the main button is Get full text
        assert banner.full_text_button.isVisible()
        assert banner.full_text_button.objectName() == "primary"
        assert banner.buttons.indexOf(banner.full_text_button) < banner.buttons.indexOf(
            banner.open_button
        )
    # the same figure as the command line
    assert banner.sentence.startswith("About 85 % of this article is missing")
    assert cli_main(["--db", str(library.storage.path), "show", str(seed.id)]) == 0
    assert "about 85% is missing" in capsys.readouterr().out


def test_get_full_text_emits_the_item_id(make_window, library, qtbot):
    seed = library.add(str(SEED)).item
    window = make_window()
    _open(window, qtbot, seed.id)
    with qtbot.waitSignal(window.reader.get_full_text_requested) as signal:
        window.reader.banner.full_text_button.click()
    assert signal.args == [seed.id]


@pytest.mark.parametrize("theme", ["light", "dark", "sepia"])
def test_the_banner_is_readable_in_every_theme(make_window, library, qtbot, theme):
    seed = library.add(str(SEED)).item
    window = make_window(Preferences(theme=theme))
    _open(window, qtbot, seed.id)
    banner = window.reader.banner
    assert text_contrast(banner, banner.headline.geometry()) >= 4.5


def test_reaching_the_end_of_a_partial_text_offers_get_full_text(
    make_window, library, qtbot, opened_urls
):
    seed = library.add(str(SEED)).item
    window = make_window(Preferences(font_size=30))  # long enough to scroll
    bar = _open(window, qtbot, seed.id)
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    for _ in range(40):  # Space, Space, … to the end
        window.reader.page(1)
    qtbot.waitUntil(window.offer.isVisible)
    assert window.offer.accept_button.text() == "Get full text"
    assert "85 % of this article is missing" in window.offer.label.text()
    window.reader.save_progress()
    item = library.get(seed.id)
    assert item.state != "finished"
    assert item.needs_full_text
    window.offer.accept()  # Get full text: a text dump has no route, so the original is offered
    qtbot.waitUntil(lambda: window.offer.accept_button.text() == "Open original")
    assert "no web address to get the rest from" in window.offer.label.text()
    window.offer.accept()
    assert opened_urls == [f"file://{SEED}"]
