"""Shape of the extracted text: word counts, teaser endings, natural endings, scrambled text."""

from __future__ import annotations

import re

OBFUSCATED_VOWELS = 0.27  # Latin-script text with fewer vowels than this is scrambled
OBFUSCATED_MIN_WORDS = 15

ELLIPSIS = re.compile(r"(?:\.\.\.|…|\[\.\.\.\]|\(\.\.\.\)|\[…\]|\(…\))\s*[\"'»”]?\s*$")
_TERMINAL = re.compile(r"[.!?。！？…\"'»”’)\]]\s*$")
_NON_LATIN_LETTER = re.compile(r"[^a-zßà-öø-ÿ]+")
_NON_VOWEL = re.compile(r"[^aeiouyàâäáãåæéèêëíìîïóòôöõøœúùûü]+")
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
