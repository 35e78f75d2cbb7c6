"""Netscape bookmark files (browsers, Pinboard, Raindrop, Linkding) and Pocket's ril_export.html.

Both are loose HTML (unclosed <DT> and <p>), so they are read as a stream of tags with the
standard library's tolerant HTMLParser rather than as a tree.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from reader.core.transfer.records import ImportRecord, Malformed, Parsed, from_unix, truthy

# Top-level folders every browser has: not worth a tag.
_ROOT_FOLDERS = {
    "bookmarks",
    "bookmarks bar",
    "bookmarks toolbar",
    "bookmarks menu",
    "other bookmarks",
    "mobile bookmarks",
    "favorites bar",
    "favourites bar",
    "imported",
}
_NETSCAPE = re.compile(r"<!DOCTYPE\s+NETSCAPE-Bookmark-file", re.IGNORECASE)
_DT_A = re.compile(r"<DT>\s*<A\s[^>]*HREF=", re.IGNORECASE)
_POCKET_SECTION = re.compile(r"<h1>\s*(Unread|Read Archive)\s*</h1>", re.IGNORECASE)
_TIME_ADDED = re.compile(r"<a\s[^>]*time_added=", re.IGNORECASE)


def detect(text: str) -> str | None:
    """'pocket-html' or 'netscape' from the markup, else None."""
    head = text[:200_000]
    if _POCKET_SECTION.search(head) and _TIME_ADDED.search(head):
        return "pocket-html"
    if _NETSCAPE.search(head[:2000]) or (
        re.search(r"<DL", head, re.IGNORECASE) and _DT_A.search(head)
    ):
        return "netscape"
    return None


def _tags(value: str | None) -> list[str]:
    return [t.strip() for t in (value or "").split(",") if t.strip()]


class _Links(HTMLParser):
    """Collects <a href> with their attributes, the text inside and the context around them."""

    def __init__(self, fmt: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = Parsed(fmt)
        self.folders: list[str | None] = []  # one entry per open <DL>
        self._pending_folder: str | None = None
        self._in: str | None = None  # 'a', 'h3', 'h1' or 'dd' while collecting text
        self._text: list[str] = []
        self._attrs: dict[str, str] = {}
        self._line = 0
        self.section = ""
        self._last: ImportRecord | None = None

    # ---- stream -----------------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._in == "dd" and tag in ("dt", "dl", "dd", "h3"):
            self._end_note()
        if tag in ("a", "h3", "h1", "dd"):
            if self._in == "a":
                self._end_link()
            self._in, self._text = tag, []
            self._attrs = {k.lower(): v or "" for k, v in attrs}
            self._line = self.getpos()[0]
        elif tag == "dl":
            self.folders.append(self._pending_folder)
            self._pending_folder = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._in == "a":
            self._end_link()
        elif tag == "h3" and self._in == "h3":
            self._pending_folder = " ".join("".join(self._text).split()) or None
            self._in = None
        elif tag == "h1" and self._in == "h1":
            self.section = " ".join("".join(self._text).split()).lower()
            self._in = None
        elif tag == "dl":
            if self._in == "dd":
                self._end_note()
            if self.folders:
                self.folders.pop()

    def handle_data(self, data: str) -> None:
        if self._in is not None:
            self._text.append(data)

    def close(self) -> None:
        super().close()
        if self._in == "a":
            self._end_link()
        elif self._in == "dd":
            self._end_note()

    # ---- records ----------------------------------------------------------------------
    def _end_note(self) -> None:
        note = " ".join("".join(self._text).split())
        if self._last is not None and note:
            self._last.description = note
        self._in = None

    def _end_link(self) -> None:
        self._in = None
        title = " ".join("".join(self._text).split()) or None
        href = self._attrs.get("href", "").strip()
        if not href:
            self.parsed.malformed.append(Malformed(self._line, "a link without HREF"))
            return
        if href.lower().startswith(("place:", "javascript:", "data:")):
            return  # browser smart folders and bookmarklets are not articles
        try:
            record = self.record(href, title)
        except ValueError as exc:
            self.parsed.malformed.append(Malformed(self._line, str(exc)))
            return
        self.parsed.records.append(record)
        self._last = record

    def record(self, href: str, title: str | None) -> ImportRecord:
        raise NotImplementedError


class _Netscape(_Links):
    def record(self, href: str, title: str | None) -> ImportRecord:
        attrs = self._attrs
        tags = _tags(attrs.get("tags"))
        path = [f for f in self.folders if f]
        if path and path[0].lower() in _ROOT_FOLDERS:
            path = path[1:]
        if path:
            tags.append("/".join(path))  # the folder, as a tag
        return ImportRecord(
            url=href,
            line=self._line,
            title=title,
            added_at=from_unix(attrs.get("add_date")),
            state="archived" if attrs.get("state", "").lower() == "archived" else "unread",
            favourite=truthy(attrs.get("favorite") or attrs.get("starred") or ""),
            tags=tags,
        )


class _PocketHtml(_Links):
    def record(self, href: str, title: str | None) -> ImportRecord:
        return ImportRecord(
            url=href,
            line=self._line,
            title=title,
            added_at=from_unix(self._attrs.get("time_added")),
            state="archived" if self.section.startswith("read archive") else "unread",
            tags=_tags(self._attrs.get("tags")),
        )


def _parse(parser: _Links, text: str) -> Parsed:
    parser.feed(text)
    parser.close()
    return parser.parsed


def parse_netscape(text: str) -> Parsed:
    """Every <A HREF> of a bookmark file: ADD_DATE, TAGS, TOREAD, <DD> note, folders as tags."""
    return _parse(_Netscape("netscape"), text)


def parse_pocket_html(text: str) -> Parsed:
    """Pocket's legacy export: the Unread and Read Archive lists of <a time_added tags>."""
    return _parse(_PocketHtml("pocket-html"), text)
