"""Commands over saved items: add, extract, list, show, search, progress, state, tags, delete."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reader.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    dump,
    fetcher,
    library,
    print_items,
    seconds,
)
from reader.core.errors import ReaderError
from reader.core.redact import redact


def register(sub: Any) -> None:
    """Add this module's subcommands; each sets its handler."""
    a = sub.add_parser("add", help="save URLs, .html/.txt files or - (stdin)")
    a.add_argument("sources", nargs="+", metavar="SOURCE")
    a.add_argument("--tag", "-t", action="append", default=[], help="tag to add (repeatable)")
    a.add_argument("--json", action="store_true", help="print the saved items as JSON")
    a.add_argument("--timeout", type=seconds, metavar="S", help="read timeout (default 30)")

    e = sub.add_parser("extract", help="analyse sources without saving them")
    e.add_argument("sources", nargs="+", metavar="SOURCE")
    e.add_argument("--format", "-f", choices=("text", "html", "json", "jsonl"), default="text")
    e.add_argument("--timeout", type=seconds, metavar="S", help="read timeout (default 30)")

    ls = sub.add_parser("list", help="list saved items")
    ls.add_argument("--state", choices=("unread", "reading", "finished", "archived"))
    ls.add_argument("--needs-full-text", action="store_true", help="only truncated items")
    ls.add_argument("--tag")
    ls.add_argument("--favourites", action="store_true")
    ls.add_argument("--sort", choices=("added", "published", "title", "progress"), default="added")
    ls.add_argument("--limit", type=int)
    ls.add_argument("--query", "-q", help="only what this search finds (see README)")
    ls.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="show one item")
    s.add_argument("id", type=int)
    s.add_argument("--format", "-f", choices=("text", "html", "json"), default="text")
    s.add_argument(
        "--no-remote",
        action="store_true",
        help="with --format html: remote images become placeholders (nothing loads)",
    )

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

    a.set_defaults(handler=cmd_add)
    e.set_defaults(handler=cmd_extract)
    ls.set_defaults(handler=cmd_list)
    s.set_defaults(handler=cmd_show)
    q.set_defaults(handler=cmd_search)
    pr.set_defaults(handler=cmd_progress)
    st.set_defaults(handler=cmd_state)
    t.set_defaults(handler=cmd_tag)
    fav.set_defaults(handler=cmd_favourite)
    d.set_defaults(handler=cmd_delete)
    rx.set_defaults(handler=cmd_reextract)


def cmd_add(args: argparse.Namespace) -> int:
    """reader add SOURCE…"""
    from reader.core.intake import sources as src

    saved: list[dict[str, Any]] = []
    failed = 0
    for source in args.sources:
        try:
            src.classify(source)  # refuse bad sources before the library is even opened
            result = library(args).add(source, tags=args.tag)
        except ReaderError as exc:
            failed += 1
            print(redact(f"reader: {source}: {exc}"), file=sys.stderr)
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
        dump(saved)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    """reader extract SOURCE… — analyse without saving."""
    from reader.core.intake import sources

    failed = 0
    http = None
    for source in args.sources:
        try:
            spec = sources.classify(source)
            if spec.kind == "url" and http is None:
                http = fetcher(args.timeout)
            stdin = sources.read_stdin(sys.stdin.buffer) if spec.kind == "stdin" else None
            prepared = sources.load(spec, fetcher=http, stdin=stdin)
        except ReaderError as exc:
            failed += 1
            if args.format == "jsonl":
                error = {"input": redact(source), "error": redact(str(exc))}
                sys.stdout.write(json.dumps(error) + "\n")
            else:
                print(redact(f"reader: {source}: {exc}"), file=sys.stderr)
            continue
        art = prepared.article
        if args.format == "jsonl":
            rec = {"input": source, **art.fields(), "text": art.text, "html": art.html}
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
        elif args.format == "json":
            dump({"input": source, **art.fields(), "text": art.text, "html": art.html})
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
    lib = library(args)
    if args.query is not None:
        from reader.cli.transfer import listing_query

        ids = lib.query_ids(listing_query(args), order=args.sort, limit=args.limit)
        print_items(lib.get_items(ids), args.json)
        return EXIT_OK
    items = lib.list_items(
        state=args.state,
        needs_full_text=True if args.needs_full_text else None,
        tag=args.tag,
        favourite=True if args.favourites else None,
        order=args.sort,
        limit=args.limit,
    )
    print_items(items, args.json)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """reader show ID."""
    lib = library(args)
    item = lib.get(args.id)
    version = lib.content(args.id)
    if args.format == "json":
        dump({**item.to_json(), "text": version.text, "html": version.html})
    elif args.format == "html":
        html = version.html
        if args.no_remote:
            from reader.core.extract.sanitize import without_remote

            html = without_remote(html)
        sys.stdout.write(html + "\n")
    else:
        fields = item.to_json()
        sys.stdout.write(_text_view(fields, version.text))
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    """reader search QUERY."""
    lib = library(args)
    print_items(lib.search(" ".join(args.query), limit=args.limit), args.json)
    return EXIT_OK


def cmd_progress(args: argparse.Namespace) -> int:
    """reader progress ID FRACTION."""
    item = library(args).set_progress(args.id, args.fraction, args.anchor)
    print(f"#{item.id}: {round(item.progress.fraction * 100)}% read ({item.state})")
    return EXIT_OK


def cmd_state(args: argparse.Namespace) -> int:
    """reader state ID STATE."""
    item = library(args).set_state(args.id, args.state)
    print(f"#{item.id}: {item.state}")
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    """reader tag ID TAG… [--remove TAG]."""
    lib = library(args)
    item = lib.add_tags(args.id, args.tags) if args.tags else lib.get(args.id)
    if args.remove:
        item = lib.remove_tags(args.id, args.remove)
    print(f"#{item.id}: tags {', '.join(item.tags) or '(none)'}")
    return EXIT_OK


def cmd_favourite(args: argparse.Namespace) -> int:
    """reader favourite ID [--off]."""
    item = library(args).set_favourite(args.id, not args.off)
    print(f"#{item.id}: {'★ favourite' if item.favourite else 'not a favourite'}")
    return EXIT_OK


def cmd_reextract(args: argparse.Namespace) -> int:
    """reader reextract ID… | --all."""
    lib = library(args)
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
    lib = library(args)
    item = lib.get(args.id)
    lib.delete(args.id)
    print(f"deleted #{item.id}: {item.title or item.url}")
    return EXIT_OK
