"""The ``reader`` command line: a thin front end over :mod:`reader.core.service`."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from reader.core.errors import ReaderError

if TYPE_CHECKING:
    from reader.core.intake.fetch import Fetcher
    from reader.core.models import Item
    from reader.core.service import Library

logger = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"reader: error: {message}\n")


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError("give a number of seconds between 0 and 600")
    return value


def _fetcher(timeout: float | None) -> Fetcher:
    """An HTTP fetcher; --timeout caps both connecting and reading."""
    from reader.core.intake.fetch import Fetcher, FetchOptions

    if timeout is None:
        return Fetcher()
    return Fetcher(FetchOptions(connect_timeout=min(10.0, timeout), read_timeout=timeout))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (kept separate so tests and docs can inspect it)."""
    p = _Parser(prog="reader", description="A reading list that knows when an article is cut off.")
    p.add_argument("--db", help="library file (default: $READER_DB or the user data dir)")
    p.add_argument("--debug", action="store_true", help="log debugging details to stderr")
    common = _Parser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="library file")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        return _add(name, parents=[common], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    a = sub.add_parser("add", help="save URLs, .html/.txt files or - (stdin)")
    a.add_argument("sources", nargs="+", metavar="SOURCE")
    a.add_argument("--tag", "-t", action="append", default=[], help="tag to add (repeatable)")
    a.add_argument("--json", action="store_true", help="print the saved items as JSON")
    a.add_argument("--timeout", type=_seconds, metavar="S", help="read timeout (default 30)")

    e = sub.add_parser("extract", help="analyse sources without saving them")
    e.add_argument("sources", nargs="+", metavar="SOURCE")
    e.add_argument("--format", "-f", choices=("text", "html", "json", "jsonl"), default="text")
    e.add_argument("--timeout", type=_seconds, metavar="S", help="read timeout (default 30)")

    ls = sub.add_parser("list", help="list saved items")
    ls.add_argument("--state", choices=("unread", "reading", "finished", "archived"))
    ls.add_argument("--needs-full-text", action="store_true", help="only truncated items")
    ls.add_argument("--tag")
    ls.add_argument("--favourites", action="store_true")
    ls.add_argument("--sort", choices=("added", "published", "title", "progress"), default="added")
    ls.add_argument("--limit", type=int)
    ls.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="show one item")
    s.add_argument("id", type=int)
    s.add_argument("--format", "-f", choices=("text", "html", "json"), default="text")

    q = sub.add_parser("search", help="full-text search")
    q.add_argument("query", nargs="+")
    q.add_argument("--limit", type=int, default=50)
    q.add_argument("--json", action="store_true")

    pr = sub.add_parser("progress", help="set reading progress (0–1)")
    pr.add_argument("id", type=int)
    pr.add_argument("fraction", type=float)
    pr.add_argument("--anchor", help="text of the paragraph reached")

    st = sub.add_parser("state", help="set state: unread, reading, finished, archived")
    st.add_argument("id", type=int)
    st.add_argument("state", choices=("unread", "reading", "finished", "archived"))

    t = sub.add_parser("tag", help="add tags (and --remove others)")
    t.add_argument("id", type=int)
    t.add_argument("tags", nargs="*", metavar="TAG")
    t.add_argument("--remove", "-r", action="append", default=[], metavar="TAG")

    fav = sub.add_parser("favourite", help="star (or --off to unstar) an item")
    fav.add_argument("id", type=int)
    fav.add_argument("--off", action="store_true")

    d = sub.add_parser("delete", help="delete an item")
    d.add_argument("id", type=int)

    rx = sub.add_parser("reextract", help="re-run extraction on stored pages (no network)")
    rx.add_argument("ids", nargs="*", type=int, metavar="ID")
    rx.add_argument("--all", action="store_true", help="every item in the library")

    sub.add_parser("gui", help="open the desktop app (the default)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="reader: %(levelname)s: %(message)s",
    )
    if args.command in (None, "gui"):
        if not _display_available():
            print(
                "reader: no display to open the app on (DISPLAY/WAYLAND_DISPLAY are unset); "
                "use the command line (reader --help) or set QT_QPA_PLATFORM",
                file=sys.stderr,
            )
            return EXIT_FAILED
        from reader.app import run

        return run(args.db)
    handler: Callable[[argparse.Namespace], int] = globals()[f"cmd_{args.command}"]
    try:
        return handler(args)
    except ReaderError as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    finally:
        lib = getattr(args, "library", None)
        if lib is not None:
            lib.close()


