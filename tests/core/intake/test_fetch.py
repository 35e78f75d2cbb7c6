"""Fetcher rules, exercised against the real loopback server."""

from __future__ import annotations

import gzip
import logging
import socket
import time
import zlib
from collections.abc import Callable, Iterator

import brotli
import httpx
import pytest
from support.fixtures import SMALL_PAGE
from support.server import (
    ARTICLE_HTML,
    LATIN1_TEXT,
    METACHARSET_TEXT,
    NOCHARSET_TEXT,
    LoopbackServer,
    Reply,
    Request,
)

from reader import __version__
from reader.core.errors import (
    ExtractionError,
    FetchError,
    HttpStatusError,
    InvalidSourceError,
    TooLargeError,
    UnsupportedContentError,
)
from reader.core.intake.fetch import USER_AGENT, Fetcher, FetchOptions, decode_html

HTML = {"Content-Type": "text/html; charset=utf-8"}
XHTML = "application/xhtml+xml"
SECRET = "s3cret-subscription-token"
FETCHER = Fetcher(FetchOptions(connect_timeout=2, read_timeout=5))  # stateless: safe to share


def small(**overrides: float) -> Fetcher:
    """A fetcher with some options changed."""
    return Fetcher(FetchOptions(**overrides))  # type: ignore[arg-type]


def raising(exc_factory: Callable[[httpx.Request], Exception]) -> httpx.MockTransport:
    """A transport whose every request fails with the given httpx exception."""

    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_factory(request)

    return httpx.MockTransport(handler)


# -- basics ------------------------------------------------------------------------------------


def test_fetches_a_page_with_all_fields(http_server: LoopbackServer) -> None:
    url = http_server.url("/article")
    result = FETCHER.fetch(f"  {url}\n")
    assert (result.url, result.requested_url, result.status) == (url, url, 200)
    assert (result.content_type, result.encoding) == ("text/html", "utf-8")
    assert result.text == ARTICLE_HTML
    assert result.raw == ARTICLE_HTML.encode()
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert "set-cookie" not in result.headers


def test_fetches_fixture_files(http_server: LoopbackServer) -> None:
    source = SMALL_PAGE
    result = Fetcher().fetch(http_server.url(f"/{source.name}"))
    assert result.raw == source.read_bytes()
    assert result.text == decode_html(source.read_bytes())[0]


def test_sends_an_honest_identity(http_server: LoopbackServer) -> None:
    FETCHER.fetch(http_server.url("/article"))
    (request,) = http_server.requests_to("/article")
    expected = f"reader/{__version__} (read-it-later desktop app; one page at its user's request)"
    assert request.header("User-Agent") == USER_AGENT == expected
    encodings = {e.strip() for e in (request.header("Accept-Encoding") or "").split(",")}
    assert {"gzip", "deflate", "br"} <= encodings


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "javascript:alert(1)", "ftp://x.test/", "example.com", ""]
)
def test_invalid_urls_are_rejected_before_any_request(
    http_server: LoopbackServer, url: str
) -> None:
    with pytest.raises(InvalidSourceError):
        FETCHER.fetch(url)
    assert http_server.requests == []


# -- redirects ---------------------------------------------------------------------------------


def test_follows_a_redirect_chain(http_server: LoopbackServer) -> None:
    start = http_server.url("/redirect/5")
    result = FETCHER.fetch(start)
    assert (result.url, result.requested_url) == (http_server.url("/article"), start)
    assert [r.path for r in http_server.requests][-2:] == ["/redirect/1", "/article"]
    assert len(http_server.requests) == 6


def test_ten_redirects_are_fine_eleven_are_too_many(http_server: LoopbackServer) -> None:
    assert FETCHER.fetch(http_server.url("/redirect/10")).status == 200
    with pytest.raises(FetchError, match=r"too many redirects \(over 10\)"):
        FETCHER.fetch(http_server.url("/redirect/11"))
    with pytest.raises(FetchError, match=r"too many redirects \(over 2\)"):
        small(max_redirects=2).fetch(http_server.url("/redirect/3"))


def test_redirect_loop_is_reported_as_such(http_server: LoopbackServer) -> None:
    with pytest.raises(FetchError, match=r"redirect loop: .*/loop → .*/loop-b → .*/loop$"):
        FETCHER.fetch(http_server.url("/loop"))
    assert len(http_server.requests) == 2


