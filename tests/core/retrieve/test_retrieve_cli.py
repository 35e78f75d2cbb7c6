"""End to end through the command line: save a teaser, give credentials, retrieve the whole
article (cookie, login recipe, browser profile, archive), attach, versions, the ledger — and no
secret anywhere but the keyring."""

from __future__ import annotations

import io
import json
import logging
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from support.firefox import firefox_cookies
from support.memkeyring import MemoryKeyring
from support.paysite import PaySite

from reader.cli import main
from reader.core.storage import Storage


class CLI:
    """``reader`` in-process against one library; every output is kept for the leak test."""

    def __init__(self, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = db
        self.capsys = capsys
        self.outputs: list[str] = []
        with Storage(db) as storage:  # no waiting between requests in tests
            storage.set_retrieval_setting("host_interval", "0")

    def __call__(self, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
        self.capsys.readouterr()
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
        try:
            code = main(["--db", str(self.db), *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        finally:
            sys.stdin = sys.__stdin__
        out, err = self.capsys.readouterr()
        self.outputs += [out, err]
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def show(self, item_id: int) -> dict[str, Any]:
        code, out, err = self("show", str(item_id), "--format", "json")
        assert code == 0, err
        data: dict[str, Any] = json.loads(out)
        return data

    def blob(self) -> bytes:
        return b"".join(
            Path(str(self.db) + s).read_bytes()
            for s in ("", "-wal")
            if Path(str(self.db) + s).exists()
        )


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring) -> CLI:
    return CLI(tmp_path / "library.db", capsys)


SHORT_TEXT = (
    "The harbour budget vote\n\nThe council met on Tuesday to vote on the harbour budget. "
    "Farmers and the mayor spoke about the river, the bridge and the railway for an hour.\n"
)


def _save_teaser(cli: CLI, site: PaySite, path: str = "/story") -> int:
    [item] = cli.json("add", site.url(path))
    assert item["paywall"]["status"] == "truncated" and item["needs_full_text"] is True
    return int(item["id"])


def _assert_complete(rec: dict[str, Any]) -> None:
    assert rec["paywall"]["status"] in ("free", "paywalled_full")
    assert rec["needs_full_text"] is False
    assert rec["word_count"] >= 1200


def test_cookie_route_end_to_end(
    cli: CLI, paysite: PaySite, memory_keyring: MemoryKeyring, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    iid = _save_teaser(cli, paysite)
    teaser = cli.show(iid)
    anchor = teaser["text"].split("\n\n")[2][:60]  # the reader was at the third paragraph
    cli("progress", str(iid), "0.6", "--anchor", anchor)
    cli("tag", str(iid), "harbour")

    code, out, _err = cli("retrieve", str(iid))
    assert code == 1 and "no subscription saved" in out  # nothing to sign in with yet
    code, out, err = cli("credentials", "set", "127.0.0.1", "--cookie-stdin",
                         stdin=f"session={paysite.session}\n")  # fmt: skip
    assert code == 0, err
    assert memory_keyring.store == {("reader", "cookie:127.0.0.1"): f"session={paysite.session}"}

    [report] = cli.json("retrieve", str(iid))
    assert report["outcome"] == "complete" and report["became_current"] is True
    assert report["report"] == [
        f"127.0.0.1: signed in with your subscription → complete "
        f"({report['item']['word_count']:,} words)"
    ]
    rec = cli.show(iid)
    _assert_complete(rec)
    assert rec["tags"] == ["harbour"]
    progress = rec["progress"]
    assert progress["anchor"] == anchor
    # re-anchored: the third paragraph of 24 sits near 2/24 of the whole text, not at 0.6
    assert 0.03 < progress["fraction"] < 0.2
    assert cli.json("list", "--needs-full-text") == []

    # a new save from the same site uses the credential at once; a redirect to another host
    # name (localhost) never receives the cookie
    [story3] = cli.json("add", paysite.url("/story3"))
    _assert_complete(story3)
    code, _out, _err = cli("add", paysite.url("/elsewhere"))
    assert any(host == "localhost" for host, _p, _c in paysite.requests)
    assert paysite.leaks == []

    [ledger] = cli.json("domains")
    assert ledger["domain"] == "127.0.0.1" and ledger["credentials"] == "cookie"
    assert ledger["worked_route"] == "subscription"
    listed = cli.json("credentials", "list")
    assert listed[0]["host"] == "127.0.0.1" and listed[0]["method"] == "cookie"

    _assert_no_secret(cli, caplog, paysite.session)


def test_login_recipe_route(
    cli: CLI,
    paysite: PaySite,
    memory_keyring: MemoryKeyring,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    config = tmp_path / "config"
    (config / "reader" / "sites").mkdir(parents=True)
    (config / "reader" / "sites" / "127.0.0.1.txt").write_text(paysite.recipe())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    iid = _save_teaser(cli, paysite, "/story2")
    code, out, err = cli("credentials", "set", "127.0.0.1", "--username", paysite.username,
                         "--password-stdin", stdin=paysite.password + "\n")  # fmt: skip
    assert code == 0, err
    code, out, err = cli("retrieve", str(iid))
    assert code == 0, out + err
    assert paysite.logins == [(True, ["csrf_token", "email", "password"])]
    _assert_complete(cli.show(iid))
    # the session the sign-in set is kept in keyring: the next save needs no second login
    assert ("reader", "session:127.0.0.1") in memory_keyring.store
    _assert_complete(cli.json("add", paysite.url("/story3"))[0])
    assert len(paysite.logins) == 1
    code, out, _err = cli("credentials", "list")
    assert "127.0.0.1" in out and paysite.username in out and paysite.password not in out
    _assert_no_secret(cli, caplog, paysite.password, paysite.session)

    assert cli("credentials", "delete", "127.0.0.1")[0] == 0
    assert memory_keyring.store == {}
    assert cli.json("credentials", "list") == []


def test_wrong_password_is_one_clear_line(
    cli: CLI, paysite: PaySite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config"
    (config / "reader" / "sites").mkdir(parents=True)
    (config / "reader" / "sites" / "127.0.0.1.txt").write_text(paysite.recipe())
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config))
    iid = _save_teaser(cli, paysite)
    cli("credentials", "set", "127.0.0.1", "-u", paysite.username, "--password-stdin",
        stdin="not-the-password\n")  # fmt: skip
    code, out, _err = cli("retrieve", str(iid))
    assert code == 1
    assert "127.0.0.1: 127.0.0.1 refused the sign-in (HTTP 403)" in out
    assert "not-the-password" not in "".join(cli.outputs)
    assert cli.show(iid)["needs_full_text"] is True  # the teaser is kept, still flagged


def test_browser_profile_route(
    cli: CLI, paysite: PaySite, memory_keyring: MemoryKeyring, tmp_path: Path
) -> None:
    cookies = tmp_path / "profile" / "cookies.sqlite"
    cookies.parent.mkdir()
    firefox_cookies(cookies, [
        ("session", paysite.session, "127.0.0.1", 3600),
        ("tracker", "other-site", "localhost", 3600),
        ("old", "expired", "127.0.0.1", -3600),
    ])  # fmt: skip
    iid = _save_teaser(cli, paysite)
    code, out, err = cli("retrieve", str(iid), "--via", "browser", "--cookies-file",
                         str(cookies.parent))  # fmt: skip
    assert code == 0, out + err
    assert "used" in out and "complete" in out
    _assert_complete(cli.show(iid))
    assert memory_keyring.store == {}  # not remembered unless asked
    sent = [c for host, path, c in paysite.requests if path == "/story" and c]
    assert sent == [f"session={paysite.session}"]  # only that host's unexpired cookie

    iid2 = _save_teaser(cli, paysite, "/story2")
    code, out, err = cli("retrieve", str(iid2), "--via", "browser", "--cookies-file",
                         str(cookies), "--remember")  # fmt: skip
    assert code == 0, out + err
    assert memory_keyring.store == {("reader", "cookie:127.0.0.1"): f"session={paysite.session}"}
    assert cli.json("credentials", "list")[0]["method"] == "browser"


def test_archive_route(cli: CLI, paysite: PaySite, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READER_WAYBACK_API", paysite.url("/wayback/available"))
    whole = _save_teaser(cli, paysite, "/story3")
    cut = _save_teaser(cli, paysite, "/story2")
    cli("retrieve", str(whole), str(cut))
    assert paysite.archive_asked == []  # never unless the user asks
    code, out, _err = cli("retrieve", str(whole), "--via", "archive")
    assert code == 0 and "snapshot from 2023-11-03 is complete" in out
    _assert_complete(cli.show(whole))
    code, out, _err = cli("retrieve", str(cut), "--via", "archive")
    assert code == 1 and "snapshot from 2023-11-03 is also truncated" in out
    assert cli.show(cut)["paywall"]["status"] == "truncated"
    assert paysite.archive_asked == [paysite.url("/story3"), paysite.url("/story2")]
    versions = cli.json("versions", str(whole))
    assert [v["origin"] for v in versions] == ["fetch", "retrieve"]  # the failed try added none
    assert [v["current"] for v in versions] == [False, True]


def test_attach_and_versions(cli: CLI, paysite: PaySite, tmp_path: Path) -> None:
    iid = _save_teaser(cli, paysite)
    cli("progress", str(iid), "0.5")
    full = tmp_path / "full.html"
    from support.paysite import page, paragraphs

    full.write_bytes(page("The harbour budget vote", paragraphs(7)))
    code, out, err = cli("attach", str(iid), str(full))
    assert code == 0, err
    assert "attached: complete" in out
    _assert_complete(cli.show(iid))
    assert len(cli.json("list")) == 1  # attaching never creates a second item
    # a worse text handed over later never replaces the better one
    code, out, err = cli("attach", str(iid), "-", stdin=SHORT_TEXT)
    assert code == 0 and "kept it" in out, err
    _assert_complete(cli.show(iid))
    versions = cli.json("versions", str(iid))
    assert [v["current"] for v in versions] == [False, True, False]
    code, out, _err = cli("use-version", str(iid), "1")
    assert code == 0 and "showing version 1" in out
    rec = cli.show(iid)
    assert rec["paywall"]["status"] == "truncated" and rec["progress"]["fraction"] > 0
    assert cli("use-version", str(iid), "9")[0] == 1


def test_no_keyring_backend_stores_nothing(
    cli: CLI, paysite: PaySite, memory_keyring: MemoryKeyring
) -> None:
    import keyring

    keyring.set_keyring(fail.Keyring())
    code, _out, err = cli("credentials", "set", "127.0.0.1", "--cookie-stdin",
                         stdin=f"session={paysite.session}\n")  # fmt: skip
    assert code == 1
    assert err.count("\n") == 1 and "no usable keyring backend" in err
    assert "nothing was stored" in err
    code, _out, err = cli("credentials", "set", "x.example.org", "-u", "me", "--password-stdin",
                         stdin="hunter2\n")  # fmt: skip
    assert code == 1 and "no usable keyring backend" in err
    assert cli.json("credentials", "list") == []
    assert paysite.session.encode() not in cli.blob() and b"hunter2" not in cli.blob()


def test_refuses_a_public_suffix_and_a_bad_cookie(cli: CLI) -> None:
    code, _out, err = cli("credentials", "set", "co.uk", "--cookie-stdin", stdin="a=b\n")
    assert code == 1 and "public suffix" in err
    code, _out, err = cli("credentials", "set", "bbc.co.uk", "--cookie-stdin",
                          stdin="sid=abc def\n")  # fmt: skip
    assert code == 1 and "abc def" not in err and "sid" in err
    assert cli.json("credentials", "list") == []


def _assert_no_secret(cli: CLI, caplog: pytest.LogCaptureFixture, *secrets: str) -> None:
    exports = b""
    for fmt in ("json", "csv", "markdown", "html", "netscape", "epub"):
        target = cli.db.parent / f"export-{fmt}"
        code, _out, err = cli("export", "--format", fmt, "-o", str(target))
        assert code == 0, err
        files = [target] if target.is_file() else sorted(target.rglob("*"))
        exports += b"".join(f.read_bytes() for f in files if f.is_file())
    with zipfile.ZipFile(cli.db.parent / "export-epub") as book:  # compressed: look inside
        exports += b"".join(book.read(n) for n in book.namelist())
    logs = "\n".join(r.getMessage() for r in caplog.records)
    texts = "".join(cli.outputs) + logs
    for secret in secrets:
        assert secret.encode() not in exports
        assert secret not in texts
        assert secret.encode() not in cli.blob()


def test_the_ledger_holds_the_users_own_marks(cli: CLI, paysite: PaySite) -> None:
    first = _save_teaser(cli, paysite)
    second = _save_teaser(cli, paysite, "/story2")
    assert cli("mark", str(first), "complete")[0] == 0
    assert cli("mark", str(second), "truncated")[0] == 0
    [row] = cli.json("domains")
    assert (row["items"], row["truncated"], row["credentials"]) == (2, 1, None)
    assert (row["marked_truncated"], row["marked_complete"]) == (1, 1)
    code, out, _err = cli("domains")
    assert code == 0 and "1 truncated, 1 complete" in out and "50%" in out