def _display_available() -> bool:
    """False on a Linux box with no X11/Wayland display and no Qt platform chosen."""
    import os

    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _library(args: argparse.Namespace) -> Library:
    """The library named by --db/READER_DB, opened once per command and closed by main()."""
    lib: Library | None = getattr(args, "library", None)
    if lib is None:
        from reader.core.service import open_library

        timeout = getattr(args, "timeout", None)
        lib = open_library(args.db, fetcher=_fetcher(timeout) if timeout else None)
        args.library = lib
    return lib


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _row(item: Item) -> str:
    mark = "✂" if item.needs_full_text else " "
    fav = "★" if item.favourite else " "
    title = (item.title or item.url)[:60]
    site = (item.source or item.site_name or "")[:18]
    pct = f"{round(item.progress.fraction * 100):3d}%"
    minutes = f"{item.reading_minutes:>3}m"
    return f"{item.id:>5} {fav}{mark} {item.state:<8} {pct} {minutes}  {site:<18}  {title}"


def _print_items(items: Sequence[Item], as_json: bool) -> None:
    if as_json:
        _dump([i.to_json() for i in items])
        return
    if not items:
        print("(no items)")
        return
    print(f"{'id':>5}    {'state':<8} read time  {'site':<18}  title")
    for item in items:
        print(_row(item))


def cmd_add(args: argparse.Namespace) -> int:
    """reader add SOURCE…"""
    from reader.core.intake import sources as src

    saved: list[dict[str, Any]] = []
    failed = 0
    for source in args.sources:
        try:
            src.classify(source)  # refuse bad sources before the library is even opened
            result = _library(args).add(source, tags=args.tag)
        except ReaderError as exc:
            failed += 1
            print(f"reader: {source}: {exc}", file=sys.stderr)
            continue
        rec = result.item.to_json()
        rec["duplicate"] = result.duplicate
        saved.append(rec)
        if not args.json:
            note = " (already saved)" if result.duplicate else ""
            flag = ""
            if result.item.needs_full_text:
                mf = result.item.paywall.missing_fraction
                flag = f"  ✂ truncated, {round(mf * 100)}% missing" if mf else "  ✂ truncated"
            print(f"saved #{result.item.id}: {result.item.title or result.item.url}{note}{flag}")
    if args.json:
        _dump(saved)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    """reader extract SOURCE… — analyse without saving."""
    from reader.core.intake import sources

    failed = 0
    fetcher = None
    for source in args.sources:
        try:
            spec = sources.classify(source)
            if spec.kind == "url" and fetcher is None:
                fetcher = _fetcher(args.timeout)
            stdin = sys.stdin.buffer.read() if spec.kind == "stdin" else None
            prepared = sources.load(spec, fetcher=fetcher, stdin=stdin)
        except ReaderError as exc:
            failed += 1
            if args.format == "jsonl":
                sys.stdout.write(json.dumps({"input": source, "error": str(exc)}) + "\n")
            else:
                print(f"reader: {source}: {exc}", file=sys.stderr)
            continue
        art = prepared.article
        if args.format == "jsonl":
            rec = {"input": source, **art.fields(), "text": art.text, "html": art.html}
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif args.format == "json":
            _dump({"input": source, **art.fields(), "text": art.text, "html": art.html})
        elif args.format == "html":
            sys.stdout.write(art.html + "\n")
        else:
            sys.stdout.write(_text_view(art.fields(), art.text))
    return EXIT_FAILED if failed else EXIT_OK


