"""Moving in and out: ``reader import`` and ``reader export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, dump, library, seconds
from reader.core.errors import ReaderError

EXPORT_FORMATS = ("json", "csv", "markdown", "html", "netscape", "epub")
IMPORT_FORMATS = (
    "auto",
    "pocket-csv",
    "pocket-html",
    "instapaper",
    "wallabag",
    "omnivore",
    "netscape",
    "reader-json",
)


def register(sub: Any) -> None:
    """Add import and export."""
    im = sub.add_parser(
        "import",
        help="import Pocket, Instapaper, wallabag, Omnivore, bookmarks or reader exports",
        description="Import export files (the format is recognised from the content). "
        "Links without their text are saved at once and fetched afterwards, "
        "politely per site; an interrupted fetch resumes on the next import.",
    )
    im.add_argument("files", nargs="*", metavar="FILE")
    im.add_argument("--format", choices=IMPORT_FORMATS, default="auto")
    im.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    im.add_argument("--no-fetch", action="store_true", help="save the links without fetching them")
    im.add_argument("--json", action="store_true", help="print the report as JSON (no progress)")
    im.add_argument(
        "--fetch-held",
        action="store_true",
        help="also fetch the links earlier imports saved with --no-fetch",
    )
    im.add_argument(
        "--interval",
        type=seconds,
        default=1.0,
        metavar="S",
        help="seconds between two requests to the same site (default 1)",
    )
    im.add_argument("--timeout", type=seconds, metavar="S", help="read timeout (default 30)")
    im.set_defaults(handler=cmd_import)

    ex = sub.add_parser(
        "export",
        help="export items as JSON, CSV, Markdown, HTML, bookmarks or an EPUB",
        description="Export every item, or those a --query finds. JSON carries everything "
        "(docs/export-schema.md) and imports back without loss.",
    )
    ex.add_argument("--format", "-f", choices=EXPORT_FORMATS, default="json")
    ex.add_argument("--query", "-q", help="only the items this search finds (see README)")
    ex.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="file to write (a folder for markdown); default: standard output",
    )
    ex.set_defaults(handler=cmd_export)


def _err(message: str) -> None:
    print(f"reader: {message}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    """reader import FILE… — parse everything first, then store, then fetch."""
    from reader.core.transfer import fetching, importer

    if not args.files and (args.dry_run or args.no_fetch):
        _err("give the files to import")
        return EXIT_USAGE
    try:
        parsed = importer.parse_all(args.files, args.format)
    except ReaderError as exc:
        _err(f"{exc}; nothing was imported")
        return EXIT_FAILED
    if args.dry_run:
        return _dry_run(args, parsed)
    lib = library(args)
    _job, reports = importer.import_parsed(lib.storage, parsed, fetch=not args.no_fetch)
    for report in reports:
        for line in importer.malformed_messages(report):
            _err(f"{report.path}, line {line.line}: {line.reason}; skipped")
        if not args.json:
            s = report.summary()
            print(
                f"{report.path}: {report.label}: {s['added']} added, {s['merged']} merged, "
                f"{s['skipped']} skipped, {s['malformed']} malformed"
                + (f"; {report.truncated} of the texts truncated" if report.truncated else "")
            )
    fetched: dict[str, int] = {}
    if not args.no_fetch:
        if args.fetch_held:
            lib.storage.release_held()
        jobs = fetching.queued_jobs(lib)
        if jobs and not args.json:
            print(
                f"fetching {len(jobs)} pages in the background order (Ctrl+C stops; "
                "the next import resumes)",
                file=sys.stderr,
            )

        def progress(done: int, total: int, job: fetching.Job, outcome: str) -> None:
            if not args.json:
                print(f"[{done}/{total}] {outcome}: {job.url}", file=sys.stderr)

        fetched = fetching.run_queue(lib, jobs, interval=args.interval, on_done=progress)
    if args.json:
        dump(
            {
                "files": [
                    {
                        "path": r.path,
                        "format": r.format,
                        **r.summary(),
                        "truncated": r.truncated,
                        "malformed_rows": [
                            {"line": m.line, "reason": m.reason}
                            for m in importer.malformed_messages(r)
                        ],
                    }
                    for r in reports
                ],
                "fetch": fetched,
            }
        )
    elif fetched:
        print(
            f"report: {fetched['fetched']} fetched, {fetched['truncated']} truncated, "
            f"{fetched['gone']} gone (404/410), {fetched['failed']} failed"
        )
    return EXIT_OK


def _dry_run(args: argparse.Namespace, parsed: list[Any]) -> int:
    from reader.core.storage import Storage
    from reader.core.transfer import importer

    db = Path(args.db).expanduser() if args.db else None
    if db is None:
        from reader.core.service import default_db_path

        db = default_db_path()
    storage = Storage(db if db.exists() else ":memory:")
    try:
        _job, reports = importer.import_parsed(storage, parsed, dry_run=True)
    finally:
        storage.close()
    if args.json:
        dump(
            [
                {
                    "path": r.path,
                    "format": r.format,
                    **r.summary(),
                    "rows": [
                        {"line": ln.line, "url": ln.url, "outcome": ln.outcome, "detail": ln.detail}
                        for ln in r.lines
                    ],
                }
                for r in reports
            ]
        )
        return EXIT_OK
    verbs = {"added": "add", "merged": "merge", "skipped": "skip", "malformed": "skip"}
    for report in reports:
        s = report.summary()
        print(
            f"{report.path}: {report.label}: would add {s['added']}, merge {s['merged']}, "
            f"skip {s['skipped'] + s['malformed']}"
        )
        for ln in report.lines:
            what = ln.url or "(row)"
            detail = f"  ({ln.detail})" if ln.detail else ""
            print(f"  line {ln.line:>5}  {verbs[ln.outcome]:<5}  {what}{detail}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """reader export --format F [--query Q] [-o PATH]."""
    from reader.core.transfer import export_files

    if args.format in export_files.NEEDS_PATH and not args.output:
        _err(f"--format {args.format} needs -o PATH")
        return EXIT_FAILED
    lib = library(args)
    query = args.query
    if query is None and args.format == "epub":
        query = "state:unread OR state:reading"  # the reading queue, for an e-reader
    if query is not None:
        ids = lib.query_ids(query, order="added", descending=False)
    else:
        ids = lib.list_ids(descending=False)
    if args.output:
        n = export_files.export_to_path(lib.storage, ids, args.format, Path(args.output))
        print(f"exported {n} item{'' if n == 1 else 's'} to {args.output}", file=sys.stderr)
    else:
        export_files.export_to_stream(lib.storage, ids, args.format, sys.stdout)
    return EXIT_OK


def listing_query(args: argparse.Namespace) -> str:
    """``list --query Q`` with list's other filters folded into the query."""
    parts = [args.query]
    if args.state:
        parts.append(f"state:{args.state}")
    if args.tag:
        parts.append('tag:"' + args.tag.replace('"', "") + '"')
    if args.favourites:
        parts.append("is:favourite")
    if args.needs_full_text:
        parts.append("status:truncated")
    return " ".join(parts)
