"""Site rules: ``reader sites update PATH``, ``reader sites show HOST``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import EXIT_FAILED, EXIT_OK, dump


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