def _text_view(fields: dict[str, Any], text: str) -> str:
    lines = [fields.get("title") or "(untitled)"]
    by = ", ".join(x for x in (fields.get("byline"), fields.get("site_name")) if x)
    if by:
        lines.append(by)
    if fields.get("source"):
        src = f"Originally published by {fields['source']}"
        if fields.get("source_published"):
            src += f" on {fields['source_published'][:10]}"
        lines.append(src)
    lines.append(f"{fields.get('word_count', 0)} words, {fields.get('reading_minutes', 0)} min")
    pw = fields.get("paywall") or {}
    if pw.get("status") == "truncated":
        mf = pw.get("missing_fraction")
        lines.append(
            f"✂ Truncated: about {round(mf * 100)}% is missing"
            if mf
            else "✂ Truncated: the rest is behind a paywall"
        )
        lines.extend(f"   evidence: {e['detail']}" for e in pw.get("evidence", [])[:3])
    return "\n".join(lines) + "\n\n" + text + "\n"


def cmd_list(args: argparse.Namespace) -> int:
    """reader list."""
    lib = _library(args)
    items = lib.list_items(
        state=args.state,
        needs_full_text=True if args.needs_full_text else None,
        tag=args.tag,
        favourite=True if args.favourites else None,
        order=args.sort,
        limit=args.limit,
    )
    _print_items(items, args.json)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """reader show ID."""
    lib = _library(args)
    item = lib.get(args.id)
    version = lib.content(args.id)
    if args.format == "json":
        _dump({**item.to_json(), "text": version.text, "html": version.html})
    elif args.format == "html":
        sys.stdout.write(version.html + "\n")
    else:
        fields = item.to_json()
        sys.stdout.write(_text_view(fields, version.text))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """reader search QUERY."""
    lib = _library(args)
    _print_items(lib.search(" ".join(args.query), limit=args.limit), args.json)
    return EXIT_OK


def cmd_progress(args: argparse.Namespace) -> int:
    """reader progress ID FRACTION."""
    item = _library(args).set_progress(args.id, args.fraction, args.anchor)
    print(f"#{item.id}: {round(item.progress.fraction * 100)}% read ({item.state})")
    return EXIT_OK


def cmd_state(args: argparse.Namespace) -> int:
    """reader state ID STATE."""
    item = _library(args).set_state(args.id, args.state)
    print(f"#{item.id}: {item.state}")
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    """reader tag ID TAG… [--remove TAG]."""
    lib = _library(args)
    item = lib.add_tags(args.id, args.tags) if args.tags else lib.get(args.id)
    if args.remove:
        item = lib.remove_tags(args.id, args.remove)
    print(f"#{item.id}: tags {', '.join(item.tags) or '(none)'}")
    return EXIT_OK


def cmd_favourite(args: argparse.Namespace) -> int:
    """reader favourite ID [--off]."""
    item = _library(args).set_favourite(args.id, not args.off)
    print(f"#{item.id}: {'★ favourite' if item.favourite else 'not a favourite'}")
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    """reader reextract ID… | --all."""
    lib = _library(args)
    ids = lib.list_ids() if args.all else args.ids
    if not ids:
        print("reader: give item ids or --all", file=sys.stderr)
        return EXIT_USAGE
    failed = 0
    for item_id in ids:
        try:
            item, became_best = lib.reanalyse(item_id)
        except ReaderError as exc:
            failed += 1
            print(f"reader: #{item_id}: {exc}", file=sys.stderr)
            continue
        note = "updated" if became_best else "kept the better earlier version"
        print(f"#{item.id}: {note} ({item.paywall.status}, {item.word_count} words)")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    """reader delete ID."""
    lib = _library(args)
    item = lib.get(args.id)
    lib.delete(args.id)
    print(f"deleted #{item.id}: {item.title or item.url}")
    return EXIT_OK
