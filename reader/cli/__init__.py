"""The ``reader`` command line: a thin front end over :mod:`reader.core.service`.

Each command module under ``reader.cli`` adds its subcommands in ``register(sub)`` and sets
``handler`` on each; :func:`main` dispatches on it.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any

from reader.cli import desktop, items, retrieve, sites, transfer
from reader.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, ReaderParser, display_available
from reader.core.errors import ReaderError
from reader.core.query import QueryError
from reader.core.redact import install_log_redaction, redact

logger = logging.getLogger(__name__)

# The modules that add subcommands, in the order --help lists them.
COMMAND_MODULES = (items, sites, retrieve, desktop, transfer)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (kept separate so tests and docs can inspect it)."""
    p = ReaderParser(
        prog="reader", description="A reading list that knows when an article is cut off."
    )
    p.add_argument("--db", help="library file (default: $READER_DB or the user data dir)")
    p.add_argument("--debug", action="store_true", help="log debugging details to stderr")
    common = ReaderParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="library file")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=ReaderParser)
    _add = sub.add_parser

    def add_parser(name: str, **kw: Any) -> argparse.ArgumentParser:
        return _add(name, parents=[common], **kw)

    sub.add_parser = add_parser  # type: ignore[method-assign]

    for module in COMMAND_MODULES:
        module.register(sub)
    sub.add_parser("gui", help="open the desktop app (the default)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reader`` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.WARNING,
        format="reader: %(levelname)s: %(message)s",
    )
    install_log_redaction()  # no cookie, token or URL password in any log line
    if args.command in (None, "gui"):
        if not display_available():
            print(
                "reader: no display to open the app on (DISPLAY/WAYLAND_DISPLAY are unset); "
                "use the command line (reader --help) or set QT_QPA_PLATFORM",
                file=sys.stderr,
            )
            return EXIT_FAILED
        from reader.app import run

        return run(args.db)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except QueryError as exc:  # a search the user can fix: a usage error
        print(f"reader: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ReaderError as exc:
        print(f"reader: {redact(str(exc))}", file=sys.stderr)
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
