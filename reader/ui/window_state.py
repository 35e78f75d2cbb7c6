"""Window geometry, splitter sizes and the last view, kept in an injected QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

SHARE = 0.75  # of the screen, for a first window
MINIMUM = QSize(1200, 800)  # ... but at least this much when the screen allows
MARGIN = 0.92  # never more of the screen than this for a first window
SIDEBAR = 200  # first splitter sizes: the sidebar, then the list gets this share of the rest
LIST_SHARE = 0.42


def first_size(available: QSize) -> QSize:
    """A first window: about 75 % of the screen, at least 1200×800 where that fits."""

    def side(screen: int, least: int) -> int:
        return round(max(SHARE * screen, min(least, MARGIN * screen)))

    return QSize(
        side(available.width(), MINIMUM.width()), side(available.height(), MINIMUM.height())
    )


def first_splitter_sizes(width: int) -> list[int]:
    """Sidebar, list and reader widths for a first window ``width`` pixels wide."""
    rest = max(0, width - SIDEBAR)
    listing = round(rest * LIST_SHARE)
    return [SIDEBAR, listing, rest - listing]


class WindowState:
    """Reads and writes the bits of layout the user expects to find again."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def restore(
        self, window: QMainWindow, splitter: QSplitter, header: QHeaderView | None = None
    ) -> None:
        """Apply what was saved; a first window gets a sensible share of the screen."""
        geometry = self._settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
            screen = window.screen()
            area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1600, 1000)
            size = first_size(area.size())
            window.resize(size)
            window.move(area.center() - QRect(0, 0, size.width(), size.height()).center())
        sizes = self._settings.value("window/splitter")
        if not (isinstance(sizes, QByteArray) and splitter.restoreState(sizes)):
            splitter.setSizes(first_splitter_sizes(window.width()))
        columns = self._settings.value("window/columns")
        if header is not None and isinstance(columns, QByteArray):
            header.restoreState(columns)

    def save(self, window: QMainWindow, splitter: QSplitter, header: QHeaderView | None) -> None:
        """Remember the current layout."""
        self._settings.setValue("window/geometry", window.saveGeometry())
        self._settings.setValue("window/splitter", splitter.saveState())
        if header is not None:
            self._settings.setValue("window/columns", header.saveState())
        self._settings.sync()

    @property
    def last_view(self) -> str:
        """Key of the sidebar view that was open at quit."""
        value = self._settings.value("window/view", "all")
        return value if isinstance(value, str) else "all"

    @last_view.setter
    def last_view(self, key: str) -> None:
        self._settings.setValue("window/view", key)
