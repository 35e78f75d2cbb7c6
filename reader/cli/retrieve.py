"""Getting the rest: credentials, retrieve, attach, versions, use-version, domains."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, dump, library, seconds
from reader.core.errors import InvalidSourceError, ReaderError

ROUTES = ("subscription", "browser", "source", "archive")
BROWSERS = ("firefox", "librewolf", "chrome", "chromium", "brave", "edge", "vivaldi", "opera")


def _browser_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--browser", choices=BROWSERS, help="read that browser's sign-in cookies")
    p.add_argument("--cookies-file", metavar="PATH", help="a Firefox cookies.sqlite or profile")


def register(sub: Any) -> None:
    """Add this module's subcommands; each sets its handler."""
    c = sub.add_parser("credentials", help="your own subscriptions (secrets live in keyring)")
    csub = c.add_subparsers(dest="action", metavar="ACTION", required=True)
    cs = csub.add_parser("set", help="save a cookie, a username + password, or browser cookies")
    cs.add_argument("host")
    how = cs.add_mutually_exclusive_group(required=True)
    how.add_argument("--cookie-stdin", action="store_true", help="one 'name=value; …' line")
    how.add_argument("--username", "-u", help="with --password-stdin")
    how.add_argument("--from-browser", action="store_true", help="copy the browser's cookies")
    cs.add_argument("--password-stdin", action="store_true", help="the password on stdin")
    _browser_args(cs)
    cl = csub.add_parser("list", help="hosts and usernames (never secrets)")
    cl.add_argument("--json", action="store_true")
    cd = csub.add_parser("delete", help="forget a host's credentials")
    cd.add_argument("host")

    r = sub.add_parser("retrieve", help="get the full text of items (or --all flagged ones)")
    r.add_argument("ids", nargs="*", type=int, metavar="ID")
    r.add_argument("--all", action="store_true", help="every item that needs the full text")
    r.add_argument("--resume", action="store_true", help="what an interrupted run left queued")
    r.add_argument("--via", choices=ROUTES, help="only this route (archive only when asked)")
    _browser_args(r)
    r.add_argument("--remember", action="store_true", help="keep browser cookies in keyring")
    r.add_argument("--json", action="store_true")
    r.add_argument("--timeout", type=seconds, metavar="S", help="read timeout (default 30)")

    at = sub.add_parser("attach", help="attach a saved page or text to an item as a version")
    at.add_argument("id", type=int)
    at.add_argument("file", metavar="FILE|-")
    at.add_argument("--json", action="store_true")

    v = sub.add_parser("versions", help="an item's versions")
    v.add_argument("id", type=int)
    v.add_argument("--json", action="store_true")

    uv = sub.add_parser("use-version", help="show another version of an item")
    uv.add_argument("id", type=int)
    uv.add_argument("version", type=int, metavar="V")

    dm = sub.add_parser("domains", help="per site: saved, truncated, credentials, what worked")
    dm.add_argument("--json", action="store_true")

    ae = sub.add_parser("archive-endpoint", help="show or set the Wayback availability API")
    ae.add_argument("url", nargs="?")
    ae.add_argument("--reset", action="store_true")

    for parser, handler in (
        (cs, cmd_credentials_set), (cl, cmd_credentials_list), (cd, cmd_credentials_delete),
        (r, cmd_retrieve), (at, cmd_attach), (v, cmd_versions), (uv, cmd_use_version),
        (dm, cmd_domains), (ae, cmd_archive_endpoint),
    ):  # fmt: skip
        parser.set_defaults(handler=handler)


def _stdin_line(what: str) -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line.strip():
        raise InvalidSourceError(f"no {what} on stdin: nothing was stored")
    return line


def _browser(args: argparse.Namespace) -> Any:
    if not (args.browser or args.cookies_file):
        return None
    from reader.core.retrieve.browser import BrowserSource

    return BrowserSource(args.browser or "firefox", args.cookies_file)


def cmd_credentials_set(args: argparse.Namespace) -> int:
    """reader credentials set HOST (--cookie-stdin | --username U --password-stdin | …)"""
    retrieval = library(args).retrieval
    if args.cookie_stdin:
        retrieval.keyring.require()  # say so before reading a secret we could not keep
        host = retrieval.set_cookie(args.host, _stdin_line("cookie"))
        print(f"{host}: cookie saved in the keyring")
    elif args.username:
        if not args.password_stdin:
            print("reader: give the password on stdin with --password-stdin", file=sys.stderr)
            return EXIT_USAGE
        retrieval.keyring.require()
        host = retrieval.set_password(args.host, args.username, _stdin_line("password"))
        print(f"{host}: password for {args.username} saved in the keyring")
    else:
        from reader.core.retrieve.browser import BrowserSource

        source = _browser(args) or BrowserSource()
        n = retrieval.remember_browser(args.host, source)
        print(f"{args.host}: {n} cookie(s) from {source.describe()} saved in the keyring")
    return EXIT_OK


