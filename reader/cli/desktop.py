"""Commands about the app on this desktop: retry failed saves, install the menu entry."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import EXIT_FAILED, EXIT_OK, dump, library, seconds
from reader.core.errors import ReaderError


def register(sub: Any) -> None:
    """Add ``retry`` and ``install-desktop``."""
    r = sub.add_parser("retry", help="save again the items whose save failed")
    r.add_argument("ids", nargs="*", type=int, help="item ids (default: every failed save)")
    r.add_argument("--timeout", type=seconds, help="read timeout in seconds (default 30)")
    r.add_argument("--json", action="store_true", help="print the items as JSON")
    r.set_defaults(handler=cmd_retry)
    d = sub.add_parser(
        "install-desktop", help="put reader in the app menu (.desktop file and icon, XDG dirs)"
    )
    d.add_argument("--json", action="store_true", help="print where the files went, as JSON")
    d.set_defaults(handler=cmd_install_desktop)


def cmd_retry(args: argparse.Namespace) -> int:
    """reader retry [ID…]: fetch failed (or interrupted) saves again."""
    lib = library(args)
    if args.ids:
        items = [lib.get(item_id) for item_id in args.ids]
    else:
        ids = lib.list_ids(status="failed") + lib.list_ids(status="saving")
        items = lib.get_items(ids)
    pending = [item for item in items if item.status != "ready"]
    if not pending:
        print("reader: nothing to retry (no failed saves)", file=sys.stderr)
        return EXIT_OK
    failed = 0
    done = []
    for item in pending:
        try:
            result = lib.commit(lib.prepare(item.original_url), placeholder_id=item.id)
        except ReaderError as exc:
            failed += 1
            lib.mark_failed(item.id, str(exc) or type(exc).__name__)
            print(f"reader: #{item.id} {item.original_url}: {exc}", file=sys.stderr)
            continue
        done.append(result.item.to_json())
        if not args.json:
            print(f"saved #{result.item.id}: {result.item.title or result.item.url}")
    if args.json:
        dump(done)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_install_desktop(args: argparse.Namespace) -> int:
    """reader install-desktop: the menu entry and the icon in the user's XDG directories."""
    from reader.desktop_entry import install

    paths = install()
    if args.json:
        dump({name: str(path) for name, path in paths.items()})
    else:
        for name, path in paths.items():
            print(f"installed {name}: {path}")
    return EXIT_OK
