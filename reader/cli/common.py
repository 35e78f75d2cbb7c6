"""What every ``reader`` command shares: the parser class, exit codes, the library, output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.core.intake.fetch import Fetcher
    from reader.core.models import Item
    from reader.core.service import Library

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class ReaderParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"reader: error: {message}\n")


def seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("give a number of seconds between 0 and 600")
    return value


def fetcher(timeout: float | None) -> Fetcher:
    """An HTTP fetcher; --timeout caps connecting, each read and the whole download."""
    from reader.core.intake.fetch import Fetcher, FetchOptions

    if timeout is None:
        return Fetcher()
    return Fetcher(
        FetchOptions(connect_timeout=min(10.0, timeout), read_timeout=timeout, deadline=timeout)
    )


def display_available() -> bool:
    """False on a Linux box with no X11/Wayland display and no Qt platform chosen."""
    import os

    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def library(args: argparse.Namespace) -> Library:
    """The library named by --db/READER_DB, opened once per command and closed by main()."""
    lib: Library | None = getattr(args, "library", None)
    if lib is None:
        from reader.core.service import open_library

        timeout = getattr(args, "timeout", None)
        lib = open_library(args.db, fetcher=fetcher(timeout) if timeout else None)
        args.library = lib
    return lib


def dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def row(item: Item) -> str:
    mark = "✂" if item.needs_full_text else " "
    fav = "★" if item.favourite else " "
    title = (item.title or item.url)[:60]
    site = (item.source or item.site_name or "")[:18]
    pct = f"{round(item.progress.fraction * 100):3d}%"
    if item.status != "ready":  # a failed (or unfinished) save, not an unread article
        why = f": {item.error}" if item.error else ""
        return f"{item.id:>5}    {item.status:<8}             {item.original_url}{why}"[:160]
    minutes = f"{item.reading_minutes:>3}m"
    return f"{item.id:>5} {fav}{mark} {item.state:<8} {pct} {minutes}  {site:<18}  {title}"


def print_items(items: Sequence[Item], as_json: bool) -> None:
    if as_json:
        dump([i.to_json() for i in items])
        return
    if not items:
        print("(no items)")
        return
    print(f"{'id':>5}    {'state':<8} read time  {'site':<18}  title")
    for item in items:
        print(row(item))
