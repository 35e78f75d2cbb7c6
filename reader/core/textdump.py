"""Plain-text dumps of a page (copy-paste, an aggregator's text view) → article.

A dump is a stack of lines: site furniture (sponsors, menu words, counters, image
credits), a header with site, source and date lines, then the paragraphs and often a
paywall teaser. We classify each line, read the header, and rebuild paragraphs.
"""

from __future__ import annotations

import html as html_lib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import lxml.html

from reader.core import dates, paywall, text_stats
from reader.core.extract import finish
from reader.core.models import Article, Metadata
from reader.core.resources import load_json

_WS = re.compile(r"\s+")
_TERMINAL = tuple(".!?…:;\"'”’»)")
_Rx = re.Pattern[str]


@dataclass
class _Line:
    text: str
    kind: str  # body | label | date | junk | credit
    date: str | None = None
    credit: str | None = None


@cache
def _rules() -> tuple[
    frozenset[str], list[re.Pattern[str]], list[re.Pattern[str]], re.Pattern[str]
]:
    data = load_json("textdump", "junk.json")
    menu = frozenset(w.casefold() for w in data["menu_words"])
    junk = [re.compile(p, re.IGNORECASE) for p in data["line_patterns"]]
    credits = [re.compile(p, re.IGNORECASE) for p in data["credit_patterns"]]
    prefixes = "|".join(data["source_prefixes"])
    source = re.compile(rf"^(?:{prefixes})\s*:\s*(?P<name>[^|]{{2,60}})$", re.IGNORECASE)
    return menu, junk, credits, source


def normalise(line: str) -> str:
    """NFKC, no-break spaces and runs of whitespace folded to one space."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", line)).strip()


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True for a block of lines cut at a fixed width (e-mail, terminal dumps)."""
    if len(lines) < 3:
        return False
    widths = [len(x) for x in lines[:-1]]
    if max(widths) > 100:
        return False
    return sum(45 <= w <= 100 for w in widths) >= 0.7 * len(widths)


def _paragraph_units(text: str) -> list[str]:
    """Split into units: one per line, or per paragraph when lines were hard-wrapped."""
    units: list[str] = []
    for group in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [x for x in (normalise(x) for x in group.split("\n")) if x]
        if not _is_hard_wrapped(lines):
            units.extend(lines)
            continue
        width = max(len(x) for x in lines)
        current = ""
        for line in lines:
            current = f"{current} {line}" if current else line
            if line.endswith(_TERMINAL) and len(line) < 0.7 * width:
                units.append(current)
                current = ""
        if current:
            units.append(current)
    return units


def _classify(unit: str) -> _Line:
    menu, junk, credits, _ = _rules()
    folded = unit.casefold().strip(" |•·-–—:")
    if not folded or folded in menu or any(rx.search(unit) for rx in junk):
        return _Line(unit, "junk")
    for rx in credits:
        m = rx.match(unit)
        if m and len(unit.split()) <= 8:
            return _Line(unit, "credit", credit=m.group("name").strip())
    words = unit.split()
    if len(words) <= 8:
        when = dates.parse_human(unit)
        if when and len(re.sub(r"[\W\d_]+", "", unit)) <= 12:
            return _Line(unit, "date", date=when)
    if len(words) >= 12 or (len(words) >= 6 and unit.endswith(_TERMINAL)):
        return _Line(unit, "body")
    return _Line(unit, "label")


def _pretty(name: str) -> str:
    name = name.strip(" |•·-–—:")
    return name.title() if name.isupper() and len(name) > 4 else name


def _read_header(header: list[_Line], meta: Metadata, credit_names: list[str]) -> None:
    """Site name, title, host date, and the original source with its date."""
    labels = [ln for ln in header if ln.kind == "label"]
    dated = [i for i, ln in enumerate(header) if ln.kind == "date"]
    _, _, _, source_rx = _rules()
    for ln in header:
        m = source_rx.match(ln.text)
        if m:
            meta.source = _pretty(m.group("name"))
    if labels:
        meta.site_name = _pretty(labels[0].text)
    if dated:
        last = dated[-1]
        before = [ln for ln in header[:last] if ln.kind == "label" and ln is not labels[0]]
        if before and not meta.source:
            meta.source = _pretty(before[-1].text)
        if meta.source:
            meta.source_published = header[last].date
            if len(dated) > 1:
                meta.published = header[dated[0]].date
        else:
            meta.published = header[last].date
    titled = [ln for ln in labels[1:] if len(ln.text.split()) >= 4 and ln.text != meta.source]
    if titled:
        meta.title = titled[-1].text
    if not meta.source:
        for name in credit_names:
            base = re.sub(r"\.(fr|com|de|es|it|co\.uk|org|net)$", "", name, flags=re.IGNORECASE)
            if base.casefold() != (meta.site_name or "").casefold():
                meta.source = base
                break


def analyse_text(text: str, url: str | None = None, kind: str = "text") -> Article:
    """Clean a plain-text dump, read its header, flag teasers, and build an article."""
    lines = [_classify(u) for u in _paragraph_units(text)]
    deduped: list[_Line] = []
    seen: set[str] = set()
    for ln in lines:
        key = ln.text.casefold()
        if ln.kind != "body" and key in seen:
            continue
        seen.add(key)
        deduped.append(ln)
    first_body = next((i for i, ln in enumerate(deduped) if ln.kind == "body"), len(deduped))
    last_body = max((i for i, ln in enumerate(deduped) if ln.kind == "body"), default=-1)
    header, body = deduped[:first_body], deduped[first_body : last_body + 1]
    meta = Metadata()
    credit_names = [ln.credit for ln in deduped if ln.kind == "credit" and ln.credit]
    _read_header(header, meta, credit_names)
    blocks = [ln.text for ln in body if ln.kind in ("body", "label")]
    trailing = [ln.text for ln in deduped[last_body + 1 :] if ln.kind in ("body", "label")]
    meta.language = text_stats.guess_language(" ".join(blocks[:20]))
    meta.byline = text_stats.byline_from_blocks(blocks[:2])
    meta.publisher = meta.site_name
    signals = paywall.PageSignals(
        blocks=blocks, doc=None, language=meta.language, tail_text=" ".join(trailing)
    )
    verdict, kept = paywall.judge(signals)
    fragment = _blocks_html(kept)
    if not meta.title and kept:
        meta.title = text_stats.title_from_text(kept[0])
    return finish(url, meta, kept, fragment, verdict, kind)


def _blocks_html(blocks: list[str]) -> Any:
    body = "".join(f"<p>{html_lib.escape(b)}</p>" for b in blocks)
    return lxml.html.fragment_fromstring(f"<div>{body}</div>")


def looks_like_html(data: str) -> bool:
    """Sniff whether text handed to us (stdin, clipboard) is HTML rather than plain text."""
    head = data.lstrip()[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return len(re.findall(r"</?(p|div|span|a|br|h[1-6]|article|body|head|li|ul|img)\b", head)) >= 3
