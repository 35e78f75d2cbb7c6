"""A real HTTP server on 127.0.0.1 for tests: ``tests/fixtures`` plus special endpoints.

Built-in endpoints (all GET):

``/article``               a small HTML article (the end of every redirect chain)
``/redirect/N``            N redirects to /article (301/302/303/307/308, absolute and relative)
``/loop``                  ``/loop`` -> ``/loop-b`` -> ``/loop`` ...
``/slow?seconds=S``        waits S seconds (default 1, at most 30), then serves /article
``/huge?size=N&length=1``  streams N bytes of HTML (default 64 MiB); length=1 adds Content-Length
``/latin1``                ISO-8859-1 bytes, charset in the Content-Type header
``/nocharset``             windows-1252 bytes, no charset anywhere
``/metacharset``           windows-1251 bytes, charset only in ``<meta charset>``
``/status/NNN``            that status with a small HTML body
``/pdf`` ``/image`` ``/binary``   application/pdf, image/png, application/octet-stream garbage
``/empty``                 200 text/html with an empty body
``/redirect-to-file``      ``Location: file:///etc/passwd``
``/echo-cookies``          HTML listing the Cookie header received (also kept in ``cookie_log``)
``/cross-host-redirect``   redirects to ``http://localhost:PORT/echo-cookies`` (another host name)
``/gzip`` ``/deflate`` ``/brotli``   /article with that Content-Encoding

Any other path is a file under the served directory (``tests/fixtures``), else 404.
Tests add routes with :meth:`LoopbackServer.add_route`; added routes win over everything else.
"""

from __future__ import annotations

import gzip
import html
import mimetypes
import random
import re
import threading
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import TCPServer
from typing import Any, TypeAlias, TypeVar
from urllib.parse import parse_qsl, unquote, urlsplit

import brotli

from .fixtures import FIXTURES_DIR

ARTICLE_TITLE = "Loopback article"
ARTICLE_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{ARTICLE_TITLE}</title></head>
<body><article><h1>{ARTICLE_TITLE}</h1>
<p>This page is served by the test suite's loopback server. It is short but real HTML,
with a title, a heading and a few paragraphs, so that fetching code has something to decode.</p>
<p>Naïve café owners in Zürich serve crème brûlée — “with a smile”.</p>
<p>The end.</p></article></body></html>
"""
LATIN1_TEXT = "Déjà vu: café, crème brûlée, naïve façade, smørrebrød, Größe, señor"
NOCHARSET_TEXT = (
    "The café’s “signature” crème brûlée costs €4.50 — a bargain, isn’t it? Naïve tourists "
    "don’t know that the façade was rebuilt in 1998; the résumé of its architect is remarkable. "
)
METACHARSET_TEXT = "Съешь же ещё этих мягких французских булок, да выпей чаю."
LATIN1_TYPE = "text/html; charset=ISO-8859-1"
LATIN1_BYTES = (
    f"<!doctype html><html><head><title>Latin-1</title></head><body><p>{LATIN1_TEXT}</p>"
    "</body></html>"
).encode("latin-1")
NOCHARSET_BYTES = (
    f"<!doctype html><html><head><title>No charset</title></head><body><p>{NOCHARSET_TEXT * 3}"
    "</p></body></html>"
).encode("cp1252")
METACHARSET_BYTES = (
    '<!doctype html><html><head><meta charset="windows-1251"><title>Meta</title></head>'
    f"<body><p>{METACHARSET_TEXT}</p></body></html>"
).encode("cp1251")
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
BINARY_BYTES = random.Random(20240501).randbytes(4096)


@dataclass
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""

    def header(self, name: str, default: str | None = None) -> str | None:
        """Case-insensitive header lookup."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), default)


@dataclass
class Reply:
    """What a route answers; ``body`` may be bytes, text or an iterable of byte chunks.

    A ``str`` body without a Content-Type goes out as ``text/html; charset=utf-8``; bytes and
    chunks go out with exactly the headers given (plus Content-Length for bytes). A header
    value may be a list to repeat the header (e.g. several Set-Cookie).
    """

    status: int = 200
    headers: Mapping[str, str | list[str]] = field(default_factory=dict)
    body: bytes | str | Iterable[bytes] = b""
    delay: float = 0.0


RouteResult: TypeAlias = Reply | tuple[int, Mapping[str, str], bytes | str]
Route: TypeAlias = RouteResult | Callable[[Request], RouteResult]
F = TypeVar("F", bound=Callable[[Request], RouteResult])


def _as_reply(result: RouteResult) -> Reply:
    """Normalise what a route returned."""
    if isinstance(result, Reply):
        return result
    status, headers, body = result
    return Reply(status, dict(headers), body)


