"""The lines of a plain-text dump: units, what kind each line is, and glued notes split off.

A copied page is a stack of lines. This module turns the raw text into units (one per
line, or per paragraph when lines were hard-wrapped), cuts notes glued to a line (a news
API's "… [+1234 chars]", a paywall marker after the last sentence, a "Publié le …" date
inside the first paragraph) and classifies every unit. The patterns are data:
``resources/textdump/junk.json`` and, per language, ``resources/textdump/lines.json``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from reader.core.extract import dates
from reader.core.resources import any_of, load_json
from reader.core.verdict.markers import markers, quote_original
from reader.core.verdict.scan import scan_texts
from reader.core.verdict.text import word_count

_WS = re.compile(r"\s+")
_FORMAT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
TERMINAL = tuple(".!?…:;\"'”’»)。！？」』")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)]*\s+")
LABEL_WORDS = 8  # a line this short (or shorter) is a label, never article text
BODY_WORDS = 12  # a line this long is article text even without a full stop
DATELINE_WORDS = 30  # a date line is never longer
DATE_LETTERS = 8  # letters a date line may hold beyond its date words ('Le Monde')
OFFER_SHORT = 12  # an offer line this short needs one offer pattern, longer ones two
CAPTION_WORDS = 60
GLUED_MARKER_WORDS = 40  # a marker split off the end of a line is at most this long
GLUED_MIN_BEFORE = 8  # ... and leaves at least this many words of text before it
WRAP_MIN, WRAP_MAX = 40, 200  # widths text is hard-wrapped at
WRAP_FULL = 0.75  # a wrapped line fills at least this share of the width
MARKER_LINE_WORDS = 12  # a paywall marker standing alone as a line is no longer than this
MARKER_SHARE = 0.5  # ... and its marker phrases cover at least this share of it


@dataclass
class Line:
    """One unit of the dump and what it is."""

    text: str
    kind: str  # body | label | date | junk | credit | caption | offer | section | marker
    date: str | None = None
    credit: str | None = None
    inline: bool = False  # a date cut out of a longer line
    cut: bool = False  # the text stops here: a truncation note was glued to it


@dataclass(frozen=True)
class Rules:
    """Compiled line patterns of every language together."""

    menu: frozenset[str]
    junk: re.Pattern[str]
    credits: tuple[re.Pattern[str], ...]
    source: re.Pattern[str]
    caption: re.Pattern[str]
    offers: tuple[re.Pattern[str], ...]
    section: re.Pattern[str]
    glued: re.Pattern[str]
    dateline: re.Pattern[str]  # a date line's lead words ('Publié le'), at the start
    date_noise: re.Pattern[str]  # what a date line may hold beside its date


@cache
def rules() -> Rules:
    """Load and compile the line patterns once per process."""
    old = load_json("textdump", "junk.json")
    langs = load_json("textdump", "lines.json")["languages"].values()

    def gather(key: str) -> list[str]:
        return [p for lang in langs for p in lang.get(key, ())]

    prefixes = "|".join(old["source_prefixes"])
    lead = "|".join(gather("dateline_prefix"))
    return Rules(
        menu=frozenset(w.casefold() for w in old["menu_words"]),
        junk=any_of([*old["line_patterns"], *gather("furniture")]),
        credits=tuple(re.compile(p, re.IGNORECASE) for p in old["credit_patterns"]),
        source=re.compile(rf"^(?:{prefixes})\s*:\s*(?P<name>[^|]{{2,60}})$", re.IGNORECASE),
        caption=any_of(gather("caption")),
        offers=tuple(re.compile(p, re.IGNORECASE) for p in gather("offer")),
        section=any_of(gather("section")),
        glued=any_of(gather("glued_tail")),
        dateline=re.compile(rf"^(?:{lead})\b\s*:?", re.IGNORECASE),
        date_noise=any_of(
            [rf"\b(?:{lead})\b\s*:?", *gather("reading_time"), *gather("date_words")]
        ),
    )


def normalise(line: str) -> str:
    """NFKC, no invisible format characters, runs of whitespace folded to one space."""
    text = unicodedata.normalize("NFKC", line)
    if _FORMAT.search(text):
        text = _FORMAT.sub("", text)
    return _WS.sub(" ", text).strip()


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True for a block of lines cut at a fixed width (e-mail, terminal, print dumps).

    Most lines but the last fill the width, and most of them stop mid-sentence.
    """
    if len(lines) < 2:
        return False
    if len(lines) == 2 and not lines[1][:1].islower():
        # two lines: the first is the widest by definition, so "fills the width" says
        # nothing; only a second line that carries on a sentence says they are one
        return False  # (a headline over its share line, a title over a dateline)
    head = lines[:-1]
    width = max(len(x) for x in lines)
    if not WRAP_MIN <= width <= WRAP_MAX:
        return False
    full = sum(len(x) >= WRAP_FULL * width for x in head)
    open_ended = sum(not x.endswith(TERMINAL) for x in head)
    return full >= 0.7 * len(head) and open_ended >= 0.5 * len(head)


def paragraph_units(text: str) -> list[str]:
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
            if line.endswith(TERMINAL) and len(line) < 0.7 * width:
                units.append(current)
                current = ""
        if current:
            units.append(current)
    return units


