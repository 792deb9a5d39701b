"""Look and feel: Fusion with the system's light/dark palette, a small style sheet, the icon."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

FALLBACK_QSS = ""


def _resource_text(name: str) -> str | None:
    try:
        return resources.files("vetorbase.resources").joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return None


def app_icon() -> QIcon:
    """The packaged icon when present, else a standard Qt one."""
    try:
        path = resources.files("vetorbase.resources").joinpath("vetorbase.svg")
        if path.is_file():
            icon = QIcon(str(path))
            if not icon.isNull():
                return icon
    except (ModuleNotFoundError, OSError):
        pass
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)


def apply_style(app: QApplication) -> None:
    """Fusion follows the platform colour scheme (light/dark) in Qt 6.5+; the sheet uses palette roles."""
    app.setStyle("Fusion")
    app.setStyleSheet(_resource_text("window.qss") or FALLBACK_QSS)
    app.setWindowIcon(app_icon())
