"""Site rules and the user's marks: ``reader sites update PATH``, ``reader sites show HOST``,
``reader mark ID complete|truncated|clear``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import EXIT_FAILED, EXIT_OK, dump, library
from reader.core.errors import ReaderError


def register(sub: Any) -> None:
    """Add this module's subcommands; each sets its handler."""
    s = sub.add_parser("sites", help="community site rules (ftr-site-config)")
    ssub = s.add_subparsers(dest="sites_command", metavar="ACTION", required=True)
    up = ssub.add_parser("update", help="compile a newer ftr-site-config checkout for this user")
    up.add_argument("path", metavar="PATH", help="a directory of HOST.txt files")
    show = ssub.add_parser("show", help="the rules that apply to a host or URL")
    show.add_argument("host", metavar="HOST")
    show.add_argument("--json", action="store_true")
    up.set_defaults(handler=cmd_sites_update)
    show.set_defaults(handler=cmd_sites_show)

    mk = sub.add_parser(
        "mark",
        help="your verdict on an item: complete, truncated (needs full text) or clear",
        description="Mark an item complete or truncated. The mark sets or clears its "
        "needs-full-text flag, and teaches the verdict: the next page of the same site that "
        "carries the same wall box or marker line counts it as evidence.",
    )
    mk.add_argument("ids", nargs="+", type=int, metavar="ID")
    mk.add_argument("mark", choices=("complete", "truncated", "clear"))
    mk.add_argument("--json", action="store_true")
    mk.set_defaults(handler=cmd_mark)


def cmd_sites_update(args: argparse.Namespace) -> int:
    """reader sites update PATH — compiled into the user's data dir, which then wins."""
    from reader.core import site_rules

    path = Path(args.path)
    if not path.is_dir():
        print(f"reader: {path}: not a directory of ftr-site-config files", file=sys.stderr)
        return EXIT_FAILED
    try:
        data = site_rules.compile_dir(path)
    except OSError as exc:
        print(f"reader: {path}: cannot be read ({exc.strerror or exc})", file=sys.stderr)
        return EXIT_FAILED
    if not data["rules"]:
        print(f"reader: {path}: no site rules found (HOST.txt files)", file=sys.stderr)
        return EXIT_FAILED
    target = site_rules.updated_path()
    try:
        site_rules.write_compiled(data, target)
    except OSError as exc:
        print(f"reader: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED
    site_rules.reload()
    print(f"site rules updated: {len(data['rules'])} sites from {path} → {target}")
    return EXIT_OK


def cmd_sites_show(args: argparse.Namespace) -> int:
    """reader sites show HOST — which rule file applies, and what it says."""
    from reader.core import site_rules

    rule = site_rules.rules_for(args.host)
    if rule is None:
        if args.json:
            dump(None)
        else:
            print(f"no site rules for {site_rules.normalize_host(args.host) or args.host}")
        return EXIT_OK
    data = {"host": rule.host, "origin": rule.origin, **rule.to_dict()}
    if args.json:
        dump(data)
        return EXIT_OK
    for key, value in data.items():
        for v in value if isinstance(value, list) else [value]:
            print(f"{key}: {v}")
    return EXIT_OK


def cmd_mark(args: argparse.Namespace) -> int:
    """reader mark ID… complete|truncated|clear"""
    lib = library(args)
    out: list[dict[str, Any]] = []
    failed = 0
    for item_id in args.ids:
        try:
            item = lib.unmark(item_id) if args.mark == "clear" else lib.mark(item_id, args.mark)
            mark = lib.user_mark(item_id)
        except ReaderError as exc:
            failed += 1
            print(f"reader: #{item_id}: {exc}", file=sys.stderr)
            continue
        out.append(
            {
                "id": item.id,
                "mark": mark.to_json() if mark else None,
                "needs_full_text": item.needs_full_text,
            }
        )
        if not args.json:
            flag = "needs full text" if item.needs_full_text else "does not need full text"
            what = f"marked {args.mark}" if mark else "mark cleared"
            seen = (
                f"; wall on this page: {', '.join(mark.signatures)}"
                if mark and mark.signatures
                else ""
            )
            print(f"#{item.id}: {what}, {flag}{seen}")
    if args.json:
        dump(out)
    return EXIT_FAILED if failed else EXIT_OK
