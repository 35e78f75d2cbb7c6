"""Text side of the paywall verdict: normalisation and the compiled marker phrases."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from reader.core.resources import any_of, load_json

STRENGTHS = ("S", "M", "W")
_WS = re.compile(r"\s+")
_TRANSLATE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "\u0060": "'",
        "\u2032": "'",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
_NUM = r"\d+(?:[.,]\d+)?"
_GAP = r"[^.!?\n\x00]{1,40}?"
_PLACEHOLDER = re.compile(r"\{n\}|\{\*\}")


def fold(text: str) -> str:
    """Comparable form: NFKC, straight apostrophes, NBSP as space, case-folded, collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE).casefold()
    return _WS.sub(" ", text).strip()


_QUOTE_CHARS = {
    " ": r"\s+",
    "'": "['\u2019\u2018\u02bc\u00b4`\u2032]",
    '"': '["\u201c\u201d\u201e\u00ab\u00bb]',
}


def quote_original(text: str, matched: str) -> str:
    """The original-case text behind a phrase matched in ``fold(text)`` (for evidence)."""
    source = "".join(_QUOTE_CHARS.get(c) or re.escape(c) for c in matched)
    try:
        found = re.search(source, text, re.IGNORECASE)
    except re.error:
        found = None
    return _WS.sub(" ", found.group()).strip() if found else matched


def _edge(ch: str) -> bool:
    """True when a phrase edge needs a word boundary (Latin-like letters and digits)."""
    return ch.isalnum() and ord(ch) < 0x2E80


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """A phrase as regex atoms: one per character, placeholders as sub-patterns."""
    folded = fold(phrase)
    parts = _PLACEHOLDER.split(folded)
    holes = _PLACEHOLDER.findall(folded)
    tokens: list[str] = [re.escape(c) for c in parts[0]]
    for hole, part in zip(holes, parts[1:], strict=True):
        tokens.append(_NUM if hole == "{n}" else _GAP)
        tokens.extend(re.escape(c) for c in part)
    return tuple(tokens)


