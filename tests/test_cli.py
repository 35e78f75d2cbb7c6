"""The `reader` command-line contract, over real SQLite files and the loopback server."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.fixtures import NON_ENGLISH, SEED, SMALL_PAGE
from support.server import LoopbackServer

from reader.cli import main

LEMONDE = f"/{NON_ENGLISH.name}"


class CLI:
    """Runs ``reader`` in-process against one library file and captures its output."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys

    def __call__(self, *args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
        try:
            code = main(["--db", str(self.db), *args])
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
        finally:
            sys.stdin = sys.__stdin__
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args)
        assert code == 0, err
        return json.loads(out)

    def digest(self) -> str:
        h = hashlib.sha256()
        for suffix in ("", "-wal"):
            p = Path(str(self.db) + suffix)
            if p.exists():
                h.update(p.read_bytes())
        return h.hexdigest()


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> CLI:
    return CLI(tmp_path / "library.db", capsys)


def test_seed_case_end_to_end(cli: CLI) -> None:
    [added] = cli.json("add", str(SEED), "--json")
    rec = cli.json("show", str(added["id"]), "--format", "json")
    pw = rec["paywall"]
    assert pw["status"] == "truncated"
    assert abs(pw["missing_fraction"] - 0.85) <= 0.01
    assert rec["needs_full_text"] is True
    assert "85% of this article left to read" in json.dumps(pw["evidence"])
    assert rec["source"] == "Le Monde"
    assert rec["source_published"].startswith("2023-11-02")
    text = rec["text"]
    assert text.startswith("More than four years after the fall")
    assert text.endswith("whose agenda is neither Syrian nor international.")
    for junk in ("Sponsor", "QWIKET", "Images Le Monde.fr", "left to read", "subscribers only"):
        assert junk not in text
    assert [i["id"] for i in cli.json("list", "--needs-full-text", "--json")] == [added["id"]]
    assert "Le Monde" in cli("show", str(added["id"]))[1]


def test_url_save_list_search_progress_and_dedupe(cli: CLI, http_server: LoopbackServer) -> None:
    url = http_server.url(LEMONDE)
    [item] = cli.json("add", url, "--json", "--tag", "france")
    assert item["duplicate"] is False
    assert "renseignement" in item["title"]
    assert item["language"] == "fr" and item["tags"] == ["france"]
    assert item["state"] == "unread" and item["word_count"] > 300
    assert [i["id"] for i in cli.json("list", "--json")] == [item["id"]]
    assert [i["id"] for i in cli.json("search", "renseignement", "--json")] == [item["id"]]
    assert cli.json("search", "zzzznotthere", "--json") == []
    assert cli("progress", str(item["id"]), "0.4")[0] == 0
    shown = cli.json("show", str(item["id"]), "--format", "json")
    assert shown["progress"]["fraction"] == pytest.approx(0.4)
    assert shown["state"] == "reading"
    [again] = cli.json("add", url + "?utm_source=newsletter&utm_medium=email#top", "--json")
    assert again["id"] == item["id"] and again["duplicate"] is True
    assert len(cli.json("list", "--json")) == 1
    assert len(http_server.requests_to(LEMONDE)) == 1  # the duplicate was not fetched again


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("file:///etc/passwd", "file"),
        ("javascript:alert(1)", "javascript"),
        ("data:text/html,<p>hi</p>", "data"),
        ("ftp://example.com/x.html", "ftp"),
        ("/nonexistent/nothing-here.html", "no such file"),
        ("http://127.0.0.1:9/", "127.0.0.1"),
        ("{base}/status/404", "404"),
        ("{base}/status/503", "503"),
        ("{base}/pdf", "PDF"),
        ("{base}/image", "image"),
        ("{base}/binary", ""),
        ("{base}/empty", "empty"),
        ("{base}/redirect-to-file", "file"),
        ("{base}/loop", "redirect"),
        ("{base}/huge?size=20000000", "MB"),
    ],
)
def test_bad_sources_get_one_line_and_change_nothing(
    cli: CLI, http_server: LoopbackServer, source: str, message: str
) -> None:
    cli("add", str(SEED))
    before = cli.digest()
    code, _out, err = cli("add", source.format(base=http_server.base_url))
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert message.lower() in lines[0].lower()
    assert cli.digest() == before
    assert len(cli.json("list", "--json")) == 1


def test_one_bad_source_does_not_stop_the_others(cli: CLI, http_server: LoopbackServer) -> None:
    code, _out, err = cli(
        "add", http_server.url("/status/404"), str(SEED), http_server.url(LEMONDE)
    )
    assert code == 1
    assert "404" in err
    assert len(cli.json("list", "--json")) == 2


def test_usage_errors_exit_2(cli: CLI) -> None:
    assert cli("add")[0] == 2
    assert cli("state", "1", "sleeping")[0] == 2
    assert cli("frobnicate")[0] == 2


def test_stdin_html_and_text(cli: CLI) -> None:
    html = NON_ENGLISH.read_bytes()
    code, out, err = cli("add", "-", "--json", stdin=html)
    assert code == 0, err
    assert "renseignement" in json.loads(out)[0]["title"]
    code, out, err = cli("add", "-", "--json", stdin=SEED.read_bytes())
    assert code == 0, err
    assert json.loads(out)[0]["source"] == "Le Monde"