def _html(title: str, body: str) -> str:
    """A minimal HTML page."""
    return f"<!doctype html><html><head><title>{title}</title></head><body>{body}</body></html>"


class _HTTPServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its owner and stays quiet."""

    daemon_threads = True
    owner: LoopbackServer

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup (slow on some CI machines)."""
        TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up early is normal here (timeouts, size caps)."""


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP requests into :class:`Request` objects and sends :class:`Reply` objects."""

    server: _HTTPServer
    timeout = 10  # a stuck client cannot hold a thread forever

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""

    def do_GET(self) -> None:
        """Serve a GET."""
        self._dispatch()

    def do_HEAD(self) -> None:
        """Serve a HEAD."""
        self._dispatch()

    def do_POST(self) -> None:
        """Serve a POST (login forms and the like)."""
        self._dispatch()

    def _dispatch(self) -> None:
        """Record the request, ask the owner for a reply and send it."""
        owner = self.server.owner
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            sep = "; " if name.lower() == "cookie" else ", "
            headers[name] = f"{headers[name]}{sep}{value}" if name in headers else value
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        request = Request(self.command, parts.path, query, headers, self.rfile.read(length))
        owner.requests.append(request)
        try:
            reply = owner.respond(request)
        except Exception:
            owner.errors.append(f"{self.command} {self.path}\n{traceback.format_exc()}")
            reply = Reply(500, {"Content-Type": "text/plain"}, b"route handler failed")
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        """Write status, headers and body; a client that hangs up is not an error."""
        if reply.delay and self.server.owner.sleep(reply.delay):
            return  # the server is stopping
        body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        headers = dict(reply.headers)
        names = {name.lower() for name in headers}
        if isinstance(reply.body, str) and "content-type" not in names:
            headers["Content-Type"] = "text/html; charset=utf-8"
        if isinstance(body, bytes) and "content-length" not in names:
            headers["Content-Length"] = str(len(body))
        try:
            self.send_response(reply.status)
            for name, value in headers.items():
                for item in value if isinstance(value, list) else [value]:
                    self.send_header(name, item)
            self.end_headers()
            if self.command != "HEAD":
                for chunk in [body] if isinstance(body, bytes) else body:
                    self.wfile.write(chunk)
        except (ConnectionError, TimeoutError):
            pass


