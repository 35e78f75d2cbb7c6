"""Fixtures for the GUI tests: offscreen Qt, a temporary library, windows built like the app."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtWidgets import QApplication

from reader.app import create_window
from reader.core.service import Library, open_library
from reader.ui.main_window import MainWindow
from reader.ui.preferences import Preferences, PreferencesStore


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The offscreen platform warns that it cannot size or raise windows, and that it has no
    tray to dock an icon into: not our bugs."""
    here = Path(__file__).parent
    marker = pytest.mark.qt_log_ignore(
        r"^This plugin does not support (propagateSizeHints|raise)\(\)$",
        r"No such signal QPlatformNativeInterface::systemTrayWindowChanged",
    )
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(marker)


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library in a temporary file."""
    lib = open_library(tmp_path / "library.db")
    yield lib
    lib.close()


class OpenedUrls(list):
    """Records what the app asked the system browser to open."""

    works = True  # False: no browser on this desktop

    def __call__(self, url: QUrl) -> bool:
        self.append(url.toString())
        return self.works


@pytest.fixture
def opened_urls() -> OpenedUrls:
    """Stands in for QDesktopServices.openUrl."""
    return OpenedUrls()


@pytest.fixture
def make_window(
    qtbot, qapp, tmp_path: Path, library: Library, opened_urls: OpenedUrls
) -> Callable[..., MainWindow]:
    """Build (and show) a main window the way app.run does, with stores under tmp_path.

    Several windows in one test share the library file and the stores, as a restart would.
    """

    def build(prefs: Preferences | None = None, lib: Library | None = None) -> MainWindow:
        store = PreferencesStore(tmp_path / "config" / "gui.json")
        if prefs is not None:
            store.save(prefs)
        settings = QSettings(str(tmp_path / "config" / "window.ini"), QSettings.Format.IniFormat)
        window = create_window(lib or library, qapp, store, settings, qapp.clipboard(), opened_urls)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # shortcuts only reach the active window
        qtbot.waitUntil(window.isActiveWindow)
        return window

    return build


@pytest.fixture(autouse=True)
def _empty_clipboard_after_test(qapp: QApplication) -> Iterator[None]:
    """Clear the clipboard after each test.

    A QMimeData a test put on the clipboard belongs to Qt; if it is still there when the
    interpreter shuts down, Python and Qt both delete it and the process dies with SIGSEGV
    after every test has passed (seen with PySide6 6.11.3).
    """
    yield
    qapp.clipboard().clear()
