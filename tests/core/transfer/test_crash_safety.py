"""SIGKILL the importer in the middle of a 2,000-item import: what was committed stays, the
file is sound, and running the import again finishes it without duplicates."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

N = 2000
BODY = "<p>" + "A short paragraph about harbours, tides and the boats in them. " * 6 + "</p>"


def _export(path: Path) -> None:
    """A wallabag export: every other entry carries content (analysed offline, so it takes a
    little while), the others are links only."""
    entries = [
        {
            "id": n,
            "url": f"https://site{n % 7}.example.org/story/{n}",
            "title": f"Story {n}",
            "is_archived": n % 3 == 0,
            "is_starred": False,
            "tags": ["bulk"],
            "content": BODY if n % 2 else "",
            "reading_time": 1,
            "created_at": "2020-01-01T00:00:00+0000",
        }
        for n in range(N)
    ]
    path.write_text(json.dumps(entries))


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def _importer(export: Path, db: Path) -> subprocess.Popen[bytes]:
    code = "import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "--db", str(db), "import", str(export), "--no-fetch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


@pytest.mark.slow  # two importer processes, 2,000 items each
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_import_then_rerun(tmp_path: Path) -> None:
    export, db = tmp_path / "wallabag.json", tmp_path / "library.db"
    _export(export)
    proc = _importer(export, db)
    seen = 0
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count(db)
        if seen >= 150:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the import finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        urls = [u for (u,) in conn.execute("SELECT url FROM items ORDER BY id")]
    assert seen <= len(urls) < N  # every item committed before the kill is there
    # whole batches or nothing: the items kept are the file's first ones, in order
    assert urls == [f"https://site{n % 7}.example.org/story/{n}" for n in range(len(urls))]
    rerun = _importer(export, db)
    _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err.decode()
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        total, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM items").fetchone()
        fts = conn.execute("SELECT COUNT(*) FROM items_fts").fetchone()[0]
        with_text = conn.execute(
            "SELECT COUNT(*) FROM items WHERE best_version_id IS NOT NULL"
        ).fetchone()[0]
    assert (total, distinct, fts) == (N, N, N)
    assert with_text == N // 2
