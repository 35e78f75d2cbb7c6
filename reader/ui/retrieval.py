"""Getting the rest of truncated articles from the app: the Get full text action (banner, row
menu, toolbar), the background queue with progress and Cancel, Paste full text, dropping a page
onto an item, the Versions menu, and the sign-in dialogs.

The network and parsing run in a worker (reader.ui.tasks); every version is stored on the GUI
thread as it arrives, so the row, the counts and the banner change at once. The progress
widget and the drop filter are in reader.ui.retrieval_widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QClipboard
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from reader.core.errors import InvalidSourceError, ReaderError
from reader.core.retrieve.domains import host_of, site_of
from reader.core.retrieve.manager import Options, Retrieval, analyse_attachment
from reader.core.retrieve.routes import Attempt, Task
from reader.ui.retrieval_widgets import RetrievalProgress

if TYPE_CHECKING:
    from reader.core.models import Item
    from reader.core.service import Library
    from reader.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


def _work(tasks: list[Task], ctx: Any, cancel: threading.Event, progress: Callable) -> int:
    """Worker: retrieve every task, handing each item's attempts back as it finishes."""
    n = 0
    for result in Retrieval.run(tasks, ctx, cancel):
        progress(result)
        n += 1
    return n


def item_site(item: Item) -> str | None:
    """The registrable domain an item was saved from (None for files and pasted text)."""
    url = item.original_url if item.original_url.startswith("http") else item.url
    try:
        return site_of(host_of(url)) if url.startswith(("http://", "https://")) else None
    except InvalidSourceError:
        return None


