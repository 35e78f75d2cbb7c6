"""Light, dark and sepia: the application palette, its stylesheet and the reading colours."""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from reader.core.resources import resource_path
from reader.ui.article_html import THEME_COLOURS, Colours

logger = logging.getLogger(__name__)

# (window, base, alternate base, text, button, highlight, highlighted text, placeholder)
_PALETTES = {
    "light": ("#f3f3f3", "#ffffff", "#f7f7f9", "#1f2328", "#ececec", "#2f6fde", "#ffffff",
              "#8b949e"),
    "dark": ("#2b2d30", "#1e1f22", "#25272a", "#dcdcdc", "#3a3c40", "#3d6fd1", "#ffffff",
             "#7d8590"),
    "sepia": ("#ebe1c9", "#f4ecd8", "#efe5cd", "#433422", "#e2d6b9", "#a0652a", "#ffffff",
              "#8f7d62"),
}  # fmt: skip


# The icons' line colour in the SVG files, replaced by each theme's own ink
ICON_INK = "#6b7280"
_INK = {"light": "#4b5563", "dark": "#c9ced6", "sepia": "#5c4a33"}
_ICON_SIZES = (16, 24, 32, 48)


def icon(name: str, ink: str | None = None) -> QIcon:
    """An SVG icon from resources/ui/icons, its lines drawn in ``ink`` when given."""
    path = resource_path("ui", "icons", f"{name}.svg")
    if ink is None:
        return QIcon(str(path))
    try:
        svg = path.read_text(encoding="utf-8").replace(ICON_INK, ink)
    except OSError as exc:
        logger.warning("icon %s not loaded: %s", path, exc)
        return QIcon()
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    out = QIcon()
    for size in _ICON_SIZES:
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        out.addPixmap(pixmap)
    return out


def _palette(theme: str) -> QPalette:
    window, base, alt, text, button, highlight, on_highlight, muted = map(QColor, _PALETTES[theme])
    palette = QPalette()
    role = QPalette.ColorRole
    for r, colour in (
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, alt),
        (role.Text, text),
        (role.Button, button),
        (role.ButtonText, text),
        (role.Highlight, highlight),
        (role.HighlightedText, on_highlight),
        (role.PlaceholderText, muted),
        (role.ToolTipBase, base),
        (role.ToolTipText, text),
        (role.Link, highlight),
    ):
        palette.setColor(r, colour)
    disabled = QColor(muted)
    for r in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, r, disabled)
    return palette


def _reading_rules(colours: Colours) -> str:
    """The reading pane's colours as style rules: a new stylesheet restyles every widget at
    once, where a palette set on one widget is overridden by the next stylesheet."""
    return f"QTextBrowser#article {{ background: {colours.background}; color: {colours.text}; }}\n"


class ThemeManager(QObject):
    """Applies a theme to the application and follows the system when asked to."""

    changed = Signal(object)  # Colours for the reading pane

    def __init__(self, app: QApplication, theme: str = "system") -> None:
        super().__init__(app)
        self._app = app
        self._theme = theme
        self._stylesheets: dict[str, str] = {}
        self._tinted: list[tuple[QAction, str]] = []
        hints = QGuiApplication.styleHints()
        hints.colorSchemeChanged.connect(self._on_system_changed)

    @property
    def effective(self) -> str:
        """'light', 'dark' or 'sepia' (what 'system' stands for right now)."""
        if self._theme in _PALETTES:
            return self._theme
        scheme = QGuiApplication.styleHints().colorScheme()
        return "dark" if scheme == Qt.ColorScheme.Dark else "light"

    @property
    def colours(self) -> Colours:
        """The reading colours of the effective theme."""
        return THEME_COLOURS[self.effective]

    def set_theme(self, theme: str) -> None:
        """Switch theme ('system', 'light', 'dark' or 'sepia')."""
        self._theme = theme
        self.apply()

    def apply(self) -> None:
        """Set the palette and stylesheet of the whole application."""
        effective = self.effective
        self._app.setPalette(_palette(effective))
        self._app.setStyleSheet(self._stylesheet(effective))
        self._tinted = [(a, n) for a, n in self._tinted if shiboken6.isValid(a)]
        for action, name in self._tinted:
            action.setIcon(icon(name, _INK[effective]))
        self.changed.emit(self.colours)

    def set_icon(self, action: QAction, name: str) -> None:
        """Give ``action`` the icon ``name``, drawn in the theme's ink (again on each change)."""
        self._tinted.append((action, name))
        action.setIcon(icon(name, _INK[self.effective]))

    def _stylesheet(self, theme: str) -> str:
        if theme not in self._stylesheets:
            parts = []
            for name in ("base", theme):
                path = resource_path("ui", f"{name}.qss")
                try:
                    parts.append(path.read_text(encoding="utf-8"))
                except OSError as exc:
                    logger.warning("stylesheet %s not loaded: %s", path, exc)
            parts.append(_reading_rules(THEME_COLOURS[theme]))
            self._stylesheets[theme] = "\n".join(parts)
        return self._stylesheets[theme]

    def _on_system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self._theme == "system":
            self.apply()
