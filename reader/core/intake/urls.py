"""URL rules: what can be saved, the canonical form that spots duplicates, URLs in text."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import SplitResult, unquote_plus, urlsplit

from reader.core.errors import InvalidSourceError
from reader.core.resources import load_json

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_BAD_CHAR_RE = re.compile(r"[\s\x00-\x1f\x7f]")
_URL_IN_TEXT_RE = re.compile(r"\bhttps?://[^\s<>\"`{}|\\^]+", re.IGNORECASE)
_TRAILING_PUNCT = ".,;:!?'\"*_)]}…“”‘’»›"
_CLOSERS = {")": "(", "]": "["}


def _quote(text: str, limit: int = 80) -> str:
    """Repr-like quoting for error messages (never with userinfo), ``limit`` characters."""
    text = strip_userinfo(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"


def _split(url: str) -> SplitResult:
    """``urlsplit`` that reports malformed URLs as :class:`InvalidSourceError`."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        raise InvalidSourceError(f"malformed URL {_quote(url)}: {exc}") from None
    return parts


def validate_url(text: str) -> str:
    """``text`` stripped, if it is an http(s) URL with a host; else raise InvalidSourceError."""
    url = text.strip()
    if not url:
        raise InvalidSourceError("empty URL — give an http or https address")
    if _BAD_CHAR_RE.search(url):
        raise InvalidSourceError(
            f"a URL cannot contain spaces or control characters: {_quote(url)}"
        )
    match = _SCHEME_RE.match(url)
    if match is None:
        raise InvalidSourceError(
            f"not a web address: {_quote(url)} — it must start with http:// or https://"
        )
    scheme = match.group(1).lower()
    if len(scheme) == 1 and url[2:3] in ("\\", "/"):
        raise InvalidSourceError(
            f"{_quote(url)} looks like a file path — only http and https URLs can be saved"
        )
    if scheme not in ALLOWED_SCHEMES:
        raise InvalidSourceError(
            f"unsupported URL scheme '{scheme}:' — only http and https can be saved"
        )
    parts = _split(url)
    if "@" in parts.netloc:
        raise InvalidSourceError(
            f"{_quote(strip_userinfo(url))} has a user name or password in it; reader never "
            "stores those — save the address without them and keep the login in your keyring "
            "with `reader credentials`"
        )
    if not parts.hostname:
        raise InvalidSourceError(f"URL has no host: {_quote(url)}")
    return url


_USERINFO_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*:)?//[^/?#@]*@", re.ASCII)


def strip_userinfo(url: str) -> str:
    """``url`` without its ``user:password@`` part (any scheme; other URLs unchanged)."""
    text = url.strip()
    match = _USERINFO_RE.match(text)
    if match is None:
        return url
    return f"{match.group(1) or ''}//{text[match.end() :]}"


@cache
def _tracking_rules() -> tuple[tuple[str, ...], frozenset[str]]:
    """The tracking-parameter prefixes and exact names from resources/urls/."""
    data = load_json("urls", "tracking-params.json")
    prefixes = tuple(p.lower() for p in data.get("prefixes", []))
    exact = frozenset(n.lower() for n in data.get("exact", []))
    return prefixes, exact


def is_tracking_param(name: str) -> bool:
    """True if a query parameter name only serves click tracking."""
    prefixes, exact = _tracking_rules()
    lowered = name.lower()
    return lowered in exact or lowered.startswith(prefixes)


def _clean_query(query: str) -> str:
    """Drop tracking parameters, keeping the others verbatim and in order."""
    kept = []
    for piece in query.split("&"):
        if not piece:
            continue
        name = unquote_plus(piece.partition("=")[0])
        if not is_tracking_param(name):
            kept.append(piece)
    return "&".join(kept)


def canonicalize(url: str) -> str:
    """The form used to recognise the same article: no fragment, tracking params or default port."""
    parts = _split(validate_url(url))
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host  # never the userinfo: validate_url refuses it
    if parts.port is not None and parts.port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{parts.port}"
    path = parts.path or "/"
    query = _clean_query(parts.query)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def looks_like_url(text: str) -> bool:
    """True if ``text`` is a single http(s) URL token (surrounding whitespace allowed)."""
    candidate = text.strip()
    if not candidate or not re.match(r"https?://", candidate, re.IGNORECASE):
        return False
    try:
        validate_url(candidate)
    except InvalidSourceError:
        return False
    return True


def _trim(candidate: str) -> str:
    """Remove sentence punctuation and unbalanced closing brackets from a URL's end."""
    while candidate and candidate[-1] in _TRAILING_PUNCT:
        last = candidate[-1]
        opener = _CLOSERS.get(last)
        if opener is not None and candidate.count(opener) >= candidate.count(last):
            break
        candidate = candidate[:-1]
    return candidate


def extract_urls(text: str) -> list[str]:
    """Every http(s) URL in ``text``, in order, without duplicates (same canonical form)."""
    found: list[str] = []
    seen: set[str] = set()
    for match in _URL_IN_TEXT_RE.finditer(text):
        candidate = _trim(match.group(0))
        try:
            key = canonicalize(candidate)
        except InvalidSourceError:
            continue
        if key not in seen:
            seen.add(key)
            found.append(candidate)
    return found