class RetrievalController(QObject):
    """The retrieval actions and the background queue of one window."""

    items_changed = Signal(list)  # ids whose rows, counts and banner must be re-read
    message = Signal(str)  # a report for the user (toast)
    finished = Signal()  # the queue ran empty (or was cancelled)
    incomplete = Signal(int, str)  # one item asked for came back partial: id, what happened

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner,
        selected_items: Callable[[], list[Item]],
        clipboard: QClipboard,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.retrieval = library.retrieval
        self.tasks = tasks
        self._selected = selected_items
        self._clipboard = clipboard
        self._window = parent
        self._cancel: threading.Event | None = None
        self._waiting: list[tuple[list[int], Options]] = []
        self._done = self._total = 0
        self.reports: list[str] = []  # every report of this session, newest last
        self.progress = RetrievalProgress(parent)
        self.progress.cancel_requested.connect(self.cancel)

        def act(text: str, slot: Callable[[], object], keys: str | None = None) -> QAction:
            action = QAction(text, parent)
            if keys:
                action.setShortcut(keys)
            action.triggered.connect(lambda _checked=False: slot())
            parent.addAction(action)
            return action

        self.get_full_text_action = act("&Get full text", self.get_full_text_selected, "G")
        self.archive_action = act("Get from an &archived copy…", self._archive_selected)
        self.paste_action = act("&Paste full text", self.paste_full_text, "Ctrl+Shift+V")
        self.sign_in_action = act("Sign &in to site…", self._sign_in_current)
        self.browser_action = act("Use my &browser's sign-in…", self._browser_current)
        self.subscriptions_action = act("&Subscriptions…", self.show_subscriptions)
        self.sites_action = act("S&ites…", self.show_sites)
        self.versions_menu = QMenu("&Versions", parent)
        self.versions_menu.aboutToShow.connect(self._fill_versions)

    # ---- menus -----------------------------------------------------------------------
    def fill_menu(self, menu: QMenu) -> None:
        """The retrieval actions of an item menu (Article menu and the row's context menu)."""
        for action in (self.get_full_text_action, self.paste_action, self.sign_in_action,
                       self.browser_action, self.archive_action):  # fmt: skip
            menu.addAction(action)
        menu.addMenu(self.versions_menu)
        menu.aboutToShow.connect(self.update_enabled)

    def attach_banner(self, banner: Any) -> None:
        """'Sign in to SITE…' beside the truncated banner's Get full text."""
        self._banner_sign_in = banner.add_button("Sign in…", self._sign_in_current)
        self._banner_sign_in.setObjectName("signIn")

    def update_enabled(self) -> None:
        """Name the current item's site in the sign-in actions; enable what applies."""
        items = self._ready()
        one = items[0] if len(items) == 1 else None
        site = item_site(one) if one else None
        button = getattr(self, "_banner_sign_in", None)
        if button is not None:
            button.setText(f"Sign in to {site}…" if site else "Sign in…")
            button.setVisible(bool(one and one.needs_full_text and site))
        self.sign_in_action.setText(f"Sign &in to {site}…" if site else "Sign &in to site…")
        self.browser_action.setText(
            f"Use my &browser's sign-in for {site}…" if site else "Use my &browser's sign-in…"
        )
        for action in (self.sign_in_action, self.browser_action):
            action.setEnabled(site is not None)
        self.get_full_text_action.setEnabled(bool(items))
        self.archive_action.setEnabled(bool(items))
        self.paste_action.setEnabled(one is not None)
        self.versions_menu.setEnabled(one is not None)

    def _ready(self) -> list[Item]:
        return [i for i in self._selected() if i.status == "ready"]

    # ---- the queue -------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """True while a retrieval runs in the background."""
        return self._cancel is not None

    def get_full_text_selected(self) -> None:
        """Get full text for the selected items."""
        self.get_full_text([i.id for i in self._ready()])

    def get_full_text(self, item_ids: list[int], options: Options | None = None) -> None:
        """Queue items and retrieve them in the background (routes that tell no third party)."""
        if not item_ids:
            return
        o = options or Options()
        try:
            self.retrieval.enqueue(item_ids, o.via)
        except ReaderError as exc:
            self.message.emit(str(exc))
            return
        self._total += len(item_ids)
        if self.running:
            self._waiting.append((list(item_ids), o))
            self.progress.show_progress(self._done, self._total)
            return
        self._start(list(item_ids), o)

    def resume(self) -> None:
        """Carry on with what a previous session left queued."""
        by_route: dict[str | None, list[int]] = {}
        for item_id, via in self.retrieval.pending():
            # the browser's cookies are read only on an explicit action, never on start-up
            by_route.setdefault(None if via == "browser" else via, []).append(item_id)
        for via, ids in by_route.items():
            self.get_full_text(ids, Options(via=via))

    def _start(self, item_ids: list[int], options: Options) -> None:
        try:
            tasks = self.retrieval.plan(item_ids, options)
            ctx = self.retrieval.context()
        except ReaderError as exc:
            self.message.emit(str(exc))
            self._next()
            return
        self._cancel = threading.Event()
        self.progress.show_progress(self._done, self._total)
        self.tasks.submit(
            _work, tasks, ctx, self._cancel,
            on_progress=self._on_result, on_success=lambda _n: self._next(),
            on_error=self._on_error,
        )  # fmt: skip

    def _on_result(self, result: object) -> None:
        task, attempts = result  # type: ignore[misc]
        assert isinstance(task, Task)
        report = self.retrieval.apply(task, list[Attempt](attempts))
        self._done += 1
        self.progress.show_progress(self._done, self._total)
        self.reports.append(report.text())
        self.items_changed.emit([report.item_id])
        summary = "; ".join(report.lines)
        if report.outcome != "complete" and self._total == 1:
            self.incomplete.emit(report.item_id, summary)  # route 6: offer the original
        else:
            self.message.emit(f"{report.title[:60]}: {summary}")

    def _on_error(self, error: BaseException) -> None:
        logger.warning("retrieval stopped: %s", error)
        self.message.emit(f"Getting the full text stopped: {error}")
        self._next()

    def _next(self) -> None:
        self._cancel = None
        if self._waiting:
            ids, options = self._waiting.pop(0)
            self._start(ids, options)
            return
        self._done = self._total = 0
        self.progress.hide()
        self.finished.emit()

    def stop(self) -> None:
        """Stop at the next item (quitting): the queue stays, to resume on the next start."""
        self._waiting.clear()
        if self._cancel is not None:
            self._cancel.set()

    def cancel(self) -> None:
        """Stop after the items in flight; what is still queued is marked cancelled."""
        self._waiting.clear()
        if self._cancel is not None:
            self._cancel.set()
        self.retrieval.cancel_pending()
        self.message.emit("Getting the full text was cancelled.")

    # ---- routes that need a word from the user ---------------------------------------
    def _archive_selected(self) -> None:
        items = self._ready()
        if not items:
            return
        from reader.core.retrieve.archive import archive_name

        name = archive_name(self.retrieval.archive_endpoint())
        answer = QMessageBox.question(
            self._window,
            "Get from an archived copy",
            f"Ask {name} for an archived copy? This tells {name} the address of "
            f"{'this article' if len(items) == 1 else f'these {len(items)} articles'}.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.get_full_text([i.id for i in items], Options(via="archive"))

    def _current(self) -> Item | None:
        items = self._ready()
        return items[0] if len(items) == 1 else None

    def _sign_in_current(self) -> None:
        item = self._current()
        site = item_site(item) if item else None
        if item is not None and site is not None:
            self.sign_in(site, item.id)

    def sign_in(self, site: str, item_id: int | None = None) -> bool:
        """'Sign in to SITE…': save credentials, then get the item's full text with them."""
        from reader.ui.retrieval_dialogs import SignInDialog

        dialog = SignInDialog(self.retrieval, site, self._window)
        if not dialog.exec():
            return False
        if item_id is not None:
            self.get_full_text([item_id], Options(via="subscription"))
        return True

    def _browser_current(self) -> None:
        item = self._current()
        site = item_site(item) if item else None
        if item is None or site is None:
            return
        from reader.ui.retrieval_dialogs import BrowserSignInDialog

        dialog = BrowserSignInDialog(site, self._window)
        if dialog.exec():
            options = Options(via="browser", browser=dialog.source(), remember=dialog.remember)
            self.get_full_text([item.id], options)

    def show_subscriptions(self) -> None:
        """The Subscriptions dialog: every saved credential, add and remove."""
        from reader.ui.retrieval_dialogs import SubscriptionsDialog

        SubscriptionsDialog(self.retrieval, self._window).exec()

    def show_sites(self) -> None:
        """The Sites view: the per-domain ledger with a bar per site."""
        from reader.ui.retrieval_dialogs import SitesDialog

        SitesDialog(self.retrieval.domains(), self._window).exec()

    # ---- text handed over (route 3) --------------------------------------------------
    def paste_full_text(self) -> None:
        """Attach the clipboard's HTML (or else its text) to the selected item."""
        item = self._current()
        if item is None:
            return
        mime = self._clipboard.mimeData()
        if mime is not None and mime.hasHtml() and mime.html().strip():
            self.attach(item.id, mime.html().encode("utf-8"), "html", "clipboard")
        elif mime is not None and mime.hasText() and mime.text().strip():
            self.attach(item.id, mime.text().encode("utf-8"), "text", "clipboard")
        else:
            self.message.emit("The clipboard holds no text to attach.")

    def attach_file(self, item_id: int, path: str) -> None:
        """A .html/.txt dropped onto an item becomes a version of it."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.message.emit(f"Cannot read {path}: {exc.strerror or exc}")
            return
        kind = "text" if path.lower().endswith(".txt") else "html"
        self.attach(item_id, data, kind, "text" if kind == "text" else "file")

    def attach(self, item_id: int, data: bytes, kind: str, origin: str) -> None:
        """Analyse in the background, store on the GUI thread."""
        try:
            url = self.library.get(item_id).original_url
        except ReaderError as exc:
            self.message.emit(str(exc))
            return

        def stored(article: object) -> None:
            try:
                report = self.retrieval.store_attachment(item_id, article, data, origin)  # type: ignore[arg-type]
            except ReaderError as exc:
                self.message.emit(str(exc))
                return
            self.items_changed.emit([item_id])
            self.message.emit(f"{report.title[:60]}: " + "; ".join(report.lines))

        self.tasks.submit(
            analyse_attachment, data, url, kind, on_success=stored,
            on_error=lambda exc: self.message.emit(f"Nothing attached: {exc}"),
        )  # fmt: skip

    # ---- versions --------------------------------------------------------------------
    def _fill_versions(self) -> None:
        self.versions_menu.clear()
        item = self._current()
        if item is None:
            return
        try:
            versions = self.retrieval.versions(item.id)
        except ReaderError:
            return
        for v in versions:
            status = {"free": "complete", "paywalled_full": "complete"}.get(v.status, v.status)
            text = f"{v.number}. {v.fetched_at[:16].replace('T', ' ')} · {v.origin} · " \
                   f"{status} · {v.word_count:,} words"  # fmt: skip
            action = self.versions_menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(v.current)
            action.triggered.connect(lambda _c=False, n=v.number, i=item.id: self.use_version(i, n))

    def use_version(self, item_id: int, number: int) -> None:
        """Show another version (progress re-anchored, tags kept)."""
        try:
            self.retrieval.use_version(item_id, number)
        except ReaderError as exc:
            self.message.emit(str(exc))
            return
        self.items_changed.emit([item_id])
