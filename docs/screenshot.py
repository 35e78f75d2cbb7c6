"""Take docs/screenshot.png: the real window on a small library, the seed article open.

Run under an X server (e.g. ``xvfb-run -s "-screen 0 1480x900x24" python docs/screenshot.py``)
to grab the window as the screen shows it; with ``QT_QPA_PLATFORM=offscreen`` the window
renders itself instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reader.app import create_window
from reader.core.service import open_library
from reader.ui.preferences import Preferences, PreferencesStore

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
SEED = CORPUS / "textdumps" / "americaone-lemonde-syndicated.txt"
OTHERS = ("bbc-1", "ars-1", "citylab-1", "aclu", "buzzfeed-1")


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationDisplayName("Reader")
    tmp = Path(tempfile.mkdtemp(prefix="reader-shot-"))
    library = open_library(tmp / "library.db")
    for name in OTHERS:
        library.add(str(CORPUS / "readability-pages" / name / "source.html"))
    ids = library.list_ids()
    library.set_progress(ids[1], 0.4)
    library.set_favourite(ids[2], True)
    library.set_state(ids[3], "finished")
    library.add_tags(ids[0], ["science"])
    seed = library.add(str(SEED), tags=["syria"]).item
    store = PreferencesStore(tmp / "gui.json")
    store.save(Preferences(theme="light", font_family="DejaVu Serif", font_size=12))
    settings = QSettings(str(tmp / "window.ini"), QSettings.Format.IniFormat)
    window = create_window(library, app, store, settings)
    window.resize(1480, 900)
    window.move(0, 0)
    window.show()
    window.list_panel.select_item(seed.id)
    window.list_panel.table.setFocus()
    out = HERE / "screenshot.png"

    def shoot() -> None:
        screen = window.screen()
        shot = screen.grabWindow(0, 0, 0, window.width(), window.height())
        if shot.isNull() or app.platformName() == "offscreen":
            shot = window.grab()
        shot.save(str(out))
        print(f"saved {out} ({shot.width()}x{shot.height()}, {app.platformName()})")
        window.close()

    QTimer.singleShot(800, shoot)
    app.exec()
    library.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
