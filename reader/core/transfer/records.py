"""Plain data shared by the importers: one record per saved link, and what a file gave."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from reader.core.errors import InvalidSourceError


class ImportFormatError(InvalidSourceError):
    """The file is not in any format reader can import (nothing was changed)."""


@dataclass
class Highlight:
    """A quote the user marked in the source app, with an optional note."""

    quote: str
    note: str | None = None


@dataclass
class ImportRecord:
    """One link as an export file describes it (only what the file knew is set)."""

    url: str
    line: int  # line (or entry number) in the file, for messages
    title: str | None = None
    added_at: str | None = None  # ISO 8601 UTC
    state: str = "unread"
    favourite: bool = False
    tags: list[str] = field(default_factory=list)
    progress: float | None = None  # 0..1
    content_html: str | None = None
    published: str | None = None
    byline: str | None = None
    description: str | None = None
    language: str | None = None
    highlights: list[Highlight] = field(default_factory=list)
    given_url: str | None = None  # what the user first saved, when the file knows it
    full: dict[str, Any] | None = None  # a reader export record: restored as it was


@dataclass
class Malformed:
    """A row that could not be read; it is skipped and reported."""

    line: int
    reason: str


@dataclass
class Parsed:
    """What one import file holds."""

    format: str  # one of FORMATS' keys
    records: list[ImportRecord] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)


FORMATS = {
    "pocket-csv": "Pocket CSV",
    "pocket-html": "Pocket HTML (ril_export.html)",
    "instapaper": "Instapaper CSV",
    "wallabag": "wallabag JSON",
    "omnivore": "Omnivore export ZIP",
    "netscape": "Netscape bookmarks HTML",
    "reader-json": "reader JSON export",
}


def from_unix(value: object) -> str | None:
    """Unix seconds (int, float or digits; milliseconds are recognised) → ISO 8601 UTC."""
    if value is None or value == "":
        return None
    try:
        seconds = float(str(value).strip())
    except ValueError:
        raise ValueError(f"not a Unix time: {str(value)[:40]!r}") from None
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    if not 0 <= seconds < 1e10:
        raise ValueError(f"time out of range: {str(value)[:40]!r}")
    return datetime.fromtimestamp(int(seconds), UTC).isoformat()


def from_iso(value: object) -> str | None:
    """An ISO-ish date ('2016-09-08T11:55:58+0200', '…Z', with ms) → ISO 8601 UTC, or None."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip().replace("Z", "+00:00").replace(" ", "T", 1)
    if len(text) >= 5 and text[-5] in "+-" and text[-4:].isdigit():  # +0200 -> +02:00
        text = f"{text[:-2]}:{text[-2:]}"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def truthy(value: object) -> bool:
    """Lenient booleans: True, 1, "1", "true", "True", "yes"."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y", "on")
    return bool(value)


def decode_text(raw: bytes) -> str:
    """File bytes → text: a BOM is dropped; lines that are not UTF-8 are read as cp1252.

    Export files edited in a spreadsheet mix encodings line by line, so one bad byte
    must not turn the whole file into mojibake.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    out = []
    for line in raw.splitlines(keepends=True):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", "replace"))
    return "".join(out)
