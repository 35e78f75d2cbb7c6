"""Guards around analysing one page: repairs before libxml2 sees it, caps on what the
extraction sees, and a CPU-time budget.

libxml2 is fast, but some shapes are quadratic or unbounded in it or in the Python after it:

- an element with tens of thousands of attributes (its duplicate-name check is quadratic:
  40,000 attributes took 24 s, a million never finished);
- millions of tiny elements (each costs ~300 bytes in the tree, more as Python objects);
- nesting past libxml2's depth limit, where the parser stops and the rest of the page is lost;
- control characters, which lxml refuses when a text is set again (drop_tree, cleaning).

Everything here is cheap on ordinary pages: a few scans of the bytes in C, one XPath probe.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from reader.core.errors import ExtractionError

logger = logging.getLogger(__name__)

MAX_ATTRIBUTES = 100  # per element; real pages stay under ~40
MAX_TAGS = 250_000  # "<" in a page; past it the page is cut, as a download could be
MAX_PAGE_ATTRIBUTES = 300_000  # in a big page; the later elements lose theirs
MAX_DEPTH = 200  # deeper pages are flattened (real pages stay under ~80; libxml2 stops at 256)
BIG_PAGE = 1_000_000  # bytes; smaller pages are too small to need cap_tree()
MAX_NODE_TEXT = 100_000  # characters in one text node (a long chapter is ~50,000)
MAX_ELEMENTS = 40_000  # elements the extraction sees
MAX_TEXT = 1_000_000  # characters the extraction sees (~170,000 words)
CPU_SECONDS = 10.0  # per page, parsing and extraction together

# C0 controls but tab, LF, CR: lxml refuses them in text and attribute values (many NULs
# are taken as binary data before this). Form feed and vertical tab become spaces.
_CONTROLS = bytes([*range(0, 9), *range(14, 32)])
_SPACES = bytes.maketrans(b"\x0b\x0c", b"  ")
# numeric references to the same characters: &#1; &#x1B; ...
_CONTROL_REF = re.compile(
    rb"&#(?:[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F])(?![0-9a-fA-F])"
    rb"|0*(?:[1-8]|1[124-9]|2[0-9]|3[01])(?![0-9]));?"
)
# one attribute as HTML tokenises it: a name, then maybe = and a quoted or bare value
_ATTR = rb"""\s*+[^\s=>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?+"""
_MANY_ATTRS = re.compile(
    rb"(<[a-zA-Z][^\s/>]*+(?:" + _ATTR + rb"){%d})(?:" % MAX_ATTRIBUTES + _ATTR + rb")*+"
)
_TAG_ATTRS = re.compile(rb"<[a-zA-Z][^\s/>]*+((?:" + _ATTR + rb")++)")
# what survives flattening: elements that close themselves or their own kind
_FLAT_KEEP = rb"(?:p|br|hr|h[1-6]|li|dt|dd|html|head|body|title|meta|link|img|script|style)"
_NESTING_TAG = re.compile(rb"</?(?!" + _FLAT_KEEP + rb"[\s/>])[a-zA-Z][^>]*+>")
_ANY_TAG = re.compile(rb"</?(?!(?:html|head|body|title|meta|script|style)[\s/>])[a-zA-Z][^>]*+>")
_DEPTH_PROBE = "boolean(" + "/*" * MAX_DEPTH + ")"


def repair(data: bytes) -> bytes:
    """Bytes of a page made safe for libxml2 and lxml; the article stays as it was."""
    data = data.translate(_SPACES, _CONTROLS)
    if b"&#" in data:
        data = _CONTROL_REF.sub(b"", data)
    data = _MANY_ATTRS.sub(rb"\1", data)
    if len(data) > BIG_PAGE:  # small pages cannot hold enough attributes to matter
        data = _limit_page_attributes(data)
    if data.count(b"<") > MAX_TAGS:
        cut = _nth(data, b"<", MAX_TAGS + 1)
        logger.warning("the page has over %d tags: only the first %d are read", MAX_TAGS, MAX_TAGS)
        data = data[:cut]
    return data


def _limit_page_attributes(data: bytes) -> bytes:
    """Elements after the first MAX_PAGE_ATTRIBUTES attributes lose theirs (each costs
    libxml2 ~200 bytes: 99 attributes on every element of 15 MB took 1.5 GB)."""
    total = 0

    def one(match: re.Match[bytes]) -> bytes:
        nonlocal total
        total += len(match[1].split())  # an estimate: a quoted value with spaces counts more
        if total <= MAX_PAGE_ATTRIBUTES:
            return match[0]
        return match[0][: match.start(1) - match.start()]  # the tag's name alone

    data = _TAG_ATTRS.sub(one, data)
    if total > MAX_PAGE_ATTRIBUTES:
        logger.warning("the page has over %d attributes: the later ones are dropped", total)
    return data


def _nth(data: bytes, needle: bytes, n: int) -> int:
    """Index of the n-th (1-based) ``needle`` in ``data``, counted in C a block at a time."""
    start, seen, step = 0, 0, 1 << 16
    while start < len(data):
        found = data.count(needle, start, start + step)
        if seen + found >= n:
            pos = start - 1
            for _ in range(n - seen):
                pos = data.find(needle, pos + 1)
            return pos
        seen, start = seen + found, start + step
    return len(data)


def too_deep(doc: Any, parser: Any) -> bool:
    """Whether libxml2 gave up on the page's depth or it nests deeper than MAX_DEPTH."""
    if any("depth" in e.message.lower() for e in parser.error_log):
        return True
    return bool(doc.xpath(_DEPTH_PROBE))


def flatten(data: bytes, harder: bool = False) -> bytes:
    """The page without the tags that nest (divs, spans, tables...); text and paragraphs stay."""
    return (_ANY_TAG if harder else _NESTING_TAG).sub(b" ", data)


def cap_tree(doc: Any) -> bool:
    """Bound what the extraction sees of a big page, in place; True if something was cut.

    A text node longer than MAX_NODE_TEXT is shortened; after MAX_ELEMENTS elements or
    MAX_TEXT characters the rest of the page is dropped (its raw page is still kept).
    """
    chars, cut = 0, False  # the whole document: broken pages nest html elements anywhere
    for elements, el in enumerate(doc.iter(), 1):
        tick()
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value and len(value) > MAX_NODE_TEXT:
                setattr(el, attr, value[:MAX_NODE_TEXT])
                value, cut = value[:MAX_NODE_TEXT], True
            chars += len(value) if value else 0
        if elements >= MAX_ELEMENTS or chars >= MAX_TEXT:
            _drop_following(el, doc)
            logger.warning("the page is very long: only its first %d characters are read", chars)
            return True
    return cut


def _drop_following(el: Any, stop: Any) -> None:
    """Remove everything after ``el`` (its children included) in document order, up to ``stop``.

    Slice deletion unlinks the nodes in C, without a Python object for each.
    """
    del el[:]
    node = el
    while node is not stop:
        parent = node.getparent()
        if parent is None:
            break
        del parent[parent.index(node) + 1 :]
        node = parent


class Budget:
    """CPU time left for one page, in the thread that analyses it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.thread_time() + seconds
        self._ticks = 0

    def check(self) -> None:
        """Raise ExtractionError once the page has used up its CPU time."""
        if time.thread_time() > self.deadline:
            raise ExtractionError(
                f"analysing this page took more than {self.seconds:g} s of CPU time, so it "
                "was stopped (nothing was saved)"
            )

    def tick(self) -> None:
        """A cheap :meth:`check` for hot loops: reads the clock every 128 calls."""
        self._ticks += 1
        if not self._ticks & 127:
            self.check()


_CURRENT: ContextVar[Budget | None] = ContextVar("reader_cpu_budget", default=None)


@contextmanager
def cpu_budget(seconds: float | None = None) -> Iterator[Budget]:
    """Run the body under a CPU-time budget (a budget already running is kept)."""
    outer = _CURRENT.get()
    if outer is not None:
        yield outer
        return
    budget = Budget(CPU_SECONDS if seconds is None else seconds)
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)


def check() -> None:
    """Raise ExtractionError if the running page's budget is spent (no budget: no-op)."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.check()


def tick() -> None:
    """:func:`check` for hot loops."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.tick()
