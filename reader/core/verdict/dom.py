"""Structured-data side of the paywall verdict: JSON-LD, meta tags and the parsed page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from lxml import etree

from reader.core.extract.after_article import BLOCK_EDGE

_ISO_DURATION = re.compile(r"^P(?:T)?(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?", re.I)
_RAW_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?(true|false|yes|no)"?', re.I)
RAW_SELECTOR = re.compile(r'"cssSelector"\s*:\s*"([^"]{1,200})"')
_INT = re.compile(r"\d[\d,.\s]*")
WORD_CAP = 600  # words counted inside a paid element (enough to call it full)
SAMPLE_CHARS = 2000
PARA_WORDS = 15  # a block with fewer words is a heading, a link or a caption


@dataclass
class PaidPart:
    """One ``hasPart`` element declared as not accessible for free."""

    selector: str
    found: int = 0  # matching elements in the page
    words: int = 0  # words inside them (capped)
    para_words: int = 0  # ... in paragraphs of PARA_WORDS or more (article text, not links)
    paras: list[str] = field(default_factory=list)  # those paragraphs (up to WORD_CAP words)
    sample: str = ""  # the first SAMPLE_CHARS characters of their text


@dataclass
class Markup:
    """What the page's structured data says about access."""

    accessible: list[bool] = field(default_factory=list)  # every isAccessibleForFree value
    parts: list[PaidPart] = field(default_factory=list)
    word_count: int | None = None
    minutes: float | None = None
    raw_fallback: bool = False  # values came from unparsed JSON-LD text


def as_bool(value: Any, free: Iterable[str], locked: Iterable[str]) -> bool | None:
    """Read a schema.org boolean that may be a bool or a string."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in free:
            return True
        if v in locked:
            return False
    return None


def _as_list(value: Any) -> list[Any]:
    """Wrap a single JSON-LD value in a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _as_int(value: Any) -> int | None:
    """Parse wordCount, which may be an int or a string such as "1,234"."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return int(value)
    if isinstance(value, str):
        m = _INT.search(value)
        if m:
            digits = re.sub(r"\D", "", m.group())
            return int(digits) if digits else None
    return None


def iso_minutes(value: Any) -> float | None:
    """Minutes in an ISO 8601 duration such as ``PT5M`` or ``PT1H5M``."""
    if not isinstance(value, str):
        return None
    m = _ISO_DURATION.match(value.strip())
    if not m or not (m.group("h") or m.group("m")):
        return None
    return float(m.group("h") or 0) * 60 + float(m.group("m") or 0)


def _walk(objects: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every object, plus objects nested under mainEntity / @graph that were not flattened."""
    stack: list[Any] = list(objects)  # JSON: anything can turn up
    while stack:
        obj = stack.pop(0)
        if not isinstance(obj, dict):
            continue
        yield obj
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            stack.extend(
                child
                for child in _as_list(obj.get(key))
                if isinstance(child, dict)
                and ("isAccessibleForFree" in child or "hasPart" in child)
            )


def read_jsonld(
    objects: list[dict[str, Any]], free: Iterable[str], locked: Iterable[str]
) -> Markup:
    """Collect isAccessibleForFree, paid hasPart selectors, wordCount and timeRequired."""
    free, locked = tuple(free), tuple(locked)
    out = Markup()
    for obj in _walk(objects):
        own = as_bool(obj.get("isAccessibleForFree"), free, locked)
        if own is not None:
            out.accessible.append(own)
        for part in _as_list(obj.get("hasPart")):
            if not isinstance(part, dict):
                continue
            flag = as_bool(part.get("isAccessibleForFree"), free, locked)
            if flag is None:
                flag = own
            if flag is not False:
                continue
            for sel in _as_list(part.get("cssSelector")):
                if isinstance(sel, str) and sel.strip():
                    out.parts.append(PaidPart(sel.strip()))
        if out.word_count is None:
            out.word_count = _as_int(obj.get("wordCount"))
        if out.minutes is None:
            out.minutes = iso_minutes(obj.get("timeRequired"))
    return out


_RAW_QUERY = etree.XPath(
    "//meta[@itemprop='isAccessibleForFree' or @itemprop='isaccessibleforfree']"
    " | //script[contains(@type, 'ld+json')][contains(., 'isAccessibleForFree')]"
)


