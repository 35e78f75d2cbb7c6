"""`reader mark`: the user's verdict, stored per item in a real library, teaches the next page."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from support.fixtures import SEED, TRUNCATED
from support.server import LoopbackServer

from reader.cli import main

PARA = (
    "The council met on {d} to discuss the harbour, and residents spoke for hours about the "
    "ferry, the parking, the bridge and the noise of the lorries that pass their windows. "
)


def page(n: int) -> str:
    """A long article of one site, with a sign-in box beside it (the site's wall)."""
    paras = "".join(f"<p>{PARA.format(d=f'day {n}-{i}') * 2}</p>" for i in range(10))
    return (
        f"<!doctype html><html lang='en'><head><title>Harbour story {n}</title></head><body>"
        f"<article><h1>Harbour story {n}</h1>{paras}</article>"
        "<div class='members-corner'><p>Members read on.</p><form action='/login' method='post'>"
        "<input name='email'><input type='password' name='pw'><button>Sign in</button></form>"
        "</div></body></html>"
    )


class Run:
    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db, self.capsys = db, capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        try:
            code = main(["--db", str(self.db), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json") if args[0] != "show" else self(*args)
        assert code == 0, err
        return json.loads(out)


@pytest.fixture
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Run:
    return Run(tmp_path / "library.db", capsys)


def signals(record: dict[str, Any]) -> dict[str, str]:
    return {e["signal"]: e["detail"] for e in record["paywall"]["evidence"]}


def test_mark_round_trip(run: Run) -> None:
    [saved] = run.json("add", str(TRUNCATED))
    item_id = str(saved["id"])
    assert saved["needs_full_text"] is True
    [rec] = run.json("mark", item_id, "complete")
    assert rec["needs_full_text"] is False and rec["mark"]["mark"] == "complete"
    assert rec["mark"]["signatures"]  # the teaser's wall, kept with the mark
    assert run.json("list", "--needs-full-text") == []
    code, out, _ = run("mark", item_id, "truncated")
    assert code == 0 and "marked truncated, needs full text" in out
    assert [i["id"] for i in run.json("list", "--needs-full-text")] == [saved["id"]]
    # stored in the file, per item, with the page's wall
    conn = sqlite3.connect(run.db)
    try:
        row = conn.execute("SELECT mark, signatures FROM user_marks WHERE item_id = ?", (item_id,))
        mark, sigs = row.fetchone()
    finally:
        conn.close()
    assert mark == "truncated" and json.loads(sigs) == rec["mark"]["signatures"]
    # clear: the mark goes, the flag is the verdict's again
    [rec] = run.json("mark", item_id, "clear")
    assert rec["mark"] is None and rec["needs_full_text"] is True
    # bad input: one clear line, nothing changes
    code, _, err = run("mark", "999", "complete")
    assert code == 1 and "999" in err
    code, _, err = run("mark", item_id, "maybe")
    assert code == 2 and "invalid choice" in err


def test_marks_teach_the_next_page_of_the_site(run: Run, http_server: LoopbackServer) -> None:
    urls = [http_server.add_route(f"/story-{n}", (200, {}, page(n))) for n in range(1, 5)]
    first = run.json("add", urls[0])[0]
    assert first["paywall"]["status"] != "truncated"  # a long text beside a sign-in box
    assert "user_marked_truncated" not in signals(first)
    [rec] = run.json("mark", str(first["id"]), "truncated")
    assert "shape:login-form" in rec["mark"]["signatures"]

    second = run.json("add", urls[1])[0]
    detail = signals(second)["user_marked_truncated"]
    assert detail == (
        "you marked 1 page from 127.0.0.1 as truncated when this box was present (shape:login-form)"
    )
    run.json("mark", str(second["id"]), "truncated")
    third = run.json("add", urls[2])[0]
    assert "you marked 2 pages from 127.0.0.1" in signals(third)["user_marked_truncated"]
    assert third["paywall"]["status"] == "truncated" and third["needs_full_text"] is True

    # the same box on another host teaches nothing
    other = run.json("add", http_server.alt_url("/story-4"))[0]
    assert "user_marked_truncated" not in signals(other)

    # re-extracting a marked page does not count its own mark
    code, _, err = run("reextract", str(first["id"]))
    assert code == 0, err
    again = run.json("show", str(first["id"]), "--format", "json")
    assert "you marked 1 page from 127.0.0.1" in signals(again)["user_marked_truncated"]

    # marked complete instead, the box counts the other way
    run.json("mark", str(first["id"]), "complete")
    run.json("mark", str(second["id"]), "complete")
    fourth = run.json("add", urls[3])[0]
    assert (
        "you marked 2 pages from 127.0.0.1 as complete" in signals(fourth)["user_marked_complete"]
    )
    assert fourth["paywall"]["status"] != "truncated"


def test_text_dumps_without_url_are_tied_by_their_publisher(run: Run, tmp_path: Path) -> None:
    [seed] = run.json("add", str(SEED))
    run.json("mark", str(seed["id"]), "truncated")
    other = tmp_path / "another-dump.txt"
    other.write_text(SEED.read_text(encoding="utf-8").replace("France", "Belgium"), "utf-8")
    [rec] = run.json("add", str(other))
    assert rec["id"] != seed["id"]
    detail = signals(rec)["user_marked_truncated"]
    assert detail.startswith("you marked 1 page from le monde as truncated when this line was")
