"""Writing an export to a file, a folder or a stream, whatever the format."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from reader.core.errors import ReaderError
from reader.core.storage import Storage
from reader.core.transfer import exporters

TEXT_WRITERS = {
    "json": exporters.write_json,
    "csv": exporters.write_csv,
    "netscape": exporters.write_netscape,
}
NEEDS_PATH = ("markdown", "epub")


Writer = Callable[[Iterable[dict[str, Any]], TextIO], int]


def _writer(fmt: str) -> Writer | None:
    if fmt in TEXT_WRITERS:
        return TEXT_WRITERS[fmt]
    from reader.core.transfer import documents

    return documents.write_html if fmt == "html" else None


def export_to_stream(storage: Storage, ids: Sequence[int], fmt: str, out: TextIO) -> int:
    """A text format written to a stream; the number of items."""
    writer = _writer(fmt)
    if writer is None:
        raise ReaderError(f"{fmt} exports need a path")
    return writer(exporters.records(storage, ids), out)


def write_records(items: Iterable[dict[str, Any]], fmt: str, path: Path) -> int:
    """Write export records to ``path`` (a folder for markdown), atomically; how many."""
    from reader.core.transfer import documents

    path = path.expanduser()
    if fmt == "markdown":
        return documents.write_markdown_dir(items, path)
    if fmt == "epub":
        return documents.write_epub(items, path)
    writer = _writer(fmt)
    if writer is None:
        raise ReaderError(f"unknown export format {fmt!r}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".export-", dir=path.parent)
    except OSError as exc:
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            n = writer(items, out)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReaderError(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return n


def export_to_path(storage: Storage, ids: Sequence[int], fmt: str, path: Path) -> int:
    """Write the export of ``ids`` (read from the library a chunk at a time)."""
    return write_records(exporters.records(storage, ids), fmt, path)
