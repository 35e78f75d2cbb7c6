"""Exports that are one file of records: reader JSON (everything, re-importable), CSV (one row
per item, Pocket-compatible column names) and Netscape bookmarks.

Every exporter reads the records :meth:`Storage.export_records` gives: the library's own
columns, never credentials, cookies or raw pages.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TextIO

from reader.core.storage import Storage
from reader.core.storage.rows import iso, utc_now
from reader.core.transfer.json_formats import READER_FORMAT

SCHEMA_VERSION = 1
CHUNK = 200  # items read from the library at a time


def records(storage: Storage, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """The export records of ``ids``, read a chunk at a time."""
    for start in range(0, len(ids), CHUNK):
        yield from storage.export_records(ids[start : start + CHUNK])


def unix(moment: str | None) -> str:
    """ISO 8601 → Unix seconds as text ('' if unknown)."""
    if not moment:
        return ""
    try:
        return str(int(datetime.fromisoformat(moment).timestamp()))
    except ValueError:
        return ""


def write_json(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """The full-fidelity export (docs/export-schema.md), streamed item by item."""
    head = {"format": READER_FORMAT, "version": SCHEMA_VERSION, "exported_at": iso(utc_now())}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [')
    n = 0
    for record in items:
        out.write(("," if n else "") + "\n" + json.dumps(record, ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


CSV_COLUMNS = (
    "title",
    "url",
    "time_added",
    "tags",
    "status",
    "state",
    "favourite",
    "progress",
    "canonical_url",
    "site_name",
    "byline",
    "published",
    "paywall_status",
    "missing_fraction",
    "word_count",
    "added_at",
)


def write_csv(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """One row per item; title,url,time_added,tags,status read like a Pocket export."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    n = 0
    for r in items:
        writer.writerow(
            [
                r.get("title") or "",
                r["original_url"] or r["url"],
                unix(r.get("added_at")),
                "|".join(r.get("tags") or []),
                "archive" if r["state"] in ("archived", "finished") else "unread",
                r["state"],
                int(bool(r.get("favourite"))),
                round(float((r.get("progress") or {}).get("fraction") or 0.0), 4),
                r.get("canonical_url") or "",
                r.get("site_name") or "",
                r.get("byline") or "",
                r.get("published") or "",
                r.get("paywall_status") or "unknown",
                "" if r.get("missing_fraction") is None else r["missing_fraction"],
                r.get("word_count") or 0,
                r.get("added_at") or "",
            ]
        )
        n += 1
    return n


def write_netscape(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Bookmarks with ADD_DATE, TAGS and TOREAD (and the description as the <DD> note)."""
    out.write(
        "<!DOCTYPE NETSCAPE-Bookmark-file-1>\n"
        "<!-- This is an automatically generated file. -->\n"
        '<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=UTF-8">\n'
        "<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n"
    )
    n = 0
    for r in items:
        attrs = {
            "HREF": r["original_url"] or r["url"],
            "ADD_DATE": unix(r.get("added_at")),
            "TAGS": ",".join(t.replace(",", " ") for t in r.get("tags") or []),
            "TOREAD": "1" if r["state"] in ("unread", "reading") else "0",
        }
        if r["state"] == "archived":
            attrs["STATE"] = "archived"  # ignored by others; keeps the state for reader
        if r.get("favourite"):
            attrs["STARRED"] = "1"
        text = " ".join(f'{k}="{html.escape(v, quote=True)}"' for k, v in attrs.items() if v)
        title = html.escape(r.get("title") or "", quote=False)
        out.write(f"    <DT><A {text}>{title}</A>\n")
        if r.get("description"):
            out.write(f"    <DD>{html.escape(r['description'], quote=False)}\n")
        n += 1
    out.write("</DL><p>\n")
    return n


def to_string(writer: Any, items: Iterable[dict[str, Any]]) -> str:
    """Run a writer into a string (tests, small exports)."""
    buf = io.StringIO()
    writer(items, buf)
    return buf.getvalue()
