"""ZIP exports: Omnivore (metadata_*.json, content/, highlights/) and Pocket's part_*.csv."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from reader.core.transfer.records import (
    Highlight,
    ImportFormatError,
    ImportRecord,
    Malformed,
    Parsed,
    decode_text,
    from_iso,
)

MAX_MEMBER_BYTES = 64 * 1024 * 1024  # a zip bomb stops here
_METADATA = re.compile(r"(^|/)metadata_[^/]*\.json$")


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_MEMBER_BYTES:
        raise ImportFormatError(f"{info.filename} in the archive is too large to import")
    return zf.read(info)


def is_omnivore(zf: zipfile.ZipFile) -> bool:
    """An Omnivore export has one or more metadata_*.json files."""
    return any(_METADATA.search(name) for name in zf.namelist())


_LABELS = re.compile(r"(?:^|\s)#[^\s#]+")


def _highlights(markdown: str) -> list[Highlight]:
    """highlights/{slug}.md: '> quote' lines, then optional #labels and the note (a bare
    note with no quote before it is a note-type highlight)."""
    out: list[Highlight] = []
    quoting = False
    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith(">"):
            text = _LABELS.sub("", line.lstrip(">")).strip()
            if quoting and out:
                out[-1].quote = f"{out[-1].quote} {text}".strip()
            else:
                out.append(Highlight(quote=text))
            quoting = True
            continue
        quoting = False
        note = _LABELS.sub("", line).strip()
        if not note:
            continue
        if out and out[-1].quote:  # a quote's note (labels stripped)
            last = out[-1]
            last.note = note if last.note is None else f"{last.note}\n{note}"
        else:
            out.append(Highlight(quote="", note=note))
    return out


def _omnivore_entry(
    number: int, entry: dict[str, Any], member: Callable[[str], str | None]
) -> ImportRecord:
    url = entry.get("url")
    if not url or not isinstance(url, str):
        raise ValueError("no url")
    slug = str(entry.get("slug") or entry.get("id") or "")
    progress = entry.get("readingProgress")
    fraction = None
    if isinstance(progress, int | float) and not isinstance(progress, bool):
        fraction = min(1.0, max(0.0, float(progress) / 100))
    content = member(f"content/{slug}.html") if slug else None
    notes = member(f"highlights/{slug}.md") if slug else None
    archived = str(entry.get("state") or "").lower() == "archived"
    state = "archived" if archived else "reading" if fraction else "unread"
    return ImportRecord(
        url=url,
        line=number,
        title=str(entry.get("title") or "").strip() or None,
        added_at=from_iso(entry.get("savedAt")),
        state=state,
        tags=[str(t.get("name") if isinstance(t, dict) else t) for t in entry.get("labels") or []],
        progress=fraction,
        content_html=content,
        published=from_iso(entry.get("publishedAt")),
        byline=str(entry.get("author") or "").strip() or None,
        description=str(entry.get("description") or "").strip() or None,
        highlights=_highlights(notes) if notes else [],
    )


def parse_omnivore(zf: zipfile.ZipFile) -> Parsed:
    """Every entry of every metadata_*.json, with its content and highlights files."""
    parsed = Parsed("omnivore")
    by_name = {PurePosixPath(i.filename).as_posix(): i for i in zf.infolist()}
    prefix = {}
    for name in by_name:
        m = _METADATA.search(name)
        if m:
            prefix[name] = name[: m.start() + len(m.group(1))]

    def member(base: str) -> Callable[[str], str | None]:
        def read(rel: str) -> str | None:
            info = by_name.get(base + rel)
            return None if info is None else decode_text(_read(zf, info))

        return read

    number = 0
    for name in sorted(prefix):
        try:
            entries = json.loads(decode_text(_read(zf, by_name[name])))
        except (json.JSONDecodeError, RecursionError) as exc:
            parsed.malformed.append(Malformed(0, f"{name} is not JSON: {exc}"))
            continue
        for entry in entries if isinstance(entries, list) else []:
            number += 1
            if not isinstance(entry, dict):
                reason = f"{name}: an entry that is not an object"
                parsed.malformed.append(Malformed(number, reason))
                continue
            try:
                parsed.records.append(_omnivore_entry(number, entry, member(prefix[name])))
            except (ValueError, TypeError, AttributeError) as exc:
                parsed.malformed.append(Malformed(number, f"{name} entry {number}: {exc}"))
    return parsed


def members(zf: zipfile.ZipFile) -> list[tuple[str, bytes]]:
    """The files of another kind of archive (Pocket's part_*.csv), in name order."""
    out = []
    for info in sorted(zf.infolist(), key=lambda i: i.filename):
        if info.is_dir() or PurePosixPath(info.filename).name.startswith("."):
            continue
        if "__MACOSX" in info.filename:
            continue
        out.append((info.filename, _read(zf, info)))
    return out
