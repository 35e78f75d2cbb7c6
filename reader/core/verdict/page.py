"""The verdict's data: what it looks at for one page, and the features it worked out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import lxml.html

from reader.core.models import Evidence
from reader.core.verdict.dom import Markup

WALL_ONLY_WORDS = 30  # a "page" this short next to a wall is nothing but the wall
GAP_PROBE = 40  # characters of a block that find it in the page text


@dataclass
class PageSignals:
    """Everything the verdict looks at for one page."""

    blocks: list[str]  # extracted article blocks, in order, whitespace-normalised
    doc: lxml.html.HtmlElement | None = None  # the original parsed page (read-only)
    jsonld: list[dict[str, Any]] = field(default_factory=list)  # every JSON-LD object, flattened
    meta: dict[str, str] = field(default_factory=dict)  # <meta> name/property -> content
    language: str | None = None  # "en", "fr", ... when known
    tail_text: str = ""  # page text after the extracted article (up to ~3000 chars)
    # page text after the article's last paragraph, when only short lines follow it (a box
    # the extraction dropped may sit there), and that paragraph's index in blocks
    gap_text: str = ""
    gap_after: int | None = None
    # evidence from outside the page (site rules, the user's marks); weight = strength 0..1
    extra: list[Evidence] = field(default_factory=list)

    @property
    def dropped_gap(self) -> str:
        """The start of gap_text that the extraction dropped: from the end of the text's last
        paragraph up to the next block it kept ("" when that block is not found there)."""
        after = self.gap_after
        if not self.gap_text or after is None or after + 1 >= len(self.blocks):
            return ""
        pos = self.gap_text.find(self.blocks[after + 1][:GAP_PROBE])
        return self.gap_text[:pos].strip() if pos > 0 else ""


@dataclass
class PageFeatures:
    """The feature values of one page and what the verdict needs besides them."""

    values: dict[str, float]
    details: dict[str, str]
    kept: list[str]  # blocks without marker lines and scrambled text
    words: int  # words in kept, without the trailing box lines
    removed: list[Evidence] = field(default_factory=list)
    box_span: tuple[int, int] | None = None  # the wall box's lines in the text: kept[start:stop]
    percent: float | None = None  # share left, 0..100
    chars_left: int | None = None
    chars_kept: int = 0
    wc_ratio: float | None = None
    markup: Markup = field(default_factory=Markup)
    part_full: bool = False
    part_beyond: int = 0  # words of the paid element's paragraphs that the text lacks
    natural: bool = False
    walls: list[str] = field(default_factory=list)  # descriptions of every wall signal
    signatures: list[str] = field(default_factory=list)  # see wall_signatures()
    wall_class: str | None = None  # class of the first paywall-class box, when looked up
    login_form: bool | None = None  # a password form in the page, when looked up
    strong: bool = False  # an S or percent phrase anywhere

    @property
    def box_lines(self) -> list[str]:
        """Lines of the text that form the wall box (none when it sits after the text)."""
        return self.kept[self.box_span[0] : self.box_span[1]] if self.box_span else []

    @property
    def wall_only(self) -> bool:
        """Nothing but a wall: (almost) no article text, and a wall on the page."""
        return self.words < WALL_ONLY_WORDS and bool(self.walls) and not self.part_full

    def set(self, name: str, value: float, detail: str) -> None:
        """Record a feature (the largest value wins when set twice)."""
        if value > self.values.get(name, 0.0):
            self.values[name] = round(min(1.0, max(0.0, value)), 4)
            self.details[name] = detail


def quote(text: str, limit: int = 160) -> str:
    """Shorten a quote for evidence."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