def trie_regex(phrases: list[str]) -> re.Pattern[str]:
    """One regex for many phrases, shaped as a trie so matching stays fast.

    Longer phrases win over their prefixes. Phrases that end in a letter or digit must end
    at a word boundary; the start boundary is checked by :func:`search_all`.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        tokens = phrase_tokens(phrase)
        if not tokens:
            continue
        node = trie
        for tok in tokens:
            node = node.setdefault(tok, {})
        last = fold(phrase)[-1]
        node[""] = r"(?!\w)" if _edge(last) else ""

    def emit(node: dict[str, Any]) -> str:
        """Regex source for one trie node."""
        alts = [tok + emit(child) for tok, child in node.items() if tok]
        if "" in node:
            alts.append(node[""])
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return re.compile(emit(trie) if trie else r"(?!x)x")


def search_all(
    pattern: re.Pattern[str], text: str, limit: int | None = None
) -> list[re.Match[str]]:
    """Non-empty matches that start at a word boundary (when they start with a letter)."""
    found: list[re.Match[str]] = []
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None or (limit is not None and match.start() > limit):
            return found
        start = match.start()
        if match.end() == start:
            pos = start + 1
            continue
        if (
            start > 0
            and _edge(text[start])
            and (text[start - 1].isalnum() or text[start - 1] == "_")
        ):
            pos = start + 1
            continue
        found.append(match)
        pos = match.end()


@dataclass(frozen=True)
class MarkerSet:
    """Compiled phrase lists (all languages together) and structural settings."""

    strength: dict[str, re.Pattern[str]]
    percent: re.Pattern[str]
    percent_groups: tuple[str, ...]
    structural: dict[str, Any]
    sign_off: re.Pattern[str] | None
    reading_label: re.Pattern[str]
    reading_value: re.Pattern[str]
    chars_left: re.Pattern[str]  # "[+1234 chars]", "1234 more characters"
    box_access: re.Pattern[str]  # subscribe / log in / register words
    box_read: re.Pattern[str]  # read / article / the rest words
    box_notice: re.Pattern[str]  # subscriber / member / log in words (not offer, plan, access)
    box_newsletter: re.Pattern[str]  # newsletter / inbox words: a sign-up box, not a wall
    box_price: re.Pattern[str]  # "$1", "1 €", "990円": an offer
    box_section: re.Pattern[str]  # "Related stories", "Mehr zum Thema": what follows an article


@cache
def markers() -> MarkerSet:
    """Load ``resources/paywall/markers.json`` and compile it once per process."""
    data = load_json("paywall", "markers.json")
    phrases: dict[str, list[str]] = {s: [] for s in STRENGTHS}
    percent_sources: list[str] = []
    for lang in data["languages"].values():
        for strength in STRENGTHS:
            phrases[strength].extend(lang.get(strength, ()))
        percent_sources.extend(lang.get("percent", ()))
    groups: list[str] = []
    alternatives: list[str] = []
    for i, src in enumerate(percent_sources):
        name = f"pct{i}"
        groups.append(name)
        alternatives.append(f"(?:{src.replace('(?P<pct>', f'(?P<{name}>')})")
    structural = data.get("structural", {})
    sign_offs = structural.get("sign_off_patterns") or []
    return MarkerSet(
        strength={s: trie_regex(phrases[s]) for s in STRENGTHS},
        percent=re.compile("|".join(alternatives) or r"(?!x)x"),
        percent_groups=tuple(groups),
        structural=structural,
        sign_off=any_of(sign_offs) if sign_offs else None,
        reading_label=re.compile(structural.get("reading_time_label", r"(?!x)x")),
        reading_value=re.compile(structural.get("reading_time_value", r"(?!x)x")),
        chars_left=re.compile(
            "|".join(
                f"(?:{src.replace('(?P<chars>', f'(?P<chars{i}>')})"
                for i, src in enumerate(structural.get("chars_left_patterns") or ())
            )
            or r"(?!x)x"
        ),
        box_access=_word_starts(  # the notice words are access words too
            [*structural.get("box_access_words", ()), *structural.get("box_notice_words", ())]
        ),
        box_read=_word_starts(structural.get("box_read_words") or ()),
        box_notice=_word_starts(structural.get("box_notice_words") or ()),
        box_newsletter=_word_starts(structural.get("box_newsletter_words") or ()),
        box_price=_price(structural.get("box_price_currencies") or ()),
        box_section=_sections(),
    )


def _sections() -> re.Pattern[str]:
    """Headings of what follows an article, in every language (the text dumps' own list)."""
    langs = load_json("textdump", "lines.json")["languages"].values()
    found = [p for lang in langs for p in lang.get("section", ())]
    return any_of(found)


def _price(currencies: Any) -> re.Pattern[str]:
    """A currency right before or after a number, in folded text."""
    cur = "|".join(sorted((re.escape(fold(c)) for c in currencies if c), key=len, reverse=True))
    if not cur:
        return re.compile(r"(?!x)x")
    return re.compile(rf"(?<!\w)(?:{cur})\s?\d|\d(?:[\d.,]*\d)?\s?(?:{cur})(?!\w)")


def _word_starts(words: Any) -> re.Pattern[str]:
    """One trie-shaped regex matching any of the words at a word start (Latin) or anywhere."""
    latin: dict[str, Any] = {}
    other: dict[str, Any] = {}
    for word in {fold(w) for w in words if w}:
        whole = word.endswith("$")
        word = word.removesuffix("$")
        node = latin if _edge(word[0]) else other
        for ch in word:
            node = node.setdefault(re.escape(ch), {})
        if whole:
            node = node.setdefault(r"(?!\w)", {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        """Regex source for one trie node (a prefix match is enough)."""
        if "" in node:
            return ""
        alts = [tok + emit(child) for tok, child in node.items()]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    parts = ([r"(?<!\w)" + emit(latin)] if latin else []) + ([emit(other)] if other else [])
    return re.compile("|".join(parts) or r"(?!x)x")


def chars_left_value(match: re.Match[str]) -> int | None:
    """The number of characters left out captured by a chars-left match."""
    digits = next((v for k, v in match.groupdict().items() if v and k.startswith("chars")), None)
    return int(digits) if digits and digits.isdigit() else None


def percent_value(match: re.Match[str], groups: tuple[str, ...]) -> float | None:
    """The share left (0-100) captured by a percent-pattern match."""
    for name in groups:
        value = match.group(name)
        if value is not None:
            try:
                return float(value.replace(",", "."))
            except ValueError:
                return None
    return None
