"""Two `reader add` processes with the same URL list on one library: no duplicates, and a
re-run downloads nothing and adds no version (aliases, content hashes)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.server import LoopbackServer, Reply

N_PAGES = 50
N_HOPS = 10  # redirects to some of the pages: their URLs become aliases
WORDS = "river stone lantern orchard meadow harbour candle thistle pebble willow".split()


def page(n: int) -> str:
    words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(60))
    body = "".join(f"<p>Paragraph {k} of story {n}: {words}.</p>" for k in range(6))
    return (
        f"<!doctype html><html lang='en'><head><title>Story number {n}</title></head>"
        f"<body><article><h1>Story number {n}</h1>{body}</article></body></html>"
    )


def serve(server: LoopbackServer) -> list[str]:
    for n in range(N_PAGES):
        server.add_route(f"/story/{n}", Reply(200, {}, page(n), delay=0.01))
    for n in range(N_HOPS):
        server.add_route(f"/hop/{n}", Reply(302, {"Location": f"/story/{n * 3}"}))
    urls = [server.url(f"/story/{n}") for n in range(N_PAGES)]
    urls += [server.url(f"/hop/{n}") for n in range(N_HOPS)]
    return urls


def start(db: Path, urls: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(db), "add", *urls],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def tally(db: Path) -> tuple[int, int, int]:
    """(live items, live items minus distinct titles = duplicates, versions)."""
    conn = sqlite3.connect(db)
    try:
        items, titles = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT title) FROM items WHERE deleted_at IS NULL"
        ).fetchone()
        versions = conn.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
    finally:
        conn.close()
    return items, items - titles, versions


@pytest.mark.slow  # seven `reader add` processes: ~20 s; the full suite runs it
def test_two_concurrent_adds_make_no_duplicates_and_a_rerun_adds_nothing(
    tmp_path: Path, http_server: LoopbackServer
) -> None:
    urls = serve(http_server)
    for trial in range(3):
        db = tmp_path / f"trial{trial}.db"
        procs = [start(db, urls), start(db, urls)]
        for proc in procs:
            _out, err = proc.communicate(timeout=180)
            assert proc.returncode == 0, err
        items, duplicates, versions = tally(db)
        assert (items, duplicates) == (N_PAGES, 0), f"trial {trial}"
        assert versions == N_PAGES  # the loser of each race found the same text: no version
    http_server.reset()
    for path, route in [(f"/story/{n}", page(n)) for n in range(N_PAGES)]:
        http_server.add_route(path, Reply(200, {}, route))
    rerun = start(db, urls)
    _out, err = rerun.communicate(timeout=180)
    assert rerun.returncode == 0, err
    assert tally(db) == (N_PAGES, 0, N_PAGES)
    assert http_server.requests == []  # every URL, redirects included, was known


class _SwitchRefusedTwice(sqlite3.Connection):
    """A connection whose first two journal-mode switches answer "database is locked" at
    once, as SQLite does when another process is switching the same new file to WAL."""

    refusals = 0

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if "journal_mode" in sql and _SwitchRefusedTwice.refusals < 2:
            _SwitchRefusedTwice.refusals += 1
            raise sqlite3.OperationalError("database is locked")
        return super().execute(sql, *args)


def test_opening_waits_out_a_journal_switch_refused_by_another_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.core.storage import Storage

    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real_connect(*args, factory=_SwitchRefusedTwice, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with Storage(tmp_path / "lib.db") as storage:
        mode = storage._x("PRAGMA journal_mode").fetchone()[0]
    assert _SwitchRefusedTwice.refusals == 2
    assert mode == "wal"
