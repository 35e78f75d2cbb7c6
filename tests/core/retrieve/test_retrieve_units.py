"""The small rules behind retrieval: sites, where secrets may go, cookies, recipes, re-anchoring,
the per-host rate limit."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path

import pytest

from reader.core.errors import InvalidSourceError
from reader.core.retrieve import archive, recipes
from reader.core.retrieve.credentials import Keyring, KeyringUnavailableError, parse_cookie_line
from reader.core.retrieve.domains import covers, secrets_allowed, site_of
from reader.core.retrieve.session import HostLimiter, first_xpath_value
from reader.core.retrieve.signin import Credential, best_credential
from reader.core.retrieve.versions import reanchor


def test_sites_come_from_the_public_suffix_list() -> None:
    assert site_of("www.bbc.co.uk") == "bbc.co.uk"
    assert site_of("a.b.lemonde.fr") == "lemonde.fr"
    assert site_of("127.0.0.1") == "127.0.0.1"
    assert site_of("alice.github.io") == "alice.github.io"  # private suffixes count too
    with pytest.raises(InvalidSourceError, match="public suffix"):
        site_of("co.uk")


def test_secrets_go_only_to_their_own_site_over_https() -> None:
    assert covers("lemonde.fr", "secure.lemonde.fr") and covers("www.lemonde.fr", "lemonde.fr")
    assert not covers("bbc.co.uk", "itv.co.uk")  # co.uk is never one site
    assert not covers("lemonde.fr", "notlemonde.fr")
    assert not covers("alice.github.io", "bob.github.io")
    assert not covers("127.0.0.1", "localhost")
    assert secrets_allowed("https://lemonde.fr/x") and secrets_allowed("http://127.0.0.1:8/x")
    assert not secrets_allowed("http://lemonde.fr/x")
    creds = [
        Credential("lemonde.fr", None, "cookie"),
        Credential("secure.lemonde.fr", "u", "password"),
    ]
    assert best_credential("https://secure.lemonde.fr/a", creds) == creds[1]
    assert best_credential("https://www.lemonde.fr/a", creds) == creds[0]
    assert best_credential("http://www.lemonde.fr/a", creds) is None
    assert best_credential("https://lemonde.fr.evil.com/a", creds) is None


def test_cookie_lines_and_errors_that_never_echo_a_value() -> None:
    assert parse_cookie_line(' a=1; b="two" ;') == {"a": "1", "b": "two"}
    for bad in ("", "novalue", "x=y z", "=v"):
        with pytest.raises(InvalidSourceError) as info:
            parse_cookie_line(bad)
        assert "y z" not in str(info.value)


def test_the_fail_backend_is_not_usable() -> None:
    from keyring.backends import fail, null

    for backend in (fail.Keyring(), null.Keyring()):
        kr = Keyring(backend)
        assert not kr.usable() and kr.get("cookie", "h") is None
        with pytest.raises(KeyringUnavailableError, match="nothing was stored"):
            kr.put("cookie", "h", "secret")


def test_login_extra_fields() -> None:
    f = recipes.parse_extra_field(
        'csrf=@=xpath("//form//input[@id=\'csrf\']/@value", request_html("https://s.fr/login"))'
    )
    assert (f.name, f.xpath, f.page) == (
        "csrf",
        "//form//input[@id='csrf']/@value",
        "https://s.fr/login",
    )
    assert recipes.parse_extra_field("rememberme=forever") == recipes.ExtraField(
        "rememberme", "forever"
    )
    with pytest.raises(InvalidSourceError):
        recipes.parse_extra_field("x=@=eval('rm -rf')")
    page = '<form><input id=csrf name=c value="tok"><input name=security value="s3"></form>'
    assert first_xpath_value(page, "//input[@id='csrf']/@value") == "tok"
    assert first_xpath_value(page, '//input[@name="security"]') == "s3"  # an element: its value
    assert first_xpath_value(page, "//input[@id='none']/@value") is None


def test_shipped_login_recipe_from_ftr_site_config() -> None:
    recipe = recipes.for_host("www.lemonde.fr")
    if recipe is None:
        pytest.skip("the compiled ftr-site-config rules are not shipped in this checkout")
    assert recipe.login_uri and recipe.username_field == "email"
    assert recipe.extra_fields and recipe.extra_fields[0].xpath


def test_wayback_raw_snapshot_url() -> None:
    url = "http://web.archive.org/web/20231103120000/https://x.fr/a?b=1"
    assert (
        archive.raw_snapshot_url(url)
        == "http://web.archive.org/web/20231103120000id_/https://x.fr/a?b=1"
    )
    assert archive.raw_snapshot_url(url.replace("000/", "000id_/", 1)).count("id_") == 1


def test_reanchor_finds_the_paragraph_in_the_new_text() -> None:
    old = "One.\n\nTwo two.\n\nThree three three."
    new = old + "\n\n" + "More words. " * 50
    assert reanchor(0.7, "Three three", old, new) == pytest.approx(new.index("Three") / len(new))
    # without an anchor the same amount of text counts as read
    assert reanchor(0.5, None, old, new) == pytest.approx(0.5 * len(old) / len(new))
    assert reanchor(0.0, "Two", old, new) == 0.0


def test_limiter_spaces_one_host_and_lets_others_run() -> None:
    limiter = HostLimiter(0.2)
    stamps: dict[str, list[float]] = {"a": [], "b": []}

    def hit(host: str) -> None:
        for _ in range(3):
            limiter.wait(f"https://{host}.example/x")
            stamps[host].append(time.monotonic())

    start = time.monotonic()
    threads = [threading.Thread(target=hit, args=(h,)) for h in stamps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for times in stamps.values():
        gaps = [b - a for a, b in itertools.pairwise(times)]
        assert all(g >= 0.18 for g in gaps)
    assert time.monotonic() - start < 0.6  # two hosts in parallel, not 6 x 0.2 s


def test_an_older_library_gains_the_retrieval_tables(tmp_path: Path) -> None:
    import sqlite3

    from reader.core.storage import Storage

    path = tmp_path / "old.db"
    with Storage(path) as s:
        s.save_credential_info("lemonde.fr", "me", "password")
    conn = sqlite3.connect(path)  # as a library from before m006
    with conn:
        for table in ("credentials", "domain_ledger", "retrieve_queue", "retrieve_settings"):
            conn.execute(f"DROP TABLE {table}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_retrieval'")
    conn.close()
    with Storage(path) as s:
        assert "m006_retrieval" in s.migrations()
        assert s.credential_infos() == []
        s.enqueue([], None)


def test_the_original_publishers_page_and_its_search(
    paysite, memory_keyring, tmp_path, monkeypatch
) -> None:
    """Route 4: a syndicated item's source on another host (localhost here), signed in there;
    when only the source site is known, its search page (named by a recipe) finds the article."""
    from reader.core.intake.fetch import Fetcher
    from reader.core.retrieve.credentials import Keyring
    from reader.core.retrieve.routes import Context, Task, retrieve
    from reader.core.retrieve.signin import SignIn

    port = paysite.port
    keys = Keyring()
    keys.put("cookie", "localhost", f"session={paysite.session}")
    limiter = HostLimiter(0.0)
    fetcher = Fetcher()
    signin = SignIn([Credential("localhost", None, "cookie")], keys, limiter=limiter)
    ctx = Context(fetcher, signin, limiter, fetcher.options)
    source = f"http://localhost:{port}/story3"
    [attempt] = [a for a in retrieve(ctx, Task(1, paysite.url("/story2"), "Winter", source))
                 if a.route == "source"]  # fmt: skip
    assert attempt.complete and attempt.message.startswith("localhost: original, signed in")
    assert attempt.prepared is not None and attempt.prepared.source == source

    sites = tmp_path / "config" / "reader" / "sites"
    sites.mkdir(parents=True)
    (sites / "localhost.txt").write_text(
        f"search_url: http://localhost:{port}/search?q={{title}}\n"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    task = Task(2, paysite.url("/story"), "The harbour budget vote", f"http://localhost:{port}/")
    attempts = retrieve(ctx, task)
    assert attempts[-1].route == "source" and attempts[-1].complete
    assert attempts[-1].prepared.source == f"http://localhost:{port}/story"
    assert any(path.startswith("/search?q=The+harbour") for _h, path, _c in paysite.requests)