class LoopbackServer:
    """Threaded HTTP server on 127.0.0.1 (random port) serving ``root`` and test endpoints."""

    host = "127.0.0.1"

    def __init__(self, root: Path | None = FIXTURES_DIR) -> None:
        self.root = root.resolve() if root is not None else None
        self.requests: list[Request] = []
        self.cookie_log: list[str | None] = []
        self.errors: list[str] = []
        self._routes: dict[str, Route] = {}
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> LoopbackServer:
        """Bind a free port and serve from a daemon thread."""
        httpd = _HTTPServer((self.host, 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._stopping.clear()
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def sleep(self, seconds: float) -> bool:
        """Wait up to ``seconds`` (30 at most); True if the server started stopping meanwhile."""
        return self._stopping.wait(min(seconds, 30.0))

    @property
    def port(self) -> int:
        """The port the server listens on."""
        if self._httpd is None:
            raise RuntimeError("the loopback server is not running")
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of ``path`` on this server (host 127.0.0.1)."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def alt_url(self, path: str = "/") -> str:
        """The same server under another host name (``localhost``), for cross-host tests."""
        return f"http://localhost:{self.port}/{path.lstrip('/')}"

    def add_route(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path`` (exact match, query ignored) until :meth:`reset`; its URL."""
        if not path.startswith("/"):
            raise ValueError(f"route paths start with '/': {path!r}")
        self._routes[path] = route
        return self.url(path)

    def route(self, path: str) -> Callable[[F], F]:
        """Decorator form of :meth:`add_route` for handler functions."""

        def register(handler: F) -> F:
            self.add_route(path, handler)
            return handler

        return register

    def reset(self) -> None:
        """Forget added routes, recorded requests, cookies and handler errors."""
        self._routes.clear()
        self.requests.clear()
        self.cookie_log.clear()
        self.errors.clear()

    def requests_to(self, path: str) -> list[Request]:
        """The recorded requests for one path, oldest first."""
        return [r for r in self.requests if r.path == path]

    def respond(self, request: Request) -> Reply:
        """The reply for ``request``: added routes, then built-ins, then files."""
        route = self._routes.get(request.path)
        if route is None:
            return self._builtin(request)
        return _as_reply(route(request) if callable(route) else route)

    def _builtin(self, request: Request) -> Reply:
        """Answer the documented endpoints, else serve a file."""
        path, query = request.path, request.query
        html_type = {"Content-Type": "text/html; charset=utf-8"}
        if match := re.fullmatch(r"/redirect/(\d+)", path):
            hops = int(match.group(1))
            if hops == 0:
                return Reply(200, html_type, ARTICLE_HTML)
            nxt = f"/redirect/{hops - 1}" if hops > 1 else "/article"
            location = self.url(nxt) if hops % 2 else nxt
            return Reply((301, 302, 303, 307, 308)[hops % 5], {"Location": location})
        if match := re.fullmatch(r"/status/(\d{3})", path):
            code = int(match.group(1))
            return Reply(code, html_type, _html(f"HTTP {code}", f"<h1>Status {code}</h1>"))
        simple: dict[str, Callable[[], Reply]] = {
            "/": lambda: Reply(200, html_type, _html("Loopback", "<p>loopback test server</p>")),
            "/article": lambda: Reply(200, html_type, ARTICLE_HTML),
            "/loop": lambda: Reply(302, {"Location": "/loop-b"}),
            "/loop-b": lambda: Reply(302, {"Location": self.url("/loop")}),
            "/slow": lambda: Reply(200, html_type, ARTICLE_HTML, float(query.get("seconds", 1))),
            "/huge": lambda: self._huge(query),
            "/latin1": lambda: Reply(200, {"Content-Type": LATIN1_TYPE}, LATIN1_BYTES),
            "/nocharset": lambda: Reply(200, {"Content-Type": "text/html"}, NOCHARSET_BYTES),
            "/metacharset": lambda: Reply(200, {"Content-Type": "text/html"}, METACHARSET_BYTES),
            "/pdf": lambda: Reply(200, {"Content-Type": "application/pdf"}, PDF_BYTES),
            "/image": lambda: Reply(200, {"Content-Type": "image/png"}, PNG_BYTES),
            "/binary": lambda: Reply(
                200, {"Content-Type": "application/octet-stream"}, BINARY_BYTES
            ),
            "/empty": lambda: Reply(200, {"Content-Type": "text/html"}, b""),
            "/redirect-to-file": lambda: Reply(302, {"Location": "file:///etc/passwd"}),
            "/echo-cookies": lambda: self._echo_cookies(request),
            "/cross-host-redirect": lambda: Reply(302, {"Location": self.alt_url("/echo-cookies")}),
            "/gzip": lambda: self._compressed("gzip", gzip.compress(ARTICLE_HTML.encode())),
            "/deflate": lambda: self._compressed("deflate", zlib.compress(ARTICLE_HTML.encode())),
            "/brotli": lambda: self._compressed("br", brotli.compress(ARTICLE_HTML.encode())),
        }
        if path in simple:
            return simple[path]()
        return self._file(path)

    def _huge(self, query: Mapping[str, str]) -> Reply:
        """A big streamed HTML body."""
        size = int(query.get("size", 64 * 1024 * 1024))
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if query.get("length"):
            headers["Content-Length"] = str(size)

        def chunks() -> Iterator[bytes]:
            block = b"<p>All work and no play makes Jack a dull boy.</p>\n" * 1260  # ~64 KiB
            sent = 0
            while sent < size and not self._stopping.is_set():
                piece = block[: size - sent]
                sent += len(piece)
                yield piece

        return Reply(200, headers, chunks())

    def _echo_cookies(self, request: Request) -> Reply:
        """List the Cookie header received, and remember it."""
        cookie = request.header("Cookie")
        self.cookie_log.append(cookie)
        pairs = [c.strip() for c in (cookie or "").split(";") if c.strip()]
        items = "".join(f"<li>{html.escape(p)}</li>" for p in pairs) or "<li>(none)</li>"
        return Reply(200, {}, _html("Cookies", f"<h1>Cookies received</h1><ul>{items}</ul>"))

    @staticmethod
    def _compressed(coding: str, body: bytes) -> Reply:
        """/article sent with a Content-Encoding."""
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": coding}
        return Reply(200, headers, body)

    def _file(self, path: str) -> Reply:
        """A file under the served directory, or 404."""
        not_found = Reply(
            404, {}, _html("Not found", f"<h1>No such page: {html.escape(path)}</h1>")
        )
        if self.root is None:
            return not_found
        target = (self.root / unquote(path).lstrip("/")).resolve()
        if not target.is_file() or not target.is_relative_to(self.root):
            return not_found
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return Reply(200, {"Content-Type": kind}, target.read_bytes())