def test_saved_html_file_keyed_by_its_canonical_url(cli: CLI, http_server: LoopbackServer) -> None:
    path = NON_ENGLISH
    [first] = cli.json("add", str(path), "--json")
    [second] = cli.json("add", str(path), "--json")
    assert second["id"] == first["id"] and second["duplicate"] is True


def test_organising_commands(cli: CLI) -> None:
    [item] = cli.json("add", str(SEED), "--json")
    iid = str(item["id"])
    assert cli("tag", iid, "syria", "news")[0] == 0
    assert cli("tag", iid, "--remove", "news")[0] == 0
    assert cli.json("show", iid, "--format", "json")["tags"] == ["syria"]
    assert [i["id"] for i in cli.json("list", "--tag", "syria", "--json")] == [item["id"]]
    assert cli("state", iid, "archived")[0] == 0
    assert [i["id"] for i in cli.json("list", "--state", "archived", "--json")] == [item["id"]]
    assert cli.json("list", "--state", "unread", "--json") == []
    assert cli("favourite", iid)[0] == 0
    assert cli.json("show", iid, "--format", "json")["favourite"] is True
    assert "<p>" in cli("show", iid, "--format", "html")[1]
    assert cli("delete", iid)[0] == 0
    assert cli.json("list", "--json") == []
    code, _, err = cli("show", iid)
    assert code == 1 and "Traceback" not in err and err.strip()
    assert cli("progress", "999", "0.5")[0] == 1
    assert cli("progress", iid, "1.5")[0] == 1


def test_extract_jsonl_keeps_inputs_and_reports_errors(cli: CLI) -> None:
    page = str(SMALL_PAGE)
    code, out, _ = cli("extract", page, "/nope.html", str(SEED), "--format", "jsonl")
    assert code == 1
    recs = [json.loads(line) for line in out.splitlines()]
    assert [r["input"] for r in recs] == [page, "/nope.html", str(SEED)]
    assert "error" in recs[1] and "text" in recs[0] and "html" in recs[0]
    assert recs[2]["paywall"]["status"] == "truncated"
    assert "id" not in recs[0] and "state" not in recs[0]
    assert not Path(cli.db).exists()  # extract never touches the library


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("reader")
    if not exe.exists():
        pytest.skip("console script not installed next to this python")
    env = {"READER_DB": str(tmp_path / "x.db"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [str(exe), "add", str(SEED), "--json"], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["paywall"]["status"] == "truncated"
    assert (tmp_path / "x.db").exists()


def test_reextract_runs_offline_from_the_stored_page(cli: CLI, http_server: LoopbackServer) -> None:
    [item] = cli.json("add", http_server.url(LEMONDE), "--json")
    [seed] = cli.json("add", str(SEED), "--json")
    http_server.reset()
    code, out, err = cli("reextract", str(item["id"]), str(seed["id"]))
    assert code == 0, err
    assert out.count("updated") == 2
    assert http_server.requests == []  # nothing fetched
    shown = cli.json("show", str(seed["id"]), "--format", "json")
    assert shown["paywall"]["status"] == "truncated"
    assert cli("reextract")[0] == 2
    assert cli("reextract", "999")[0] == 1


def test_gui_without_a_display_says_so(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    code, _, err = cli()
    assert code == 1 and "no display" in err


def test_default_library_is_created_in_the_user_data_dir(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    out = subprocess.run(
        [sys.executable, "-m", "reader", "add", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "data" / "reader" / "library.db").is_file()


def test_saved_files_in_other_charsets_decode(cli: CLI, tmp_path: Path) -> None:
    words = "Le café de la gare sert une crème brûlée déjà célèbre à Zürich, señor. " * 12
    page = f"<html><head><title>Déjà vu à la gare</title></head><body><p>{words}</p></body></html>"
    latin = tmp_path / "latin.html"
    latin.write_bytes(page.encode("cp1252"))  # no charset declared anywhere
    declared = tmp_path / "declared.htm"
    declared.write_bytes(
        page.replace("<head>", "<head><meta charset='iso-8859-15'>").encode("iso-8859-15")
    )
    for path in (latin, declared):
        [rec] = json.loads(cli("extract", str(path), "--format", "jsonl")[1].join("[]"))
        assert rec["title"] == "Déjà vu à la gare"
        assert "crème brûlée déjà célèbre à Zürich" in rec["text"]


def test_timeout_option(cli: CLI, http_server: LoopbackServer) -> None:
    code, _, err = cli("add", http_server.url("/slow?seconds=5"), "--timeout", "0.5")
    assert code == 1 and "timed out" in err
    code, out, _ = cli(
        "extract", http_server.url("/slow?seconds=5"), "--timeout", "0.5", "-f", "jsonl"
    )
    assert code == 1 and "timed out" in json.loads(out)["error"]
    assert cli("add", http_server.url("/article"), "--timeout", "0")[0] == 2


def test_a_bug_on_one_page_is_one_line_not_a_traceback(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.extract import html as extract

    def broken(*_args: object, **_kw: object) -> None:
        raise ValueError("simulated parser bug")

    monkeypatch.setattr(extract, "analyse_html", broken)
    page = str(SMALL_PAGE)
    code, _, err = cli("add", page, str(SEED))
    assert code == 1
    assert err.count("\n") == 1 and "simulated parser bug" in err and "Traceback" not in err
    assert len(cli.json("list", "--json")) == 1  # the text dump still got saved
