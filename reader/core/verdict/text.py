"""Shape of the extracted text: word counts, teaser endings, natural endings, scrambled text."""

from __future__ import annotations

import re
from functools import cache

from reader.core.resources import load_json

OBFUSCATED_VOWELS = 0.27  # Latin-script text with fewer vowels than this is scrambled
OBFUSCATED_MIN_WORDS = 15

ELLIPSIS = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\(\.\.\.\)|\[…\]|\(…\))\s*[\"'»”]?\s*$")
_TERMINAL = re.compile(r"[.!?。！？…\"'»”’)\]]\s*$")
_NON_LATIN_LETTER = re.compile(r"[^a-zßà-öø-ÿ]+")
_NON_VOWEL = re.compile(r"[^aeiouyàâäáãåæéèêëíìîïóòôöõøœúùûü]+")
_CLOSED = re.compile(r"[.!?。！？…:;\"'»”’)\]»]\s*$|[\u3002\uff01\uff1f]\s*$")
_LETTERS = re.compile(r"[^\W\d_]+")
SCRAMBLED_STOP_SHARE = 0.06  # real paragraphs have far more common words than this
SCRAMBLED_MIN_WORDS = 20
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def word_count(text: str) -> int:
    """Words, counting two CJK characters as one word."""
    n = len(text.split())
    if text and _CJK.search(text):
        n += len(_CJK.findall(text)) // 2
    return n


def obfuscated(texts: list[str]) -> tuple[list[int], int, float]:
    """Texts that look letter-scrambled: (their indices, their words, lowest vowel ratio)."""
    found: list[int] = []
    words = 0
    lowest = 1.0
    for i, text in enumerate(texts):
        n = len(text.split())
        if n < OBFUSCATED_MIN_WORDS:
            continue
        low = text.lower()
        letters = _NON_LATIN_LETTER.sub("", low)
        if len(letters) < 0.6 * len(low.replace(" ", "")):
            continue  # not Latin script
        ratio = len(_NON_VOWEL.sub("", letters)) / max(1, len(letters))
        lowest = min(lowest, ratio)
        if ratio < OBFUSCATED_VOWELS:
            found.append(i)
            words += n
    return found, words, lowest


def natural_end(blocks: list[str], sign_off: re.Pattern[str] | None) -> tuple[bool, str]:
    """Whether the text ends like a finished article, and its last characters."""
    for text in reversed(blocks[-4:]):
        if sign_off is not None and sign_off.search(text):
            return True, text[-60:]
        if len(text.split()) < 12:
            continue
        if ELLIPSIS.search(text):
            return False, text[-60:]
        return bool(_TERMINAL.search(text)), text[-60:]
    return False, blocks[-1][-60:] if blocks else ""


def ends_mid_sentence(text: str) -> bool:
    """The paragraph stops without closing punctuation (a cut), headings aside."""
    words = text.split()
    if len(words) < 8 or not text.strip():
        return False
    return not _CLOSED.search(text.strip())


@cache
def _common_words() -> frozenset[str]:
    """The stop words of every language we know (resources/text/stopwords.json)."""
    data = load_json("text", "stopwords.json")
    return frozenset(w for words in data.values() for w in words)


def scrambled(texts: list[str], lead: list[str] | None = None) -> list[int]:
    """Latin-script texts with (almost) no common words while the lead has plenty.

    Scrambled paid paragraphs (shuffled or shifted letters) keep their vowels but lose
    every "the", "und", "de"; a readable lead on the same page shows the language has them.
    """
    common = _common_words()

    def share(text: str) -> tuple[float, int]:
        tokens = _LETTERS.findall(text.lower())
        if not tokens or _CJK.search(text):
            return 1.0, len(tokens)
        return sum(t in common for t in tokens) / len(tokens), len(tokens)

    if lead is not None:
        lead_share, n = share(" ".join(lead))
        if n < 15 or lead_share < 2 * SCRAMBLED_STOP_SHARE:
            return []  # no readable lead to compare with, or a language we have no words for
    found = []
    for i, text in enumerate(texts):
        value, n = share(text)
        if n >= SCRAMBLED_MIN_WORDS and value < SCRAMBLED_STOP_SHARE:
            found.append(i)
    return found