def date_line(unit: str) -> str | None:
    """The date a line states, when the line is nothing but a date (and its lead words).

    '2 Nov 2023', 'Publié le 21 février 2018 à 12h07, modifié le …', '23.01.2019, 23.29
    Uhr', 'Updated: Monday, July 1, 2024 10:00 BST', '2024年7月1日'.
    """
    if word_count(unit) > DATELINE_WORDS:
        return None
    when = dates.parse_human(unit)
    if when is None:
        return None
    rest = rules().date_noise.sub(" ", unit)
    letters = sum(len(w) for w in re.findall(r"[^\W\d_]+", rest) if dates.month_number(w) is None)
    return when if letters <= DATE_LETTERS else None


def _is_offer(unit: str, words: int) -> bool:
    hits = sum(1 for rx in rules().offers if rx.search(unit))
    return hits >= (1 if words <= OFFER_SHORT else 2)


def classify(unit: str) -> Line:
    """What one unit is: article text, a label, a date line or some kind of furniture."""
    r = rules()
    folded = unit.casefold().strip(" |•·-–—:")
    if not folded or folded in r.menu or r.junk.search(unit):
        return Line(unit, "junk")
    words = word_count(unit)
    if _is_offer(unit, words):
        return Line(unit, "offer")
    if words <= LABEL_WORDS and r.section.search(unit):
        return Line(unit, "section")
    if words <= CAPTION_WORDS and r.caption.search(unit):
        return Line(unit, "caption")
    for rx in r.credits:
        m = rx.match(unit)
        if m and words <= LABEL_WORDS:
            return Line(unit, "credit", credit=m.group("name").strip())
    when = date_line(unit)
    if when:
        return Line(unit, "date", date=when)
    if words >= BODY_WORDS or (words > 5 and unit.endswith(TERMINAL)):
        return Line(unit, "body")
    return Line(unit, "label")


def _sentence_starts(unit: str) -> list[int]:
    """Where each sentence of a unit starts (a capital after a full stop and a space)."""
    starts = [0]
    for m in _SENTENCE_END.finditer(unit):
        nxt = unit[m.end() : m.end() + 2].lstrip("«“\"„(‘'")
        if nxt[:1].isupper():
            starts.append(m.end())
    return starts


def split_inline_date(unit: str) -> list[Line] | None:
    """A 'Publié le … Temps de lecture 2 min.' sentence inside a paragraph, cut out.

    Returns the text before, the date (an inline date line) and the text after, or None.
    """
    if word_count(unit) <= DATELINE_WORDS:
        return None
    starts = _sentence_starts(unit)
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(unit)
        sentence = unit[start:end].strip()
        if not rules().dateline.match(sentence):
            continue
        when = date_line(sentence)
        if when is None:
            continue
        before, after = unit[:start].strip(), unit[end:].strip()
        out = [classify(before)] if before else []
        out.append(Line(sentence, "date", date=when, inline=True))
        return out + ([classify(after)] if after else [])
    return None


def split_marker(unit: str) -> tuple[str, str] | None:
    """(text, marker) when a paywall marker is glued after the unit's last sentence.

    '… Telle qu'il la conçoit. Le Monde Lecture restreinte Votre abonnement n'autorise pas
    la lecture de cet article …' -> ('… Telle qu'il la conçoit.', 'Le Monde Lecture …').
    """
    if word_count(unit) < GLUED_MIN_BEFORE + 2:
        return None
    _, found = scan_texts([unit], markers())
    strong = [mt for _, strength, _, mt in found if strength in ("percent", "S")]
    if not strong:
        return None
    quote = quote_original(unit, min(strong, key=lambda mt: mt.start()).group())
    at = unit.find(quote)
    if at < 0:
        return None
    cut = max((s for s in _sentence_starts(unit) if s <= at), default=0)
    before, note = unit[:cut].rstrip(), unit[cut:].strip()
    if word_count(before) < GLUED_MIN_BEFORE or word_count(note) > GLUED_MARKER_WORDS:
        return None
    return before, note


def _split_truncation_note(line: Line) -> list[Line]:
    """'… biggest heists in… [+3084 chars]': the text (cut there) and the note."""
    m = rules().glued.search(line.text)
    if m is None or line.kind == "junk":
        return [line]
    before, note = line.text[: m.start()].rstrip(), line.text[m.start() :].strip()
    return [*([Line(before, "body", cut=True)] if before else []), Line(note, "marker")]


def _mark_wall_lines(lines: list[Line]) -> None:
    """Short lines that are a paywall marker ('Bereits Abonnent/in? Anmelden') become
    marker lines: the article does not run on past one. One search for all of them."""
    idx = [
        i
        for i, ln in enumerate(lines)
        if ln.kind in ("label", "body") and word_count(ln.text) <= MARKER_LINE_WORDS
    ]
    if not idx:
        return
    folded, found = scan_texts([lines[i].text for i in idx], markers())
    covered: dict[int, int] = {}
    for k, strength, _start, mt in found:
        if strength != "W":
            covered[k] = covered.get(k, 0) + len(mt.group())
    for k, chars in covered.items():
        if chars >= MARKER_SHARE * len(folded[k]):
            lines[idx[k]].kind = "marker"


def dump_lines(text: str) -> list[Line]:
    """Every unit of a dump, classified, with truncation notes and inline dates split off."""
    lines: list[Line] = []
    for unit in paragraph_units(text):
        inline = split_inline_date(unit)
        for ln in inline or [classify(unit)]:
            lines.extend(_split_truncation_note(ln))
    _mark_wall_lines(lines)
    return lines
