"""Starting the window: `run()` for the `vetorbase` command, `build_main_window()` for tests."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from vetorbase.gui.i18n import install_language
from vetorbase.gui.settings import app_settings, load_prefs
from vetorbase.gui.style import apply_style
from vetorbase.gui.window import MainWindow


def default_base_path() -> str | Path:
    """$VETORBASE_BASE (a folder or a server URL, kept as text: a Path would fold the
    URL's "//"), else the per-user default folder."""
    from vetorbase.paths import default_base_dir
    from vetorbase.store.locations import is_url

    location = default_base_dir()
    return location if is_url(location) else Path(location)


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Vetorbase")
        app.setOrganizationName("vetorbase")
    apply_style(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def build_main_window(base_path: str | Path, *, settings: QSettings | None = None,
                      synchronous: bool = False) -> MainWindow:
    """A window on `base_path`, creating the base with the preferred embedder when missing."""
    ensure_app()
    settings = settings if settings is not None else app_settings()
    install_language(load_prefs(settings).language)
    window = MainWindow(settings, synchronous=synchronous)
    window.open_base(base_path, create=True)
    return window


def run(base_path: str | None = None) -> int:
    """The desktop app: qasync runs asyncio on Qt's loop so UI actions may be coroutines."""
    import qasync

    app = ensure_app()
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    window = build_main_window(base_path or default_base_path())  # a folder or a server URL
    window.show()
    closing = asyncio.Event()
    app.aboutToQuit.connect(closing.set)
    with loop:
        loop.run_until_complete(closing.wait())
    return 0
