"""The main window's menus, toolbar and shortcut sheet, set up over its panels.

Like a Qt Designer ``setupUi``: :func:`setup` builds the menu bar once and leaves on the
window the actions and groups it later reads (``paste_action``, the View menu's choice
groups, ``menus``, ``shortcut_tasks``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from reader import __version__
from reader.ui.dialogs import ShortcutSheet

if TYPE_CHECKING:
    from reader.ui.dialogs import ShortcutTask
    from reader.ui.main_window import MainWindow


def setup(window: MainWindow) -> None:
    """Build the window's menu bar, its retrieval toolbar and the shortcut sheet's list."""
    bar = window.menuBar()
    file = bar.addMenu("&File")
    add = _action(window, file, "&Add URL…", "Ctrl+L", window.intake.show_add_url)
    window.paste_action = _action(
        window, file, "Save from &clipboard", QKeySequence.StandardKey.Paste, window.intake.paste
    )
    open_file = _action(
        window, file, "&Open file…", QKeySequence.StandardKey.Open, window.intake.open_files
    )
    file.addSeparator()
    window.import_action = _action(
        window, file, "&Import…", "Ctrl+Shift+I", window.transfer.choose_and_import
    )
    window.export_action = _action(window, file, "&Export…", "Ctrl+Shift+E", window.export)
    file.addSeparator()
    quit_action = _action(window, file, "&Quit", QKeySequence.StandardKey.Quit, window.quit)

    edit = bar.addMenu("&Edit")
    undo = window.undo_stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo = window.undo_stack.createRedoAction(window, "&Redo")
    redo.setShortcut(QKeySequence.StandardKey.Redo)
    edit.addActions([undo, redo])
    edit.addSeparator()
    search = _action(window, edit, "&Search", "/", window.list_panel.focus_search)
    settings = _action(window, edit, "Se&ttings…", "Ctrl+,", window.show_settings)

    view = bar.addMenu("&View")
    following = _action(
        window, view, "&Next article", "J", lambda: window.list_panel.select_next(1)
    )
    previous = _action(
        window, view, "&Previous article", "K", lambda: window.list_panel.select_next(-1)
    )
    page_down = _action(window, view, "Page &down", "Space", lambda: window.reader.page(1))
    page_up = _action(window, view, "Page &up", "Shift+Space", lambda: window.reader.page(-1))
    view.addSeparator()
    window.sort_group = _choices(
        view.addMenu("&Sort by"),
        (
            ("added", "Added"),
            ("published", "Published"),
            ("title", "Title"),
            ("progress", "Progress"),
        ),
        "",
        lambda k: window.list_panel.sort_by(k),
    )
    view.addSeparator()
    window.mode_group = _choices(
        view,
        (("cards", "List as &cards"), ("table", "Compact &table")),
        window.prefs.list_mode,
        lambda k: window.apply_preferences(replace(window.prefs, list_mode=k)),
    )
    window.theme_group = _choices(
        view.addMenu("&Theme"),
        (
            ("system", "Follow the system"),
            ("light", "Light"),
            ("dark", "Dark"),
            ("sepia", "Sepia"),
        ),
        window.prefs.theme,
        lambda k: window.apply_preferences(replace(window.prefs, theme=k)),
    )

    items = window.items
    for action, name in ((add, "add"), (window.paste_action, "paste"), (search, "search"),
                         (settings, "settings"), (items.archive, "archive"),
                         (items.favourite, "favourite"), (items.delete, "delete"),
                         (items.open_original, "open-original")):  # fmt: skip
        window.themes.set_icon(action, name)
    article = bar.addMenu("&Article")
    window.items.fill_menu(article)
    article.addSeparator()
    window.retrieval.fill_menu(article)
    context = QMenu(window)
    window.retrieval.fill_menu(context)  # Get full text first, where a partial text waits
    context.addSeparator()
    window.items.fill_menu(context)
    window.list_panel.set_context_menu(context)
    window.reader.selection.set_actions(
        [("Archive", items.archive), ("Favourite", items.favourite),
         ("Mark finished", items.finished), ("Mark unread", items.unread),
         ("Add tags…", items.new_tag), ("Delete", items.delete)]
    )  # fmt: skip
    view.addSeparator()
    view.addAction(window.retrieval.sites_action)
    edit.addAction(window.retrieval.subscriptions_action)
    toolbar = window.addToolBar("Retrieval")
    toolbar.setObjectName("retrievalToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(window.retrieval.get_full_text_action)
    window.themes.set_icon(window.retrieval.get_full_text_action, "get-full-text")
    window.retrieval.attach_banner(window.reader.banner)

    help_menu = bar.addMenu("&Help")
    keys = _action(
        window, help_menu, "&Keyboard shortcuts", ["?", "Shift+?"], lambda: _show_shortcuts(window)
    )
    _action(window, help_menu, "&About Reader", None, lambda: _show_about(window))
    window.menus = [file, edit, view, article, help_menu]
    # The '?' sheet: keys grouped by task, under names that do not change with the
    # actions' live text ("Redo Mark archived (5)").
    window.shortcut_tasks: list[ShortcutTask] = [
        ("Reading", [("Page down", page_down), ("Page up", page_up),
                     ("Open the original", items.open_original),
                     ("Mark finished", items.finished), ("Mark unread", items.unread),
                     ("Needs full text", items.needs_full_text),
                     ("Get full text", window.retrieval.get_full_text_action),
                     ("Paste full text", window.retrieval.paste_action)],
         [("Space at the end of a partial text", "Offers Get full text")]),
        ("List", [("Next article", following), ("Previous article", previous),
                  ("Search", search), ("Archive", items.archive),
                  ("Favourite", items.favourite), ("Add tags", items.new_tag),
                  ("Delete", items.delete), ("Copy the address", items.copy_url)],
         [("↓ / ↑", "Next / previous article"),
          ("Esc", "In search: clear it and go back to the list")]),
        ("Saving", [("Add a URL", add), ("Save from the clipboard", window.paste_action),
                    ("Save a file", open_file), ("Retry a failed save", items.retry)],
         [("Enter / Esc", "In a save offer: save / dismiss")]),
        ("App", [("Undo", undo), ("Redo", redo), ("Settings", settings),
                 ("Keyboard shortcuts", keys), ("Quit", quit_action)], []),
    ]  # fmt: skip


def _action(
    window: MainWindow, menu: QMenu, text: str, keys: object, slot: Callable[[], object]
) -> QAction:
    action = menu.addAction(text)
    if isinstance(keys, list | tuple):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif keys is not None:
        action.setShortcut(QKeySequence(keys))  # type: ignore[arg-type]
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)  # shortcuts work with the menu bar hidden too
    return action


def _choices(
    menu: QMenu, choices: tuple[tuple[str, str], ...], current: str, pick: Callable[[str], Any]
) -> QActionGroup:
    """One checkable action per (key, label), ``current`` checked; choosing one calls pick."""
    group = QActionGroup(menu)
    for key, label in choices:
        action = menu.addAction(label)
        action.setCheckable(True)
        action.setChecked(key == current)
        action.setData(key)
        group.addAction(action)
        action.triggered.connect(lambda _c=False, k=key: pick(k))
    return group


def check(group: QActionGroup, key: str) -> None:
    """Check the group's action for ``key`` (and only it)."""
    for action in group.actions():
        action.setChecked(action.data() == key)


def _show_shortcuts(window: MainWindow) -> None:
    """The '?' sheet."""
    sheet = ShortcutSheet(window.shortcut_tasks, window)
    sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    sheet.show()


def _show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        "About Reader",
        f"<b>Reader {__version__}</b><p>A reading list that knows when an article is "
        "not all there.</p>",
    )
