"""What the clipboard holds (URLs, a copied page) and a watcher that notices copied links."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QClipboard

FindUrls = Callable[[str], list[str]]

# Formats browsers use to say which page a copied selection came from.
SOURCE_URL_FORMATS = ("text/x-moz-url-priv", "chromium/x-source-url", "text/x-moz-url")
# A copied selection counts as an article when its text is at least this long.
MIN_ARTICLE_CHARS = 400
_LINK = re.compile(r"<a\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*>(.*?)</a>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class ClipboardContent:
    """The useful parts of a clipboard (or a drop)."""

    urls: list[str] = field(default_factory=list)
    html: str | None = None  # a whole page or article copied from a browser
    source_url: str | None = None  # where that HTML came from, when the clipboard says
    link_title: str | None = None  # the text of a copied link

    @property
    def is_article(self) -> bool:
        """True when the HTML, not the URLs, is what the user wants saved."""
        return self.html is not None


def _decode(data: bytes) -> str:
    if len(data) >= 2 and (data[1:2] == b"\x00" or data[:2] in (b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="ignore")
    else:
        text = data.decode("utf-8", errors="ignore")
    return text.replace("\x00", "").strip()


def _source_url(mime: QMimeData, find_urls: FindUrls) -> str | None:
    for name in SOURCE_URL_FORMATS:
        if mime.hasFormat(name):
            text = _decode(bytes(mime.data(name).data()))
            found = find_urls(text.splitlines()[0]) if text else []
            if found:
                return found[0]
    return None


def read_content(mime: QMimeData | None, find_urls: FindUrls) -> ClipboardContent:
    """Sort out what a clipboard or a drop carries."""
    if mime is None:
        return ClipboardContent()
    text = mime.text() if mime.hasText() else ""
    urls = [u.toString() for u in mime.urls() if u.scheme() in ("http", "https")]
    for url in find_urls(text):
        if url not in urls:
            urls.append(url)
    markup = mime.html() if mime.hasHtml() else ""
    if markup:
        plain = text or html_lib.unescape(_TAG.sub(" ", markup))
        prose = plain
        for url in urls:
            prose = prose.replace(url, " ")
        if len(" ".join(prose.split())) >= MIN_ARTICLE_CHARS:
            return ClipboardContent(html=markup, source_url=_source_url(mime, find_urls))
    title = None
    if markup and len(urls) == 1:
        for href, inner in _LINK.findall(markup):
            if html_lib.unescape(href) == urls[0]:
                title = " ".join(html_lib.unescape(_TAG.sub("", inner)).split()) or None
                break
    return ClipboardContent(urls=urls, link_title=title)


class ClipboardWatcher(QObject):
    """Emits :attr:`url_copied` when a single link is copied anywhere (once per link)."""

    url_copied = Signal(str, object)  # url, link title or None

    def __init__(
        self, clipboard: QClipboard, find_urls: FindUrls, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._find_urls = find_urls
        self._enabled = False
        self._last: str | None = None
        clipboard.dataChanged.connect(self._on_changed)

    @property
    def enabled(self) -> bool:
        """Whether copied links are noticed."""
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Turn the watcher on or off."""
        self._enabled = enabled

    def note_own_copy(self, text: str) -> None:
        """The app itself put ``text`` on the clipboard: do not offer it back."""
        self._last = text.strip()

    def _on_changed(self) -> None:
        if not self._enabled:
            return
        mime = self._clipboard.mimeData()
        text = mime.text().strip() if mime is not None and mime.hasText() else ""
        if not text or len(text) > 4096 or any(c.isspace() for c in text):
            return  # not a single link
        found = self._find_urls(text)
        if len(found) != 1 or found[0] != text:
            return
        if text == self._last:
            return  # the same URL is not offered twice in a row
        self._last = text
        self.url_copied.emit(text, read_content(mime, self._find_urls).link_title)
