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

from reader.core.extract import dates, text_stats
from reader.core.extract.html import finish
from reader.core.extract.metadata import clean_byline
from reader.core.models import Article, Metadata
from reader.core.resources import load_json
from reader.core.verdict import model as paywall

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


_PARTICLES = frozenset("de du des la le les of the di del der die das von van y e et and".split())


@cache
def _not_title() -> re.Pattern[str]:
    """Lines that are never an article's title (log-in prompts, sponsors, breadcrumbs)."""
    patterns = load_json("textdump", "junk.json")["not_title_patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _is_name(text: str) -> bool:
    """A publisher's name: a few capitalised words ('Le Monde', 'The Guardian', 'AFP')."""
    words = text.split()
    if not 1 <= len(words) <= 5 or text_stats.byline_from_blocks([text]):
        return False
    if not words[0][:1].isupper() or not all(c.isalnum() or c in " .'’-" for c in text):
        return False
    return all(w[:1].isupper() or w.casefold() in _PARTICLES for w in words)


def _words(text: str) -> set[str]:
    """Content words: four letters or more, no stop words."""
    stop = text_stats.all_stopwords()
    return {w for w in re.findall(r"\w{4,}", text.casefold()) if w not in stop}


def _headline_shaped(line: str) -> str | None:
    """The line itself if it could be a headline (short, no closing full stop)."""
    return line if 3 <= len(line.split()) <= 20 and not line.endswith(".") else None


def _best_title(candidates: list[str], opening: str) -> str | None:
    """The candidate whose words the article's opening repeats most (headlines do)."""
    said = _words(opening)
    best, best_score = None, 0.25
    for text in candidates:
        words = _words(text)
        score = len(words & said) / len(words) if words else 0.0
        if score >= best_score:
            best, best_score = text, score
    return best


def _read_header(header: list[_Line], meta: Metadata, credit_names: list[str]) -> list[str]:
    """Site name (top of the dump), byline, source and dates near the article.

    Returns the lines near the article that could be its title.
    """
    labels = [ln for ln in header if ln.kind == "label"]
    site = labels[0] if labels else None
    if site is not None:
        meta.site_name = _pretty(site.text)
    near = header[-HEADER_LINES:]
    _, _, _, source_rx = _rules()
    for ln in near:
        m = source_rx.match(ln.text)
        if m:
            meta.source = _pretty(m.group("name"))
        elif ln.kind == "label" and not meta.byline:
            meta.byline = text_stats.byline_from_blocks([ln.text])
    dated = [i for i, ln in enumerate(near) if ln.kind == "date"]
    if dated:
        last = dated[-1]
        above = [
            ln
            for ln in near[max(0, last - 1) : last]  # the line right above the date
            if ln.kind == "label" and ln is not site and _is_name(ln.text)
        ]
        if above and not meta.source:
            meta.source = _pretty(above[-1].text)  # 'Le Monde' over '2 Nov 2023'
        first_date = next(ln.date for ln in header if ln.kind == "date")
        if meta.source:
            meta.source_published = near[last].date
            if first_date != near[last].date or len(dated) > 1:
                meta.published = first_date
        else:
            meta.published = near[last].date
    not_title = _not_title()
    titled = [
        ln
        for ln in near
        if (ln.kind == "label" or (ln.kind == "body" and _headline_shaped(ln.text)))
        and ln is not site
        and 4 <= len(ln.text.split()) <= 25
        and ln.text != meta.source
        and not not_title.search(ln.text)
    ]
    if not meta.source:  # an image credit naming a publisher the header also names
        named = {ln.text.casefold() for ln in near if ln.kind == "label"}
        for name in credit_names:
            base = re.sub(r"\.(fr|com|de|es|it|co\.uk|org|net)$", "", name, flags=re.IGNORECASE)
            if base.casefold() in named and base.casefold() != (meta.site_name or "").casefold():
                meta.source = base
                break
    return [ln.text for ln in titled]


_REGION_COST = {"label": 2, "date": 3, "credit": 3, "junk": 3}
SHORT_LINE = 10  # a sentence this short ('Sign up to comment!') adds nothing to a region
HEADER_LINES = 12  # how far above the article a dump's title, source and date lines sit


def _main_region(lines: list[_Line]) -> tuple[int, int]:
    """First and last line of the article: the run of paragraphs with the most words.

    Paragraph lines count their words beyond SHORT_LINE; anything between them (menus,
    credits, short labels) costs a little, so a lone sentence among site furniture
    ('Sign up to comment') does not drag the start of the article up. With no paragraph
    at all, every line that is not junk is the article.
    """
    best, best_span = 0, (-1, -2)
    run, start = 0, 0
    for i, ln in enumerate(lines):
        gain = len(ln.text.split()) - SHORT_LINE if ln.kind == "body" else -_REGION_COST[ln.kind]
        if run <= 0:
            run, start = 0, i
        run += gain
        if run > best and ln.kind == "body":
            best, best_span = run, (start, i)
    if best_span[0] < 0:
        kept = [i for i, ln in enumerate(lines) if ln.kind == "label"]
        return (kept[0], kept[-1]) if kept else (len(lines), len(lines) - 1)
    first, last = best_span
    while lines[first].kind != "body":
        first += 1
    return first, last


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
    first_body, last_body = _main_region(deduped)
    header, body = deduped[:first_body], deduped[first_body : last_body + 1]
    meta = Metadata()
    credit_names = [ln.credit for ln in deduped if ln.kind == "credit" and ln.credit]
    candidates = _read_header(header, meta, credit_names)
    nearest = candidates[-1] if candidates else None
    blocks = [ln.text for ln in body if ln.kind in ("body", "label")]
    headline = _headline_shaped(blocks[0]) if blocks else None
    rest = blocks[1:5] if headline else blocks[:4]
    meta.title = _best_title([*candidates, *([headline] if headline else [])], " ".join(rest))
    if headline and meta.title == headline:
        blocks = blocks[1:]  # the article's first line was its title
    meta.title = meta.title or nearest  # nothing echoed by the text: the closest line
    trailing = [ln.text for ln in deduped[last_body + 1 :] if ln.kind in ("body", "label")]
    meta.language = text_stats.guess_language(" ".join(blocks[:20]))
    meta.byline = clean_byline(meta.byline or text_stats.byline_from_blocks(blocks[:2]))
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
