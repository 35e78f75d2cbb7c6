"""The browser's own session: one site's cookies from the user's Firefox or Chromium-family
profile, read with rookiepy, on the user's explicit action only."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import ReaderError
from reader.core.retrieve.domains import covers

BROWSERS = ("firefox", "librewolf", "chrome", "chromium", "brave", "edge", "vivaldi", "opera")
FIREFOX_FAMILY = ("firefox", "librewolf")


class BrowserCookiesError(ReaderError):
    """The browser's cookies could not be read."""


@dataclass(frozen=True)
class BrowserSource:
    """Where to read cookies: a browser by name, or a profile's cookies database."""

    browser: str = "firefox"
    cookies_file: str | None = None  # a Firefox cookies.sqlite (or a profile folder)

    def describe(self) -> str:
        """For messages: the browser's name, or the file."""
        return self.cookies_file or self.browser


def _firefox_db(path: str) -> str:
    p = Path(path).expanduser()
    if p.is_dir():
        p = p / "cookies.sqlite"
    if not p.is_file():
        raise BrowserCookiesError(f"no cookies database at {p}")
    return str(p)


def _load(source: BrowserSource, site: str) -> list[dict[str, Any]]:
    import rookiepy

    try:
        if source.cookies_file:
            # the stub swaps the arguments of the real function: (db_path, domains)
            firefox_based: Any = rookiepy.firefox_based
            found = firefox_based(_firefox_db(source.cookies_file), domains=[site])
        else:
            if source.browser not in BROWSERS:
                raise BrowserCookiesError(
                    f"unknown browser {source.browser!r}; one of {', '.join(BROWSERS)}"
                )
            found = getattr(rookiepy, source.browser)(domains=[site])
    except BrowserCookiesError:
        raise
    except Exception as exc:  # rookiepy raises plain RuntimeErrors for missing profiles
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        raise BrowserCookiesError(
            f"cannot read {source.describe()}'s cookies for {site}: {reason}"
        ) from None
    return list(found or [])


def read_cookies(host: str, source: BrowserSource, now: float | None = None) -> dict[str, str]:
    """The unexpired cookies the browser would send to ``host``, as name → value.

    Only cookies set for ``host`` itself or for a parent domain inside its site are kept, so
    a wider match from the library (``notexample.com`` for ``example.com``) never gets through.
    """
    from reader.core.retrieve.domains import normalise_host, site_of

    host = normalise_host(host)
    site = site_of(host)
    moment = time.time() if now is None else now
    out: dict[str, str] = {}
    for cookie in _load(source, site):
        domain = str(cookie.get("domain") or "").lstrip(".")
        if not domain or not covers(site, domain):
            continue
        if host != domain and not host.endswith("." + domain):
            continue
        expires = cookie.get("expires")
        if isinstance(expires, int | float) and 0 < expires < moment:
            continue
        name, value = str(cookie.get("name") or ""), str(cookie.get("value") or "")
        if name:
            out[name] = value
    if not out:
        raise BrowserCookiesError(f"{source.describe()} has no cookies for {site}: sign in there")
    return out
