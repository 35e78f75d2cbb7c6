"""Pocket CSV (5 and 6 columns) and Instapaper CSV, read by header name, never by position."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator

from reader.core.models import STATES
from reader.core.transfer.records import (
    ImportRecord,
    Malformed,
    Parsed,
    from_iso,
    from_unix,
    truthy,
)

csv.field_size_limit(16 * 1024 * 1024)

# Which header names identify which format (lower case; every name must be present).
SIGNATURES = {
    "instapaper": ("url", "title", "selection", "folder"),
    "pocket-csv": ("url", "time_added"),
}
_INSTAPAPER_FOLDERS = {"unread": "unread", "archive": "archived"}


def header(text: str) -> list[str]:
    """The first row's names, lower case and stripped (a BOM is already gone)."""
    first = next(csv.reader(io.StringIO(text, newline="")), [])
    return [name.strip().lower() for name in first]


def detect(text: str) -> str | None:
    """'pocket-csv' or 'instapaper' when the header names say so."""
    names = set(header(text))
    for fmt, needed in SIGNATURES.items():
        if all(n in names for n in needed):
            return fmt
    return None


def _rows(text: str, parsed: Parsed) -> Iterator[tuple[int, dict[str, str]]]:
    """(line where the row starts, {lower-case header: value}) for each data row."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        names = [n.strip().lower() for n in next(reader)]
    except StopIteration:
        return
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            parsed.malformed.append(Malformed(start, f"unreadable CSV: {exc}"))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(names):
            parsed.malformed.append(
                Malformed(line, f"{len(row)} fields where the header has {len(names)}")
            )
            continue
        yield line, {name: (row[i] if i < len(row) else "") for i, name in enumerate(names)}


def _read(text: str, fmt: str, build: Callable[[int, dict[str, str]], ImportRecord]) -> Parsed:
    parsed = Parsed(fmt)
    for line, row in _rows(text, parsed):
        try:
            parsed.records.append(build(line, row))
        except ValueError as exc:
            parsed.malformed.append(Malformed(line, str(exc)))
    return parsed


def _url(row: dict[str, str]) -> str:
    url = (row.get("url") or "").strip()
    if not url:
        raise ValueError("no URL")
    return url


def _pocket_row(line: int, row: dict[str, str]) -> ImportRecord:
    status = (row.get("status") or "").strip().lower()
    state = "archived" if status in ("archive", "archived", "read") else "unread"
    exact = (row.get("state") or "").strip().lower()  # our own CSV export says it exactly
    if exact in STATES:
        state = exact
    tags = [t for t in (row.get("tags") or "").split("|") if t.strip()]
    progress = None
    if (row.get("progress") or "").strip():
        try:
            progress = min(1.0, max(0.0, float(row["progress"])))
        except ValueError:
            raise ValueError(f"progress is not a number: {row['progress'][:20]!r}") from None
    added = (row.get("time_added") or "").strip()
    added_at = None
    if added:
        added_at = from_unix(added) if added.replace(".", "", 1).isdigit() else from_iso(added)
        if added_at is None:
            raise ValueError(f"time_added is not a time: {added[:40]!r}")
    return ImportRecord(
        url=_url(row),
        line=line,
        title=(row.get("title") or "").strip() or None,
        added_at=added_at,
        state=state,
        favourite=truthy(row.get("favourite") or ""),
        tags=tags,
        progress=progress,
    )


def _instapaper_row(line: int, row: dict[str, str]) -> ImportRecord:
    folder = (row.get("folder") or "").strip()
    tags: list[str] = []
    raw_tags = (row.get("tags") or "").strip()
    if raw_tags:
        try:
            value = json.loads(raw_tags)
        except json.JSONDecodeError:
            value = raw_tags.split(",")
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise ValueError(f"Tags is not a list: {raw_tags[:40]!r}")
        tags = [str(t) for t in value if str(t).strip()]
    favourite = folder.lower() == "starred"
    state = _INSTAPAPER_FOLDERS.get(folder.lower(), "unread")
    if folder and not favourite and folder.lower() not in _INSTAPAPER_FOLDERS:
        tags.append(folder)  # a folder of the user's own becomes a tag
    stamp = (row.get("timestamp") or "").strip()
    return ImportRecord(
        url=_url(row),
        line=line,
        title=(row.get("title") or "").strip() or None,
        added_at=from_unix(stamp) if stamp else None,
        state=state,
        favourite=favourite,
        tags=tags,
        description=(row.get("selection") or "").strip() or None,
    )


def parse_pocket(text: str) -> Parsed:
    """Pocket's title,url,time_added[,cursor],tags,status (tags '|'-separated)."""
    return _read(text, "pocket-csv", _pocket_row)


def parse_instapaper(text: str) -> Parsed:
    """Instapaper's URL,Title,Selection,Folder[,Timestamp,Tags] (Tags a JSON array)."""
    return _read(text, "instapaper", _instapaper_row)
