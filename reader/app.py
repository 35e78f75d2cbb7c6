"""The composition root of the desktop app: builds the library, the services and the window.

``reader`` (no command) and ``reader gui`` call :func:`run`. Nothing else in the GUI
creates long-lived services; everything is passed down through constructors.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer, QUrl
from PySide6.QtGui import QClipboard, QDesktopServices, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from reader import __version__
from reader.core.errors import ReaderError
from reader.core.redact import install_log_redaction
from reader.core.resources import resource_path
from reader.core.service import Library, open_library
from reader.ui.main_window import MainWindow
from reader.ui.preferences import PreferencesStore
from reader.ui.tasks import TaskRunner
from reader.ui.themes import ThemeManager, icon
from reader.ui.tray import Tray

logger = logging.getLogger(__name__)

APP_ID = "reader"


def default_preferences_path() -> Path:
    """Where the GUI keeps its preferences (next to, not inside, the library)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_ID, appauthor=False)) / "gui.json"


def create_window(
    library: Library,
    app: QApplication,
    prefs_store: PreferencesStore,
    settings: QSettings,
    clipboard: QClipboard | None = None,
    open_external: Callable[[QUrl], object] = QDesktopServices.openUrl,
    tray: bool | None = None,
) -> MainWindow:
    """Wire one main window (tests call this with temporary stores)."""
    themes = ThemeManager(app)  # the window applies the theme its preferences name
    tasks = TaskRunner()
    window = MainWindow(
        library=library,
        prefs_store=prefs_store,
        settings=settings,
        tasks=tasks,
        themes=themes,
        clipboard=clipboard or app.clipboard(),
        open_external=open_external,
    )
    tasks.setParent(window)
    if QSystemTrayIcon.isSystemTrayAvailable() if tray is None else tray:
        window.set_tray(
            Tray(app.windowIcon() if not app.windowIcon().isNull() else icon("reader"),
                 window.show_from_tray, window.intake.paste, window.quit, window)
        )  # fmt: skip
        app.setQuitOnLastWindowClosed(False)  # closing to the tray is not quitting
    return window


def _install_excepthook(app: QApplication) -> None:
    """Bugs in slots end up here instead of vanishing: logged, then shown."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        logger.critical("unexpected error", exc_info=(kind, exc, tb))
        if isinstance(exc, KeyboardInterrupt):
            app.quit()
            return
        QMessageBox.critical(None, "Reader: unexpected error", f"{kind.__name__}: {exc}")

    sys.excepthook = hook


def _quit_on_signals(app: QApplication) -> QTimer:
    """Ctrl+C in the terminal or SIGTERM at logout close the window properly.

    Python runs signal handlers only when it gets control, so a timer hands it control
    twice a second while Qt's event loop runs.
    """

    def quit_app(_signum: int, _frame: object) -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.quit()  # saves the reading position, waits briefly for saves
        app.quit()

    signal.signal(signal.SIGINT, quit_app)
    signal.signal(signal.SIGTERM, quit_app)
    timer = QTimer()
    timer.timeout.connect(lambda: None)
    timer.start(500)
    return timer


def run(db: str | None = None, argv: Sequence[str] | None = None) -> int:
    """Open the library at ``db`` (default: the user's) in the desktop app; the exit code."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    install_log_redaction()  # no cookie, token or URL password in any log line
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv or [APP_ID]))
    app.setApplicationName(APP_ID)
    app.setOrganizationName(APP_ID)
    app.setApplicationDisplayName("Reader")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(QIcon(str(resource_path("ui", "icons", "reader.svg"))))
    try:
        library = open_library(db)
    except ReaderError as exc:
        QMessageBox.critical(None, "Reader", f"Cannot open the library:\n{exc}")
        return 1
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_ID, "window")
    window = create_window(library, app, PreferencesStore(default_preferences_path()), settings)
    _install_excepthook(app)
    signal_timer = _quit_on_signals(app)
    window.show()
    try:
        return app.exec()
    finally:
        signal_timer.stop()
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        sys.excepthook = sys.__excepthook__
        library.close()
