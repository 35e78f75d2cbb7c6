"""Plain-text dumps of a page (copy-paste, an aggregator's text view) → article.

A dump is a stack of lines: site furniture (sponsors, menu words, counters, image
credits), a header with site, source and date lines, then the paragraphs and often a
paywall teaser. We classify each line, read the header, and rebuild paragraphs.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import lxml.html

from reader.core.extract import text_stats
from reader.core.extract.bylines import clean_byline
from reader.core.extract.dump_lines import Line, dump_lines, rules, split_marker
from reader.core.extract.dump_region import LEAD_LINES, main_region
from reader.core.extract.html import finish
from reader.core.models import Article, Metadata, UserMark
from reader.core.resources import any_of, load_json
from reader.core.site_rules import site_key
from reader.core.verdict import model as paywall
from reader.core.verdict.site_evidence import add_site_evidence
from reader.core.verdict.text import word_count

_Line = Line


def _pretty(name: str) -> str:
    name = name.strip(" |•·-–—:")
    return name.title() if name.isupper() and len(name) > 4 else name


_PARTICLES = frozenset("de du des la le les of the di del der die das von van y e et and".split())


@cache
def _not_title() -> re.Pattern[str]:
    """Lines that are never an article's title (log-in prompts, sponsors, breadcrumbs)."""
    patterns = load_json("textdump", "junk.json")["not_title_patterns"]
    return any_of(patterns)


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


HEADER_LINES = 12  # how far above the article a dump's title, source and date lines sit


def _read_header(header: list[_Line], meta: Metadata, credit_names: list[str]) -> list[str]:
    """Site name (top of the dump), byline, source and dates near the article.

    Returns the lines near the article that could be its title.
    """
    labels = [ln for ln in header if ln.kind == "label"]
    site = labels[0] if labels else None
    if site is not None:
        meta.site_name = _pretty(site.text)
    near = header[-HEADER_LINES:]
    for ln in near:
        m = rules().source.match(ln.text)
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


DEDUPE_WORDS = 6  # a repeated line this short is a name or a menu word, not the article's


def _dedupe(lines: list[_Line]) -> list[_Line]:
    """Lines other than paragraphs that repeat an earlier line ('Le Monde', 'Le Monde')."""
    out: list[_Line] = []
    seen: set[str] = set()
    for ln in lines:
        key = ln.text.casefold()
        if ln.kind != "body" and key in seen and word_count(ln.text) <= DEDUPE_WORDS:
            continue
        seen.add(key)
        out.append(ln)
    return out


def _split_last(lines: list[_Line], last: int) -> list[_Line]:
    """A paywall marker glued after the article's last sentence, split off as its own line."""
    glued = split_marker(lines[last].text) if lines[last].kind == "body" else None
    if glued is None:
        return lines
    text, marker = glued
    return [*lines[:last], Line(text, "body"), Line(marker, "marker"), *lines[last + 1 :]]