def test_self_redirect_that_sets_a_cookie_is_not_a_loop(http_server: LoopbackServer) -> None:
    def consent(request: Request) -> Reply:
        if "consent=yes" in (request.header("Cookie") or ""):
            return Reply(200, HTML, ARTICLE_HTML)
        return Reply(302, {"Set-Cookie": "consent=yes; Path=/", "Location": "/consent"})

    result = FETCHER.fetch(http_server.add_route("/consent", consent))
    assert result.text == ARTICLE_HTML
    assert len(http_server.requests) == 2


@pytest.mark.parametrize(
    "location", ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,hi", "ftp://x.test/"]
)
def test_redirects_must_stay_on_http(http_server: LoopbackServer, location: str) -> None:
    http_server.add_route("/bad-redirect", (302, {"Location": location}, b""))
    scheme = location.partition(":")[0]
    with pytest.raises(FetchError, match=f"refusing to follow a redirect to '{scheme}:"):
        FETCHER.fetch(http_server.url("/bad-redirect"))


def test_builtin_redirect_to_file(http_server: LoopbackServer) -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme 'file:'"):
        FETCHER.fetch(http_server.url("/redirect-to-file"))


def test_redirect_without_location(http_server: LoopbackServer) -> None:
    http_server.add_route("/nowhere", (301, {}, b""))
    with pytest.raises(FetchError, match="redirect without a Location header"):
        FETCHER.fetch(http_server.url("/nowhere"))


# -- cookies and credentials -------------------------------------------------------------------


def test_cookies_go_to_the_original_host(http_server: LoopbackServer) -> None:
    result = FETCHER.fetch(
        http_server.url("/echo-cookies"), cookies={"session": SECRET, "plan": "pro"}
    )
    assert http_server.cookie_log == [f"session={SECRET}; plan=pro"]
    assert f"session={SECRET}" in result.text


def test_no_cookie_header_without_cookies(http_server: LoopbackServer) -> None:
    FETCHER.fetch(http_server.url("/echo-cookies"))
    assert http_server.cookie_log == [None]


def test_cookies_follow_same_host_redirects_and_merge_with_server_cookies(
    http_server: LoopbackServer,
) -> None:
    http_server.add_route(
        "/hop", (302, {"Location": "/echo-cookies", "Set-Cookie": "consent=yes; Path=/"}, b"")
    )
    FETCHER.fetch(http_server.url("/hop"), cookies={"session": SECRET})
    assert http_server.cookie_log == [f"session={SECRET}; consent=yes"]


def test_credentials_are_not_forwarded_to_another_host(http_server: LoopbackServer) -> None:
    result = FETCHER.fetch(
        http_server.url("/cross-host-redirect"),
        cookies={"session": SECRET},
        headers={"Authorization": f"Bearer {SECRET}", "X-Test": "kept"},
    )
    assert result.url == http_server.alt_url("/echo-cookies")
    first, second = http_server.requests
    assert first.header("Cookie") == f"session={SECRET}"
    assert first.header("Authorization") == f"Bearer {SECRET}"
    assert second.header("Cookie") is None
    assert second.header("Authorization") is None
    assert second.header("X-Test") == "kept"
    assert http_server.cookie_log == [None]


def test_cookies_are_not_sent_after_an_https_to_http_downgrade() -> None:
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("cookie")))
        if request.url.scheme == "https":
            return httpx.Response(302, headers={"Location": "http://paper.test/b"})
        return httpx.Response(200, headers=HTML, content=ARTICLE_HTML.encode())

    Fetcher(transport=httpx.MockTransport(handler)).fetch(
        "https://paper.test/a", cookies={"session": SECRET}
    )
    assert seen == [("https://paper.test/a", f"session={SECRET}"), ("http://paper.test/b", None)]


def test_bad_cookies_are_refused_without_echoing_the_value() -> None:
    with pytest.raises(ValueError, match="session") as info:
        FETCHER.fetch("https://example.test/", cookies={"session": "a;b\r\nX: 1"})
    assert "a;b" not in str(info.value)


def test_secrets_never_reach_the_log(
    http_server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    FETCHER.fetch(
        http_server.url("/cross-host-redirect"),
        cookies={"session": SECRET},
        headers={"Authorization": f"Bearer {SECRET}"},
    )
    assert "reader.core.intake.fetch" in {r.name for r in caplog.records}
    assert SECRET not in caplog.text


# -- HTTP status and network failures ----------------------------------------------------------


@pytest.mark.parametrize(("status", "kind"), [(404, "client"), (410, "client"), (500, "server")])
def test_error_statuses(http_server: LoopbackServer, status: int, kind: str) -> None:
    url = http_server.url(f"/status/{status}")
    with pytest.raises(HttpStatusError, match=f"HTTP {status} \\({kind} error\\)") as info:
        Fetcher().fetch(url)
    assert (info.value.status, info.value.url) == (status, url)


def test_error_status_after_a_redirect_names_the_final_url(http_server: LoopbackServer) -> None:
    http_server.add_route("/moved", (301, {"Location": "/status/503"}, b""))
    with pytest.raises(HttpStatusError) as info:
        FETCHER.fetch(http_server.url("/moved"))
    assert info.value.url == http_server.url("/status/503")


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match=f"^cannot reach 127.0.0.1:{port}: connection refused$"):
        FETCHER.fetch(f"http://127.0.0.1:{port}/")


