"""Reading one host's cookies from a real Firefox-format cookies.sqlite."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.firefox import firefox_cookies

from reader.core.retrieve.browser import BrowserCookiesError, BrowserSource, read_cookies


def test_only_that_hosts_unexpired_cookies(tmp_path: Path) -> None:
    db = tmp_path / "cookies.sqlite"
    firefox_cookies(db, [
        ("sid", "1", ".lemonde.fr", 3600),
        ("www", "2", "www.lemonde.fr", 3600),
        ("other", "3", "abo.lemonde.fr", 3600),
        ("near", "4", "notlemonde.fr", 3600),
        ("old", "5", ".lemonde.fr", -60),
    ])  # fmt: skip
    source = BrowserSource(cookies_file=str(db))
    assert read_cookies("www.lemonde.fr", source) == {"sid": "1", "www": "2"}
    with pytest.raises(BrowserCookiesError, match=r"no cookies for example\.com"):
        read_cookies("example.com", source)
    with pytest.raises(BrowserCookiesError, match="no cookies database"):
        read_cookies("lemonde.fr", BrowserSource(cookies_file=str(tmp_path / "none")))
