"""Take docs/screenshots/*.png from the REAL window: light, dark, sepia, list and truncated.

Run under an X server, as a new user would see the app:

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/screenshots.py

The library holds the seed (a truncated Le Monde text dump) and a dozen pages of the shared
corpus (``../shared/corpus``; without it, the pages in ``tests/fixtures``), one failed save
and some reading done. Each picture is grabbed from the screen (the window manager-less X
server shows exactly what Qt drew); on another platform the window renders itself.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from reader.app import create_window
from reader.core.service import Library, open_library
from reader.ui.main_window import MainWindow
from reader.ui.preferences import Preferences, PreferencesStore

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "screenshots"
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURES = REPO / "tests" / "fixtures"
SEED = FIXTURES / "americaone-lemonde-syndicated.txt"
PAGES = (
    "readability-pages/bbc-1/source.html",
    "readability-pages/lemonde-1/source.html",
    "readability-pages/ars-1/source.html",
    "readability-pages/citylab-1/source.html",
    "readability-pages/aclu/source.html",
    "readability-pages/buzzfeed-1/source.html",
    "readability-pages/wikipedia/source.html",
    "readability-pages/nytimes-1/source.html",
    "paywall/free/mercury__www.al.com.html",
    "paywall/paywalled-truncated/trafilatura__aoc.media.archaisme.html",
    "paywall/paywalled-full/trafilatura__die-tagespost.de.Demut.html",
    "paywall/paywalled-truncated/trafilatura__Volksstimme.ch-loehne.html",
)
SIZE = (1440, 900)
SETTLE_MS = 700


def sources() -> list[Path]:
    """A dozen corpus pages, or the test fixtures on a clone without ../shared."""
    found = [CORPUS / page for page in PAGES if (CORPUS / page).is_file()]
    return found or sorted(FIXTURES.glob("*.html"))


def fill(library: Library) -> dict[str, int]:
    """Save the pages, the seed last (on top); some reading done, one failed save."""
    for path in sources():
        library.add(str(path))
    ids = library.list_ids()
    library.set_progress(ids[0], 0.35)
    library.set_state(ids[0], "reading")
    library.set_progress(ids[2], 0.7)
    library.set_favourite(ids[3], True)
    library.set_state(ids[5], "finished")
    library.add_tags(ids[1], ["science"])
    failed = library.add_placeholder("https://news.example.org/2026/11/budget-vote")
    library.mark_failed(failed.id, "HTTP 503 Service Unavailable from news.example.org")
    seed = library.add(str(SEED), tags=["syria"]).item
    free = next(i for i in library.list_items() if i.paywall.status == "free")
    return {"seed": seed.id, "free": free.id, "failed": failed.id}


def grab(app: QApplication, widget: QWidget) -> QPixmap:
    """What the screen shows of ``widget``."""
    screen = widget.screen()
    origin = widget.mapToGlobal(widget.rect().topLeft())
    shot = screen.grabWindow(0, origin.x(), origin.y(), widget.width(), widget.height())
    if shot.isNull() or app.platformName() != "xcb":
        shot = widget.grab()
    return shot


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Reader")
    if app.platformName() != "xcb":
        print(f"note: platform {app.platformName()!r}, not a real X window", file=sys.stderr)
    OUT.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="reader-shots-"))
    library = open_library(tmp / "library.db")
    ids = fill(library)
    store = PreferencesStore(tmp / "gui.json")
    store.save(Preferences(theme="light", font_family="DejaVu Serif", font_size=12))
    settings = QSettings(str(tmp / "window.ini"), QSettings.Format.IniFormat)
    window: MainWindow = create_window(library, app, store, settings, tray=False)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()

    def theme(name: str, item: str) -> Callable[[], None]:
        def step() -> None:
            window.apply_preferences(replace(window.prefs, theme=name))
            window.list_panel.select_item(ids[item])
            window.list_panel.view.setFocus()

        return step

    def save(name: str, widget: Callable[[], QWidget]) -> Callable[[], None]:
        def step() -> None:
            shot = grab(app, widget())
            path = OUT / f"{name}.png"
            shot.save(str(path))
            print(f"saved {path.relative_to(REPO)} ({shot.width()}x{shot.height()})")

        return step

    def details() -> None:
        window.reader.banner.details_button.setChecked(True)

    steps: list[Callable[[], None]] = [
        theme("light", "free"),
        save("light", lambda: window),
        theme("dark", "free"),
        save("dark", lambda: window),
        theme("sepia", "free"),
        save("sepia", lambda: window),
        theme("light", "seed"),
        save("list", lambda: window.list_panel),
        details,
        save("truncated", lambda: window),
        window.quit,
        app.quit,
    ]

    def run(n: int = 0) -> None:
        steps[n]()
        if n + 1 < len(steps):
            QTimer.singleShot(SETTLE_MS, lambda: run(n + 1))

    QTimer.singleShot(SETTLE_MS, run)
    app.exec()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