def analyse_text(
    text: str, url: str | None = None, kind: str = "text", *, marks: Sequence[UserMark] = ()
) -> Article:
    """Clean a plain-text dump, read its header, flag teasers, and build an article.

    ``marks`` are the user's marks on other pages (evidence when this one shares a line).
    """
    lines = _dedupe(dump_lines(text))
    first_body, last_body = main_region(lines)
    lone = _lone_headline(lines, first_body, last_body)
    if lone:
        last_body = _lead_after(lines, last_body)
    if 0 <= last_body < len(lines):
        lines = _split_last(lines, last_body)
    header, body = lines[:first_body], lines[first_body : last_body + 1]
    meta = Metadata()
    credit_names = [ln.credit for ln in lines if ln.kind == "credit" and ln.credit]
    candidates = _read_header(header, meta, credit_names)
    if not (meta.published or meta.source_published):  # 'Publié le …' inside the text
        meta.published = next((ln.date for ln in body[:LEAD_LINES] if ln.kind == "date"), None)
    nearest = candidates[-1] if candidates else None
    blocks = [ln.text for ln in body if ln.kind in ("body", "label")]
    headline = _headline_shaped(blocks[0]) if blocks else None
    rest = blocks[1:5] if headline else blocks[:4]
    meta.title = _best_title([*candidates, *([headline] if headline else [])], " ".join(rest))
    if lone and len(blocks) > 1:
        meta.title = meta.title or headline
    if headline and meta.title == headline:
        blocks = blocks[1:]  # the article's first line was its title
    meta.title = meta.title or nearest  # nothing echoed by the text: the closest line
    if blocks and meta.title and _same_text(blocks[0], meta.title) and len(blocks) > 1:
        blocks = blocks[1:]  # the title again, as the first line of the body
    trailing = [ln.text for ln in lines[last_body + 1 :]]
    meta.language = text_stats.guess_language(" ".join(blocks[:20]))
    meta.byline = clean_byline(meta.byline or text_stats.byline_from_blocks(blocks[:2]))
    meta.publisher = meta.site_name
    signals = paywall.PageSignals(
        blocks=blocks, doc=None, language=meta.language, tail_text="\n".join(trailing)
    )
    host = site_key((url, meta.canonical_url, meta.source_url), (meta.source, meta.site_name))
    add_site_evidence(signals, url, host, None, marks)
    verdict, kept = paywall.judge(signals)
    fragment = _blocks_html(kept)
    if not meta.title and kept:
        meta.title = text_stats.title_from_text(kept[0])
    return finish(url, meta, kept, fragment, verdict, kind)


_SKIPPED = frozenset(("junk", "credit", "caption", "date"))  # between a title and its lead


def _lone_headline(lines: list[_Line], first: int, last: int) -> bool:
    """The article region is one line, and that line is shaped like a headline."""
    return first == last and 0 <= first < len(lines) and bool(_headline_shaped(lines[first].text))


def _lead_after(lines: list[_Line], last: int) -> int:
    """The line of the lead below a lone headline: a teaser too short to be a paragraph.

    A teaser cut after a few words ('Séries, documentaires… Retrouvez les') is a label, so
    the region found only the title above it. The first line that follows, past a share
    line, a credit or a date, is the text; the lines after it stay the tail, where the
    verdict looks for the wall that cut it.
    """
    j = last + 1
    while j < len(lines) and lines[j].kind in _SKIPPED:
        j += 1
    return j if j < len(lines) and lines[j].kind in ("label", "body") else last


def _same_text(a: str, b: str) -> bool:
    """Equal once case, spaces and punctuation are set aside."""

    def key(x: str) -> str:
        return re.sub(r"[\W_]+", " ", x.casefold()).strip()

    return key(a) == key(b)


def _blocks_html(blocks: list[str]) -> Any:
    body = "".join(f"<p>{html_lib.escape(b)}</p>" for b in blocks)
    return lxml.html.fragment_fromstring(f"<div>{body}</div>")


def copied_page_text(html: str | bytes) -> str | None:
    """What a browser's select-all + copy of a page gives: one line per block, menus and all.

    What a browser does not show (``hidden``, ``display: none``: the MathML twin of a
    formula drawn as an image, a closed menu) is not copied either.
    """
    from reader.core.extract.html import block_texts, drop_hidden, parse, prune

    doc = parse(html)
    prune(doc)
    drop_hidden(doc)
    for el in doc.xpath("//script"):
        el.drop_tree()
    body = doc.find("body")
    return None if body is None else "\n".join(block_texts(body))


def looks_like_html(data: str) -> bool:
    """Sniff whether text handed to us (stdin, clipboard) is HTML rather than plain text."""
    head = data.lstrip()[:2048].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        return True
    return len(re.findall(r"</?(p|div|span|a|br|h[1-6]|article|body|head|li|ul|img)\b", head)) >= 3