def test_dns_failure() -> None:
    def fail(request: httpx.Request) -> Exception:
        exc = httpx.ConnectError("[Errno -2] Name or service not known", request=request)
        exc.__cause__ = socket.gaierror(-2, "Name or service not known")
        return exc

    with pytest.raises(FetchError, match=r"^cannot reach nowhere.invalid: host name not found$"):
        Fetcher(transport=raising(fail)).fetch("https://nowhere.invalid/page")


def test_read_timeout_while_waiting_for_headers(http_server: LoopbackServer) -> None:
    started = time.monotonic()
    message = f"^timed out after 0.2 s reading from 127.0.0.1:{http_server.port}$"
    with pytest.raises(FetchError, match=message):
        small(read_timeout=0.2).fetch(http_server.url("/slow?seconds=3"))
    assert time.monotonic() - started < 2


def test_read_timeout_in_the_middle_of_the_body(http_server: LoopbackServer) -> None:
    def trickle() -> Iterator[bytes]:
        yield b"<html><body><p>first part"
        http_server.sleep(3)
        yield b"</p></body></html>"

    http_server.add_route("/trickle", lambda request: Reply(200, HTML, trickle()))
    with pytest.raises(FetchError, match=r"timed out after 0.2 s reading from"):
        small(read_timeout=0.2).fetch(http_server.url("/trickle"))


def test_connect_timeout() -> None:
    transport = raising(lambda request: httpx.ConnectTimeout("timed out", request=request))
    fetcher = Fetcher(FetchOptions(connect_timeout=1.5), transport=transport)
    with pytest.raises(FetchError, match=r"^timed out after 1.5 s connecting to slow.test$"):
        fetcher.fetch("http://slow.test/")


def test_injected_transport_is_used_and_left_open() -> None:
    class Counting(httpx.BaseTransport):
        closed = 0

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, headers=HTML, content=b"<p>mocked</p>")

        def close(self) -> None:
            self.closed += 1

    transport = Counting()
    fetcher = Fetcher(transport=transport)
    assert fetcher.fetch("https://a.test/").text == "<p>mocked</p>"
    assert fetcher.fetch("https://b.test/").url == "https://b.test/"
    assert transport.closed == 0


# -- content types, empty pages, binary garbage ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/pdf", "^PDF documents are not supported yet$"),
        ("/image", r"^images are not supported \(image/png\)$"),
        ("/binary", r"application/octet-stream"),
    ],
)
def test_builtin_unsupported_content(http_server: LoopbackServer, path: str, message: str) -> None:
    with pytest.raises(UnsupportedContentError, match=message):
        Fetcher().fetch(http_server.url(path))


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("application/json", b'{"a": 1}', "unsupported content type 'application/json'"),
        ("text/css", b"p { color: red }", "unsupported content type 'text/css'"),
        ("video/mp4", b"\x00\x00\x00\x18ftypmp42", r"videos are not supported \(video/mp4\)"),
        ("application/rss+xml", b"<rss/>", "feeds are not supported"),
        ("text/html", b"%PDF-1.7\nmislabelled", "^PDF documents are not supported yet$"),
        ("text/html", b"\x89PNG\r\n\x1a\n" + bytes(64), "binary data, not a page"),
        ("text/plain", bytes(range(256)) * 8, "binary data, not a page"),
        (None, bytes(range(256)) * 8, "binary data, not a page"),
    ],
)
def test_unsupported_and_binary_content(
    http_server: LoopbackServer, content_type: str | None, body: bytes, message: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    with pytest.raises(UnsupportedContentError, match=message):
        Fetcher().fetch(http_server.add_route("/thing", (200, headers, body)))


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/plain; charset=utf-8", "Just some text.\n", "text/plain"),
        ("application/xhtml+xml", "<html xmlns='http://www.w3.org/1999/xhtml'/>", XHTML),
        ("TEXT/HTML", "<p>upper-case type</p>", "text/html"),
        (None, "<!DOCTYPE html><html><body>no type</body></html>", "text/html"),
        (None, "plain words, no markup", "text/plain"),
    ],
)  # fmt: skip
def test_accepted_content_types(
    http_server: LoopbackServer, content_type: str | None, body: str, expected: str
) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    result = Fetcher().fetch(http_server.add_route("/doc", (200, headers, body.encode())))
    assert (result.content_type, result.text) == (expected, body)


