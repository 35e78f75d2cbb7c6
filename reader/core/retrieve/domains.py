"""Which site a host belongs to (Public Suffix List) and where secrets may be sent."""

from __future__ import annotations

import ipaddress
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from reader.core.errors import InvalidSourceError

LOOPBACK_NAMES = frozenset({"localhost"})


@cache
def _extractor() -> Any:
    import tldextract

    # The bundled snapshot only: never a download at run time. Private suffixes too, so that
    # two github.io sites are two sites.
    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def normalise_host(host: str) -> str:
    """A bare, lower-case host name: no scheme, port, path, userinfo or trailing dot."""
    text = host.strip().lower()
    if "://" in text:
        text = urlsplit(text).netloc
    text = text.rpartition("@")[2].split("/", 1)[0]
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    text = text.rstrip(".")
    if not text or any(c.isspace() for c in text):
        raise InvalidSourceError(f"not a host name: {host!r}")
    return text


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def site_of(host: str) -> str:
    """The registrable domain of ``host`` (``www.bbc.co.uk`` → ``bbc.co.uk``).

    An IP address or a single-label name is its own site. A bare public suffix such as
    ``co.uk`` is refused: it is never one site.
    """
    host = normalise_host(host)
    if _is_ip(host) or "." not in host:
        return host
    parts = _extractor()(host)
    if not parts.domain:
        raise InvalidSourceError(f"{host} is a public suffix, not a site")
    if not parts.suffix:
        return host
    return f"{parts.domain}.{parts.suffix}"


def host_of(url: str) -> str:
    """The host of a URL, normalised."""
    return normalise_host(urlsplit(url).hostname or "")


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def covers(cred_host: str, host: str) -> bool:
    """True when credentials saved for ``cred_host`` may go to ``host``.

    They go to the credential's own site (registrable domain) and its subdomains only.
    """
    try:
        site = site_of(cred_host)
        host = normalise_host(host)
    except InvalidSourceError:
        return False
    return host == site or host.endswith("." + site)


def secrets_allowed(url: str) -> bool:
    """Secrets travel only over HTTPS (loopback excepted, for tests)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and is_loopback(normalise_host(parts.hostname or "-"))
