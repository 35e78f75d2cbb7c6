"""Closing to the tray keeps the clipboard watcher working; quitting saves everything."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from ui_helpers import add_articles

from reader.app import create_window
from reader.ui.preferences import Preferences, PreferencesStore


def _window(qtbot, qapp, tmp_path, library, prefs):
    store = PreferencesStore(tmp_path / "gui.json")
    store.save(prefs)
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = create_window(library, qapp, store, settings, qapp.clipboard(), lambda _u: True,
                           tray=True)  # fmt: skip
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_closing_hides_to_the_tray_and_the_watcher_still_offers_links(
    qtbot, qapp, tmp_path, library, http_server
):
    window = _window(qtbot, qapp, tmp_path, library, Preferences(close_to_tray=True))
    assert window.tray is not None and window.tray.isVisible()
    assert {a.text() for a in window.tray.menu.actions()} >= {"Show Reader", "Quit Reader"}
    window.close()
    assert not window.isVisible() and window.tray.isVisible()
    assert window.watcher.enabled
    offered = []
    window.tray.offer = lambda title, text, on_click: offered.append(on_click)  # no tray popups
    qapp.clipboard().setText(http_server.url("/article"))
    qtbot.waitUntil(lambda: bool(offered))
    offered[0]()  # clicking the message saves the link
    qtbot.waitUntil(lambda: library.counts()["all"] == 1, timeout=10000)
    window.show_from_tray()
    assert window.isVisible()
    window.quit()
    assert not window.tray.isVisible()


def test_quit_saves_the_position_and_the_layout(qtbot, qapp, tmp_path, library):
    [item_id] = add_articles(library, 1, paragraphs=80)
    window = _window(qtbot, qapp, tmp_path, library, Preferences(close_to_tray=True))
    assert window.list_panel.select_item(item_id)
    bar = window.reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setSliderPosition(bar.maximum() // 2)
    window.close()  # to the tray: the position is saved already
    assert library.get(item_id).progress.fraction > 0.3
    window.show_from_tray()
    bar.setSliderPosition(bar.maximum())
    window.quit()
    assert library.get(item_id).progress.fraction == 1.0
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    assert settings.value("window/geometry") is not None


def test_without_close_to_tray_closing_quits(qtbot, qapp, tmp_path, library):
    window = _window(qtbot, qapp, tmp_path, library, Preferences(close_to_tray=False))
    window.close()
    assert not window.tray.isVisible()
