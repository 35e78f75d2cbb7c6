"""Download one page over HTTP(S): redirects, size and time limits, content checks, charsets."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.core.errors import (
    ExtractionError,
    FetchError,
    HttpStatusError,
    InvalidSourceError,
    TooLargeError,
    UnsupportedContentError,
)

# decode_html and sniff_binary are part of this module's interface (callers import them here)
from reader.core.intake.decoding import decode_html as decode_html
from reader.core.intake.decoding import header_codec
from reader.core.intake.decoding import sniff_binary as sniff_binary
from reader.core.intake.streams import Deadline, Inflater
from reader.core.intake.urls import strip_userinfo, validate_url
from reader.core.models import FetchResult

if TYPE_CHECKING:
    import ssl

    import httpx

log = logging.getLogger(__name__)
StrMap = Mapping[str, str]

USER_AGENT = f"reader/{__version__} (read-it-later desktop app; one page at its user's request)"
ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
TEXT_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
SENSITIVE_HEADERS = frozenset({"cookie", "authorization", "proxy-authorization"})
KEPT_HEADERS = ("content-type", "content-language", "last-modified", "etag", "date", "link")
_FEEDS = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_UNSUPPORTED = {
    "application/pdf": "PDF documents are not supported yet",
    "application/epub+zip": "EPUB books are not supported yet",
    "application/octet-stream": "binary downloads (application/octet-stream) are not supported",
    **dict.fromkeys(_FEEDS, "feeds are not supported — save one article's URL instead"),
}
_UNSUPPORTED_FAMILIES = {"image": "images", "video": "videos", "audio": "audio files"}
_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?\s*([^\s;\"']+)", re.IGNORECASE)
_MARKUP_RE = re.compile(r"<(?:!doctype\s+html|html|head|body|\?xml)\b", re.IGNORECASE)
# h11's words for a body that ended before its Content-Length or last chunk
_CUT_OFF_CUES = ("without sending complete message body", "incomplete chunked read")
_COOKIE_NAME_BAD = re.compile(r"[\s;=,\"\x00-\x1f\x7f]")
_COOKIE_VALUE_BAD = re.compile(r"[;\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FetchOptions:
    """Limits and identity used for every download."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # for each read; a server sending a byte a second never trips it
    deadline: float = 60.0  # for the whole fetch, redirects and body included
    max_redirects: int = 10
    max_bytes: int = 15 * 1024 * 1024
    user_agent: str = USER_AGENT
    accept_encoding: str = "gzip, deflate, br"
    trust_env: bool = True  # honour HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE


def _size(n: int) -> str:
    """Human-readable byte count."""
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.3g} KB" if n < 1 << 20 else f"{n >> 20} MB"


def _check_content_type(mime: str) -> None:
    """Raise UnsupportedContentError unless ``mime`` is a page or plain text."""
    family = _UNSUPPORTED_FAMILIES.get(mime.partition("/")[0])
    if mime not in TEXT_TYPES:
        default = f"{family} are not supported ({mime})" if family else None
        default = default or f"unsupported content type '{mime}' — save a web page or text"
        raise UnsupportedContentError(_UNSUPPORTED.get(mime, default))


def _connect_reason(exc: BaseException) -> str:
    """Why a connection failed, in a few words."""
    import ssl

    cause: BaseException | None = exc
    while cause and not isinstance(cause, ConnectionRefusedError | socket.gaierror | ssl.SSLError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, ConnectionRefusedError) or "refused" in str(exc).lower():
        return "connection refused"
    if isinstance(cause, socket.gaierror) or "Name or service not known" in str(exc):
        return "host name not found"
    if isinstance(cause, ssl.SSLError):
        return f"secure connection failed ({cause})"
    return str(exc) or type(exc).__name__


def _transport_error(exc: Exception, host: str, options: FetchOptions) -> FetchError:
    """Translate an httpx exception into a FetchError with a plain message."""
    import httpx

    connect, read = f"{options.connect_timeout:g} s", f"{options.read_timeout:g} s"
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return FetchError(f"timed out after {connect} connecting to {host}")
    if isinstance(exc, httpx.ReadTimeout | httpx.WriteTimeout):
        return FetchError(f"timed out after {read} reading from {host}")
    if isinstance(exc, httpx.ConnectError):
        return FetchError(f"cannot reach {host}: {_connect_reason(exc)}")
    if isinstance(exc, httpx.RemoteProtocolError):
        if any(cue in str(exc) for cue in _CUT_OFF_CUES):
            return FetchError(f"the download from {host} was cut off ({exc})")
        return FetchError(f"{host} broke the connection or sent an invalid response: {exc}")
    return FetchError(f"download from {host} failed: {exc}")


