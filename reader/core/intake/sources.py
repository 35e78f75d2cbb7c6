"""Every way in: a URL, a saved .html file, a plain-text dump, or stdin."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from reader.core.errors import (
    ExtractionError,
    InvalidSourceError,
    ReaderError,
    TooLargeError,
    UnsupportedContentError,
)
from reader.core.models import Article, Prepared, UserMark

if TYPE_CHECKING:
    from reader.core.intake.fetch import Fetcher

logger = logging.getLogger(__name__)

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
TEXT_SUFFIXES = (".txt", ".text", ".md")
PAGE_SUFFIXES = HTML_SUFFIXES + TEXT_SUFFIXES  # files a front end offers to open, drop, attach
MAX_FILE_BYTES = 15 * 1024 * 1024  # every way in: files, stdin, clipboard, drops (and downloads)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# C0 controls but tab, LF, CR (lxml refuses them); form feed and vertical tab are spaces
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
_ODD_SPACES = re.compile(r"[\x0b\x0c]")


@dataclass
class SourceSpec:
    """A classified source: what it is and the key it is saved under."""

    raw: str
    kind: str  # url | html_file | text_file | stdin
    key: str  # canonical URL, or a synthetic URL for files and pasted content
    original: str
    path: Path | None = None


def classify(source: str) -> SourceSpec:
    """Decide what a SOURCE argument is; raise InvalidSourceError for what we refuse."""
    text = source.strip()
    if not text:
        raise InvalidSourceError("empty source")
    if text == "-":
        return SourceSpec(source, "stdin", "", "-")
    m = _SCHEME.match(text)
    if m and len(m.group(1)) > 1:  # a Windows drive letter is not a scheme
        from reader.core.intake.urls import canonicalize, validate_url

        url = validate_url(text)
        return SourceSpec(source, "url", canonicalize(url), url)
    if text.startswith("www."):
        from reader.core.intake.urls import canonicalize, validate_url

        url = validate_url("https://" + text)
        return SourceSpec(source, "url", canonicalize(url), url)
    path = Path(text).expanduser()
    if not path.exists():
        raise InvalidSourceError(f"no such file: {text}")
    if not path.is_file():
        raise InvalidSourceError(f"not a file: {text}")
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        kind = "html_file"
    elif suffix in TEXT_SUFFIXES:
        kind = "text_file"
    else:
        kind = "sniff_file"
    return SourceSpec(source, kind, "", str(path.resolve()), path)


def _too_large(what: str, size: int | None = None) -> TooLargeError:
    limit = f"{MAX_FILE_BYTES >> 20} MB"  # MB as the download cap counts them (MiB)
    if size is None:
        return TooLargeError(f"{what} is larger than {limit}, the limit")
    return TooLargeError(f"{what} is {size / (1 << 20):.1f} MB; the limit is {limit}")


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _too_large(str(path), size)
        with path.open("rb") as f:  # read no more than the cap: the file may be growing
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InvalidSourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(str(path))
    return data


def read_stdin(stream: IO[bytes]) -> bytes:
    """Standard input, read up to the same cap as files (one byte more tells it is over)."""
    data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _too_large("the input on stdin")
    return data


def check_size(content: str | bytes, what: str) -> None:
    """Refuse content handed over in memory (clipboard, drops) above the cap."""
    # a str is at most 4 UTF-8 bytes a character: measure only when it could be over
    if len(content) * (4 if isinstance(content, str) else 1) > MAX_FILE_BYTES:
        size = len(content.encode("utf-8", "replace") if isinstance(content, str) else content)
        if size > MAX_FILE_BYTES:
            raise _too_large(what, size)


def decode(raw: bytes) -> str:
    """Bytes from a file or stdin → text (UTF-8 first, then the page's own charset)."""
    if not raw.strip():
        raise ExtractionError("the input is empty")
    from reader.core.intake.decoding import sniff_binary  # the same test as for downloads

    if sniff_binary(raw):
        raise UnsupportedContentError("this looks like a binary file, not a page or text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        from reader.core.intake.decoding import decode_html

        return decode_html(raw)[0]


def _content_key(kind: str, content: str | bytes) -> str:
    data = content if isinstance(content, bytes) else content.encode("utf-8", "replace")
    digest = hashlib.sha256(data).hexdigest()[:16]
    return f"reader:{kind}/{digest}"


def analyse(data: str, url: str | None, kind: str, marks: Sequence[UserMark] = ()) -> Article:
    """Run the right analyser over page content (``marks``: the user's, on other pages).

    Pages from the web are arbitrary: an lxml or readability failure on one of them is
    reported as an ExtractionError for that page, never as a crash of the whole command.
    """
    try:
        return analyse_unguarded(data, url, kind, marks)
    except ReaderError:
        raise
    except MemoryError:
        raise ExtractionError("this page needs more memory than there is to analyse it") from None
    except Exception as exc:  # a bug met on a hostile page: one error line, never a traceback
        logger.debug("analysis failed on %s", url or "local content", exc_info=True)
        raise ExtractionError(
            f"this page could not be analysed ({type(exc).__name__}: {str(exc)[:200]})"
        ) from exc


def analyse_unguarded(
    data: str, url: str | None, kind: str, marks: Sequence[UserMark] = ()
) -> Article:
    """:func:`analyse` without its safety net, so tests see any exception that is no
    ReaderError (the fuzz test asserts there is none)."""
    from reader.core.extract import html as extract
    from reader.core.extract import textdump

    if _CONTROLS.search(data):  # lxml refuses them; they carry nothing a reader sees
        data = _ODD_SPACES.sub(" ", _CONTROLS.sub("", data))
    if kind == "text" or (kind == "sniff" and not textdump.looks_like_html(data)):
        return textdump.analyse_text(data, url=url, kind="text", marks=marks)
    return extract.analyse_html(data, url=url, kind="html", marks=marks)


def load(
    spec: SourceSpec,
    *,
    fetcher: Fetcher | None = None,
    stdin: bytes | None = None,
    marks: Sequence[UserMark] = (),
) -> Prepared:
    """Fetch or read a classified source and analyse it (``marks``: see :func:`analyse`)."""

    if spec.kind == "url":
        assert fetcher is not None
        result = fetcher.fetch(spec.original)
        ctype = result.content_type.lower()
        kind = "text" if ctype.startswith("text/plain") else "sniff" if not ctype else "html"
        article = analyse(result.text, result.url, kind, marks)
        # classify() always gives a URL its canonical key, so that is what it is saved under
        return Prepared(spec.raw, spec.key, spec.original, article, result.raw, "fetch")
    if spec.kind == "stdin":
        raw = stdin or b""
        check_size(raw, "the input on stdin")
        data = decode(raw)
        article = analyse(data, None, "sniff", marks)
        key = _content_key("stdin", raw)
        return Prepared(spec.raw, _keyed(article, key), "-", article, raw, "stdin")
    assert spec.path is not None
    raw = _read_file(spec.path)
    data = decode(raw)
    kind = {"html_file": "html", "text_file": "text"}.get(spec.kind, "sniff")
    article = analyse(data, None, kind, marks)
    key = _content_key("file", raw)
    origin = "text" if article.kind == "text" else "file"
    return Prepared(spec.raw, _keyed(article, key), spec.original, article, raw, origin)


def _keyed(article: Article, fallback: str) -> str:
    """Content without a URL is keyed by its page's canonical URL when it names one."""
    canonical = article.meta.canonical_url
    if canonical and canonical.startswith(("http://", "https://")):
        from reader.core.intake.urls import canonicalize

        try:
            return canonicalize(canonical)
        except (InvalidSourceError, ValueError):  # a malformed canonical link is ignored
            return fallback
    return fallback


def from_html(html: str, url: str | None, origin: str, marks: Sequence[UserMark] = ()) -> Prepared:
    """Analyse HTML handed over by the user (clipboard, drop, browser capture)."""

    check_size(html, f"the {origin} content")
    key = None
    if url:
        from reader.core.intake.urls import canonicalize, validate_url

        url = validate_url(url)
        key = canonicalize(url)
    article = analyse(html, url, "html", marks)
    if key is None:
        key = _keyed(article, _content_key(origin, html))
    return Prepared(url or origin, key, url or key, article, html.encode("utf-8"), origin)
