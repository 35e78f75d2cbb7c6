"""The main window: layout, menus and the wiring between panels. Behaviour lives in panels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QClipboard,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.ui import formatting, menus
from reader.ui.article_list import ArticleListPanel
from reader.ui.article_model import ArticleListModel
from reader.ui.clipboard import ClipboardWatcher
from reader.ui.dialogs import CopyAddressDialog
from reader.ui.images import ImageLoader
from reader.ui.intake import Intake
from reader.ui.item_actions import ItemActions, original_link
from reader.ui.list_sync import ListSync
from reader.ui.notice import Notice
from reader.ui.reader_pane import ReaderPane
from reader.ui.retrieval import RetrievalController
from reader.ui.retrieval_widgets import AttachDropFilter
from reader.ui.saving import SaveController
from reader.ui.settings_dialog import SettingsDialog
from reader.ui.sidebar import Sidebar
from reader.ui.themes import ThemeManager, icon
from reader.ui.transfer import TransferController
from reader.ui.tray import Tray
from reader.ui.window_state import WindowState

if TYPE_CHECKING:
    from reader.core.service import Library
    from reader.ui.article_html import Colours
    from reader.ui.preferences import Preferences, PreferencesStore
    from reader.ui.tasks import TaskRunner


QUIT_WAIT_MS = 3000  # how long quitting waits for running saves


class MainWindow(QMainWindow):
    """Sidebar | article list | reader pane, with menus for everything."""

    def __init__(
        self,
        library: Library,
        prefs_store: PreferencesStore,
        settings: QSettings,
        tasks: TaskRunner,
        themes: ThemeManager,
        clipboard: QClipboard,
        open_external: Callable[[QUrl], object],
    ) -> None:
        super().__init__()
        self.library = library
        self.prefs_store = prefs_store
        self.prefs: Preferences = prefs_store.load()
        self.window_state = WindowState(settings)
        self.tasks = tasks
        self.themes = themes
        themes.set_theme(self.prefs.theme)
        self.clipboard = clipboard
        self.open_external = open_external
        self.setWindowTitle("Reader")
        self.setWindowIcon(icon("reader"))
        self.setAcceptDrops(True)

        self.undo_stack = QUndoStack(self)
        self.model = ArticleListModel(library, self)
        self.sidebar = Sidebar(self)
        self.list_panel = ArticleListPanel(self.model, self)
        self.images = ImageLoader(self)
        self.reader = ReaderPane(library, self.prefs, themes.colours, self.images, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        for widget, stretch in ((self.sidebar, 0), (self.list_panel, 1), (self.reader, 1)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setChildrenCollapsible(False)
        self.offer = Notice("offer", self)
        self.toast = Notice("toast", self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.offer)
        layout.addWidget(self.toast)
        self.setCentralWidget(central)

        self.saver = SaveController(library, tasks, self.model, self)
        self.transfer = TransferController(library, tasks, self)
        self.statusBar().addPermanentWidget(self.transfer.progress)
        self.watcher = ClipboardWatcher(clipboard, library.find_urls, self)
        self.watcher.set_enabled(self.prefs.clipboard_watcher)
        self.tray: Tray | None = None
        self.intake = Intake(
            library, self.saver, clipboard, (self.offer, self.toast), self,
            lambda: self.prefs, lambda: self.tray, self.reveal_item,
        )  # fmt: skip
        self.items = ItemActions(
            library,
            self.undo_stack,
            self.list_panel.current_item,
            self._copy_text,
            open_external,
            self,
            selected_items=self.list_panel.selected_items,
        )
        self.retrieval = RetrievalController(
            library, tasks, self.list_panel.selected_items, clipboard, self
        )
        self.statusBar().addPermanentWidget(self.retrieval.progress)
        panel = self.list_panel
        # a page dropped on a table row or on a card attaches to that item
        self._attach_drops, self._attach_drops_cards = (
            AttachDropFilter(
                view.viewport(),
                lambda pos, v=view: self._item_id_at(v, pos),
                self.retrieval.attach_file,
            )
            for view in (panel.table, panel.cards)
        )
        self.sync = ListSync(library, self.model, self.sidebar, self.reader, self.items, self)
        self._settings_dialog: SettingsDialog | None = None
        self._quitting = False
        self._told_about_tray = False
        menus.setup(self)
        self._connect()

        self.window_state.restore(self, self.splitter, self.list_panel.table.horizontalHeader())
        self.sync.refresh_counts()
        self.sidebar.select_view(self.window_state.last_view)  # fills the list
        self.items.update_enabled()
        self.list_panel.set_mode(self.prefs.list_mode)
        self.list_panel.view.setFocus()
        QTimer.singleShot(0, self.retrieval.resume)  # a queue left by the last session
        QTimer.singleShot(0, self.transfer.resume_fetching)  # an import a quit interrupted

    # ---- construction -----------------------------------------------------------------
    def _connect(self) -> None:
        self.sidebar.view_selected.connect(self._on_view_selected)
        panel = self.list_panel
        panel.current_changed.connect(self._on_current_changed)
        panel.selection_changed.connect(self._on_selection_changed)
        panel.order_changed.connect(self._on_order_changed)
        panel.retry_requested.connect(self.saver.retry)
        panel.activated.connect(lambda _id: self.reader.browser.setFocus())
        reader = self.reader
        reader.item_changed.connect(self.sync.progress)
        reader.reached_end.connect(self._on_reached_end)
        reader.open_url.connect(self.open_external)
        reader.open_original.connect(self.items.open_item_original)
        reader.needs_full_text_requested.connect(self.items.set_needs_full_text)
        reader.get_full_text_requested.connect(self.get_full_text)
        self.retrieval.items_changed.connect(self.sync.items_changed)
        self.retrieval.message.connect(lambda text: self.toast.inform(text))
        self.retrieval.incomplete.connect(self._offer_original)
        reader.retry_requested.connect(self.saver.retry)
        reader.allow_images_for_site.connect(self._allow_site_images)
        self.items.changed.connect(self.sync.item_changed)
        self.items.many_changed.connect(self.sync.items_changed)
        self.items.retry_requested.connect(self.saver.retry)
        self.items.announce.connect(self._announce)
        self.items.cannot_open.connect(self.show_address)
        self.saver.list_changed.connect(self.sync.list_changed)
        self.saver.item_updated.connect(self.sync.item_changed)
        self.saver.saved.connect(self._on_saved)
        self.saver.already_saved.connect(self.reveal_item)
        self.saver.message.connect(lambda text: self.toast.inform(text))
        self.transfer.list_changed.connect(self.sync.list_changed)
        self.transfer.item_updated.connect(self.sync.item_changed)
        self.transfer.message.connect(lambda text: self.toast.inform(text))
        self.watcher.url_copied.connect(self.intake.offer_copied_url)
        self.themes.changed.connect(self._on_colours)
        self.model.query_failed.connect(lambda text: self.statusBar().showMessage(text, 5000))

    def _on_view_selected(self, view: object) -> None:
        self.list_panel.show_view(view)  # type: ignore[arg-type]
        self.window_state.last_view = self.sidebar.current_key

    def _on_selection_changed(self, count: int) -> None:
        if count > 1:
            self.reader.show_selection(count)
            self.setWindowTitle(f"{count} selected — Reader")
        elif self.reader.showing_selection:
            self._on_current_changed(self.list_panel.current_id)
        self.items.update_enabled()

    def _on_current_changed(self, item_id: int | None) -> None:
        if self.list_panel.selected_count() > 1:
            self.reader.show_selection(self.list_panel.selected_count())
            return
        self.reader.show_item(item_id)
        item = self.reader.item
        title = formatting.display_title(item) if item is not None else ""
        self.setWindowTitle(f"{title} — Reader" if title else "Reader")
        self.items.update_enabled()
        self.retrieval.update_enabled()

    def _on_order_changed(self, order: str) -> None:
        menus.check(self.sort_group, order)

    def _on_reached_end(self, item_id: int) -> None:
        item = self.reader.item
        if item is None or item.id != item_id:
            return
        if item.needs_full_text:  # the end of a partial text is not the end of the article
            self.offer.offer(
                f"{formatting.truncated_headline(item)}. Get the full text?",
                lambda: self.get_full_text(item_id),
                accept="Get full text",
                dismiss="Not now",
            )
            return
        self.items.set_state_of(item, "finished", announce=True)

    def get_full_text(self, item_id: int) -> None:
        """Get full text (the banner's main button, the offer at the end of a partial text):
        every route that tells no third party, in the background."""
        self.retrieval.get_full_text([item_id])

    def _offer_original(self, item_id: int, summary: str) -> None:
        """The last route: the original in the system browser (said so when none starts)."""
        try:
            item = self.library.get(item_id)
        except ReaderError:
            return
        link = original_link(item)
        if link is None:
            self.toast.inform(f"{summary}. Reader has no address to open the original at.")
            return

        def open_it() -> None:
            if self.open_external(link) is False:
                self.toast.inform(f"No web browser could be started to open {link.toString()}")

        self.offer.offer(f"{summary}. Open the original?", open_it, accept="Open original")

    def _item_id_at(self, view: QAbstractItemView, pos: QPoint) -> int | None:
        index = view.indexAt(pos)
        item = self.model.item_at(index.row()) if index.isValid() else None
        return item.id if item is not None and item.status == "ready" else None

    def _on_saved(self, item_id: int) -> None:
        if self.list_panel.current_id == item_id:
            self.reader.show_item(item_id)
            self.items.update_enabled()

    def reveal_item(self, item_id: int) -> None:
        """Select an item, switching to All (and clearing the search) if it is hidden."""
        if self.list_panel.select_item(item_id):
            return
        self.list_panel.search.clear()
        self.list_panel.run_search("")
        self.sidebar.select_view("all")
        self.list_panel.select_item(item_id)

    # ---- addresses, export, drops (the ways in are reader.ui.intake) --------------
    def show_address(self, address: str) -> None:
        """Open original found no browser: the address, ready to copy."""
        dialog = CopyAddressDialog(address, self._copy_text, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.address_dialog = dialog

    def export(self) -> None:
        """File ▸ Export…: the current view, or the selected articles."""
        selected = [item.id for item in self.list_panel.selected_items()]
        self.transfer.choose_and_export(self.model.ids(), selected)

    def _copy_text(self, text: str) -> None:
        self.watcher.note_own_copy(text)
        self.clipboard.setText(text)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.intake.accepts(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.intake.drop(event.mimeData()):
            event.acceptProposedAction()

    # ---- preferences ------------------------------------------------------------------
    def show_settings(self) -> None:
        """Ctrl+, (non-modal; edits apply at once)."""
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self.prefs, self)
            self._settings_dialog.changed.connect(
                lambda p: self.apply_preferences(replace(p, image_sites=self.prefs.image_sites))
            )
        self._settings_dialog.show()
        self._settings_dialog.raise_()

    def apply_preferences(self, prefs: Preferences) -> None:
        """Use and save new preferences."""
        prefs = prefs.normalised()
        old, self.prefs = self.prefs, prefs
        self.watcher.set_enabled(prefs.clipboard_watcher)
        menus.check(self.theme_group, prefs.theme)
        menus.check(self.mode_group, prefs.list_mode)
        if prefs.list_mode != self.list_panel.mode:
            self.list_panel.set_mode(prefs.list_mode)
        if prefs.theme != old.theme:
            self.themes.set_theme(prefs.theme)  # re-renders through _on_colours
        else:
            self.reader.set_appearance(prefs, self.themes.colours)
        try:
            self.prefs_store.save(prefs)
        except OSError as exc:
            self.statusBar().showMessage(f"Settings not saved: {exc}", 5000)

    def _on_colours(self, colours: Colours) -> None:
        self.reader.set_appearance(self.prefs, colours)

    def _allow_site_images(self, site: str) -> None:
        self.apply_preferences(replace(self.prefs, image_sites=(*self.prefs.image_sites, site)))

    # ---- notices ----------------------------------------------------------------------
    def _announce(self, text: str, undo: bool) -> None:
        if undo:
            self.toast.inform(text, "Undo", self.undo_stack.undo)
        else:
            self.toast.inform(text)

    # ---- the tray and quitting ---------------------------------------------------------
    def set_tray(self, tray: Tray | None) -> None:
        """The tray icon (None where the desktop has no tray): closing then keeps reader
        running, watching the clipboard, if the preferences say so."""
        self.tray = tray
        if tray is not None:
            tray.setVisible(True)

    @property
    def in_tray(self) -> bool:
        """Whether closing the window only hides it."""
        return self.tray is not None and self.tray.isVisible() and self.prefs.close_to_tray

    def show_from_tray(self) -> None:
        """Bring the window back."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def quit(self) -> None:
        """File ▸ Quit (and the tray's Quit): save everything, then leave the event loop."""
        self._quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None and self.tray is not None:
            app.quit()  # the tray kept the application alive: end it

    def _save_state(self) -> None:
        self.reader.save_progress()
        self.window_state.save(self, self.splitter, self.list_panel.table.horizontalHeader())

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_state()
        if self.in_tray and not self._quitting:
            event.ignore()
            self.hide()  # the clipboard watcher and running saves carry on
            if not self._told_about_tray and self.tray is not None:
                self._told_about_tray = True
                self.tray.showMessage("Reader", "Reader keeps running here; Quit is in the menu.")
            return
        self.transfer.stop()  # the fetch queue resumes the next time the app opens
        self.images.abort_all()
        self.retrieval.stop()  # what is still queued resumes on the next start
        self.tasks.shutdown(QUIT_WAIT_MS)
        if self.tray is not None:
            self.tray.hide()
        super().closeEvent(event)
