"""The reader pane: the position kept across windows, state changes, the truncated banner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage
from support.fixtures import SEED
from support.server import Reply
from ui_helpers import add_articles

from reader.core.service import Library
from reader.core.storage import Storage
from reader.ui.views import view_for_key


def _open(window, qtbot, item_id):
    assert window.list_panel.select_item(item_id)
    browser = window.reader.browser
    bar = browser.verticalScrollBar()
    # the scroll bar catches up with the laid-out document (and the window's final size)
    qtbot.waitUntil(lambda: 0 < bar.maximum() == browser.scroll_range())
    return bar


def test_open_scroll_close_reopen_restores_the_position(make_window, library, qtbot):
    [item_id] = add_articles(library, 1, paragraphs=120)
    first = make_window()
    bar = _open(first, qtbot, item_id)
    bar.setSliderPosition(bar.maximum() // 2)
    anchor = first.reader.browser.top_anchor()
    assert anchor and anchor.startswith("Article 00000 paragraph")
    first.close()  # flushes the position

    item = library.get(item_id)
    assert 0.45 <= item.progress.fraction <= 0.55
    assert item.progress.anchor == anchor
    assert item.state == "reading"  # unread → reading on the first scroll

    second = make_window()  # a new window on the same library, like a restart
    bar = _open(second, qtbot, item_id)
    qtbot.waitUntil(lambda: second.reader.browser.top_anchor() == anchor)
    # Qt lays out long documents incrementally: the total height (and so the fraction)
    # settles a moment after the anchor paragraph is already on top.
    qtbot.waitUntil(
        lambda: abs(second.reader.browser.scroll_fraction() - item.progress.fraction) < 0.02
    )
    assert second.reader.browser.top_anchor() == anchor
    second.reader.save_progress()
    assert library.get(item_id).progress.anchor == anchor


def test_progress_is_saved_while_scrolling(make_window, library, qtbot):
    [item_id] = add_articles(library, 1, paragraphs=60)
    window = make_window()
    bar = _open(window, qtbot, item_id)
    bar.setSliderPosition(bar.maximum() // 4)
    qtbot.waitUntil(lambda: library.get(item_id).progress.fraction > 0.2)
    row = window.model.row_of(item_id)
    qtbot.waitUntil(lambda: window.model.item_at(row).progress.fraction > 0.2)


def test_reaching_the_end_finishes_the_article_and_undo_brings_it_back(make_window, library, qtbot):
    [item_id] = add_articles(library, 1, paragraphs=60)
    window = make_window()
    bar = _open(window, qtbot, item_id)
    bar.setSliderPosition(bar.maximum())
    qtbot.waitUntil(lambda: library.get(item_id).state == "finished")
    assert window.toast.isVisible()
    assert window.toast.accept_button.text() == "Undo"
    window.toast.accept()
    assert library.get(item_id).state == "reading"


def test_continue_reading_lists_the_most_recent_first(make_window, tmp_path, qtbot):
    moments = iter(datetime(2026, 1, 1, tzinfo=UTC) + timedelta(minutes=n) for n in range(999))
    library = Library(Storage(tmp_path / "clocked.db", clock=lambda: next(moments)))
    a, b, c = add_articles(library, 3)
    library.set_progress(b, 0.3)
    library.set_progress(a, 0.6)
    library.set_progress(c, 0.1)
    library.set_state(c, "finished")
    window = make_window(lib=library)
    window.sidebar.select_view("continue")
    model = window.model
    assert model.view == view_for_key("continue")
    assert [model.item_at(r).id for r in range(model.rowCount())] == [a, b]
    assert window.sidebar._rows["continue"].text(1) == "2"
    library.close()


def test_the_truncated_banner_shows_for_the_seed(make_window, library, qtbot, opened_urls):
    item = library.add(str(SEED)).item
    window = make_window()
    window.list_panel.select_item(item.id)
    banner = window.reader.banner
    assert banner.isVisible()
    assert banner.sentence.startswith("About 85 % of this article is missing: ")
    assert banner.sentence.count(".") == 1 and banner.sentence.endswith(".")
    assert "85% of this article left to read" in banner.details.text()
    assert not banner.details.isVisible()  # the raw evidence waits behind Details
    banner.details_button.click()
    assert banner.details.isVisible()
    assert banner.complete_button.isVisible()
    assert not banner.needs_button.isVisible()
    assert "More than four years after the fall" in window.reader.browser.toPlainText()

    banner.open_button.click()
    assert opened_urls == [f"file://{SEED}"]

    banner.complete_button.click()
    assert library.get(item.id).needs_full_text is False
    assert banner.sentence == "You marked this article complete."
    assert not banner.full_text_button.isVisible()
    assert banner.needs_button.isVisible()
    assert window.sidebar._rows["needs_full_text"].text(1) == ""

    window.undo_stack.undo()
    assert library.get(item.id).needs_full_text is True
    assert banner.sentence.startswith("About 85 % of this article is missing")


def test_the_reader_pane_loads_nothing_remote_until_allowed(
    make_window, library, qtbot, http_server
):
    image = http_server.add_route("/picture.png", Reply(200, {"Content-Type": "image/png"}, _png()))
    item = library.storage.add_item(
        _article_with_image(image),
        url="https://news.example/story",
        original_url="https://news.example/story",
        raw=None,
        origin="text",
    )
    window = make_window()
    window.list_panel.select_item(item.id)
    pane = window.reader
    qtbot.waitUntil(lambda: pane.browser.verticalScrollBar().maximum() >= 0)
    assert pane.images_bar.isVisible()
    assert "1 remote image" in pane.images_bar.headline.text()
    assert http_server.requests_to("/picture.png") == []
    # the blocked image is a quiet text mark with its alt text, not Qt's broken-image glyph
    assert "[image: x]" in pane.browser.toPlainText()

    pane.images_bar.site_button.click()
    assert "news.example" in window.prefs.image_sites
    qtbot.waitUntil(lambda: len(http_server.requests_to("/picture.png")) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: bool(pane.browser._images), timeout=10_000)
    assert not pane.images_bar.isVisible()
    assert "[image" not in pane.browser.toPlainText()


def _png() -> bytes:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def _article_with_image(src):
    from ui_helpers import make_article

    article = make_article("Pictures")
    article.html = f'<div><p>Before.</p><img src="{src}" alt="x"><p>After.</p></div>'
    return article


def test_keyboard_moves_archives_and_stars(make_window, library, qtbot):
    ids = add_articles(library, 3)
    window = make_window()
    table = window.list_panel.view
    window.list_panel.select_item(ids[2])  # the newest, on top
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert window.list_panel.current_id == ids[1]
    qtbot.keyClick(table, Qt.Key.Key_J)
    assert window.list_panel.current_id == ids[0]
    qtbot.keyClick(table, Qt.Key.Key_K)
    assert window.list_panel.current_id == ids[1]
    qtbot.keyClick(table, Qt.Key.Key_K)
    assert window.list_panel.current_id == ids[2]
    qtbot.keyClick(table, Qt.Key.Key_S)
    assert library.get(ids[2]).favourite is True
    qtbot.keyClick(table, Qt.Key.Key_E)
    assert library.get(ids[2]).state == "archived"
    assert window.toast.isVisible()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert library.get(ids[2]).state == "unread"
    qtbot.keyClick(table, Qt.Key.Key_Slash)
    assert window.list_panel.search.hasFocus()


def test_space_pages_the_article_from_the_list(make_window, library, qtbot):
    [item_id] = add_articles(library, 1, paragraphs=60)
    window = make_window()
    bar = _open(window, qtbot, item_id)
    table = window.list_panel.view
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert bar.value() == bar.pageStep()
    qtbot.keyClick(table, Qt.Key.Key_Space, Qt.KeyboardModifier.ShiftModifier)
    assert bar.value() == 0
