"""Typed errors raised by the core; front ends decide how to show them."""

from __future__ import annotations


class ReaderError(Exception):
    """Base class of every error the core raises on purpose."""


class InvalidSourceError(ReaderError):
    """The thing to save is not something reader can take (bad URL scheme, missing file...)."""


class FetchError(ReaderError):
    """Downloading a page failed."""


class HttpStatusError(FetchError):
    """The server answered with a 4xx/5xx status."""

    def __init__(self, status: int, url: str) -> None:
        self.status = status
        self.url = url
        kind = "client error" if status < 500 else "server error"
        super().__init__(f"HTTP {status} ({kind}) from {url}")


class UnsupportedContentError(FetchError):
    """The response is not an HTML/text page (PDF, image, binary...)."""


class TooLargeError(FetchError):
    """The body is larger than the configured cap."""


class ExtractionError(ReaderError):
    """The page holds no readable article (empty, binary garbage...)."""


class StorageError(ReaderError):
    """The library file could not be read or written."""


class NotFoundError(ReaderError):
    """No item with that id."""