@cache
def _ssl_context(trust_env: bool) -> ssl.SSLContext:
    """One verified TLS context per process (building one costs ~30 ms)."""
    import httpx

    return httpx.create_ssl_context(trust_env=trust_env)


def _cookie_header(cookies: Mapping[str, str] | None) -> str:
    """``name=value; ...`` for the caller's cookies; errors never echo a value."""
    for name, value in (cookies or {}).items():
        if not name or _COOKIE_NAME_BAD.search(name) or _COOKIE_VALUE_BAD.search(value):
            raise ValueError(f"cookie {name!r} has an invalid name or value (';', control chars)")
    return "; ".join(f"{name}={value}" for name, value in (cookies or {}).items())


def _hide_location(response: httpx.Response) -> None:
    """Response hook: keep httpx from pre-parsing redirects (it chokes on ``javascript:``)."""
    if "location" in response.headers:
        response.headers["x-reader-location"] = response.headers.pop("location")


def _add_credentials(request: httpx.Request, origin: httpx.URL, private: dict[str, str]) -> None:
    """Add the caller's Cookie/Authorization values if the request stays on the original host."""
    target = request.url
    if target.host != origin.host or (origin.scheme == "https" != target.scheme):
        return  # another host, or an https -> http downgrade
    cookie = "; ".join(filter(None, [private.get("Cookie"), request.headers.get("cookie")]))
    request.headers.update(private)
    if cookie:
        request.headers["Cookie"] = cookie