@pytest.mark.parametrize(("status", "body"), [(200, b""), (200, b"  \r\n\t "), (204, b"")])
def test_empty_pages(http_server: LoopbackServer, status: int, body: bytes) -> None:
    http_server.add_route("/nothing", (status, {"Content-Type": "text/html"}, body))
    with pytest.raises(ExtractionError, match=r"^the page is empty$"):
        Fetcher().fetch(http_server.url("/nothing"))
    with pytest.raises(ExtractionError, match=r"^the page is empty$"):
        Fetcher().fetch(http_server.url("/empty"))


# -- size cap and compression ------------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "?length=1"])
def test_huge_bodies_stop_at_the_cap(http_server: LoopbackServer, query: str) -> None:
    started = time.monotonic()
    with pytest.raises(TooLargeError, match="larger than the 64 KB limit"):
        small(max_bytes=64 * 1024).fetch(http_server.url(f"/huge{query}"))
    assert time.monotonic() - started < 2


def test_default_cap_is_15_mb(http_server: LoopbackServer) -> None:
    assert FetchOptions().max_bytes == 15 * 1024 * 1024
    with pytest.raises(TooLargeError, match="larger than the 15 MB limit"):
        Fetcher().fetch(http_server.url("/huge?size=16000000"))


def test_a_body_exactly_at_the_cap_is_fine(http_server: LoopbackServer) -> None:
    http_server.add_route("/fits", (200, HTML, b"x" * 1000))
    assert len(small(max_bytes=1000).fetch(http_server.url("/fits")).raw) == 1000
    with pytest.raises(TooLargeError):
        small(max_bytes=999).fetch(http_server.url("/fits"))


@pytest.mark.parametrize("path", ["/gzip", "/deflate", "/brotli"])
def test_compressed_bodies_are_decoded(http_server: LoopbackServer, path: str) -> None:
    result = Fetcher().fetch(http_server.url(path))
    assert result.text == ARTICLE_HTML


def test_raw_deflate_is_decoded_too(http_server: LoopbackServer) -> None:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    body = packer.compress(ARTICLE_HTML.encode()) + packer.flush()
    http_server.add_route("/raw-deflate", (200, {**HTML, "Content-Encoding": "deflate"}, body))
    assert Fetcher().fetch(http_server.url("/raw-deflate")).text == ARTICLE_HTML


@pytest.mark.parametrize(
    ("coding", "compress"),
    [("gzip", gzip.compress), ("br", lambda data: brotli.compress(data, quality=1))],
)
def test_decompression_bombs_stop_at_the_cap(
    http_server: LoopbackServer, coding: str, compress: Callable[[bytes], bytes]
) -> None:
    bomb = compress(b"<p>" + b"a" * (40 * 1024 * 1024) + b"</p>")
    assert len(bomb) < 200_000
    http_server.add_route("/bomb", (200, {**HTML, "Content-Encoding": coding}, bomb))
    with pytest.raises(TooLargeError, match="larger than the 1 MB limit"):
        small(max_bytes=1024 * 1024).fetch(http_server.url("/bomb"))


@pytest.mark.parametrize(
    ("coding", "body", "message"),
    [
        ("gzip", b"\x1f\x8b\x08\x00garbage-not-gzip", "corrupt compressed response"),
        ("br", b"\xff\xff\xff\xffnot brotli", "corrupt compressed response"),
        ("zstd", b"(\xb5/\xfd", "unsupported Content-Encoding 'zstd'"),
    ],
)
def test_bad_content_encodings(
    http_server: LoopbackServer, coding: str, body: bytes, message: str
) -> None:
    http_server.add_route("/bad", (200, {**HTML, "Content-Encoding": coding}, body))
    with pytest.raises(FetchError, match=message):
        Fetcher().fetch(http_server.url("/bad"))


# -- charsets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "encoding"),
    [
        ("/latin1", LATIN1_TEXT, "cp1252"),  # ISO-8859-1 label, decoded as its superset
        ("/metacharset", METACHARSET_TEXT, "cp1251"),
        ("/nocharset", NOCHARSET_TEXT, "cp1252"),  # charset-normalizer, Western preference
    ],
)
def test_charsets_over_http(
    http_server: LoopbackServer, path: str, text: str, encoding: str
) -> None:
    result = Fetcher().fetch(http_server.url(path))
    assert text in result.text
    assert result.encoding == encoding
