"""Look and feel: Fusion with the system's light/dark palette, a small style sheet, the icon."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from vetorbase.gui.assets import resource_dir

FALLBACK_QSS = ""


def _resource_text(name: str) -> str | None:
    try:
        return (resource_dir() / name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None


def app_icon() -> QIcon:
    """The packaged icon when present, else a standard Qt one."""
    try:
        path = resource_dir() / "vetorbase.svg"
        if path.is_file():
            icon = QIcon(str(path))
            if not icon.isNull():
                return icon
    except (ModuleNotFoundError, OSError):
        pass
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)


def dark_palette() -> QPalette:
    """Used only when the system asks for dark but its platform theme gives a light palette."""
    p = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#202326", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#17191b", QPalette.ColorRole.AlternateBase: "#1f2225",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2a2e32",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d8fd6",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.ToolTipBase: "#2a2e32",
        QPalette.ColorRole.ToolTipText: "#e6e6e6", QPalette.ColorRole.PlaceholderText: "#8c9196",
        QPalette.ColorRole.Mid: "#4a4f55", QPalette.ColorRole.Midlight: "#33383d",
        QPalette.ColorRole.Dark: "#101214", QPalette.ColorRole.Light: "#3a3f44",
        QPalette.ColorRole.Link: "#6cb2f0", QPalette.ColorRole.BrightText: "#ffffff",
    }
    for role, color in colors.items():
        p.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7f84"))
    return p


def follow_color_scheme(app: QApplication, scheme: Qt.ColorScheme | None = None) -> None:
    """Match the system's light/dark choice (or `scheme`), now and whenever it changes."""
    hints = QGuiApplication.styleHints()
    if scheme is None:
        scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    platform_is_dark = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if scheme == Qt.ColorScheme.Dark and not platform_is_dark:
        app.setPalette(dark_palette())
    elif scheme != Qt.ColorScheme.Dark and platform_is_dark and app.property("vetorbaseDark"):
        app.setPalette(app.style().standardPalette())
    app.setProperty("vetorbaseDark", scheme == Qt.ColorScheme.Dark and not platform_is_dark)
    app.setStyleSheet(app.styleSheet())  # palette(...) in the sheet is resolved when it is set


def apply_style(app: QApplication) -> None:
    """Fusion, the palette of the system's light/dark scheme, a sheet written with palette roles."""
    app.setStyle("Fusion")
    app.setStyleSheet(_resource_text("window.qss") or FALLBACK_QSS)
    app.setWindowIcon(app_icon())
    follow_color_scheme(app)
    if not app.property("vetorbaseFollowsScheme") and hasattr(QGuiApplication.styleHints(), "colorSchemeChanged"):
        QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _s: follow_color_scheme(app))
        app.setProperty("vetorbaseFollowsScheme", True)
