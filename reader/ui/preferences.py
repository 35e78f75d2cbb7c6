"""The user's GUI preferences: a typed dataclass kept in a small JSON file. Qt-free.

Window geometry and splitter sizes are not preferences; they live in QSettings
(:mod:`reader.ui.window_state`).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

THEMES = ("system", "light", "dark", "sepia")
LIST_MODES = ("cards", "table")


@dataclass(frozen=True)
class Preferences:
    """Everything the settings dialog edits."""

    font_family: str = "serif"
    font_size: int = 13  # points
    line_height: int = 150  # percent
    column_width: int = 42  # ems
    theme: str = "system"  # system | light | dark | sepia
    clipboard_watcher: bool = True
    auto_save: bool = False  # save copied URLs without asking
    close_to_tray: bool = True  # closing the window keeps reader in the tray (if there is one)
    list_mode: str = "cards"  # cards | table
    image_sites: tuple[str, ...] = field(default_factory=tuple)  # hosts whose images may load

    def normalised(self) -> Preferences:
        """Clamp values a hand-edited file may have broken."""
        return replace(
            self,
            font_size=min(max(int(self.font_size), 8), 40),
            line_height=min(max(int(self.line_height), 100), 250),
            column_width=min(max(int(self.column_width), 20), 120),
            theme=self.theme if self.theme in THEMES else "system",
            list_mode=self.list_mode if self.list_mode in LIST_MODES else "cards",
            image_sites=tuple(sorted({str(s).lower() for s in self.image_sites})),
        )


class PreferencesStore:
    """Loads and saves :class:`Preferences` at one path (the composition root picks it)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> Preferences:
        """The saved preferences, or the defaults when the file is missing or unreadable."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Preferences()
        except (OSError, ValueError) as exc:
            logger.warning("ignoring unreadable preferences %s: %s", self.path, exc)
            return Preferences()
        if not isinstance(data, dict):
            return Preferences()
        known = {f.name for f in fields(Preferences)}
        values: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        if "image_sites" in values:
            values["image_sites"] = tuple(values["image_sites"] or ())
        try:
            return Preferences(**values).normalised()
        except (TypeError, ValueError) as exc:
            logger.warning("ignoring invalid preferences %s: %s", self.path, exc)
            return Preferences()

    def save(self, prefs: Preferences) -> None:
        """Write atomically (a crash never leaves half a file)."""
        data = asdict(prefs.normalised())
        data["image_sites"] = list(data["image_sites"])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
