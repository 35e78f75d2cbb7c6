"""Hostile servers and inputs at the door: slow drips, cut-off bodies, odd charsets, oversized
stdin and clipboard content. Each ends in one typed error (or the right text), in time."""

from __future__ import annotations

import gzip
import io
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from support.fixtures import SMALL_PAGE
from support.server import LoopbackServer, Reply

from reader.cli import main
from reader.core.errors import FetchError, TooLargeError
from reader.core.intake import sources
from reader.core.intake.decoding import decode_html
from reader.core.intake.fetch import Fetcher, FetchOptions
from reader.core.service import open_library

HTML = {"Content-Type": "text/html; charset=utf-8"}
PAGE = SMALL_PAGE.read_bytes()


def drip(data: bytes, every: float = 1.0) -> Iterator[bytes]:
    """A body that arrives one byte each ``every`` seconds."""
    for i in range(len(data)):
        yield data[i : i + 1]
        time.sleep(every)


# -- the deadline of a whole fetch ------------------------------------------------------------


def test_a_body_sent_a_byte_a_second_stops_at_the_deadline(http_server: LoopbackServer) -> None:
    url = http_server.add_route("/drip", Reply(200, HTML, drip(PAGE)))
    fetcher = Fetcher(FetchOptions(read_timeout=5, deadline=1))  # no read ever waits 5 s
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out after 1 s downloading from 127\.0\.0\.1"):
        fetcher.fetch(url)
    assert time.monotonic() - started < 3


