"""Word counts, reading time (CJK-aware), a light language guess and title fallbacks."""

from __future__ import annotations

import math
import re
from functools import cache

from reader.core.resources import load_json

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
_WORD = re.compile(r"\w+", re.UNICODE)
WORDS_PER_MINUTE = 230
CJK_CHARS_PER_MINUTE = 500
BY_WORDS = "by|par|von|por|di|door|av|af"  # 'By Jane Doe' in the languages we know
# 'Published: May 2, 2024' next to the names (the date itself is dropped as a date)
DATE_LABELS = (
    "published|updated|last updated|posted|veröffentlicht|aktualisiert|publié|mis à jour|"
    "publicado|actualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publicerad|uppdaterad"
)
# words that may stand in a written date besides the month ('Monday, May 20, 2019, 8:02 pm')
DATE_WORDS = frozenset(
    (
        "am pm at on um le el de del of the h uhr utc gmt est edt pst pdt cet cest bst "
        "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday "
        "montag dienstag mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi "
        "jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo "
        "lunedì martedì mercoledì giovedì venerdì sabato domenica"
    ).split()
)
_BYLINE = re.compile(rf"^(?:{BY_WORDS})\s+(.{{3,80}})$", re.IGNORECASE)


def count(text: str) -> tuple[int, int]:
    """(word count, reading minutes). CJK characters count one each and read faster."""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text))) if cjk else len(text.split())
    minutes = words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE
    return words + cjk, max(1, math.ceil(minutes)) if (words or cjk) else 0


@cache
def _stopwords() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words) for lang, words in load_json("text", "stopwords.json").items()}


@cache
def all_stopwords() -> frozenset[str]:
    """Stop words of every language we know, together."""
    return frozenset().union(*_stopwords().values())


def guess_language(text: str) -> str | None:
    """The most likely language of a text by stop-word hits (None when unsure)."""
    if not text:
        return None
    sample = text[:4000]
    cjk = _CJK.findall(sample)
    if len(cjk) > 50:
        if re.search(r"[\u3040-\u30ff]", sample):
            return "ja"
        if re.search(r"[\uac00-\ud7af]", sample):
            return "ko"
        return "zh"
    tokens = [t.lower() for t in _WORD.findall(sample)]
    if len(tokens) < 8:
        return None
    scores = {lang: sum(t in words for t in tokens) for lang, words in _stopwords().items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= max(3, len(tokens) * 0.08) else None


def byline_from_blocks(blocks: list[str]) -> str | None:
    """A 'By Jane Doe' line at the top of the text, if there is one."""
    for block in blocks:
        m = _BYLINE.match(block.strip())
        if m and len(m.group(1).split()) <= 8:
            return m.group(1).strip()
    return None


def title_from_text(first_block: str, limit: int = 90) -> str:
    """A title for a page that has none: the first sentence, cut at a word boundary."""
    sentence = re.split(r"(?<=[.!?])\s", first_block.strip(), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence.rstrip(".")
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
