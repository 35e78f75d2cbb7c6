"""The reader pane's document: a header (title, byline, source, dates, time) and the body.

Qt-free: builds an HTML string with the CSS subset QTextDocument understands.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from reader.core.models import Item
from reader.ui import formatting
from reader.ui.preferences import Preferences


@dataclass(frozen=True)
class Colours:
    """One reading theme."""

    background: str
    text: str
    muted: str
    link: str
    rule: str


THEME_COLOURS = {
    "light": Colours("#ffffff", "#1f2328", "#59636e", "#0b57d0", "#d0d7de"),
    "dark": Colours("#1e1f22", "#dcdcdc", "#9aa0a6", "#8ab4f8", "#3c4043"),
    "sepia": Colours("#f4ecd8", "#433422", "#7d6a52", "#8a4b08", "#d8c8a8"),
}


def stylesheet(prefs: Preferences, colours: Colours) -> str:
    """CSS for the article document."""
    family = prefs.font_family.replace('"', "")
    return f"""
body {{ color: {colours.text}; font-family: "{family}"; font-size: {prefs.font_size}pt; }}
p, li, blockquote, dd {{ line-height: {prefs.line_height}%; }}
p {{ margin-top: 0; margin-bottom: 0.9em; }}
a {{ color: {colours.link}; }}
h1.title {{ font-size: {round(prefs.font_size * 1.8)}pt; margin-bottom: 0.3em; }}
h1, h2, h3, h4 {{ font-family: "{family}"; }}
p.meta {{ color: {colours.muted}; font-size: {max(prefs.font_size - 2, 8)}pt;
          margin-bottom: 0.2em; line-height: 130%; }}
blockquote {{ color: {colours.muted}; margin-left: 1.5em; }}
pre, code {{ font-family: monospace; }}
hr {{ color: {colours.rule}; }}
span.remote-image {{ color: {colours.muted}; font-size: {max(prefs.font_size - 2, 8)}pt; }}
"""


# a remote <img> (group 1: its address); the images banner counts what this matches
_REMOTE_IMG = re.compile(
    r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(https?://[^\"'\s>]+)[^>]*>", re.IGNORECASE
)
_ALT = re.compile(r'\balt="([^"]*)"')
ALT_CHARS = 90


def blocked_images(body_html: str) -> str:
    """The body with each remote image as a short mark, '[image: its alt text]', for as long
    as the user has not allowed it (Qt would draw a broken-image glyph)."""

    def mark(match: re.Match[str]) -> str:
        alt = _ALT.search(match.group(0))
        text = " ".join(html.unescape(alt.group(1)).split()) if alt else ""
        if len(text) > ALT_CHARS:
            text = text[: ALT_CHARS - 1].rstrip() + "…"
        label = f"[image: {html.escape(text)}]" if text else "[image]"
        return f'<span class="remote-image">{label}</span>'

    return _REMOTE_IMG.sub(mark, body_html)


def remote_images(body_html: str) -> list[str]:
    """The addresses of the body's remote images."""
    return _REMOTE_IMG.findall(body_html)


def header_html(item: Item) -> str:
    """Title, byline, source and dates, reading time."""
    e = html.escape
    lines = [f'<h1 class="title">{e(formatting.display_title(item))}</h1>']
    who = []
    if item.byline:
        who.append(f"By {e(item.byline)}")
    site = formatting.site_label(item)
    link = formatting.web_address(item)
    if site and link:
        who.append(f'<a href="{e(link, quote=True)}">{e(site)}</a>')
    elif site:
        who.append(e(site))
    if who:
        lines.append(f'<p class="meta">{" · ".join(who)}</p>')
    when = []
    published = formatting.format_date(item.source_published or item.published)
    if published:
        when.append(f"Published {e(published)}")
    added = formatting.format_date(item.added_at)
    if added:
        when.append(f"saved {e(added)}")
    minutes = formatting.reading_time(item.reading_minutes)
    if minutes:
        when.append(f"{e(minutes)} read")
    if when:
        lines.append(f'<p class="meta">{" · ".join(when)}</p>')
    lines.append("<hr/>")
    return "\n".join(lines)


def article_document(item: Item, body_html: str, prefs: Preferences, colours: Colours) -> str:
    """The whole document shown for an item."""
    direction = formatting.text_direction(item, body_html)
    return (
        f"<html><head><style>{stylesheet(prefs, colours)}</style></head><body>"
        f'<div dir="{direction}">{header_html(item)}\n{body_html}</div></body></html>'
    )


def message_document(title: str, message: str, prefs: Preferences, colours: Colours) -> str:
    """A short page for items without content (saving, failed)."""
    e = html.escape
    heading = f'<h1 class="title">{e(title)}</h1>' if title else ""
    return (
        f"<html><head><style>{stylesheet(prefs, colours)}</style></head><body>"
        f'{heading}<p class="meta">{e(message)}</p></body></html>'
    )
