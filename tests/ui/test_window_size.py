"""A first window opens at a sensible share of the screen, with room for titles."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QSize

from reader.app import create_window
from reader.ui.preferences import PreferencesStore
from reader.ui.window_state import first_size, first_splitter_sizes


def test_first_size_is_three_quarters_of_the_screen_or_at_least_1200x800() -> None:
    assert first_size(QSize(1920, 1080)) == QSize(1440, 810)
    assert first_size(QSize(2560, 1440)) == QSize(1920, 1080)
    assert first_size(QSize(1366, 768)) == QSize(1200, 707)  # 1200 fits; 800 does not
    assert first_size(QSize(1024, 600)) == QSize(942, 552)  # a small screen: most of it


def test_first_window_fills_its_share_and_gives_the_list_room(qtbot, qapp, tmp_path, library):
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    store = PreferencesStore(tmp_path / "gui.json")
    window = create_window(library, qapp, store, settings, qapp.clipboard(), lambda _u: True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = window.screen().availableGeometry().size()
    assert window.size() == first_size(screen)  # the offscreen screen is 800×600
    assert window.width() >= 0.75 * screen.width() and window.height() >= 0.75 * screen.height()
    sidebar, listing, reader = window.splitter.sizes()
    assert listing >= 0.3 * window.width() and reader >= 0.3 * window.width()
    assert 150 <= sidebar <= 260


def test_splitter_sizes_for_a_wide_window() -> None:
    sidebar, listing, reader = first_splitter_sizes(1440)
    assert sidebar == 200 and listing >= 500 and reader > listing
