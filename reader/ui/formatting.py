"""How items read on screen: dates, sites, reading time, the 'only X % is here' figure.

Qt-free, so the rules are easy to test and shared by the list, the reader pane and the
banner.
"""

from __future__ import annotations

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
    site = item.site_name or host_of(item.original_url or item.url)
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


def present_percent(item: Item) -> int | None:
    """How much of a truncated article we hold, in percent (None when unknown)."""
    missing = item.paywall.missing_fraction
    if missing is None:
        return None
    return percent(1.0 - float(missing))


def truncated_headline(item: Item) -> str:
    """The banner's headline."""
    here = present_percent(item)
    if here is None:
        return "This article looks cut off: part of it is missing"
    return f"Only about {here} % of this article is here"


def display_title(item: Item) -> str:
    """The title, or the URL for an item that has none (yet)."""
    return (item.title or "").strip() or item.original_url or item.url
