"""Archived copies: the Wayback Machine availability API, then the raw ``id_`` snapshot.

Only on the user's request: asking tells a third party the URL. The endpoint is a setting;
``READER_WAYBACK_API`` (the availability API's URL) overrides it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from reader.core.errors import FetchError

if TYPE_CHECKING:
    from reader.core.intake.fetch import FetchOptions

DEFAULT_API = "https://archive.org/wayback/available"
SETTING = "wayback_api"
MAX_JSON_BYTES = 1 << 20
_SNAPSHOT = re.compile(r"^(?P<prefix>.*?/web/)(?P<ts>\d{1,14})(?:[a-z]{2}_)?/(?P<url>.+)$")


@dataclass(frozen=True)
class Snapshot:
    """The closest archived copy of a URL."""

    url: str  # the raw (id_) snapshot URL
    timestamp: str  # YYYYMMDDhhmmss

    @property
    def date(self) -> str:
        """YYYY-MM-DD of the snapshot."""
        ts = self.timestamp
        return f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}" if len(ts) >= 8 else ts


def endpoint(setting: str | None) -> str:
    """The availability API to ask: READER_WAYBACK_API, else the setting, else archive.org."""
    return os.environ.get("READER_WAYBACK_API") or setting or DEFAULT_API


def archive_name(api: str) -> str:
    """How a report names the archive (its host)."""
    host = urlsplit(api).hostname or api
    return "archive.org" if host.endswith("archive.org") else host


def raw_snapshot_url(snapshot_url: str) -> str:
    """``…/web/<ts>/<url>`` → ``…/web/<ts>id_/<url>`` (the page as archived, no toolbar)."""
    m = _SNAPSHOT.match(snapshot_url)
    if not m:
        return snapshot_url
    return f"{m['prefix']}{m['ts']}id_/{m['url']}"


def _get_json(url: str, options: FetchOptions) -> bytes:
    """GET a small JSON document (no cookies, nothing of the user's but the URL asked about)."""
    import httpx

    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
    headers = {"User-Agent": options.user_agent, "Accept": "application/json"}
    name = archive_name(url)
    try:
        with (
            httpx.Client(timeout=timeout, headers=headers, follow_redirects=True) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{name} answered HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_JSON_BYTES:
                    raise FetchError(f"{name} sent more than 1 MB of JSON")
            return bytes(body)
    except httpx.HTTPError as exc:
        raise FetchError(f"cannot reach {name}: {type(exc).__name__}") from None


def closest(api: str, url: str, options: FetchOptions) -> Snapshot | None:
    """Ask the availability API for the closest snapshot of ``url`` (None when there is none)."""
    sep = "&" if "?" in api else "?"
    result = _get_json(f"{api}{sep}{urlencode({'url': url})}", options)
    try:
        data = json.loads(result)
    except ValueError:
        raise FetchError(f"{archive_name(api)} answered with something that is not JSON") from None
    snaps = data.get("archived_snapshots") if isinstance(data, dict) else None
    best = snaps.get("closest") if isinstance(snaps, dict) else None
    if not isinstance(best, dict) or not best.get("available") or not best.get("url"):
        return None
    if str(best.get("status", "200")) not in ("200", ""):
        return None
    snap_url = str(best["url"])
    ts = str(best.get("timestamp") or "")
    if not ts:
        m = _SNAPSHOT.match(snap_url)
        ts = m["ts"] if m else ""
    return Snapshot(raw_snapshot_url(snap_url), ts)
