"""The window's side of server bases: Connect to server…, reopening one from Open recent,
and asking for a password when a server refuses to open a base without one.

The window keeps a server base as its redacted URL (the recent list, the pending-files
key, the title); the password travels beside it as a `Secret` and is never joined back
into the URL. A recent server base is reopened through the connect dialog, which first
tries without asking (libpq's ~/.pgpass, PGPASSWORD, the keyring, or a password that
already worked in this run) and waits for the person only if the server wants one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

from vetorbase.errors import AuthenticationFailed
from vetorbase.gui.connectdialog import ConnectDialog
from vetorbase.gui.passwords import Secret, forget_password
from vetorbase.store.locations import is_url, parse, password_of, redact


def split_location(location: str | os.PathLike[str], password: Secret | None = None) -> tuple[str | Path, Secret]:
    """(where the base lives, its password): a folder resolved, a URL without its password.

    A URL given with a password in it (`VETORBASE_BASE`, the command line) has the password
    moved out here, before the URL reaches a title, a setting or a message."""
    text = os.fspath(location)
    if not is_url(text):
        return Path(text).expanduser().resolve(), password or Secret(None)
    return redact(text), password or Secret(password_of(text))


def title_parts(location: str | Path) -> tuple[str, str]:
    """(short name, full place) for the window title and the view's header."""
    if isinstance(location, str) and is_url(location):
        return parse(location).base, redact(location)
    path = Path(location)
    return path.name or str(path), str(path)


def connect_to_server(window: Any, *, url: str = "", reason: str = "", auto: bool = False) -> ConnectDialog:
    """File › Connect to server…; with `auto` it connects at once (Open recent)."""
    dialog = ConnectDialog(window, url=url, reason=reason)
    dialog.connected.connect(lambda u, password, create: window.open_base(u, password=password, create=create))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.connect_dialog = dialog  # the open dialog, for tests
    dialog.open()
    if auto:
        dialog.start()
    return dialog


def reopen_recent(window: Any, location: str) -> None:
    """Open recent: a server base through the connect dialog, which asks for the password
    only if the server wants one; a folder at once, or dropped from the list if it is gone."""
    from vetorbase.store import VectorBase

    if is_url(location):
        connect_to_server(window, url=location, auto=True)
        return
    if not VectorBase.exists(location):
        window._set_prefs(window.prefs.without_recent(location))
        window.notify("error", QCoreApplication.translate(
            "MainWindow", "%1 is no longer a Vetorbase base (moved or deleted); it was removed "
                          "from Open recent. The current base stays open.").replace("%1", location))
        return
    window.open_base(location)


def on_open_failed(window: Any, view: Any, exc: BaseException) -> None:
    """A server base the server would not open without (another) password: ask for it."""
    if view is not window.view or not isinstance(exc, AuthenticationFailed) or not view.is_server:
        return
    forget_password(str(view.base_path))
    reason = QCoreApplication.translate("ConnectDialog", "The server asks for a password for %1. Type it and "
                                                         "press Connect.").replace("%1", str(view.base_path))
    connect_to_server(window, url=str(view.base_path), reason=reason)
