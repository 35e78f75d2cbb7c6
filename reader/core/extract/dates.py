"""Dates as ISO 8601, from machine formats and from human lines like '2 Nov 2023'."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from reader.core.resources import load_json

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMERIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DMY = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|er|\.|°|º)?\s*(?:de\s+)?([^\W\d_]{3,12})\.?,?\s+(?:de\s+)?(\d{4})\b"
)
_MDY = re.compile(r"\b([^\W\d_]{3,12})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.UNICODE)
_SLASHED = re.compile(r"\b(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\b")
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
# 01.07.2024 / 1-7-2024: day first wherever dots or dashes are written; 07/01/2024 only
# when one number cannot be a month (the order of slashed dates depends on the country).
_NUMERIC_DMY = re.compile(r"(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d.]\d)")


@cache
def _months() -> dict[str, int]:
    table: dict[str, int] = {}
    for names in load_json("dates", "months.json").values():
        for i, group in enumerate(names, start=1):
            for name in group.split("|"):
                table[name.lower()] = i
    return table


def month_number(word: str) -> int | None:
    """1–12 for a month name or abbreviation in the languages we know, else None."""
    return _months().get(word.lower().rstrip("."))


def to_iso(value: object) -> str | None:
    """Normalise a machine-readable date (ISO, RFC 822-ish, compact) to ISO 8601."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        y, mo, d, hh, mm, ss, tz = m.groups()
        if not _valid(int(y), int(mo), int(d)):
            return None
        if hh is None:
            return f"{y}-{mo}-{d}"
        out = f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}"
        if tz:
            out += "+00:00" if tz == "Z" else (tz if ":" in tz else f"{tz[:3]}:{tz[3:]}")
        return out
    m = _NUMERIC.match(text)
    if m and _valid(*map(int, m.groups())):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    try:
        from email.utils import parsedate_to_datetime

        dt = parsedate_to_datetime(text)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=UTC)
        return dt.isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return parse_human(text)


def parse_human(text: str) -> str | None:
    """Find a date written for people.

    '2 Nov 2023', 'Jun 24, 2025', '30 octobre 2022 à 10h00', '1. Juli 2024', '3 de mayo de
    2022', '1° luglio 2024', '2024年7月1日', '01.07.2024', '2024/07/01'.
    """
    found: list[tuple[int, str]] = []  # (position, date): the earliest one wins
    for rx, order in ((_DMY, "dmy"), (_MDY, "mdy")):
        for m in rx.finditer(text):
            a, b, y = m.groups()
            day, word = (a, b) if order == "dmy" else (b, a)
            month = month_number(word)
            if month and _valid(int(y), month, int(day)):
                found.append((m.start(), date(int(y), month, int(day)).isoformat()))
                break
    for rx in (_SLASHED, _CJK):
        ymd = rx.search(text)
        if ymd and _valid(*map(int, ymd.groups())):
            found.append((ymd.start(), date(*map(int, ymd.groups())).isoformat()))
    dmy = _NUMERIC_DMY.search(text)
    if dmy:
        d, sep, mo, y = int(dmy.group(1)), dmy.group(2), int(dmy.group(3)), int(dmy.group(4))
        if sep == "/" and mo > 12 >= d:
            d, mo = mo, d  # 07/31/2024
        elif sep == "/" and d <= 12:
            d = 0  # 07/01/2024: July 1st or 7 January, depending on the country
        if _valid(y, mo, d):
            found.append((dmy.start(), date(y, mo, d).isoformat()))
    return min(found)[1] if found else None


log = logging.getLogger(__name__)


def publication_date(
    markup: list[str | None], doc: Any, url: str | None = None, fallback: str | None = None
) -> str | None:
    """When the page was first published, ISO 8601.

    The page's own JSON-LD and meta dates come first when they agree with each other (one
    source, or several naming the same day): that costs nothing. Otherwise htmldate (fast
    mode, ``original_date=True``, on the tree already parsed) reads the page: it picks the
    markup date it confirms, or gives its own when the markup has none. ``fallback`` (the
    first ``<time datetime>``) is the last resort.
    """
    found = [iso for iso in (to_iso(v) for v in markup if v) if iso]
    if found and all(f[:10] == found[0][:10] for f in found):
        return found[0]
    guess = _htmldate(doc, url) if doc is not None else None
    if found:
        return next((f for f in found if f[:10] == guess), found[0])
    last = to_iso(fallback)
    return last if last and (guess is None or last[:10] == guess) else guess


def _htmldate(doc: Any, url: str | None) -> str | None:
    """htmldate's original publication date for a parsed page (None when it finds none)."""
    from htmldate import find_date  # imported on first use: ~0.1 s, needed on few pages

    try:
        found = find_date(doc, extensive_search=False, original_date=True, url=url)
    except Exception as exc:  # a hostile page must not break the extraction
        log.debug("htmldate failed: %s", exc)
        return None
    return found if isinstance(found, str) and to_iso(found) else None


def _valid(y: int, mo: int, d: int) -> bool:
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return False
    try:
        date(y, mo, d)
    except ValueError:
        return False
    return 1900 <= y <= datetime.now(UTC).year + 1
