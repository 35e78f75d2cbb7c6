"""wallabag's JSON export (v2, with content and annotations) and reader's own JSON export."""

from __future__ import annotations

import json
from typing import Any

from reader.core.transfer.records import (
    Highlight,
    ImportFormatError,
    ImportRecord,
    Malformed,
    Parsed,
    from_iso,
    truthy,
)

READER_FORMAT = "reader-export"
_WALLABAG_KEYS = ("is_archived", "is_starred", "given_url", "reading_time", "domain_name")


def load(text: str) -> Any:
    """The JSON value, or None when the text is not JSON."""
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")):
        return None
    try:
        return json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):  # not JSON, or nested to no end
        return None


def detect(data: Any) -> str | None:
    """'reader-json' or 'wallabag' from the structure of a decoded JSON value."""
    if isinstance(data, dict) and data.get("format") == READER_FORMAT:
        return "reader-json"
    if isinstance(data, list) and data:
        first = next((e for e in data if isinstance(e, dict)), None)
        if first is not None and "url" in first and any(k in first for k in _WALLABAG_KEYS):
            return "wallabag"
    return None


def _tag_names(value: Any) -> list[str]:
    names = []
    for tag in value or []:
        name = tag.get("label") or tag.get("slug") if isinstance(tag, dict) else tag
        if name and str(name).strip():
            names.append(str(name))
    return names


def _byline(value: Any) -> str | None:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v) or None
    return str(value) if value else None


def _wallabag_entry(number: int, entry: dict[str, Any]) -> ImportRecord:
    url = entry.get("url") or entry.get("given_url")
    if not url or not isinstance(url, str):
        raise ValueError("no url")
    highlights = [
        Highlight(quote=str(a.get("quote") or ""), note=str(a.get("text") or "") or None)
        for a in entry.get("annotations") or []
        if isinstance(a, dict) and (a.get("quote") or a.get("text"))
    ]
    given = entry.get("given_url")
    return ImportRecord(
        url=url,
        line=number,
        title=(str(entry.get("title") or "").strip() or None),
        added_at=from_iso(entry.get("created_at")),
        state="archived" if truthy(entry.get("is_archived")) else "unread",
        favourite=truthy(entry.get("is_starred")),
        tags=_tag_names(entry.get("tags")),
        content_html=entry.get("content") or None,
        published=from_iso(entry.get("published_at")),
        byline=_byline(entry.get("published_by")),
        language=entry.get("language") or None,
        highlights=highlights,
        given_url=given if isinstance(given, str) and given != url else None,
    )


def parse_wallabag(data: Any) -> Parsed:
    """A top-level array of entries (values may be strings in older exports)."""
    parsed = Parsed("wallabag")
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            parsed.malformed.append(Malformed(number, "an entry that is not an object"))
            continue
        try:
            parsed.records.append(_wallabag_entry(number, entry))
        except (ValueError, TypeError, AttributeError) as exc:
            parsed.malformed.append(Malformed(number, f"entry {number}: {exc}"))
    return parsed


def parse_reader(data: dict[str, Any]) -> Parsed:
    """Our own export: each item is restored as it was (see docs/export-schema.md)."""
    version = data.get("version")
    if version != 1:
        raise ImportFormatError(
            f"this reader export has schema version {version!r}; this reader reads version 1"
        )
    parsed = Parsed("reader-json")
    for number, item in enumerate(data.get("items") or [], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            parsed.malformed.append(Malformed(number, f"item {number} has no url"))
            continue
        progress = item.get("progress") or {}
        parsed.records.append(
            ImportRecord(
                url=item["url"],
                line=number,
                title=item.get("title"),
                added_at=item.get("added_at"),
                state=item.get("state") or "unread",
                favourite=bool(item.get("favourite")),
                tags=[str(t) for t in item.get("tags") or []],
                progress=progress.get("fraction") if isinstance(progress, dict) else None,
                full=item,
            )
        )
    return parsed
