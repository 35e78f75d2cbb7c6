"""Settings: typography, theme and the clipboard. Changes apply as they are made."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QGroupBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from reader.ui.preferences import THEMES, Preferences

_THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark", "sepia": "Sepia"}


class SettingsDialog(QDialog):
    """Non-modal; emits :attr:`changed` with new preferences on every edit."""

    changed = Signal(object)  # Preferences

    def __init__(self, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings")
        self._prefs = prefs

        self.font_family = QFontComboBox(self)
        self.font_family.setCurrentFont(QFont(prefs.font_family))
        self.font_size = self._spin(8, 40, prefs.font_size, " pt")
        self.line_height = self._spin(100, 250, prefs.line_height, " %", step=10)
        self.column_width = self._spin(20, 120, prefs.column_width, " em", step=2)
        self.theme = QComboBox(self)
        for key in THEMES:
            self.theme.addItem(_THEME_LABELS[key], key)
        self.theme.setCurrentIndex(THEMES.index(prefs.theme))
        reading = QGroupBox("Reading", self)
        form = QFormLayout(reading)
        form.addRow("Font", self.font_family)
        form.addRow("Size", self.font_size)
        form.addRow("Line height", self.line_height)
        form.addRow("Column width", self.column_width)
        form.addRow("Theme", self.theme)

        self.watcher = QCheckBox("Offer to save links I copy in other apps", self)
        self.watcher.setChecked(prefs.clipboard_watcher)
        self.auto_save = QCheckBox("Save copied links without asking", self)
        self.auto_save.setChecked(prefs.auto_save)
        self.auto_save.setEnabled(prefs.clipboard_watcher)
        self.close_to_tray = QCheckBox(
            "Close to the tray: keep watching the clipboard when the window is closed", self
        )
        self.close_to_tray.setChecked(prefs.close_to_tray)
        clipboard = QGroupBox("Clipboard", self)
        box = QVBoxLayout(clipboard)
        box.addWidget(self.watcher)
        box.addWidget(self.auto_save)
        box.addWidget(self.close_to_tray)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(reading)
        layout.addWidget(clipboard)
        layout.addWidget(buttons)

        self.font_family.currentFontChanged.connect(self._emit)
        for spin in (self.font_size, self.line_height, self.column_width):
            spin.valueChanged.connect(self._emit)
        self.theme.currentIndexChanged.connect(self._emit)
        self.watcher.toggled.connect(self._emit)
        self.watcher.toggled.connect(self.auto_save.setEnabled)
        self.auto_save.toggled.connect(self._emit)
        self.close_to_tray.toggled.connect(self._emit)

    def _spin(self, low: int, high: int, value: int, suffix: str, step: int = 1) -> QSpinBox:
        spin = QSpinBox(self)
        spin.setRange(low, high)
        spin.setSingleStep(step)
        spin.setSuffix(suffix)
        spin.setValue(value)
        return spin

    def preferences(self) -> Preferences:
        """What the dialog shows now."""
        return replace(
            self._prefs,
            font_family=self.font_family.currentFont().family(),
            font_size=self.font_size.value(),
            line_height=self.line_height.value(),
            column_width=self.column_width.value(),
            theme=str(self.theme.currentData()),
            clipboard_watcher=self.watcher.isChecked(),
            auto_save=self.auto_save.isChecked(),
            close_to_tray=self.close_to_tray.isChecked(),
        )

    def _emit(self, *_args: object) -> None:
        self._prefs = self.preferences()
        self.changed.emit(self._prefs)
