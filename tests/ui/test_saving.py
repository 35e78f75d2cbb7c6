"""Saving from the window: rows that fill in, failures with Retry, drops, quitting mid-save."""

from __future__ import annotations

import threading

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from support.fixtures import SEED
from support.server import ARTICLE_HTML, ARTICLE_TITLE, Reply

import reader.ui.main_window as main_window
from reader.ui.article_model import PROGRESS, SITE, STATUS_ROLE, TITLE
from reader.ui.delegates import ProgressDelegate
from reader.ui.dialogs import AddUrlDialog

HTML = {"Content-Type": "text/html; charset=utf-8"}


def _status(window, item_id):
    row = window.model.row_of(item_id)
    return None if row is None else window.model.index(row, PROGRESS).data(STATUS_ROLE)


def test_adding_a_url_served_on_loopback_produces_a_row_that_fills_in(
    make_window, http_server, qtbot, library
):
    gate = threading.Event()

    def story(_request):
        gate.wait(10)
        return Reply(200, HTML, ARTICLE_HTML)

    url = http_server.add_route("/story", story)
    window = make_window()
    window.intake.show_add_url()
    dialog = window.findChild(AddUrlDialog)
    dialog.edit.setPlainText(f"  {url}  ")
    dialog.accept()

    [item_id] = library.list_ids()
    row = window.model.row_of(item_id)
    assert row == 0
    assert _status(window, item_id) == "saving"
    assert window.model.index(row, TITLE).data() == url
    gate.set()
    qtbot.waitUntil(lambda: _status(window, item_id) == "ready", timeout=10_000)
    assert window.model.index(window.model.row_of(item_id), TITLE).data() == ARTICLE_TITLE
    assert window.sidebar._rows["all"].text(1) == "1"


def test_a_failed_fetch_shows_its_reason_and_retry_works(make_window, http_server, qtbot, library):
    answer = {"status": 404}
    url = http_server.add_route("/flaky", lambda _r: Reply(answer["status"], HTML, ARTICLE_HTML))
    window = make_window()
    item_id = window.saver.save_url(url)
    qtbot.waitUntil(lambda: _status(window, item_id) == "failed", timeout=10_000)
    row = window.model.row_of(item_id)
    assert "404" in window.model.index(row, SITE).data()
    window.list_panel.select_item(item_id)
    assert window.reader.failure.isVisible()
    assert "404" in window.reader.failure.details.text()

    answer["status"] = 200
    window.list_panel.set_mode("table")  # the compact table's Retry button
    table = window.list_panel.view
    cell = table.visualRect(window.model.index(row, PROGRESS))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=ProgressDelegate.button_rect(cell).center()
    )
    qtbot.waitUntil(lambda: _status(window, item_id) == "ready", timeout=10_000)
    assert library.get(item_id).title == ARTICLE_TITLE
    qtbot.waitUntil(lambda: not window.reader.failure.isVisible())
    assert ARTICLE_TITLE in window.reader.browser.toPlainText()
    assert len(http_server.requests_to("/flaky")) == 2


def test_pasting_several_lines_of_urls_saves_them_all(
    make_window, http_server, qtbot, library, qapp
):
    urls = [http_server.url("/article"), http_server.url("/gzip")]
    window = make_window()
    qapp.clipboard().setText(f"read these:\n{urls[0]}\n\n{urls[1]}\n")
    window.paste_action.trigger()
    assert len(library.list_ids()) == 2
    qtbot.waitUntil(
        lambda: all(library.get(i).status == "ready" for i in library.list_ids()), timeout=10_000
    )


def test_pasting_a_copied_page_saves_its_html_with_the_url(
    make_window, http_server, qtbot, library, qapp
):
    page_url = http_server.url("/copied-from-the-browser")
    paragraphs = "".join(
        f"<p>Paragraph {n} of a copied article, long enough.</p>" for n in range(30)
    )
    mime = QMimeData()
    mime.setHtml(f"<h1>A copied article</h1>{paragraphs}")
    mime.setText("A copied article\n" + "Paragraph of a copied article, long enough.\n" * 30)
    mime.setData("text/x-moz-url-priv", page_url.encode("utf-16-le"))
    window = make_window()
    qapp.clipboard().setMimeData(mime)
    window.intake.paste()
    assert window.offer.isVisible()
    assert "127.0.0.1" in window.offer.label.text()
    qtbot.keyClick(window.offer, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(library.list_ids()) == 1, timeout=10_000)
    item = library.get(library.list_ids()[0])
    assert item.original_url == page_url or item.url == page_url
    assert "Paragraph 29" in library.content(item.id).text
    assert http_server.requests_to("/copied-from-the-browser") == []  # nothing fetched


def test_dropping_a_text_file_saves_it(make_window, qtbot, library):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SEED))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: len(library.list_ids()) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: window.model.total == 1)
    assert window.sidebar._rows["needs_full_text"].text(1) == "1"


def test_quitting_while_a_save_runs_is_clean_and_the_row_can_be_retried(
    make_window, http_server, qtbot, library, qapp, monkeypatch
):
    gate = threading.Event()

    def stuck(_request):
        gate.wait(10)
        return Reply(200, HTML, ARTICLE_HTML)

    url = http_server.add_route("/stuck", stuck)
    window = make_window()
    item_id = window.saver.save_url(url)
    qtbot.waitUntil(lambda: len(http_server.requests_to("/stuck")) == 1)
    tasks = window.tasks
    monkeypatch.setattr(main_window, "QUIT_WAIT_MS", 100)
    window.close()
    assert tasks.active == 1  # the fetch outlived the wait: quitting did not block on it
    gate.set()
    qtbot.waitUntil(lambda: tasks._pool.activeThreadCount() == 0, timeout=10_000)
    qapp.processEvents()  # deliver the late, queued result: it must be ignored
    assert library.get(item_id).status == "saving"  # never committed after quit

    again = make_window()
    assert _status(again, item_id) == "failed"  # interrupted: offered for retry
    again.saver.retry(item_id)
    qtbot.waitUntil(lambda: _status(again, item_id) == "ready", timeout=10_000)


def test_a_url_with_a_password_is_refused_without_showing_the_password(make_window, library):
    window = make_window()
    messages: list[str] = []
    window.saver.message.connect(messages.append)
    assert window.saver.save_url("http://alice:s3cr3t@example.com/story") is None
    assert messages and "Cannot save" in messages[0]
    assert "s3cr3t" not in messages[0]
    assert library.list_ids() == []
