"""Sanitised article HTML: safe to show in the reader pane, images kept as references."""

from __future__ import annotations

from typing import Any

import lxml.html
from lxml_html_clean import Cleaner

_CLEANER = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    remove_unknown_tags=False,
    safe_attrs_only=True,
    safe_attrs=frozenset(
        {
            "href",
            "src",
            "alt",
            "title",
            "colspan",
            "rowspan",
            "lang",
            "dir",
            "cite",
            "datetime",
            "start",
            "type",
            "reversed",
            "value",
            "headers",
            "scope",
            "abbr",
            "width",
            "height",
        }
    ),
    add_nofollow=False,
)


def clean_fragment(html: str, base_url: str | None = None) -> Any:
    """Parse readability's summary and strip everything active; links made absolute."""
    if not html.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    _CLEANER(fragment)  # in place: clean_html() would first deep-copy the fragment
    if base_url and base_url.startswith(("http://", "https://")):
        fragment.make_links_absolute(base_url, resolve_base_href=False, handle_failures="discard")
    for a in fragment.iter("a"):
        href = (a.get("href") or "").strip().lower()
        if href.startswith(("javascript:", "data:", "vbscript:")):
            del a.attrib["href"]
    for img in fragment.iter("img"):
        src = (img.get("src") or "").strip().lower()
        if src.startswith(("javascript:", "vbscript:")):
            del img.attrib["src"]
    return fragment
