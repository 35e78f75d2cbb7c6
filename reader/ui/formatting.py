"""How items read on screen: dates, sites, reading time, the 'only X % is here' figure.

Qt-free, so the rules are easy to test and shared by the list, the reader pane and the
banner.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from reader.core.models import Item


def parse_when(value: str | None) -> datetime | date | None:
    """An ISO date or datetime string, or None when absent or unparseable."""
    if not value:
        return None
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    if len(text) <= 10:
        return moment.date()
    return moment


def format_date(value: str | None, today: date | None = None) -> str:
    """'28 Nov 2026', or the local time of day for something from today."""
    when = parse_when(value)
    if when is None:
        return ""
    if isinstance(when, datetime):
        local = when.astimezone() if when.tzinfo else when.replace(tzinfo=UTC).astimezone()
        if local.date() == (today or datetime.now().astimezone().date()):
            return local.strftime("%H:%M")
        when = local.date()
    return f"{when.day} {when.strftime('%b %Y')}"


def format_added(value: str | None, now: datetime | None = None) -> str:
    """When something was saved, as people say it: 'today 19:56', 'yesterday', '3 Nov',
    '3 Nov 2025' (another year)."""
    when = parse_when(value)
    if when is None:
        return ""
    here = (now or datetime.now().astimezone()).astimezone()
    if isinstance(when, datetime):
        local = when.astimezone() if when.tzinfo else when.replace(tzinfo=UTC).astimezone()
        day = local.date()
        if day == here.date():
            return f"today {local:%H:%M}"
    else:
        day = when
    if (here.date() - day).days == 1:
        return "yesterday"
    if day.year == here.year:
        return f"{day.day} {day:%b}"
    return f"{day.day} {day:%b %Y}"


def host_of(url: str | None) -> str:
    """The host without a leading 'www.'."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def web_address(item: Item) -> str | None:
    """The article's page on the web, if it has one (files have only a source URL, if any)."""
    for url in (item.canonical_url, item.original_url, item.source_url):
        if url and url.startswith(("http://", "https://")):
            return url
    return None


def original_location(item: Item) -> str | None:
    """Where 'Open original' goes: the web page, else the saved file if it still exists."""
    address = web_address(item)
    if address is not None:
        return address
    path = Path(item.original_url)
    return str(path) if path.is_absolute() and path.is_file() else None


def site_label(item: Item) -> str:
    """'Le Monde · via America One News': the original source first, then where it was read."""
    site = item.site_name or host_of(web_address(item) or item.original_url or item.url)
    source = (item.source or "").strip()
    if source and source.casefold() != site.casefold():
        return f"{source} · via {site}" if site else source
    return site


def reading_time(minutes: int) -> str:
    """'7 min', or '' when unknown."""
    return f"{minutes} min" if minutes > 0 else ""


def percent(fraction: float) -> int:
    """A progress fraction as a whole percentage."""
    return round(max(0.0, min(1.0, fraction)) * 100)


def missing_percent(item: Item) -> int | None:
    """How much of a truncated article is missing, in percent, as the CLI says it (None when
    unknown)."""
    missing = item.paywall.missing_fraction
    if missing is None:
        return None
    return percent(float(missing))


def truncated_headline(item: Item) -> str:
    """'About 85 % of this article is missing' (the same figure as ``reader list``)."""
    missing = missing_percent(item)
    if missing is None:
        return "Part of this article is missing"
    return f"About {missing} % of this article is missing"


# Why reader thinks an article is cut off, in plain words, per verdict signal.
_REASONS = {
    "percent_phrase": "the page says how much is left to read",
    "strong_phrase": "the page stops at an invitation to subscribe or log in",
    "medium_phrase": "the page stops at an invitation to subscribe or log in",
    "weak_phrase": "the page stops at an invitation to subscribe or log in",
    "marker_line": "the page stops at an invitation to subscribe or log in",
    "content_tier": "the site marks this article as for subscribers",
    "not_free_markup": "the site marks this article as for subscribers",
    "haspart_missing": "the site marks this article as for subscribers",
    "wall_class": "the page has a subscription wall",
    "site_rule_wall": "the page shows the sign-in wall known for this site",
    "user_marked_truncated": "you marked other articles like it from this site as cut off",
}
_FALLBACK_REASON = "the text stops short of a whole article"


def truncation_reasons(item: Item, limit: int = 2) -> list[str]:
    """Up to ``limit`` distinct plain reasons, the strongest evidence first."""
    reasons: list[str] = []
    for evidence in sorted(item.paywall.evidence, key=lambda e: -e.weight):
        if evidence.weight <= 0:
            continue  # noted, but not what the verdict rests on
        reason = _REASONS.get(evidence.signal)
        if reason is not None and reason not in reasons:
            reasons.append(reason)
    return reasons[:limit] or [_FALLBACK_REASON]


def truncation_sentence(item: Item) -> str:
    """One sentence: what is missing and why reader thinks so."""
    reasons = truncation_reasons(item)
    why = reasons[0]
    if len(reasons) > 1:
        second = reasons[1]
        for subject in ("the page ", "the site "):
            if why.startswith(subject) and second.startswith(subject):
                second = second.removeprefix(subject)  # 'the page says …, and stops at …'
        why = f"{why}, and {second}"
    return f"{truncated_headline(item)}: {why}."


# Languages written right to left (ISO 639-1, and a few 639-3 codes readability reports)
RTL_LANGUAGES = frozenset(
    ("ar", "he", "iw", "fa", "ur", "ps", "yi", "ji", "dv", "sd", "ug", "ku", "ckb", "syr")
)
_DIR_ATTR = re.compile(
    r"""<(?:html|body|article|div|main|section)\b[^>]*\bdir\s*=\s*["']?rtl""", re.I
)
_SAMPLE_CHARS = 600


def text_direction(item: Item, body_html: str) -> str:
    """'rtl' for Arabic, Hebrew, Persian… (by language, a dir="rtl" on the page, or the
    letters themselves), else 'ltr'."""
    language = (item.language or "").split("-")[0].split("_")[0].lower()
    if language in RTL_LANGUAGES:
        return "rtl"
    if _DIR_ATTR.search(body_html[:4000]):
        return "rtl"
    text = re.sub(r"<[^>]*>", " ", body_html[: _SAMPLE_CHARS * 8])[: _SAMPLE_CHARS * 4]
    rtl = ltr = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
        elif kind == "L":
            ltr += 1
    return "rtl" if rtl > ltr else "ltr"


def display_title(item: Item) -> str:
    """The title, or the URL for an item that has none (yet)."""
    return (item.title or "").strip() or item.original_url or item.url
