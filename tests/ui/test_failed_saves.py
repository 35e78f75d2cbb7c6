"""A failed save has its own state: shown as failed, not unread, its error in --json, retried."""

from __future__ import annotations

import json

from support.server import ARTICLE_HTML, ARTICLE_TITLE, Reply

from reader.cli import main as cli_main
from reader.ui.article_model import BADGE_ROLE

HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_a_failed_save_is_failed_everywhere_and_reader_retry_saves_it(
    make_window, library, http_server, qtbot, capsys
):
    up = {"ok": False}

    def flaky(_request):
        return Reply(200, HTML, ARTICLE_HTML) if up["ok"] else Reply(503, HTML, "down")

    url = http_server.add_route("/flaky", flaky)
    window = make_window()
    item_id = window.saver.save_url(url)
    qtbot.waitUntil(lambda: library.get(item_id).status == "failed", timeout=10000)
    window.sync.refresh_counts()

    counts = library.counts()
    assert (counts["unread"], counts["failed"], counts["all"]) == (0, 1, 1)
    rows = window.sidebar._rows
    assert rows["unread"].text(1) == ""
    assert rows["failed"].text(1) == "1" and not rows["failed"].isHidden()
    model = window.model
    assert model.index(model.row_of(item_id), 0).data(BADGE_ROLE) == "failed"
    assert library.list_ids(state="unread") == []
    window.sidebar.select_view("unread")
    assert model.total == 0
    window.sidebar.select_view("failed")
    assert model.total == 1

    db = str(library.storage.path)
    assert cli_main(["--db", db, "list"]) == 0
    out = capsys.readouterr().out
    assert "failed" in out and "unread" not in out and "503" in out
    assert cli_main(["--db", db, "list", "--state", "unread", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert cli_main(["--db", db, "list", "--json"]) == 0
    [record] = json.loads(capsys.readouterr().out)
    assert record["status"] == "failed" and "503" in record["error"]

    assert cli_main(["--db", db, "retry"]) == 1  # still down: one line, still failed
    assert "503" in capsys.readouterr().err
    up["ok"] = True
    assert cli_main(["--db", db, "retry"]) == 0
    assert f"saved #{item_id}: {ARTICLE_TITLE}" in capsys.readouterr().out
    item = library.get(item_id)
    assert (item.status, item.state, item.title) == ("ready", "unread", ARTICLE_TITLE)
    assert library.counts()["unread"] == 1 and library.counts()["failed"] == 0
    window.sync.check_external_changes()
    assert rows["failed"].isHidden() or window.sidebar.current_key == "failed"
    assert cli_main(["--db", db, "retry"]) == 0
    assert "nothing to retry" in capsys.readouterr().err
