"""What can be done to the current article: menus, shortcuts, and undo for the big moves."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from reader.core.errors import ReaderError
from reader.core.models import STATES
from reader.ui import formatting

if TYPE_CHECKING:
    from reader.core.models import Item
    from reader.core.service import Library

logger = logging.getLogger(__name__)


def original_link(item: Item) -> QUrl | None:
    """Where 'Open original' goes, as a URL for the desktop."""
    location = formatting.original_location(item)
    if location is None:
        return None
    return QUrl(location) if "://" in location else QUrl.fromLocalFile(location)


class LibraryCommand(QUndoCommand):
    """One undoable change: a pair of callables and what to refresh afterwards."""

    def __init__(
        self,
        text: str,
        do: Callable[[], object],
        undo: Callable[[], object],
        after: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self._do, self._undo, self._after = do, undo, after

    def redo(self) -> None:
        self._do()
        self._after()

    def undo(self) -> None:
        self._undo()
        self._after()


class ItemActions(QObject):
    """Actions on the current item, shared by the menu bar, the context menu and keys."""

    changed = Signal(int)  # an item changed (state, tags, flags, deleted…)
    many_changed = Signal(list)  # several items changed at once (a bulk action)
    retry_requested = Signal(int)
    announce = Signal(str, bool)  # message, offer Undo
    cannot_open = Signal(str)  # the desktop could not open this address

    def __init__(
        self,
        library: Library,
        undo_stack: QUndoStack,
        current_item: Callable[[], Item | None],
        copy_text: Callable[[str], None],
        open_external: Callable[[QUrl], object],
        parent: QWidget,
        selected_items: Callable[[], list[Item]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._undo = undo_stack
        self._current = current_item
        self._selected = selected_items or (lambda: [i for i in [current_item()] if i])
        self._copy_text = copy_text
        self._open_external = open_external
        self._window = parent

        def act(text: str, keys: str | QKeySequence.StandardKey | None, slot) -> QAction:
            action = QAction(text, parent)
            if keys is not None:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False: slot())
            parent.addAction(action)
            return action

        self.open_original = act("&Open original in browser", "O", self._open_original)
        self.copy_url = act("&Copy URL", "Ctrl+Shift+C", self._copy_url)
        self.archive = act("&Archive", "E", self._toggle_archive)
        self.favourite = act("&Favourite", "S", self._toggle_favourite)
        self.favourite.setCheckable(True)
        self.finished = act("Mark &finished", "F", lambda: self.set_state("finished"))
        self.unread = act("Mark &unread", "U", lambda: self.set_state("unread"))
        self.start_over = act("Start &over", None, self._start_over)
        self.needs_full_text = act("&Needs full text", "N", self._toggle_needs_full_text)
        self.needs_full_text.setCheckable(True)
        self.retry = act("&Retry saving", "Ctrl+R", self._retry)
        self.delete = act("&Delete", QKeySequence.StandardKey.Delete, self._delete)
        self.new_tag = act("&Add tag…", "T", self._ask_new_tag)

        self.state_menu = QMenu("&State", parent)
        group = QActionGroup(self.state_menu)
        self._state_actions: dict[str, QAction] = {}
        for state in STATES:
            action = self.state_menu.addAction(state.capitalize())
            action.setCheckable(True)
            group.addAction(action)
            action.triggered.connect(lambda _c=False, s=state: self.set_state(s))
            self._state_actions[state] = action
        self.tags_menu = QMenu("&Tags", parent)
        self.tags_menu.aboutToShow.connect(self._fill_tags_menu)

    # ---- menus ------------------------------------------------------------------------
    def fill_menu(self, menu: QMenu) -> None:
        """Put every item action into ``menu`` (the Article menu and the context menu)."""
        menu.addAction(self.open_original)
        menu.addAction(self.copy_url)
        menu.addSeparator()
        menu.addAction(self.archive)
        menu.addAction(self.favourite)
        menu.addAction(self.finished)
        menu.addAction(self.unread)
        menu.addAction(self.start_over)
        menu.addMenu(self.state_menu)
        menu.addMenu(self.tags_menu)
        menu.addAction(self.needs_full_text)
        menu.addSeparator()
        menu.addAction(self.retry)
        menu.addAction(self.delete)
        menu.aboutToShow.connect(self.update_enabled)

    def update_enabled(self) -> None:
        """Enable, check and label the actions for the current item."""
        item = self._current()
        ready = item is not None and item.status == "ready"
        for action in (self.copy_url, self.delete):
            action.setEnabled(item is not None)
        self.open_original.setEnabled(item is not None and original_link(item) is not None)
        for action in (self.archive, self.favourite, self.finished, self.unread,
                       self.needs_full_text, self.new_tag, self.start_over):  # fmt: skip
            action.setEnabled(ready)
        self.state_menu.setEnabled(ready)
        self.tags_menu.setEnabled(ready)
        self.retry.setEnabled(item is not None and item.status != "ready")
        if item is None:
            return
        self.archive.setText("Un&archive" if item.state == "archived" else "&Archive")
        self.favourite.setChecked(item.favourite)
        self.needs_full_text.setChecked(item.needs_full_text)
        self._state_actions[item.state].setChecked(True)

    # ---- operations -------------------------------------------------------------------
    def set_state(self, state: str, announce: bool = False) -> None:
        """Move the current item, or all selected ones, to a state (undoable)."""
        selection = self._ready_selection()
        if len(selection) > 1:
            items = [i for i in selection if i.state != state]
            if items:
                self._bulk_state(items, state)
            return
        item = self._current()
        if item is None or item.state == state:
            return
        self.set_state_of(item, state, announce)

    def set_state_of(self, item: Item, state: str, announce: bool = True) -> None:
        """Move an item to a state (undoable), optionally saying so with an Undo button."""
        before = item.state
        self._push(
            f"Mark {state}",
            item.id,
            lambda: self._library.set_state(item.id, state),
            lambda: self._library.set_state(item.id, before),
        )
        if announce:
            self.announce.emit(f"“{formatting.display_title(item)}” is now {state}", True)

    def set_needs_full_text(self, item_id: int, needed: bool) -> None:
        """The user's verdict on completeness (undoable)."""
        try:
            item = self._library.get(item_id)
        except ReaderError as exc:
            self.announce.emit(str(exc), False)
            return
        before, before_mark = item.needs_full_text, self._library.user_mark(item_id)
        label = "Mark needs full text" if needed else "Mark complete"
        # kept as the user's mark too: evidence for the site's next pages with this wall
        self._push(
            label,
            item_id,
            lambda: self._library.mark(item_id, "truncated" if needed else "complete"),
            lambda: self._library.restore_mark(item_id, before_mark, before),
        )

    def open_item_original(self, item_id: int) -> None:
        """Open an item's page in the system browser."""
        try:
            item = self._library.get(item_id)
        except ReaderError:
            return
        url = original_link(item)
        if url is not None and not self._open_external(url):
            # no browser (or no handler for file:): the address, ready to copy
            self.cannot_open.emit(formatting.original_location(item) or url.toString())

    def _open_original(self) -> None:
        item = self._current()
        if item is not None:
            self.open_item_original(item.id)

    def _copy_url(self) -> None:
        item = self._current()
        if item is not None:
            self._copy_text(formatting.web_address(item) or item.original_url)

    def _ready_selection(self) -> list[Item]:
        return [item for item in self._selected() if item.status == "ready"]

    def _toggle_archive(self) -> None:
        items = self._ready_selection()
        if len(items) > 1:
            archive = any(item.state != "archived" for item in items)
            self._bulk_state(items, "archived" if archive else None)
            return
        item = self._current()
        if item is None or item.status != "ready":
            return
        if item.state == "archived":
            self.set_state_of(item, "reading" if item.progress.fraction > 0 else "unread")
        else:
            self.set_state_of(item, "archived")

    def _bulk_state(self, items: list[Item], state: str | None) -> None:
        """Several items to one state (None: out of the archive), one undo step."""
        before = {item.id: item.state for item in items}

        def target(item: Item) -> str:
            if state is not None:
                return state
            return "reading" if item.progress.fraction > 0 else "unread"

        after = {item.id: target(item) for item in items}
        label = f"Mark {state}" if state else "Unarchive"
        self._push_many(
            f"{label} ({len(items)})",
            list(before),
            lambda: [self._library.set_state(i, s) for i, s in after.items()],
            lambda: [self._library.set_state(i, s) for i, s in before.items()],
        )
        verb = "archived" if state == "archived" else f"now {state or 'back from the archive'}"
        self.announce.emit(f"{len(items)} articles {verb}", True)

    def _toggle_favourite(self) -> None:
        items = self._ready_selection()
        if len(items) > 1:
            new_all = not all(item.favourite for item in items)
            before = {item.id: item.favourite for item in items}
            self._push_many(
                f"{'Favourite' if new_all else 'Unfavourite'} ({len(items)})",
                list(before),
                lambda: [self._library.set_favourite(i, new_all) for i in before],
                lambda: [self._library.set_favourite(i, f) for i, f in before.items()],
            )
            return
        item = self._current()
        if item is None or item.status != "ready":
            return
        new = not item.favourite
        self._push(
            "Favourite" if new else "Unfavourite",
            item.id,
            lambda: self._library.set_favourite(item.id, new),
            lambda: self._library.set_favourite(item.id, not new),
        )

    def _start_over(self) -> None:
        """Forget the reading position: back to unread, from the top (undoable)."""
        items = [
            i for i in self._ready_selection() if i.progress.fraction > 0 or i.state != "unread"
        ]
        if not items:
            return
        before = {i.id: (i.state, i.progress.fraction, i.progress.anchor) for i in items}

        def reset() -> None:
            for item_id in before:
                self._library.set_progress(item_id, 0.0, None)
                self._library.set_state(item_id, "unread")

        def restore() -> None:
            for item_id, (state, fraction, anchor) in before.items():
                self._library.set_progress(item_id, fraction, anchor)
                self._library.set_state(item_id, state)

        count = f" ({len(items)})" if len(items) > 1 else ""
        self._push_many(f"Start over{count}", list(before), reset, restore)

    def _toggle_needs_full_text(self) -> None:
        item = self._current()
        if item is not None and item.status == "ready":
            self.set_needs_full_text(item.id, not item.needs_full_text)

    def _retry(self) -> None:
        item = self._current()
        if item is not None and item.status != "ready":
            self.retry_requested.emit(item.id)

    def _delete(self) -> None:
        items = self._selected()
        if len(items) > 1:
            for item in [i for i in items if i.status != "ready"]:
                self._library.discard_placeholder(item.id)
                self.changed.emit(item.id)
            ids = [i.id for i in items if i.status == "ready"]
            if len(ids) == 1:
                self._delete_one(next(i for i in items if i.id == ids[0]))
            elif ids:
                self._push_many(
                    f"Delete ({len(ids)})",
                    ids,
                    lambda: [self._library.delete(i) for i in ids],
                    lambda: [self._library.undelete(i) for i in ids],
                )
                self.announce.emit(f"Deleted {len(ids)} articles", True)
            return
        item = self._current()
        if item is not None:
            self._delete_one(item)

    def _delete_one(self, item: Item) -> None:
        if item.status != "ready":  # a failed placeholder: nothing worth an undo
            self._library.discard_placeholder(item.id)
            self.changed.emit(item.id)
            return
        self._push(
            "Delete",
            item.id,
            lambda: self._library.delete(item.id),
            lambda: self._library.undelete(item.id),
        )
        self.announce.emit(f"Deleted “{formatting.display_title(item)}”", True)

    def _fill_tags_menu(self) -> None:
        menu = self.tags_menu
        menu.clear()
        item = self._current()
        if item is None:
            return
        mine = {t.casefold() for t in item.tags}
        for name, _count in self._library.tags():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name.casefold() in mine)
            action.toggled.connect(lambda on, n=name, i=item.id: self._set_tag(i, n, on))
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addAction(self.new_tag)

    def _set_tag(self, item_id: int, name: str, on: bool) -> None:
        try:
            if on:
                self._library.add_tags(item_id, [name])
            else:
                self._library.remove_tags(item_id, [name])
        except ReaderError as exc:
            self.announce.emit(str(exc), False)
        self.changed.emit(item_id)

    def _ask_new_tag(self) -> None:
        items = self._ready_selection()
        if not items:
            return
        title = "Add tags" if len(items) == 1 else f"Add tags to {len(items)} articles"
        text, ok = QInputDialog.getText(self._window, title, "Tags (comma separated):")
        names = [t.strip() for t in text.split(",") if t.strip()] if ok else []
        if names:
            self.add_tags_to(items, names)

    def add_tags_to(self, items: list[Item], names: list[str]) -> None:
        """Tag several items at once."""
        done = []
        for item in items:
            try:
                self._library.add_tags(item.id, names)
            except ReaderError as exc:
                self.announce.emit(str(exc), False)
                break
            done.append(item.id)
        if len(done) == 1:
            self.changed.emit(done[0])
        elif done:
            self.many_changed.emit(done)

    def _push(
        self, text: str, item_id: int, do: Callable[[], object], undo: Callable[[], object]
    ) -> None:
        self._push_many(text, [item_id], do, undo)

    def _push_many(
        self, text: str, ids: list[int], do: Callable[[], object], undo: Callable[[], object]
    ) -> None:
        def after() -> None:
            if len(ids) == 1:
                self.changed.emit(ids[0])
            else:
                self.many_changed.emit(list(ids))

        def guarded(fn: Callable[[], object]) -> Callable[[], object]:
            def run() -> object:
                try:
                    return fn()
                except ReaderError as exc:
                    logger.warning("%s failed: %s", text, exc)
                    self.announce.emit(f"{text} failed: {exc}", False)
                    return None

            return run

        self._undo.push(LibraryCommand(text, guarded(do), guarded(undo), after))
