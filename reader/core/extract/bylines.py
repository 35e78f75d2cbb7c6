"""Bylines: the names of a page's authors, without the dates, labels and addresses around them."""

from __future__ import annotations

import re
from typing import Any

from reader.core.extract import dates, text_stats

_BYLINE_ATTR = re.compile(r"byline|author|writtenby|dateline", re.IGNORECASE)
_SKIP_BYLINE_TAGS = frozenset(
    {"html", "body", "article", "main", "meta", "link", "script", "style"}
)
_BY_PREFIX = re.compile(rf"^(?:{text_stats.BY_WORDS})[:\s]+", re.IGNORECASE)
_DATE_LABEL = re.compile(rf"(?:^|\s)(?:{text_stats.DATE_LABELS})\s*:?(?=\s|$)", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_CLOCK = re.compile(r"\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}")
_LETTERS = re.compile(r"[^\W\d_]+")
_MERIDIEM = re.compile(r"\b([ap])\.m\.", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s+[-|·•—–]\s+|\s*\|\s*|\s*•\s*")


def clean_byline(text: str | None) -> str | None:
    """Drop 'By' and any date or time written next to the names ('Jo Doe - Apr 16, 2015')."""
    if not text:
        return None
    text = _EMAIL.sub(" ", " ".join(text.split()))  # 'Mike Cason | mcason@al.com'
    text = _BY_PREFIX.sub("", _DATE_LABEL.sub(" ", text).strip()).strip(" |,·-–—")
    parts = [p for p in _BYLINE_SPLIT.split(text) if p.strip()]
    kept = [p for p in parts if not _only_date(p)]
    if not kept:
        return None
    if len(kept) < len(parts):
        text = " · ".join(kept)
    words = text.split()
    # 'Jo Doe May 20, 2019': the names, then a date (a name may be a month: 'Jan', 'April');
    # the earliest place where the rest is all date
    for cut in range(1, len(words)):
        first = words[cut].strip(",.")
        starts_date = (
            first[:1].isdigit()
            or dates.month_number(first) is not None
            or first.lower() in text_stats.DATE_WORDS  # 'am 2. Mai 2024', 'on May 2'
        )
        if starts_date and _only_date(" ".join(words[cut:])):
            text = " ".join(words[:cut]).rstrip(" ,|·-–—")
            break
    return text if any(c.isalpha() for c in text) else None


def _only_date(text: str) -> bool:
    """Text that is a date or a time and nothing else ('Apr 16, 2015 8:02 pm UTC')."""
    if not (dates.parse_human(text) or _CLOCK.search(text)):
        return False
    for word in _LETTERS.findall(_MERIDIEM.sub(r"\1m", text)):
        if dates.month_number(word) is None and word.lower() not in text_stats.DATE_WORDS:
            return False
    return True


def dom_byline(doc: Any) -> str | None:
    """A byline written in the page (rel=author, .byline, .author...), for pages without one."""
    for el in doc.iter():
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_BYLINE_TAGS:
            continue
        attrib = el.attrib
        if not (
            attrib.get("rel") == "author"
            or attrib.get("itemprop") == "author"
            or _BYLINE_ATTR.search(f"{attrib.get('class', '')} {attrib.get('id', '')}")
        ):
            continue
        text = " ".join(el.text_content().split())
        if not 3 <= len(text) <= 100 or len(text.split()) > 12:
            continue
        text = clean_byline(text) or ""
        if text and not re.match(r"^\d", text) and any(c.isalpha() for c in text):
            return text
    return None
