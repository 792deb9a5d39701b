"""Window fixtures: a temporary INI QSettings, a window on a fresh base, no Qt warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from guihelpers import open_window
from PySide6.QtCore import QSettings, QtMsgType
from vetorbase.gui.window import MainWindow

# The offscreen platform plugin says "This plugin does not support propagateSizeHints()"
# (every top-level window), "... raise()" and "... grabbing the keyboard" (popups such as a
# completer's): about the test platform, not the app.
KNOWN_PLATFORM_NOISE = ("This plugin does not support ",)
WARNING_TYPES = (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)


@pytest.fixture(autouse=True)
def no_qt_warnings(qtlog):
    yield
    bad = [r.message for r in qtlog.records
           if r.type in WARNING_TYPES and not any(n in r.message for n in KNOWN_PLATFORM_NOISE)]
    assert not bad, f"Qt warnings: {bad}"


@pytest.fixture
def qsettings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, base_dir: Path, qsettings: QSettings) -> MainWindow:
    return open_window(qtbot, base_dir, qsettings)
