"""Where saves come from: the clipboard (Ctrl+V, and the watcher's offer when a link is
copied), File ▸ Add URL… and Open file…, and links or files dropped on the window.

Each entry point decides what to save and hands it to the SaveController; nothing here
fetches or parses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.core.errors import ReaderError
from reader.core.intake.sources import PAGE_SUFFIXES
from reader.ui import formatting
from reader.ui.clipboard import read_content
from reader.ui.dialogs import AddUrlDialog

if TYPE_CHECKING:
    from reader.core.service import Library
    from reader.ui.notice import Notice
    from reader.ui.preferences import Preferences
    from reader.ui.saving import SaveController
    from reader.ui.tray import Tray


_PATTERNS = " ".join(f"*{suffix}" for suffix in PAGE_SUFFIXES)  # Open file…'s filter


class Intake(QObject):
    """The ways in, for the main window (``window`` parents the dialogs)."""

    def __init__(
        self,
        library: Library,
        saver: SaveController,
        clipboard: QClipboard,
        notices: tuple[Notice, Notice],
        window: QWidget,
        prefs: Callable[[], Preferences],
        tray: Callable[[], Tray | None],
        reveal: Callable[[int], None],
    ) -> None:
        super().__init__(window)
        self._library = library
        self._saver = saver
        self._clipboard = clipboard
        self._offer, self._toast = notices
        self._window = window
        self._prefs = prefs
        self._tray = tray
        self._reveal = reveal

    def paste(self) -> None:
        """Ctrl+V: save the link(s) on the clipboard, or offer to save a copied page."""
        content = read_content(self._clipboard.mimeData(), self._library.find_urls)
        if content.is_article:
            where = f" from {formatting.host_of(content.source_url)}" if content.source_url else ""
            html, url = content.html or "", content.source_url
            self._offer.offer(
                f"Save the page copied{where} as an article?",
                lambda: self._saver.save_html(html, url),
            )
        elif content.urls:
            self._saver.save_urls(content.urls)
        else:
            self._toast.inform("The clipboard holds no link or page to save.")

    def show_add_url(self) -> None:
        """File ▸ Add URL…"""
        dialog = AddUrlDialog(self._library.find_urls, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.urls_entered.connect(self._saver.save_urls)
        dialog.open()

    def open_files(self) -> None:
        """File ▸ Open file…: saved pages and text dumps."""
        paths, _filter = QFileDialog.getOpenFileNames(
            self._window, "Save files", "", f"Pages and text ({_PATTERNS});;All files (*)"
        )
        self._saver.save_sources(paths)

    def offer_copied_url(self, url: str, title: str | None) -> None:
        """A link was copied elsewhere: show it if saved, else save it or offer to."""
        try:
            existing = self._library.existing(url)
        except ReaderError:
            return
        tray = self._tray()
        if existing is not None:
            self._offer.offer(
                f"Already in your library: {existing.title or url}",
                lambda: self._reveal(existing.id),
                accept="Show",
            )
        elif self._prefs().auto_save:
            self._saver.save_url(url)
            self._toast.inform(f"Saving {title or url}")
        elif not self._window.isVisible() and tray is not None:  # closed to the tray
            tray.offer("Save this link?", f"{title or url}\nClick to save it.",
                       lambda: self._saver.save_url(url))  # fmt: skip
        else:
            self._offer.offer(f"Save “{title or url}”?", lambda: self._saver.save_url(url))

    def accepts(self, mime: QMimeData) -> bool:
        """Whether a drag carries files or links to save."""
        return mime.hasUrls() or (mime.hasText() and bool(self._library.find_urls(mime.text())))

    def drop(self, mime: QMimeData) -> bool:
        """Save what was dropped (files, links, or links in dropped text); False if none."""
        sources = [u.toLocalFile() if u.isLocalFile() else u.toString() for u in mime.urls()]
        if not sources and mime.hasText():
            sources = self._library.find_urls(mime.text())
        if sources:
            self._saver.save_sources(sources)
        return bool(sources)