def cmd_credentials_list(args: argparse.Namespace) -> int:
    """reader credentials list."""
    infos = library(args).retrieval.credentials()
    if args.json:
        dump([{"host": c.host, "username": c.username, "method": c.method,
               "added_at": c.added_at, "last_ok_at": c.last_ok_at} for c in infos])  # fmt: skip
        return EXIT_OK
    if not infos:
        print("(no credentials)")
    for c in infos:
        ok = f"  worked {c.last_ok_at[:10]}" if c.last_ok_at else ""
        print(f"{c.host:<28} {c.method:<9} {c.username or '-'}{ok}")
    return EXIT_OK


def cmd_credentials_delete(args: argparse.Namespace) -> int:
    """reader credentials delete HOST."""
    if library(args).retrieval.delete_credentials(args.host):
        print(f"{args.host}: credentials deleted")
        return EXIT_OK
    print(f"reader: no credentials for {args.host}", file=sys.stderr)
    return EXIT_FAILED


def cmd_retrieve(args: argparse.Namespace) -> int:
    """reader retrieve ID… | --all | --resume [--via ROUTE]."""
    from reader.core.retrieve.manager import Options

    lib = library(args)
    retrieval = lib.retrieval
    ids = list(args.ids)
    if args.resume or args.all:
        ids += [i for i, _via in retrieval.pending() if i not in ids]
    if args.all:
        ids += [i for i in lib.list_ids(needs_full_text=True) if i not in ids]
    if not ids:
        if args.all or args.resume:
            print("nothing to retrieve")
            return EXIT_OK
        print("reader: give item ids, --all or --resume", file=sys.stderr)
        return EXIT_USAGE
    for item_id in args.ids:
        lib.get(item_id)  # an unknown id is a clear error before any network
    options = Options(via=args.via, browser=_browser(args), remember=args.remember)
    reports, incomplete = [], 0
    for report in retrieval.retrieve(ids, options):
        incomplete += report.outcome != "complete"
        if args.json:
            rec = {"id": report.item_id, "outcome": report.outcome, "report": report.lines,
                   "became_current": report.became_current}  # fmt: skip
            rec["item"] = report.item.to_json() if report.item else None
            reports.append(rec)
        else:
            print(report.text(), flush=True)
    if args.json:
        dump(reports)
    return EXIT_FAILED if incomplete else EXIT_OK


def cmd_attach(args: argparse.Namespace) -> int:
    """reader attach ID FILE|-."""
    from pathlib import Path

    from reader.core.intake import sources

    lib = library(args)
    lib.get(args.id)
    if args.file == "-":
        data, kind, origin = sys.stdin.buffer.read(), "sniff", "stdin"
    else:
        spec = sources.classify(args.file)
        if spec.path is None:
            raise InvalidSourceError("attach a saved .html/.txt file or - (stdin), not a URL")
        data = Path(spec.path).read_bytes()
        kind = {"html_file": "html", "text_file": "text"}.get(spec.kind, "sniff")
        origin = "text" if kind == "text" else "file"
    report = lib.retrieval.attach(args.id, data, kind=kind, origin=origin)
    if args.json:
        dump({"id": report.item_id, "outcome": report.outcome, "report": report.lines,
              "item": report.item.to_json() if report.item else None})  # fmt: skip
    else:
        print(report.text())
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    """reader versions ID."""
    infos = library(args).retrieval.versions(args.id)
    if args.json:
        from dataclasses import asdict

        dump([asdict(v) for v in infos])
        return EXIT_OK
    for v in infos:
        mark = "*" if v.current else " "
        print(f"{mark}{v.number:>3}  {v.fetched_at[:16]}  {v.origin:<9} {v.status:<15} "
              f"{v.word_count:>6,} words  {v.url or ''}")  # fmt: skip
    return EXIT_OK


def cmd_use_version(args: argparse.Namespace) -> int:
    """reader use-version ID V."""
    item = library(args).retrieval.use_version(args.id, args.version)
    print(f"#{item.id}: showing version {args.version} ({item.paywall.status}, "
          f"{item.word_count:,} words)")  # fmt: skip
    return EXIT_OK


def cmd_domains(args: argparse.Namespace) -> int:
    """reader domains."""
    rows = library(args).retrieval.domains()
    if args.json:
        dump([r.to_json() for r in rows])
        return EXIT_OK
    if not rows:
        print("(no sites yet)")
        return EXIT_OK
    print(f"{'site':<28} {'saved':>5} {'truncated':>16}  {'credentials':<11} {'worked':<12} "
          "your marks")  # fmt: skip
    for r in rows:
        bar = "█" * round(r.share_truncated * 10)
        share = f"{round(r.share_truncated * 100)}%"
        marks = ", ".join(f"{n} {what}" for n, what in ((r.marked_truncated, "truncated"),
                          (r.marked_complete, "complete")) if n)  # fmt: skip
        print(f"{r.domain:<28} {r.items:>5} {share:>5} {bar:<10} {r.credentials or '-':<11} "
              f"{r.worked_route or '-':<12} {marks or '-'}")  # fmt: skip
    return EXIT_OK


def cmd_archive_endpoint(args: argparse.Namespace) -> int:
    """reader archive-endpoint [URL | --reset]."""
    retrieval = library(args).retrieval
    if args.reset or args.url:
        try:
            retrieval.set_archive_endpoint(None if args.reset else args.url)
        except ReaderError as exc:
            print(f"reader: {exc}", file=sys.stderr)
            return EXIT_USAGE
    print(retrieval.archive_endpoint())
    return EXIT_OK
