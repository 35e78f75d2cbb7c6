"""File ▸ Import and File ▸ Export in the real window (offscreen)."""

from __future__ import annotations

import json
from pathlib import Path

from support.server import LoopbackServer

from reader.core.transfer import importer
from reader.ui.transfer import ImportReportDialog, ImportSummary, ReportChart

IMPORT_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "import"
PAGE = (
    "<html><head><title>Tides</title></head><body><article>"
    + "<p>A paragraph about harbours, tides and the ships that use them every day.</p>" * 10
    + "</article></body></html>"
)


def test_the_file_menu_has_import_and_export(make_window) -> None:
    window = make_window()
    texts = [a.text() for a in window.menus[0].actions()]
    assert "&Import…" in texts and "&Export…" in texts
    assert window.import_action.shortcut().toString() == "Ctrl+Shift+I"


def test_import_fills_the_list_then_fetches_with_progress_and_a_report(
    make_window, library, qtbot, http_server: LoopbackServer, tmp_path: Path
) -> None:
    ok = http_server.add_route("/tides", (200, {"Content-Type": "text/html"}, PAGE))
    gone = http_server.url("/status/404")
    csv_file = tmp_path / "pocket.csv"
    csv_file.write_text(
        f"title,url,time_added,tags,status\nT,{ok},1,a,unread\nG,{gone},2,,unread\n"
    )
    window = make_window()
    controller = window.transfer
    controller._interval = 0.0
    progress_seen: list[str] = []
    controller.progress.valueChanged.connect(
        lambda _v: progress_seen.append(controller.progress.format())
    )
    with qtbot.waitSignal(controller.finished, timeout=20000) as blocker:
        controller.import_files([str(csv_file), str(IMPORT_DIR / "wallabag.json")])
    summary: ImportSummary = blocker.args[0]
    counts = summary.counts()
    assert (counts["added"], counts["malformed"]) == (4, 1)
    assert (counts["fetched"], counts["gone"]) == (1, 1)
    assert any(f.startswith("Importing") for f in progress_seen)
    assert any(f.startswith("Fetching") for f in progress_seen)
    assert not controller.progress.isVisible() and not controller.busy
    assert window.model.total == 4
    dialog = controller.report_dialog
    assert isinstance(dialog, ImportReportDialog) and dialog.isVisible()
    assert dialog.chart.counts["truncated"] == 1  # the wallabag paywalled entry
    dialog.close()
    titles = {i.title for i in library.list_items()}
    assert "Tides" in titles  # the fetched page filled the imported row


def test_an_interrupted_queue_resumes_when_the_app_opens(
    make_window, library, qtbot, http_server: LoopbackServer, tmp_path: Path
) -> None:
    url = http_server.add_route("/later", (200, {"Content-Type": "text/html"}, PAGE))
    csv_file = tmp_path / "pocket.csv"
    csv_file.write_text(f"title,url,time_added\nLater,{url},1\n")
    importer.import_parsed(library.storage, importer.parse_all([csv_file]), fetch=True)
    assert len(library.storage.pending_fetches()) == 1  # as if the app quit mid-import
    window = make_window()
    qtbot.waitUntil(lambda: not library.storage.pending_fetches(), timeout=20000)
    qtbot.waitUntil(lambda: not window.transfer.busy, timeout=5000)
    [item] = library.list_items()
    assert item.title == "Tides" and item.word_count > 50


def test_a_file_in_no_known_format_changes_nothing(
    make_window, library, qtbot, tmp_path: Path
) -> None:
    odd = tmp_path / "notes.csv"
    odd.write_text("name,colour\nsky,blue\n")
    window = make_window()
    with qtbot.waitSignal(window.transfer.message, timeout=10000) as blocker:
        window.transfer.import_files([str(odd)])
    assert "not a format reader can import" in blocker.args[0]
    assert "Nothing was imported" in blocker.args[0]
    assert library.list_ids() == []


def test_export_the_view_or_the_selection(make_window, library, qtbot, tmp_path: Path) -> None:
    importer.import_parsed(
        library.storage, importer.parse_all([IMPORT_DIR / "instapaper.csv"]), fetch=False
    )
    window = make_window()
    ids = window.model.ids()
    assert len(ids) == 4
    out = tmp_path / "view.json"
    with qtbot.waitSignal(window.transfer.message, timeout=10000) as blocker:
        window.transfer.export(ids[:2], "json", out)
    assert "Exported 2 articles" in blocker.args[0]
    assert [i["id"] for i in json.loads(out.read_text())["items"]] == ids[:2]


def test_the_report_chart_paints(qtbot) -> None:
    chart = ReportChart({"added": 20, "fetched": 12, "truncated": 5, "gone": 2, "failed": 1})
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    image = chart.grab().toImage()
    assert image.width() == 400
    colours = {image.pixelColor(x, 4 + 2 + 7).name() for x in range(0, 400, 4)}
    assert "#3b82f6" in colours  # the 'added' bar is drawn


def test_the_search_box_speaks_the_query_language(make_window, library, qtbot) -> None:
    importer.import_parsed(
        library.storage, importer.parse_all([IMPORT_DIR / "instapaper.csv"]), fetch=False
    )
    window = make_window()
    panel = window.list_panel
    panel.run_search("tag:science")
    assert [window.model.item_at(r).title for r in range(window.model.total)] == [
        "A title, with a comma"
    ]
    with qtbot.waitSignal(window.model.query_failed, timeout=5000) as blocker:
        panel.run_search("sit:mag")
    assert blocker.args[0].startswith('unknown filter "sit:"') and "\n" not in blocker.args[0]
    assert window.model.total == 0


def test_a_big_file_is_stored_over_many_event_loop_turns(
    make_window, library, qtbot, tmp_path: Path
) -> None:
    csv_file = tmp_path / "pocket.csv"
    rows = "".join(f"Story {n},https://s{n % 9}.example.org/{n},{1600000000 + n},,unread\n"
                   for n in range(1500))  # fmt: skip
    csv_file.write_text("title,url,time_added,tags,status\n" + rows)
    window = make_window()
    seen: list[int] = []
    window.transfer.progress.valueChanged.connect(seen.append)
    window.transfer.show_report = False
    with qtbot.waitSignal(window.transfer.finished, timeout=30000):
        window.transfer.import_files([str(csv_file)], fetch=False)
    assert len(library.list_ids()) == 1500
    assert len([v for v in seen if 0 < v < 1500]) >= 5  # progress between batches
    assert library.storage.fetch_report()["held"] == 1500
