"""`reader import`, `reader export` and the query language on the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.server import LoopbackServer
from test_cli import CLI

IMPORT_DIR = Path(__file__).resolve().parent / "fixtures" / "import"


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    return CLI(tmp_path / "library.db", capsys)


def fixture(name: str) -> str:
    return str(IMPORT_DIR / name)


def test_import_reports_per_file_and_malformed_lines(cli: CLI) -> None:
    code, out, err = cli("import", fixture("pocket.csv"), fixture("bookmarks.html"), "--no-fetch")
    assert code == 0, err
    assert "Pocket CSV: 4 added, 1 merged, 0 skipped, 3 malformed" in out
    assert "Netscape bookmarks HTML: 3 added, 0 merged, 1 skipped, 1 malformed" in out
    assert "pocket.csv, line 6: no URL; skipped" in err
    assert "line 7: unsupported URL scheme 'ftp:'" in err
    assert "Traceback" not in err
    listed = cli.json("list", "--json")
    assert len(listed) == 7
    code, out, _ = cli("import", fixture("pocket.csv"), "--no-fetch")
    assert "0 added, 0 merged, 5 skipped" in out
    assert len(cli.json("list", "--json")) == 7


def test_dry_run_json_and_nothing_changes(cli: CLI) -> None:
    cli("import", fixture("instapaper.csv"), "--no-fetch")
    digest = cli.digest()
    rows = cli.json("import", fixture("instapaper.csv"), fixture("ril_export.html"), "--dry-run",
                    "--json")  # fmt: skip
    assert [f["format"] for f in rows] == ["instapaper", "pocket-html"]
    assert (rows[0]["added"], rows[0]["skipped"], rows[0]["malformed"]) == (0, 4, 2)
    assert (rows[1]["added"], rows[1]["merged"], rows[1]["skipped"]) == (3, 0, 1)
    assert {r["line"] for r in rows[0]["rows"] if r["outcome"] == "malformed"} == {6, 7}
    _code, out, _ = cli("import", fixture("ril_export.html"), "--dry-run")
    assert "would add 3, merge 0, skip 1" in out
    assert "line    11  add    https://news.example.org/ril-one" in out
    assert cli.digest() == digest


def test_dry_run_on_a_new_library_creates_nothing(cli: CLI) -> None:
    code, out, _ = cli("import", fixture("pocket.csv"), "--dry-run")
    assert code == 0 and "would add 4" in out
    assert not cli.db.exists()


def test_an_unknown_file_is_rejected_and_nothing_changes(cli: CLI, tmp_path: Path) -> None:
    cli("import", fixture("pocket_5col.csv"), "--no-fetch")
    digest = cli.digest()
    odd = tmp_path / "notes.csv"
    odd.write_text("name,colour\nsky,blue\n")
    code, _out, err = cli("import", fixture("instapaper.csv"), str(odd))
    assert code == 1
    assert "notes.csv: not a format reader can import" in err
    assert "nothing was imported" in err and "Traceback" not in err
    assert cli.digest() == digest


def test_import_fetches_in_the_background_with_progress_and_a_report(
    cli: CLI, http_server: LoopbackServer, tmp_path: Path
) -> None:
    page = (
        "<html><head><title>Tides</title></head><body><article>"
        + ("<p>A paragraph about harbours, tides and the ships that use them every day.</p>" * 10)
        + "</article></body></html>"
    )
    ok = http_server.add_route("/tides", (200, {"Content-Type": "text/html"}, page))
    gone = http_server.url("/status/410")
    csv_file = tmp_path / "pocket.csv"
    csv_file.write_text(
        f"title,url,time_added,tags,status\nT,{ok},1,a,unread\nG,{gone},2,,unread\n"
    )
    code, out, err = cli("import", str(csv_file), "--interval", "0.01")
    assert code == 0, err
    assert "[1/2]" in err and "gone" in err
    assert "report: 1 fetched, 0 truncated, 1 gone (404/410), 0 failed" in out
    result = cli.json("import", str(csv_file), "--json")  # nothing left to fetch, no progress
    assert result["fetch"] == {"fetched": 0, "truncated": 0, "gone": 0, "failed": 0}
    assert result["files"][0]["skipped"] == 2


def test_no_fetch_then_fetch_later(cli: CLI, http_server: LoopbackServer, tmp_path: Path) -> None:
    ok = http_server.add_route("/later", (200, {}, "<title>Later</title><p>" + "word " * 300))
    csv_file = tmp_path / "pocket.csv"
    csv_file.write_text(f"title,url,time_added\nLater,{ok},1\n")
    cli("import", str(csv_file), "--no-fetch")
    assert http_server.requests == []
    code, out, err = cli("import", "--fetch-held", "--interval", "0.01")
    assert code == 0, err
    assert "1 fetched" in out
    [item] = cli.json("list", "--json")
    assert item["word_count"] >= 300


def test_json_export_round_trips_into_an_empty_library(cli: CLI, tmp_path: Path) -> None:
    for name in ("pocket.csv", "instapaper.csv", "wallabag.json", "bookmarks.html"):
        cli("import", fixture(name), "--no-fetch")
    first = cli.json("list", "--json")
    cli("progress", str(first[0]["id"]), "0.25", "--anchor", "Twice a day")
    cli("state", str(first[1]["id"]), "finished")
    cli("favourite", str(first[2]["id"]))
    before = cli.json("list", "--json")
    out = tmp_path / "export.json"
    code, _, err = cli("export", "--format", "json", "-o", str(out))
    assert code == 0, err
    again = CLI(tmp_path / "second.db", cli.capsys)
    code, _, err = again("import", str(out), "--no-fetch")
    assert code == 0, err
    after = again.json("list", "--json")
    drop = ("id",)
    assert [{k: v for k, v in i.items() if k not in drop} for i in after] == [
        {k: v for k, v in i.items() if k not in drop} for i in before
    ]
    # and the text and versions came along
    texts = [again.json("show", str(i["id"]), "--format", "json").get("text") for i in after
             if i["word_count"]]  # fmt: skip
    assert any("Rance estuary" in t for t in texts)


@pytest.mark.parametrize("fmt", ["csv", "netscape"])
def test_csv_and_bookmark_exports_import_back(cli: CLI, tmp_path: Path, fmt: str) -> None:
    cli("import", fixture("pocket.csv"), fixture("instapaper.csv"), "--no-fetch")
    before = {(i["url"], i["title"], i["state"], tuple(i["tags"]), i["favourite"])
              for i in cli.json("list", "--json")}  # fmt: skip
    out = tmp_path / f"export.{fmt}"
    assert cli("export", "-f", fmt, "-o", str(out))[0] == 0
    again = CLI(tmp_path / "second.db", cli.capsys)
    assert again("import", str(out), "--no-fetch")[0] == 0
    after = {(i["url"], i["title"], i["state"], tuple(i["tags"]), i["favourite"])
             for i in again.json("list", "--json")}  # fmt: skip
    assert after == before


def test_search_and_list_speak_the_query_language(cli: CLI) -> None:
    cli("import", fixture("pocket.csv"), fixture("instapaper.csv"), fixture("wallabag.json"),
        "--no-fetch")  # fmt: skip

    def titles(*args: str) -> set[str]:
        return {i["title"] for i in cli.json(*args, "--json")}

    assert titles("search", "status:truncated") == {"Markets close lower"}
    assert titles("search", "tidal OR markets") == {"Tidal power, explained", "Markets close lower"}
    assert titles("search", "site:mag.example.com", "is:favourite") == {"Starred one"}
    assert titles("search", '"with a comma"') == {"A title, with a comma"}
    assert titles("list", "--query", "tag:food") == {"Café culture in Lyon", "Starred one"}
    assert titles("list", "--query", "added:2016", "--state", "archived") == {
        "Tidal power, explained"
    }
    assert "Markets close lower" not in titles("list", "--query=-markets")
    code, _, err = cli("search", "sit:lemonde")
    assert code == 2
    assert 'unknown filter "sit:"' in err and "^^^^" in err


def test_export_query_and_stdout(cli: CLI) -> None:
    cli("import", fixture("instapaper.csv"), "--no-fetch")
    _code, out, _ = cli("export", "-f", "json", "--query", "tag:science")
    data = json.loads(out)
    assert data["format"] == "reader-export" and data["version"] == 1
    assert [i["title"] for i in data["items"]] == ["A title, with a comma"]
    assert cli("export", "-f", "epub")[0] == 1  # an e-book needs a file


def test_import_of_a_renamed_file_uses_the_content(cli: CLI, tmp_path: Path) -> None:
    renamed = tmp_path / "export.txt"
    shutil.copy(fixture("ril_export.html"), renamed)
    code, out, _ = cli("import", str(renamed), "--no-fetch")
    assert code == 0 and "Pocket HTML" in out