class DrippingHeaders:
    """A raw TCP server that sends its status line and headers one byte a second."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                for byte in b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: " + b"x" * 100:
                    if self.stop.wait(1.0):
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        self.sock.close()


@pytest.fixture
def dripping_headers() -> Iterator[DrippingHeaders]:
    server = DrippingHeaders()
    yield server
    server.close()


def test_headers_sent_a_byte_a_second_stop_at_the_deadline(
    dripping_headers: DrippingHeaders,
) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 1 s"):
        Fetcher(FetchOptions(read_timeout=5, deadline=1)).fetch(dripping_headers.url)
    assert time.monotonic() - started < 3


def test_the_deadline_holds_in_a_worker_thread(dripping_headers: DrippingHeaders) -> None:
    """The GUI fetches in worker threads: the deadline must not rely on signals."""
    outcome: list[BaseException] = []

    def work() -> None:
        try:
            Fetcher(FetchOptions(deadline=1)).fetch(dripping_headers.url)
        except FetchError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work)
    started = time.monotonic()
    worker.start()
    worker.join(10)
    assert not worker.is_alive() and time.monotonic() - started < 3
    assert "timed out after 1 s" in str(outcome[0])


def test_the_default_deadline_is_60_s_for_the_cli_and_the_gui(tmp_path: Path) -> None:
    assert FetchOptions().deadline == 60
    lib = open_library(tmp_path / "lib.db")  # what the desktop app opens (reader.app.run)
    try:
        assert lib.fetcher.options.deadline == 60
    finally:
        lib.close()


def test_timeout_option_bounds_the_whole_download(
    http_server: LoopbackServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = http_server.add_route("/drip", Reply(200, HTML, drip(PAGE, 0.5)))
    started = time.monotonic()
    code = main(["--db", str(tmp_path / "lib.db"), "add", url, "--timeout", "1"])
    assert code == 1 and time.monotonic() - started < 3
    assert "timed out after 1 s downloading" in capsys.readouterr().err


# -- bodies that end early ---------------------------------------------------------------------


def gzip_body(data: bytes) -> bytes:
    return gzip.compress(data)


def deflate_body(data: bytes) -> bytes:
    return zlib.compress(data)


def raw_deflate_body(data: bytes) -> bytes:
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


@pytest.mark.parametrize(
    ("coding", "compress"),
    [("gzip", gzip_body), ("deflate", deflate_body), ("deflate", raw_deflate_body),
     ("br", brotli.compress)],
    ids=["gzip", "zlib", "raw-deflate", "br"],
)  # fmt: skip
@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_a_truncated_compressed_stream_is_refused_as_cut_off(
    http_server: LoopbackServer, coding: str, compress: object, keep: float
) -> None:
    body = compress(PAGE)  # type: ignore[operator]
    headers = {**HTML, "Content-Encoding": coding}
    url = http_server.add_route("/cut", Reply(200, headers, [body[: int(len(body) * keep)]]))
    with pytest.raises(FetchError, match=rf"was cut off \(its {coding}|was cut off"):
        Fetcher().fetch(url)
    whole = http_server.add_route("/whole", Reply(200, headers, body))
    assert Fetcher().fetch(whole).raw == PAGE  # the complete stream still reads


def test_a_body_shorter_than_its_content_length_is_refused(http_server: LoopbackServer) -> None:
    headers = {**HTML, "Content-Length": str(len(PAGE))}
    url = http_server.add_route("/short", Reply(200, headers, [PAGE[: len(PAGE) // 3]]))
    with pytest.raises(FetchError, match="was cut off"):
        Fetcher().fetch(url)


def test_a_cut_off_download_saves_nothing(
    http_server: LoopbackServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = gzip.compress(PAGE)
    headers = {**HTML, "Content-Encoding": "gzip"}
    url = http_server.add_route("/cut", Reply(200, headers, [body[: len(body) // 2]]))
    db = tmp_path / "lib.db"
    assert main(["--db", str(db), "add", url]) == 1
    assert "the download from 127.0.0.1" in capsys.readouterr().err
    lib = open_library(db)
    try:
        assert lib.list_ids() == []
    finally:
        lib.close()


# -- charsets ------------------------------------------------------------------------------------

CAFE = "<html><head><title>Café</title></head><body><p>Crème brûlée, naïve façade.</p></body>"


NOT_WEB_LABELS = ["undefined", "idna", "utf-7", "rot13", "base64", "punycode", "replacement",
                  "x-user-defined", "unicode_escape", "zlib"]  # fmt: skip


@pytest.mark.parametrize("label", NOT_WEB_LABELS)
def test_a_charset_that_is_no_web_label_falls_back_to_sniffing(label: str) -> None:
    raw = CAFE.encode("cp1252")
    assert decode_html(raw, label) == (CAFE, "cp1252")  # the header's label
    meta = f'<meta charset="{label}">'.encode() + raw
    assert decode_html(meta)[0].endswith(CAFE)  # the page's own label
    http_equiv = f'<meta http-equiv="content-type" content="text/html; charset={label}">'
    assert CAFE in sources.decode(http_equiv.encode() + raw)  # a saved file


@pytest.mark.parametrize(
    ("label", "encoding"),
    [("latin1", "cp1252"), ("x-sjis", "cp932"), ("unicode-1-1-utf-8", "utf-8"),
     ("ISO_8859-2", "iso8859-2"), (" koi8-r ", "koi8-r"), ('"windows-1251"', "cp1251")],
)  # fmt: skip
def test_web_labels_map_through_the_whatwg_table(label: str, encoding: str) -> None:
    assert decode_html(b"<p>x</p>", label)[1] == encoding


@pytest.mark.parametrize("label", ["utf-16", "utf-16le", "utf-16be", "utf-32"])
def test_a_utf16_header_on_an_ascii_body_is_not_believed(
    http_server: LoopbackServer, label: str
) -> None:
    raw = CAFE.encode("utf-8")
    headers = {"Content-Type": f"text/html; charset={label}"}
    result = Fetcher().fetch(http_server.add_route("/wide", Reply(200, headers, raw)))
    assert result.text == CAFE and result.encoding == "utf-8"


def test_a_utf16_header_on_a_utf16_body_still_works(http_server: LoopbackServer) -> None:
    headers = {"Content-Type": "text/html; charset=utf-16"}
    raw = CAFE.encode("utf-16-le")
    result = Fetcher().fetch(http_server.add_route("/wide", Reply(200, headers, raw)))
    assert result.text == CAFE


def test_an_odd_charset_over_http_gives_the_article(http_server: LoopbackServer) -> None:
    headers = {"Content-Type": "text/html; charset=undefined"}
    url = http_server.add_route("/odd", Reply(200, headers, PAGE))
    prepared = sources.load(sources.classify(url), fetcher=Fetcher())
    assert prepared.article.word_count > 100


# -- the same size cap for every way in -------------------------------------------------------

OVER = b"<p>" + b"a" * (sources.MAX_FILE_BYTES + 10) + b"</p>"


def test_stdin_over_the_cap_is_refused_and_nothing_saved(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "lib.db"
    for command in ("add", "extract"):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(OVER)))
        assert main(["--db", str(db), command, "-"]) == 1
        out, err = capsys.readouterr()
        assert "the input on stdin is larger than 15 MB, the limit" in out + err
    lib = open_library(db)
    try:
        assert lib.list_ids() == []
    finally:
        lib.close()


def test_stdin_reads_no_more_than_the_cap() -> None:
    stream = io.BytesIO(OVER + b"x" * 10_000_000)
    with pytest.raises(TooLargeError):
        sources.read_stdin(stream)
    assert stream.tell() == sources.MAX_FILE_BYTES + 1
    assert sources.read_stdin(io.BytesIO(PAGE)) == PAGE


def test_clipboard_and_drops_over_the_cap_are_refused(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib.db")
    big_file = tmp_path / "big.html"
    big_file.write_bytes(OVER)
    try:
        with pytest.raises(TooLargeError, match="clipboard"):
            lib.prepare_html(OVER.decode())  # what Ctrl+V hands the worker
        with pytest.raises(TooLargeError, match="limit is 15 MB"):
            lib.prepare(str(big_file))  # what a drop of a file hands the worker
        with pytest.raises(TooLargeError):
            lib.prepare("-", stdin=OVER)
        assert lib.prepare_html(PAGE.decode()).article.word_count > 100
    finally:
        lib.close()
