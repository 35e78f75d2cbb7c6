"""Which format an import file is in, judged from its content (never its name), and parsing it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from reader.core.transfer import archives, csv_formats, html_formats, json_formats
from reader.core.transfer.records import FORMATS, ImportFormatError, Parsed, decode_text

MAX_FILE_BYTES = 512 * 1024 * 1024


def _unknown(name: str) -> ImportFormatError:
    known = ", ".join(FORMATS.values())
    return ImportFormatError(f"{name}: not a format reader can import (it reads {known})")


def _text_format(text: str) -> str | None:
    data = json_formats.load(text)
    if data is not None:
        return json_formats.detect(data)
    return html_formats.detect(text) or csv_formats.detect(text)


def detect_format(raw: bytes) -> str | None:
    """The key of FORMATS the bytes are in, or None."""
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                if archives.is_omnivore(zf):
                    return "omnivore"
                kinds = {_text_format(decode_text(data)) for _n, data in archives.members(zf)}
        except (zipfile.BadZipFile, ImportFormatError):
            return None
        kinds.discard(None)
        return kinds.pop() if len(kinds) == 1 else None
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return _text_format(decode_text(raw))


def _parse_text(text: str, fmt: str) -> Parsed:
    if fmt in ("wallabag", "reader-json"):
        data = json_formats.load(text)
        if json_formats.detect(data) != fmt:
            raise ImportFormatError(f"the file is not {FORMATS[fmt]}")
        return (
            json_formats.parse_wallabag(data)
            if fmt == "wallabag"
            else (json_formats.parse_reader(data))
        )
    parse = {
        "pocket-csv": csv_formats.parse_pocket,
        "instapaper": csv_formats.parse_instapaper,
        "netscape": html_formats.parse_netscape,
        "pocket-html": html_formats.parse_pocket_html,
    }.get(fmt)
    if parse is None:
        raise ImportFormatError(f"{FORMATS.get(fmt, fmt)} files come as a ZIP archive")
    return parse(text)


def parse_bytes(raw: bytes, name: str, fmt: str = "auto") -> Parsed:
    """Parse one import file; ImportFormatError (nothing parsed) if it is no known format."""
    found = detect_format(raw)
    if fmt == "auto":
        if found is None:
            raise _unknown(name)
        fmt = found
    elif fmt not in FORMATS:
        raise ImportFormatError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if raw.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as zf:
                if fmt == "omnivore":
                    return archives.parse_omnivore(zf)
                parts = [_parse_text(decode_text(data), fmt) for _n, data in archives.members(zf)]
        except zipfile.BadZipFile as exc:
            raise ImportFormatError(f"{name}: a damaged ZIP archive ({exc})") from None
        merged = Parsed(fmt)
        for part in parts:
            merged.records.extend(part.records)
            merged.malformed.extend(part.malformed)
        return merged
    if fmt == "omnivore":
        raise ImportFormatError(f"{name}: an Omnivore export is a ZIP archive")
    try:
        return _parse_text(decode_text(raw), fmt)
    except ImportFormatError as exc:
        raise ImportFormatError(f"{name}: {exc}") from None


def parse_file(path: str | Path, fmt: str = "auto") -> Parsed:
    """Read and parse one import file from disk."""
    p = Path(path).expanduser()
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{p}: too large to import")
        raw = p.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"cannot read {p}: {exc.strerror or exc}") from None
    if not raw.strip():
        raise ImportFormatError(f"{p}: the file is empty")
    return parse_bytes(raw, str(p), fmt)