class Fetcher:
    """Downloads pages within reader's limits; one instance can serve many threads."""

    def __init__(
        self, options: FetchOptions | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.options = options or FetchOptions()
        self._transport = transport

    def _client(self) -> httpx.Client:
        """A fresh client for one fetch: its own cookie jar, closed afterwards."""
        import httpx

        o = self.options
        timeout = httpx.Timeout(o.read_timeout, connect=o.connect_timeout, pool=o.connect_timeout)
        headers = {"User-Agent": o.user_agent, "Accept": ACCEPT}
        headers["Accept-Encoding"] = o.accept_encoding
        hooks = {"response": [_hide_location]}
        common: Any = {"timeout": timeout, "headers": headers, "event_hooks": hooks}
        if self._transport is not None:
            borrowed = httpx.MockTransport(self._transport.handle_request)  # closing it is a no-op
            return httpx.Client(transport=borrowed, **common)
        return httpx.Client(trust_env=o.trust_env, verify=_ssl_context(o.trust_env), **common)

    def fetch(
        self, url: str, *, cookies: StrMap | None = None, headers: StrMap | None = None
    ) -> FetchResult:
        """Download ``url``; ``cookies`` (and Cookie/Authorization headers) go only to its host."""
        import httpx

        start = validate_url(url)
        o = self.options
        public: dict[str, str] = {}
        private = {"Cookie": _cookie_header(cookies)} if cookies else {}
        for name, value in (headers or {}).items():
            if name.lower() == "cookie":
                private["Cookie"] = "; ".join(filter(None, [private.get("Cookie"), value]))
            else:
                (private if name.lower() in SENSITIVE_HEADERS else public)[name] = value
        current, chain, seen, origin = start, [start], set(), None
        deadline = Deadline(o.deadline)
        client = self._client()
        try:
            while True:
                host = urlsplit(current).netloc.rpartition("@")[2]  # host[:port], for messages
                try:
                    request = client.build_request(
                        "GET",
                        current,
                        headers=public,
                        timeout=self._timeout(deadline.left()),
                        extensions={"trace": deadline.trace},
                    )
                    origin = origin or request.url
                    _add_credentials(request, origin, private)
                    key = (current, request.headers.get("cookie", ""))
                    if key in seen:
                        raise FetchError("redirect loop: " + " → ".join(chain))
                    seen.add(key)
                    log.debug("GET %s", current)
                    response = client.send(request, stream=True)
                except (httpx.HTTPError, httpx.InvalidURL) as exc:
                    if deadline.passed():
                        raise deadline.error(host) from exc
                    raise _transport_error(exc, host, o) from exc
                try:
                    if response.status_code not in REDIRECT_STATUSES:
                        return self._finish(start, current, response, host, deadline)
                    current = self._next_hop(current, response)
                finally:
                    response.close()
                if len(chain) > o.max_redirects:
                    raise FetchError(f"too many redirects (over {o.max_redirects}) from {start}")
                chain.append(current)
        finally:
            deadline.cancel()
            client.close()

    def _timeout(self, left: float) -> httpx.Timeout:
        """Per-request timeouts that also end by the fetch's deadline."""
        import httpx

        o, left = self.options, max(left, 0.001)
        connect = min(o.connect_timeout, left)
        return httpx.Timeout(min(o.read_timeout, left), connect=connect, pool=connect)

    @staticmethod
    def _next_hop(current: str, response: httpx.Response) -> str:
        """The validated absolute URL a redirect points to."""
        location = response.headers.get("x-reader-location", "").strip()
        if not location:
            raise FetchError(f"redirect without a Location header from {current}")
        target = strip_userinfo(urljoin(current, location.replace(" ", "%20")))
        try:
            target = validate_url(target)
        except InvalidSourceError as exc:
            raise FetchError(f"refusing to follow a redirect to '{target[:80]}': {exc}") from None
        log.debug("redirect %d %s -> %s", response.status_code, current, target)
        return target

    def _finish(
        self, asked: str, final: str, response: httpx.Response, host: str, deadline: Deadline
    ) -> FetchResult:
        """Check status and type, read the body within the cap and decode it."""
        status = response.status_code
        if status >= 400:
            raise HttpStatusError(status, final)
        content_type = response.headers.get("content-type", "")
        mime = content_type.partition(";")[0].strip().lower()
        charset = next(iter(_CHARSET_RE.findall(content_type)), None)
        if mime:
            _check_content_type(mime)
        raw = self._read_body(response, host, deadline)
        if not raw.strip():
            raise ExtractionError("the page is empty")
        if raw.startswith(b"%PDF-"):
            raise UnsupportedContentError(_UNSUPPORTED["application/pdf"])
        if sniff_binary(raw, encoding=header_codec(charset, raw)):
            raise UnsupportedContentError(f"the response from {host} is binary data, not a page")
        text, encoding = decode_html(raw, charset)
        if not mime:
            mime = "text/html" if _MARKUP_RE.search(text[:4096]) else "text/plain"
        kept = {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}
        return FetchResult(
            url=final, requested_url=asked, status=status, content_type=mime,
            encoding=encoding, text=text, raw=raw, headers=kept,
        )  # fmt: skip

    def _read_body(self, response: httpx.Response, host: str, deadline: Deadline) -> bytes:
        """Stream and decompress the body, stopping as soon as it exceeds the cap or the
        deadline passes; a body that ends early is refused as cut off."""
        import httpx

        cap = self.options.max_bytes
        too_large = TooLargeError(f"the response from {host} is larger than the {_size(cap)} limit")
        length = response.headers.get("content-length", "")
        coding = response.headers.get("content-encoding", "").strip().lower()
        if length.isdigit() and int(length) > cap:
            raise too_large
        known = coding in ("gzip", "x-gzip", "deflate", "br")
        if not known and coding not in ("", "identity"):
            raise FetchError(f"{host} used an unsupported Content-Encoding '{coding}'")
        inflater = Inflater(coding.removeprefix("x-"), host) if known else None
        body, chunks = bytearray(), response.iter_raw()
        if response.is_stream_consumed:  # an in-memory response (mock transport), decoded already
            chunks, inflater = iter([response.content]), None
        try:
            for chunk in chain(chunks, [b""]):  # b"" flushes the decompressor
                deadline.check(host)
                body += inflater.feed(chunk, cap - len(body)) if inflater else chunk
                if len(body) > cap:
                    raise too_large
        except httpx.HTTPError as exc:
            if deadline.passed():
                raise deadline.error(host) from exc
            raise _transport_error(exc, host, self.options) from exc
        return bytes(body)
