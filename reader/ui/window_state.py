"""Window geometry, splitter sizes and the last view, kept in an injected QSettings."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter


class WindowState:
    """Reads and writes the bits of layout the user expects to find again."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def restore(
        self, window: QMainWindow, splitter: QSplitter, header: QHeaderView | None = None
    ) -> None:
        """Apply what was saved, if anything."""
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        sizes = self._settings.value("window/splitter")
        if isinstance(sizes, QByteArray):
            splitter.restoreState(sizes)
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