def scan_raw(doc: Any, markup: Markup, free: Iterable[str], locked: Iterable[str]) -> None:
    """Fallback for JSON-LD that failed to parse and for microdata ``itemprop`` tags."""
    free, locked = tuple(free), tuple(locked)
    for el in _RAW_QUERY(doc):
        if el.tag == "meta":
            flag = as_bool(el.get("content"), free, locked)
            if flag is not None:
                markup.accessible.append(flag)
                markup.raw_fallback = True
            continue
        text = el.text or ""
        values = [
            b for b in (as_bool(v, free, locked) for v in _RAW_FREE.findall(text)) if b is not None
        ]
        if values:
            markup.accessible.append(values[0])
            markup.raw_fallback = True
            if False in values:
                markup.parts.extend(PaidPart(s) for s in RAW_SELECTOR.findall(text))


@cache
def compiled_selector(selector: str) -> etree.XPath | None:
    """XPath for a CSS selector (cached; None when it cannot be translated).

    ``css_xpath`` writes combinators as predicates: cssselect's own XPath is quadratic in
    libxml2 on big pages (a hostile page's selector could stall the judge for minutes).
    """
    from reader.core.extract.selectors import css_xpath

    expr = css_xpath(selector)
    try:
        return etree.XPath(expr) if expr else None
    except (etree.XPathSyntaxError, ValueError):
        return None


def resolve_parts(doc: Any, parts: list[PaidPart]) -> list[PaidPart]:
    """Fill ``found``/``words``/``sample`` of each paid part from the page (read-only)."""
    seen: dict[str, PaidPart] = {}
    for part in parts:
        if part.selector in seen:
            continue
        seen[part.selector] = part
        xpath = compiled_selector(part.selector)
        if xpath is None:
            part.found = -1
            continue
        try:
            elements = xpath(doc)
        except etree.XPathEvalError:
            part.found = -1
            continue
        # Nested matches would be counted twice; keep the outermost ones.
        ids = {id(e) for e in elements}
        outer = [e for e in elements if not any(id(a) in ids for a in e.iterancestors())]
        part.found = len(outer)
        chunks: list[str] = []
        texts: list[str] = []
        size = 0
        words = 0
        for el in outer:
            for text in el.itertext():
                if size < SAMPLE_CHARS:
                    chunks.append(text)
                    size += len(text)
                texts.append(text)
                words += len(text.split())
                if words >= WORD_CAP:
                    break
            if words >= WORD_CAP:
                break
            texts.append(BLOCK_EDGE)
        part.words = words
        # block edges are marked in the page the judge reads (extract.after_article.tail_text)
        blocks = "".join(texts).split(BLOCK_EDGE)
        part.paras = [" ".join(b.split()) for b in blocks if len(b.split()) >= PARA_WORDS]
        part.para_words = sum(len(b.split()) for b in part.paras)
        part.sample = " ".join(chunks)[:SAMPLE_CHARS]
    return list(seen.values())


@cache
def _class_pattern(fragments: tuple[str, ...]) -> re.Pattern[str]:
    """One regex finding any wall fragment in a class attribute."""
    return re.compile("|".join(re.escape(f) for f in fragments))


_BOX_TAGS = ("div", "section", "aside", "form", "article")


def wall_class(doc: Any, fragments: Iterable[str]) -> str | None:
    """The class attribute of the first element that looks like a paywall box, if any."""
    frags = tuple(fragments)
    if not frags:
        return None
    pattern = _class_pattern(frags)
    body = doc.find("body") if hasattr(doc, "find") else None
    for el in (body if body is not None else doc).iter(_BOX_TAGS):
        value = el.get("class")
        if value and pattern.search(value):
            return str(value)
    return None


_BODY_TEXT = etree.XPath(  # not //body//text(): libxml2 merges node sets per step, quadratic
    "(//body)[1]/descendant::text()[not(ancestor::script or ancestor::style or ancestor::noscript"
    " or ancestor::template)]"
)
_SPACES = re.compile(r"\s+")


def text_after(doc: Any, last_block: str, limit: int) -> str:
    """Page text after ``last_block`` (one pass over the page; used when no tail is given)."""
    probe = _SPACES.sub(" ", last_block).strip()[-60:]
    if not probe:
        return ""
    try:
        text = _SPACES.sub(" ", " ".join(_BODY_TEXT(doc)))
    except etree.XPathEvalError:
        return ""
    idx = text.rfind(probe)
    return text[idx + len(probe) : idx + len(probe) + limit].strip() if idx >= 0 else ""
