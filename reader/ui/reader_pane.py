"""The reader pane: banners, the article, and the reading position kept in the library."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractSlider, QVBoxLayout, QWidget

from reader.core.errors import ReaderError
from reader.ui import formatting
from reader.ui.article_browser import ArticleBrowser
from reader.ui.article_html import (
    Colours,
    article_document,
    blocked_images,
    message_document,
    remote_images,
)
from reader.ui.banner import FailureBanner, ImagesBanner, TruncatedBanner
from reader.ui.selection_panel import SelectionPanel

if TYPE_CHECKING:
    from reader.core.models import Item
    from reader.core.service import Library
    from reader.ui.images import ImageLoader
    from reader.ui.preferences import Preferences

logger = logging.getLogger(__name__)

SAVE_DELAY_MS = 400  # progress is written this long after scrolling stops


class ReaderPane(QWidget):
    """Shows one item; saves where the reader is while they scroll."""

    item_changed = Signal(object)  # Item, after progress or state moved
    reached_end = Signal(int)  # item id: scrolled to the very end
    open_url = Signal(QUrl)  # a link was clicked
    open_original = Signal(int)
    needs_full_text_requested = Signal(int, bool)
    get_full_text_requested = Signal(int)  # item id: the banner's main button
    retry_requested = Signal(int)
    allow_images_for_site = Signal(str)

    def __init__(
        self,
        library: Library,
        prefs: Preferences,
        colours: Colours,
        images: ImageLoader,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._prefs = prefs
        self._colours = colours
        self._images = images
        self._item: Item | None = None
        self._body = ""
        self._allowed_items: set[int] = set()
        self._pending_restore: tuple[float, str | None] | None = None
        self._restoring = False  # the pane itself is scrolling: not the reader
        self._rendering = False  # a document is being set: positions mean nothing yet
        self._end_reported = False
        # Only the reader's own scrolling (keys, wheel, scroll bar: a slider action) moves
        # the saved position; layout changes after a re-render move the bar too, and must not.
        self._user_action = False
        self._dirty = False  # the reader moved since the position was last saved

        self.banner = TruncatedBanner(self)
        self.failure = FailureBanner(self)
        self.images_bar = ImagesBanner(self)
        self.browser = ArticleBrowser(self)
        self.browser.set_remote_policy(lambda _url: self._images_allowed())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for widget in (self.banner, self.failure, self.images_bar):
            layout.addWidget(widget)
        layout.addWidget(self.browser, 1)
        self.selection = SelectionPanel(self)
        self.selection.hide()
        layout.addWidget(self.selection, 1)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_progress)
        bar = self.browser.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.actionTriggered.connect(self._on_user_action)
        bar.rangeChanged.connect(lambda _lo, _hi: self._apply_restore())
        self.browser.link_clicked.connect(self.open_url)
        self.browser.image_wanted.connect(images.request)
        images.loaded.connect(self.browser.add_image)
        self.banner.open_original.connect(self._emit_open_original)
        self.banner.get_full_text.connect(self._emit_get_full_text)
        self.banner.set_needs_full_text.connect(self._emit_needs_full_text)
        self.failure.retry.connect(self._emit_retry)
        self.images_bar.allow_item.connect(self._allow_item_images)
        self.images_bar.allow_site.connect(self._allow_site_images)
        self.set_appearance(prefs, colours)
        self.show_item(None)

    # ---- public API -------------------------------------------------------------------
    @property
    def item(self) -> Item | None:
        """The item on show."""
        return self._item

    def show_selection(self, count: int) -> None:
        """Several articles are selected: say how many, with the bulk actions."""
        self.save_progress()
        for bar in (self.banner, self.failure, self.images_bar, self.browser):
            bar.hide()
        self.selection.show_count(count)
        self.selection.show()

    @property
    def showing_selection(self) -> bool:
        """Whether the pane shows the selection rather than an article."""
        return not self.selection.isHidden()

    def show_item(self, item_id: int | None) -> None:
        """Open an item (None clears the pane); the reading position comes back with it."""
        self.selection.hide()
        self.browser.show()
        self.save_progress()
        self._images.abort_all()
        self.browser.forget_images()
        self._pending_restore = None
        self._end_reported = False
        self._user_action = self._dirty = False
        self._item = None
        self._body = ""
        for bar in (self.banner, self.failure, self.images_bar):
            bar.hide()
        if item_id is None:
            self._show_message("", "Select an article to read it here.")
            return
        try:
            item = self._library.get(item_id)
        except ReaderError as exc:
            self._show_message("Not available", str(exc))
            return
        self._item = item
        status = item.status
        if status == "saving":
            self._show_message(formatting.display_title(item), "Saving… the page is downloading.")
            return
        if status == "failed":
            self.failure.show_error(item.error or "Saving was interrupted.")
            self._show_message(formatting.display_title(item), item.original_url)
            return
        try:
            self._body = self._library.content(item_id).html
        except ReaderError as exc:
            self._show_message(formatting.display_title(item), f"No content: {exc}")
            return
        self.banner.show_item(item)
        if item.progress.fraction > 0:
            self._pending_restore = (item.progress.fraction, item.progress.anchor)
        self._render()

    def update_item(self, item: Item) -> None:
        """The item changed elsewhere (state, verdict override): refresh the bars."""
        if self._item is None or item.id != self._item.id:
            return
        if item.status != self._item.status or item.best_version_id != self._item.best_version_id:
            self.show_item(item.id)  # another text: render it again (the position comes back)
            return
        moved = item.progress.fraction != self._item.progress.fraction or (
            item.progress.anchor != self._item.progress.anchor
        )
        self._item = item
        if item.status == "ready":
            self.banner.show_item(item)
            if moved and self._body:  # 'Start over', an undo, or the command line moved it
                self._save_timer.stop()
                self._dirty = False
                self._pending_restore = (item.progress.fraction, item.progress.anchor)
                self._apply_restore()

    def set_appearance(self, prefs: Preferences, colours: Colours) -> None:
        """New typography or theme: re-render where the reader is."""
        self._prefs, self._colours = prefs, colours
        palette = self.browser.palette()
        palette.setColor(QPalette.ColorRole.Base, QColor(colours.background))
        palette.setColor(QPalette.ColorRole.Text, QColor(colours.text))
        palette.setColor(QPalette.ColorRole.Link, QColor(colours.link))
        self.browser.setPalette(palette)
        self.browser.set_typography(prefs.font_family, prefs.font_size, prefs.column_width)
        if self._item is not None and self._body:
            fraction = self.browser.scroll_fraction()
            anchor = self.browser.top_anchor() if fraction > 0 else None  # the top stays the top
            self._pending_restore = (fraction, anchor)
            self._render()

    def page(self, step: int) -> None:
        """Page down (1) or up (-1)."""
        action = (
            QAbstractSlider.SliderAction.SliderPageStepAdd
            if step > 0
            else QAbstractSlider.SliderAction.SliderPageStepSub
        )
        self.browser.verticalScrollBar().triggerAction(action)

    def save_progress(self) -> None:
        """Write the reading position now (it is also written shortly after scrolling)."""
        self._save_timer.stop()
        item = self._item
        if item is None or item.status != "ready" or not self._body:
            return
        if self._restoring or self._rendering or not self._dirty:
            return  # only the reader's own scrolling is saved
        if self._pending_restore is not None:
            return  # the old position is not on screen yet: nothing new to save
        fraction = round(self.browser.scroll_fraction(), 4)
        anchor = self.browser.top_anchor() if fraction > 0 else None
        if fraction == item.progress.fraction and anchor == item.progress.anchor:
            return
        try:
            self._item = self._library.set_progress(item.id, fraction, anchor)
        except ReaderError as exc:
            logger.warning("could not save the reading position: %s", exc)
            return
        self._dirty = False
        self.item_changed.emit(self._item)

    # ---- internals --------------------------------------------------------------------
    def _render(self) -> None:
        item = self._item
        if item is None:
            return
        self._user_action = False
        self._rendering = True
        try:
            body = self._body if self._images_allowed() else blocked_images(self._body)
            self.browser.show_html(article_document(item, body, self._prefs, self._colours))
        finally:
            self._rendering = False
        self._update_images_bar()
        self._apply_restore()

    def _show_message(self, title: str, message: str) -> None:
        self._rendering = True
        try:
            self.browser.show_html(message_document(title, message, self._prefs, self._colours))
        finally:
            self._rendering = False

    def _apply_restore(self) -> None:
        if self._pending_restore is None or self._rendering:
            return
        bar = self.browser.verticalScrollBar()
        end = self.browser.scroll_range()
        if bar.maximum() <= 0 or end <= 0:
            return  # not laid out yet: rangeChanged brings us back
        fraction, anchor = self._pending_restore
        near = round(fraction * end)
        target = self.browser.anchor_offset(anchor, near) if anchor else None
        if target is None:
            target = near
        self._restoring = True
        try:
            bar.setValue(min(target, bar.maximum()))
        finally:
            self._restoring = False
        if target <= bar.maximum():
            self._pending_restore = None

    def _on_user_action(self, _action: int) -> None:
        self._user_action = True  # the value change that follows is the reader's

    def _on_scrolled(self, value: int) -> None:
        user, self._user_action = self._user_action, False
        if self._restoring or self._rendering or self._item is None or not user:
            return
        if self._item.status != "ready":
            return
        self._dirty = True
        self._pending_restore = None  # the reader moved: their position wins
        self._save_timer.start()
        end = self.browser.scroll_range()
        at_end = end > 0 and value >= end
        if at_end and not self._end_reported and self._item.state in ("unread", "reading"):
            self._end_reported = True
            self.save_progress()
            self.reached_end.emit(self._item.id)

    def _images_allowed(self) -> bool:
        item = self._item
        if item is None:
            return False
        site = formatting.host_of(item.original_url or item.url)
        return item.id in self._allowed_items or site in self._prefs.image_sites

    def _update_images_bar(self) -> None:
        item = self._item
        remote = remote_images(self._body)
        if item is None or not remote or self._images_allowed():
            self.images_bar.hide()
            return
        self.images_bar.show_blocked(formatting.host_of(item.original_url or item.url), len(remote))

    def _allow_item_images(self) -> None:
        if self._item is not None:
            self._allowed_items.add(self._item.id)
            self.set_appearance(self._prefs, self._colours)

    def _allow_site_images(self) -> None:
        if self._item is not None:
            self.allow_images_for_site.emit(formatting.host_of(self._item.original_url))

    def _emit_open_original(self) -> None:
        if self._item is not None:
            self.open_original.emit(self._item.id)

    def _emit_get_full_text(self) -> None:
        if self._item is not None:
            self.get_full_text_requested.emit(self._item.id)

    def _emit_needs_full_text(self, needed: bool) -> None:
        if self._item is not None:
            self.needs_full_text_requested.emit(self._item.id, needed)

    def _emit_retry(self) -> None:
        if self._item is not None:
            self.retry_requested.emit(self._item.id)
