"""Tokens and a recursive-descent parser for the query language.

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*
    unary   := ("-" | "NOT") unary | primary
    primary := "(" or ")" | name ":" value | "phrase" | word

Dangling operators and an unclosed bracket or quote are forgiven (the search box is typed
into); unknown filters, bad values and a stray ")" are errors that point at the token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from reader.core.errors import ReaderError
from reader.core.models import PAYWALL_STATUSES, STATES
from reader.core.query.ast import And, Field, Node, Not, Or, Text

FIELDS = ("site", "source", "tag", "state", "status", "is", "added", "published")
STATUSES = (*PAYWALL_STATUSES, "failed")
IS_VALUES = {"favourite": "favourite", "favorite": "favourite", "starred": "favourite",
             "fav": "favourite"}  # fmt: skip
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NAME = re.compile(r"^([A-Za-z_]+):")


class QueryError(ReaderError):
    """A query that cannot be understood; ``start``/``end`` locate the bad token."""

    def __init__(self, message: str, text: str, start: int, end: int) -> None:
        self.message, self.text = message, text
        self.start, self.end = start, max(end, start + 1)
        super().__init__(f"{message}\n  {text}\n  {' ' * start}{'^' * (self.end - self.start)}")


@dataclass
class Token:
    kind: str  # word | phrase | field | ( | ) | OR | AND | NOT | -
    text: str
    start: int
    end: int
    name: str = ""  # for fields
    quoted: bool = False


def _read_quoted(text: str, i: int) -> tuple[str, int]:
    """The text of a quoted string starting at text[i] == '"', and the index after it."""
    close = text.find('"', i + 1)
    if close < 0:
        return text[i + 1 :], len(text)
    return text[i + 1 : close], close + 1


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens, keeping their positions for error messages."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
        elif c in "()":
            tokens.append(Token(c, c, i, i + 1))
            i += 1
        elif c == '"':
            value, j = _read_quoted(text, i)
            tokens.append(Token("phrase", value, i, j, quoted=True))
            i = j
        elif c == "-" and i + 1 < n and not text[i + 1].isspace() and text[i + 1] != ")":
            tokens.append(Token("-", c, i, i + 1))
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in '()"':
                j += 1
            word = text[i:j]
            m = _NAME.match(word)
            if m:
                name = m.group(1)
                if j < n and text[j] == '"' and j == i + len(m.group(0)):
                    value, j = _read_quoted(text, j)
                    tokens.append(Token("field", value, i, j, name=name, quoted=True))
                else:
                    tokens.append(Token("field", word[len(m.group(0)) :], i, j, name=name))
            elif word in ("OR", "AND", "NOT"):
                tokens.append(Token(word, word, i, j))
            else:
                tokens.append(Token("word", word, i, j))
            i = j
    return tokens


def _period(value: str) -> tuple[str, str] | None:
    """A day, month or year → its [start, end) dates; also today/yesterday."""
    lowered = value.lower()
    today = date.today()
    if lowered in ("today", "yesterday"):
        day = today if lowered == "today" else today - timedelta(days=1)
        return day.isoformat(), (day + timedelta(days=1)).isoformat()
    m = _DATE.match(value)
    if m is None:
        return None
    year, month, day_s = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day_s is not None:
            start = date(year, int(month), int(day_s))
            return start.isoformat(), (start + timedelta(days=1)).isoformat()
        if month is not None:
            start = date(year, int(month), 1)
            end = date(year + (start.month == 12), start.month % 12 + 1, 1)
            return start.isoformat(), end.isoformat()
        return date(year, 1, 1).isoformat(), date(year + 1, 1, 1).isoformat()
    except ValueError:
        return None


class _Parser:
    def __init__(self, text: str, *, prefix_last: bool) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0
        self.prefix_last = prefix_last

    def error(self, message: str, tok: Token) -> QueryError:
        return QueryError(message, self.text, tok.start, tok.end)

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:  # only a stray ")" stops or_expr early
            raise self.error('a ")" without its "("', tok)
        if node is not None and self.prefix_last:
            node = _prefix_last(node, self.tokens)
        return node

    def or_expr(self) -> Node | None:
        parts = [p for p in [self.and_expr()] if p is not None]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.pos += 1
            right = self.and_expr()
            if right is not None:
                parts.append(right)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("OR", ")"):
            if tok.kind == "AND":
                self.pos += 1
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("-", "NOT"):
            self.pos += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("OR", ")", "AND"):
                return None  # a dangling minus or NOT is forgiven
            inner = self.unary()
            return None if inner is None else Not(inner)
        return self.primary()

    def primary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        self.pos += 1
        if tok.kind == "(":
            node = self.or_expr()
            close = self.peek()
            if close is not None and close.kind == ")":
                self.pos += 1
            return node
        if tok.kind == "field":
            return self.field(tok)
        value = " ".join(tok.text.split())
        if not any(ch.isalnum() for ch in value):
            return None  # punctuation alone searches for nothing
        return Text(value, phrase=tok.kind == "phrase")

    def field(self, tok: Token) -> Node:
        name, value = tok.name.lower(), tok.text.strip()
        if name not in FIELDS:
            raise self.error(
                f'unknown filter "{tok.name}:"; the filters are '
                + ", ".join(f"{f}:" for f in FIELDS)
                + ' (put text with a colon in "quotes")',
                tok,
            )
        if not value:
            raise self.error(f"{name}: needs a value", tok)
        if name in ("added", "published"):
            return self.date_field(name, value, tok)
        lowered = value.lower()
        allowed = {"state": STATES, "status": STATUSES, "is": tuple(IS_VALUES)}.get(name)
        if allowed is not None:
            if lowered not in allowed:
                raise self.error(f"{name}: is one of {', '.join(allowed)}, not {value!r}", tok)
            return Field(name, IS_VALUES.get(lowered, lowered) if name == "is" else lowered)
        return Field(name, value if name == "tag" else lowered)

    def date_field(self, name: str, value: str, tok: Token) -> Field:
        bad = (
            f"{name}: takes a date such as 2024, 2024-05 or 2024-05-31, with >, >=, <, <= "
            f"or a range 2024-01..2024-03; not {value!r}"
        )
        if ".." in value:
            first, _, last = value.partition("..")
            lo = _period(first) if first else (None, None)
            hi = _period(last) if last else (None, None)
            if lo is None or hi is None:
                raise self.error(bad, tok)
            return Field(name, value, lo[0], hi[1])
        op = next((o for o in (">=", "<=", ">", "<", "=") if value.startswith(o)), "")
        period = _period(value[len(op) :])
        if period is None:
            raise self.error(bad, tok)
        start, end = period
        low, high = {
            ">": (end, None),
            ">=": (start, None),
            "<": (None, start),
            "<=": (None, end),
        }.get(op, (start, end))
        return Field(name, value, low, high)


def _prefix_last(node: Node, tokens: list[Token]) -> Node:
    """Search-as-you-type: the query's last token, if a bare word, matches as a prefix."""
    if not tokens or tokens[-1].kind != "word":
        return node
    last = " ".join(tokens[-1].text.split())

    def walk(n: Node) -> tuple[Node, bool]:
        if isinstance(n, Text):
            if not n.phrase and n.value == last:
                return Text(n.value, prefix=True), True
            return n, False
        if isinstance(n, And | Or):
            nodes = list(n.nodes)
            for i in range(len(nodes) - 1, -1, -1):
                new, done = walk(nodes[i])
                if done:
                    nodes[i] = new
                    return type(n)(tuple(nodes)), True
            return n, False
        return n, False  # a negated word stays whole

    return walk(node)[0]


def parse(text: str, *, prefix_last: bool = False) -> Node | None:
    """The tree of a query, or None when it asks for nothing (empty, punctuation only)."""
    return _Parser(text, prefix_last=prefix_last).parse()
