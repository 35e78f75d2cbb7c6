"""The body of one download: undoing its Content-Encoding, and the deadline of the whole fetch."""

from __future__ import annotations

import socket
import threading
import time
import zlib
from collections.abc import Mapping
from typing import Any

from reader.core.errors import FetchError


class Inflater:
    """Undoes one Content-Encoding (gzip, deflate, br) without producing much more than asked."""

    def __init__(self, coding: str, host: str) -> None:
        self.coding, self.host = coding, host
        self._fed = False
        if coding == "br":
            import brotli

            self._errors: tuple[type[Exception], ...] = (brotli.error,)
            self._br: Any = brotli.Decompressor()
        else:
            self._errors = (zlib.error,)
            self._z = zlib.decompressobj(zlib.MAX_WBITS | (16 if coding == "gzip" else 0))

    def feed(self, data: bytes, limit: int) -> bytes:
        """Decompress ``data`` (b"" ends the stream), stopping after about ``limit + 1`` bytes.

        At the end, a stream the compressor never finished is a download that was cut off.
        """
        self._fed = self._fed or bool(data)
        try:
            if self.coding == "br":
                out = self._brotli(data, limit)
                finished = self._br.is_finished()
            else:
                out = self._zlib(data, limit)
                finished = self._z.eof
        except self._errors as exc:
            raise FetchError(f"corrupt compressed response from {self.host}: {exc}") from None
        if not data and self._fed and not finished:
            raise FetchError(
                f"the download from {self.host} was cut off (its {self.coding} data ends early)"
            )
        return out

    def _zlib(self, data: bytes, limit: int) -> bytes:
        if self.coding == "deflate" and data:  # zlib-wrapped or raw: the first bytes tell
            self.coding = "zlib"
            try:
                return self._z.decompress(data, limit + 1)
            except zlib.error:
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._z.decompress(data, limit + 1) if data else self._z.flush()

    def _brotli(self, data: bytes, limit: int) -> bytes:
        """Brotli, bounded where the installed brotli (>= 1.2) supports it."""
        if not hasattr(self._br, "can_accept_more_data"):
            return bytes(self._br.process(data))
        out = bytes(self._br.process(data, output_buffer_limit=limit + 1))
        while len(out) <= limit and not self._br.can_accept_more_data():
            more = self._br.process(b"", output_buffer_limit=limit + 1 - len(out))
            if not more:
                break
            out += more
        return out


class Deadline:
    """The time limit of one whole fetch.

    Read timeouts bound each wait for bytes, so a server that sends one byte a second
    never trips them; when this deadline passes, a timer shuts the fetch's sockets, which
    ends whatever read is waiting, in whichever thread runs the fetch (CLI or GUI worker).
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def trace(self, event: str, info: Mapping[str, Any]) -> None:
        """httpcore's trace hook: remember each socket the fetch opens."""
        if event not in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if sock is not None:
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def left(self) -> float:
        """Seconds left (0 once passed)."""
        return max(0.0, self.end - time.monotonic())

    def passed(self) -> bool:
        return self.expired or self.left() <= 0

    def error(self, host: str) -> FetchError:
        return FetchError(
            f"timed out after {self.seconds:g} s downloading from {host} (the limit for a whole "
            "page, however slowly it arrives)"
        )

    def check(self, host: str) -> None:
        """Raise the deadline's FetchError once it has passed."""
        if self.passed():
            raise self.error(host)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # closed already, or detached when TLS wrapped it
        pass
