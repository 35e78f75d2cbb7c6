"""The clipboard watcher: offers a copied link once, recognises saved ones, obeys settings."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QMimeData, Qt

from reader.ui.clipboard import read_content
from reader.ui.preferences import Preferences


def test_the_watcher_offers_a_copied_url_and_enter_saves_it(
    make_window, qapp, qtbot, http_server, library
):
    window = make_window()
    url = http_server.url("/article")
    qapp.clipboard().setText(url)
    qtbot.waitUntil(window.offer.isVisible)
    assert url in window.offer.label.text()
    assert window.offer.hasFocus()
    qtbot.keyClick(window.offer, Qt.Key.Key_Return)
    assert not window.offer.isVisible()
    qtbot.waitUntil(lambda: len(library.list_ids()) == 1)
    item_id = library.list_ids()[0]
    qtbot.waitUntil(lambda: library.get(item_id).status == "ready", timeout=10_000)


def test_esc_dismisses_and_the_same_url_is_not_offered_twice(make_window, qapp, qtbot, library):
    window = make_window()
    clipboard = qapp.clipboard()
    clipboard.setText("https://example.org/one")
    qtbot.waitUntil(window.offer.isVisible)
    qtbot.keyClick(window.offer, Qt.Key.Key_Escape)
    assert not window.offer.isVisible()
    clipboard.setText("not a link at all")
    clipboard.setText("https://example.org/one")
    assert not window.offer.isVisible()
    assert library.list_ids() == []
    clipboard.setText("https://example.org/two")
    assert window.offer.isVisible()
    assert "example.org/two" in window.offer.label.text()


def test_a_url_already_in_the_library_is_recognised(make_window, qapp, qtbot, http_server, library):
    item = library.add(http_server.url("/article")).item
    window = make_window()
    qapp.clipboard().setText(http_server.url("/article?utm_source=newsletter"))
    qtbot.waitUntil(window.offer.isVisible)
    assert window.offer.label.text().startswith("Already in your library")
    window.offer.accept()
    assert window.list_panel.current_id == item.id
    assert library.list_ids() == [item.id]


def test_auto_save_and_watcher_off(make_window, qapp, qtbot, http_server, library):
    window = make_window(Preferences(auto_save=True))
    qapp.clipboard().setText(http_server.url("/article"))
    qtbot.waitUntil(lambda: len(library.list_ids()) == 1)
    assert not window.offer.isVisible()

    window.apply_preferences(replace(window.prefs, clipboard_watcher=False))
    qapp.clipboard().setText(http_server.url("/gzip"))
    assert not window.offer.isVisible()
    assert len(library.list_ids()) == 1


def test_copying_a_url_from_the_app_is_not_offered_back(make_window, qapp, qtbot, library):
    from ui_helpers import add_articles

    [item_id] = add_articles(library, 1)
    window = make_window()
    window.list_panel.select_item(item_id)
    window.items.copy_url.trigger()
    assert qapp.clipboard().text() == "https://example.com/0"
    assert not window.offer.isVisible()


def test_read_content_tells_links_from_copied_pages():
    from reader.core.service import Library

    find = Library.find_urls
    link = QMimeData()
    link.setText("https://example.org/a")
    link.setHtml('<a href="https://example.org/a">A fine story</a>')
    content = read_content(link, find)
    assert content.urls == ["https://example.org/a"]
    assert content.link_title == "A fine story"
    assert not content.is_article

    page = QMimeData()
    page.setHtml("<h1>Story</h1>" + "<p>Words and more words in a paragraph.</p>" * 40)
    content = read_content(page, find)
    assert content.is_article
    assert content.source_url is None
