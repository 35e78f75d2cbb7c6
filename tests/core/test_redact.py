"""No secret in what reader prints or logs: URL userinfo, cookies, Set-Cookie, auth headers."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from support.server import LoopbackServer, Reply

from reader.core.redact import RedactingFilter, install_log_redaction, redact

SECRETS = ("s3cr3t", "hunter2", "pw4canon", "pw4link", "pw4img", "COOKIEVALUE1", "COOKIEVALUE2")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("GET http://alice:s3cr3t@h.example/story", "s3cr3t"),
        ("redirect 302 http://h/a -> https://bob:hunter2@h/b", "hunter2"),
        ("[(b'Set-Cookie', b'sid=COOKIEVALUE1; Path=/'), (b'Server', b'x')]", "COOKIEVALUE1"),
        ('[(b"cookie", b"a=COOKIEVALUE2")]', "COOKIEVALUE2"),
        ("Cookie: a=COOKIEVALUE2; b=c", "COOKIEVALUE2"),
        ("{'Authorization': 'Bearer tok123', 'Accept': '*/*'}", "tok123"),
        ("set-cookie: sid=COOKIEVALUE1", "COOKIEVALUE1"),
    ],
)
def test_redact_removes_the_secret(text: str, gone: str) -> None:
    out = redact(text)
    assert gone not in out
    assert out  # the rest of the line stays


def test_redact_leaves_ordinary_text_alone() -> None:
    text = "saved https://medium.com/@someone/story (cookie isolation holds) mailto:a@b.example"
    assert redact(text) == text


def test_the_filter_redacts_arguments_and_tracebacks() -> None:
    record = logging.LogRecord(
        "x", logging.DEBUG, __file__, 1, "GET %s", ("http://a:s3cr3t@h/",), None
    )
    try:
        raise ValueError("http://a:hunter2@h/")
    except ValueError:
        record.exc_info = sys.exc_info()
    assert RedactingFilter().filter(record)
    assert "s3cr3t" not in record.getMessage()
    assert record.exc_text is not None and "hunter2" not in record.exc_text


def test_install_puts_one_filter_on_every_root_handler() -> None:
    logger = logging.getLogger("reader-test-redaction")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    try:
        install_log_redaction(logger)
        install_log_redaction(logger)
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
    finally:
        logger.removeHandler(handler)


def _reader(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "READER_DB": str(db)}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_no_secret_reaches_the_db_json_errors_or_debug_logs(
    tmp_path: Path, http_server: LoopbackServer
) -> None:
    base = http_server.base_url.split("//", 1)[1]
    page = (
        "<!doctype html><html><head><title>Secret page</title>"
        f'<link rel="canonical" href="http://carol:pw4canon@{base}/secret/page"></head><body>'
        "<article><h1>Secret page</h1>"
        + "<p>A paragraph of ordinary words that make this page an article to keep. </p>"
        * 8
        + '<p><a href="http://dave:pw4link@links.example/">a link</a>'
        '<img src="http://eve:pw4img@img.example/p.png" alt="p"></p></article></body></html>'
    )
    http_server.add_route(
        "/secret/start",
        Reply(
            302,
            {
                "Location": f"http://bob:hunter2@{base}/secret/page",
                "Set-Cookie": "sid=COOKIEVALUE1; Path=/",
            },
        ),
    )
    http_server.add_route(
        "/secret/page",
        Reply(200, {"Set-Cookie": ["other=COOKIEVALUE2; Path=/"]}, page),
    )
    db = tmp_path / "library.db"
    runs = [
        _reader(db, "--debug", "add", http_server.url("/secret/start"), "--json"),
        _reader(db, "--debug", "add", f"http://alice:s3cr3t@{base}/story"),
        _reader(db, "--debug", "add", f"http://alice:s3cr3t@{base}/a story"),
        _reader(db, "--debug", "extract", f"http://alice:s3cr3t@{base}/x", "--format", "jsonl"),
        _reader(db, "list", "--json"),
        _reader(db, "show", "1", "--format", "json"),
        _reader(db, "show", "1", "--format", "html"),
        _reader(db, "--debug", "extract", http_server.url("/secret/start"), "--format", "json"),
    ]
    assert runs[0].returncode == 0, runs[0].stderr
    assert json.loads(runs[0].stdout)[0]["title"] == "Secret page"
    assert [r.returncode for r in runs[1:4]] == [1, 1, 1]
    assert "reader credentials" in runs[1].stderr
    assert "redirect 302" in runs[0].stderr  # --debug logged the redirect (its target cleaned)
    for run in runs:
        for secret in SECRETS:
            assert secret not in run.stdout, (run.args, secret)
            assert secret not in run.stderr, (run.args, secret)
    # every column reader writes; the raw page is kept compressed, exactly as served
    conn = sqlite3.connect(db)
    for table in ("items", "versions", "tags"):
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] != "raw_html"]
        for row in conn.execute(f"SELECT {', '.join(names)} FROM {table}"):
            blob = " ".join(str(v) for v in row)
            for secret in SECRETS:
                assert secret not in blob, (table, secret)
    conn.close()
    # and every export format (issue 8): files, folders and the e-book's members
    for fmt in ("json", "csv", "markdown", "html", "netscape", "epub"):
        out = tmp_path / "exports" / f"export-{fmt}"
        run = _reader(db, "export", "--format", fmt, "-o", str(out))
        assert run.returncode == 0, (fmt, run.stderr)
        if fmt == "epub":
            with zipfile.ZipFile(out) as zf:
                blobs = [zf.read(name) for name in zf.namelist()]
        else:
            blobs = [p.read_bytes() for p in ([out] if out.is_file() else sorted(out.iterdir()))]
        assert blobs and any(b"Secret page" in b for b in blobs), fmt
        for blob in [*blobs, run.stdout.encode(), run.stderr.encode()]:
            for secret in SECRETS:
                assert secret.encode() not in blob, (fmt, secret)
