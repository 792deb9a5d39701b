"""The window on a PostgreSQL base: Connect to server…, recent servers, secrets, live changes.

Everything runs against the suite's real PostgreSQL server (tests/pgserver.py, password
authentication on): a wrong password is a real refusal, a stopped port is a real
connection failure, and the "other host" is another process with its own origin.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from guihelpers import open_window, record_stall, screenshot, wait_ingested
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid
from vetorbase.gui import passwords
from vetorbase.gui.app import build_main_window
from vetorbase.gui.connectdialog import ConnectDialog
from vetorbase.gui.passwords import Secret
from vetorbase.gui.probe import StallProbe
from vetorbase.gui.serverconnect import split_location
from vetorbase.gui.serverrequests import ProbeServer
from vetorbase.gui.window import MainWindow
from vetorbase.store import VectorBase, registry
from vetorbase.store.locations import is_url, password_of, redact

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _forget_passwords():
    """Each test starts as a fresh run of the program: no password held in memory; at the
    end its windows are closed, then this process's server bases (one connection each)."""
    passwords._this_run.clear()
    yield
    passwords._this_run.clear()
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.close()
    for key, base in list(registry._instances.items()):
        if is_url(key):
            base.close()


def _fill(dialog: ConnectDialog, url: str, base: str) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.url_edit.setText(url)
    dialog.url_edit.editingFinished.emit()
    if base:
        dialog.base_name.setText(base)


def _server_parts(pg_server) -> tuple[str, str]:
    """(URL without password, the password) of the test server's database."""
    url = pg_server.url()
    return redact(url), password_of(url)


def _server_base(pg_server, suffix: str, *, create: bool = False) -> tuple[str, str, str, str]:
    """(server URL and password, base name, base URL) of a base for this test, made if asked."""
    url, secret = _server_parts(pg_server)
    name = f"win_{os.getpid()}_{suffix}"
    location = f"{url}?base={name}"
    if create:
        VectorBase.open(location, create=True, dim=512, embedder_id="local:use-multilingual-v3",
                        password=secret).close()
    return url, secret, name, location


@pytest.fixture
def no_saved_password(monkeypatch, tmp_path):
    """Neither PGPASSWORD nor a ~/.pgpass: the server's password must come from the window."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


def _settings_text(settings: QSettings) -> str:
    """Every key and value QSettings holds, and the file on disk, as one text."""
    settings.sync()
    keys = settings.allKeys()
    values = " ".join(f"{k}={settings.value(k)!r}" for k in keys)
    return values + Path(settings.fileName()).read_text(errors="replace")


# -- the dialog on its own -----------------------------------------------------------------------
def test_the_form_builds_a_url_without_the_password(qtbot):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.host.setText("db.example.org")
    dialog.port.setValue(5433)
    dialog.database.setText("docs")
    dialog.user.setText("ana")
    dialog.sslmode.setCurrentIndex(dialog.sslmode.findData("require"))
    dialog.password.setText("hunter2")
    url = dialog.url()
    assert url == "postgresql://ana@db.example.org:5433/docs?sslmode=require&base=default"
    assert "hunter2" not in url and "hunter2" not in repr(Secret("hunter2"))
    assert "hunter2" not in repr(ProbeServer(url, Secret("hunter2")))  # requests may be printed
    dialog.base_name.setText("bad name; DROP TABLE x")
    dialog.start()
    assert dialog.level == "error" and "bad name" in dialog.status.text() and not dialog.busy
    assert "hunter2" not in dialog.status.text()


def test_a_password_typed_into_the_url_is_moved_out_of_it(qtbot):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, "postgresql://ana:s3cr%40t@127.0.0.1:5432/docs?base=papers", "papers")
    assert dialog.password.text() == "s3cr@t" and dialog.base_name.text() == "papers"
    assert dialog.url_edit.text() == "postgresql://ana@127.0.0.1:5432/docs"
    dialog.base_name.setText("notes")
    assert dialog.url() == "postgresql://ana@127.0.0.1:5432/docs?base=notes"
    location, secret = split_location("postgresql://ana:pw1@h/db?base=b")
    assert location == "postgresql://ana@h/db?base=b" and secret.value == "pw1"


def test_the_keyring_option_is_offered_only_when_a_keyring_works(qtbot):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    assert dialog.remember.isHidden() is (not passwords.keyring_available())
    try:
        import keyring  # noqa: F401
    except ImportError:
        assert not passwords.keyring_available() and dialog.remember.isHidden()


def test_a_server_that_is_down_is_a_clear_retryable_message(qtbot, pg_server):
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _fill(dialog, f"postgresql://vetorbase@127.0.0.1:{port}/vetorbase", "default")
    dialog.password.setText("not-the-secret-xyz")
    dialog.start()
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20000)
    text = dialog.status.text()
    assert dialog.level == "error" and "cannot be reached" in text and "try again" in text, text
    assert "not-the-secret-xyz" not in text and dialog.isVisible()
    assert dialog.connect_button.isEnabled()


def test_a_connection_that_hangs_can_be_cancelled(qtbot, pg_server, artifacts_dir):
    """A server that accepts but never answers: Cancel gives the dialog back at once."""
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        _fill(dialog, f"postgresql://vetorbase@127.0.0.1:{silent.getsockname()[1]}/vetorbase", "default")
        probe = StallProbe().start()
        dialog.start()
        qtbot.wait(500)
        assert dialog.busy and not dialog.connect_button.isEnabled()
        assert probe.ticks >= 10  # the window's event loop kept running while the server was silent
        started = time.monotonic()
        dialog.cancel()
        assert time.monotonic() - started < 1.0  # not the 10 s connect_timeout: the attempt is left behind
        record_stall(artifacts_dir, "server-connect-hanging", probe.stop())
        assert not dialog.busy and dialog.connect_button.isEnabled() and dialog.isVisible()
        assert "Cancelled" in dialog.status.text()
        dialog.reject()


# -- the window on a server base -----------------------------------------------------------------
def _connect(qtbot, window, url: str, base: str, password: str | None, *, create: bool = False) -> ConnectDialog:
    file_menu = window.menuBar().actions()[0].menu()
    next(a for a in file_menu.actions() if "server" in a.text().lower()).trigger()  # File › Connect to server…
    box = window.connect_dialog
    _fill(box, url, base)
    box.password.setText(password or "")
    box.create_missing.setChecked(create)
    box.start()
    qtbot.waitUntil(lambda: not box.busy, timeout=30000)
    return box


def _wait_open(qtbot, window, location: str) -> None:
    qtbot.waitUntil(lambda: window.view is not None and window.view.base_path == location
                    and window.view.is_open and window.view.documents.model.loaded_once, timeout=60000)


def test_wrong_password_then_right_one_opens_the_server_base_and_nothing_secret_is_kept(
        qtbot, base_dir, qsettings, pg_server, artifacts_dir, no_saved_password, caplog, capfd):
    caplog.set_level(logging.DEBUG)  # every logger, every level: none may carry the password
    url, secret, name, location = _server_base(pg_server, "a")
    window = open_window(qtbot, base_dir, qsettings)
    box = _connect(qtbot, window, url, name, "wrong-password-123", create=True)
    assert box.level == "error" and box.isVisible(), box.status.text()
    assert "refused" in box.status.text() and "wrong-password-123" not in box.status.text()
    screenshot(box, artifacts_dir, "server-connect-dialog-wrong-password")
    box.password.setText(secret)
    box.start()
    _wait_open(qtbot, window, location)
    assert not isValid(box) or not box.isVisible()  # closed (and deleted) once connected
    view = window.view
    assert view.is_server and secret not in window.windowTitle() and location in window.windowTitle()
    assert view.title.text() == name and view.subtitle.full_text == location
    assert window.prefs.recent_bases[0] == location
    text = _settings_text(qsettings)
    assert location in text and secret not in text and "wrong-password-123" not in text
    assert secret not in repr(view.session) and secret not in window.statusBar().currentMessage()
    base = VectorBase.open(location, password=secret)
    qtbot.waitUntil(lambda: view.overview is not None and view.overview.stats.chunks == base.count(), timeout=10000)
    screenshot(window, artifacts_dir, "server-window-empty")
    out, err = capfd.readouterr()
    for text in (caplog.text, out, err):
        assert secret not in text and "wrong-password-123" not in text


def test_a_recent_server_base_reopens_and_asks_for_the_password_only_when_needed(
        qtbot, base_dir, qsettings, pg_server, no_saved_password):
    _url, secret, _name, location = _server_base(pg_server, "b", create=True)
    location = location.replace("?base=", "?sslmode=disable&base=")  # an "&" in the menu's text
    window = open_window(qtbot, base_dir, qsettings)
    window._set_prefs(window.prefs.with_recent(location))
    entry = next(a for a in window.recent_menu.actions() if a.text().replace("&&", "&") == location)
    entry.trigger()  # nothing remembered: the server asks, the dialog says so
    box = window.connect_dialog
    qtbot.waitUntil(lambda: not box.busy, timeout=30000)
    assert box.level == "error" and "asks for a password" in box.status.text() and box.isVisible()
    assert window.view.base_path == base_dir.resolve()  # the folder base is still open
    box.password.setText(secret)
    box.start()
    _wait_open(qtbot, window, location)
    window.open_recent(str(base_dir.resolve()))
    _wait_open(qtbot, window, base_dir.resolve())
    window.open_recent(location)  # the password worked in this run: not asked again
    _wait_open(qtbot, window, location)
    assert secret not in _settings_text(qsettings)


@pytest.mark.parametrize("libpq_way", ["PGPASSWORD", "pgpass"])
def test_with_libpqs_own_password_nothing_is_asked(qtbot, base_dir, qsettings, pg_server, monkeypatch, tmp_path,
                                                   libpq_way):
    _url, secret, _name, location = _server_base(pg_server, f"c{libpq_way[:2]}", create=True)
    if libpq_way == "PGPASSWORD":  # libpq's own ways; the window sends no password
        monkeypatch.setenv("PGPASSWORD", secret)
    else:
        monkeypatch.delenv("PGPASSWORD", raising=False)
        pgpass = tmp_path / "pgpass"
        pgpass.write_text(f"127.0.0.1:{pg_server.port}:*:vetorbase:{secret}\n")
        pgpass.chmod(0o600)
        monkeypatch.setenv("PGPASSFILE", str(pgpass))
    window = open_window(qtbot, base_dir, qsettings)
    window.open_recent(location)
    _wait_open(qtbot, window, location)
    assert not window.view.session.password
    note = tmp_path / "rivers.txt"
    note.write_text("Rivers carry water from the mountains to the sea. " * 3, encoding="utf-8")
    window.add_paths([str(note)])  # the window writes to the server base as to a folder
    assert wait_ingested(qtbot, window) == {"added": 1}
    base = VectorBase.open(location)
    qtbot.waitUntil(lambda: window.view.overview.stats.chunks == base.count() > 0, timeout=10000)
    assert base.documents()[0].added_by.startswith("vetorbase-window@")


WRITER = textwrap.dedent("""
    import sys, numpy as np
    from vetorbase.store import VectorBase
    base = VectorBase.open(sys.argv[1], origin="alice@otherhost")
    rng = np.random.default_rng(7)
    for i in range(3):
        base.add_document(f"/srv/shared/report-{i}.txt", [f"report {i} about rivers"],
                          rng.standard_normal((1, 512)).astype("float32"))
    print(base.count())
""")


def test_another_hosts_commits_appear_in_the_window(qtbot, base_dir, qsettings, pg_server, artifacts_dir):
    url, secret, name, location = _server_base(pg_server, "d", create=True)
    base = VectorBase.open(location, password=secret)
    window = open_window(qtbot, base_dir, qsettings)
    box = _connect(qtbot, window, url, name, secret)
    _wait_open(qtbot, window, location)
    view = window.view
    qtbot.waitUntil(lambda: view.watcher.running, timeout=5000)
    env = {**os.environ, "PGPASSWORD": secret, "PYTHONPATH": str(REPO / "app")}
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", WRITER, location], env=env, capture_output=True, text=True,
                         timeout=120, check=True)
    written = time.monotonic() - started
    assert int(out.stdout.split()[-1]) == 3 and secret not in out.stdout + out.stderr
    qtbot.waitUntil(lambda: view.overview is not None and view.overview.stats.documents == 3, timeout=5000)
    shown_after = time.monotonic() - started - written
    assert view.overview.stats.chunks == base.count() == 3
    assert view.documents.model.total == base.document_count() == 3
    assert "<b>3</b> documents" in view.key_stats.text()
    qtbot.waitUntil(lambda: "alice@otherhost" in window.notice_bar.text, timeout=5000)
    assert "report-0.txt" in window.notice_bar.text
    assert view.watcher.events >= 1  # told by the server, not found by a poll
    print(f"\n[server window] writer took {written:.2f} s; the window showed it {shown_after:.2f} s later")
    screenshot(window, artifacts_dir, "server-window-live-change")
    window.open_recent(str(base_dir.resolve()))  # switching bases stops the listener
    _wait_open(qtbot, window, base_dir.resolve())
    assert not view.watcher.running
    assert box is not None


class MemoryKeyring:
    """A keyring backend living in this process (the machine has no Secret Service):
    the `keyring` package itself, its API and its backend selection are the real ones."""

    @staticmethod
    def make():
        from keyring.backend import KeyringBackend

        class _Memory(KeyringBackend):
            priority = 1

            def __init__(self) -> None:
                super().__init__()
                self.store: dict[tuple[str, str], str] = {}

            def get_password(self, service, username):
                return self.store.get((service, username))

            def set_password(self, service, username, password):
                self.store[(service, username)] = password

            def delete_password(self, service, username):
                self.store.pop((service, username), None)

        return _Memory()


def test_the_keyring_remembers_the_password_when_asked_and_forgets_a_refused_one(
        qtbot, base_dir, qsettings, pg_server, no_saved_password):
    import keyring  # the optional extra; the test dependencies install it
    url, secret, name, location = _server_base(pg_server, "k")
    previous = keyring.get_keyring()
    memory = MemoryKeyring.make()
    keyring.set_keyring(memory)
    try:
        window = open_window(qtbot, base_dir, qsettings)
        file_menu = window.menuBar().actions()[0].menu()
        next(a for a in file_menu.actions() if "server" in a.text().lower()).trigger()
        box = window.connect_dialog
        assert not box.remember.isHidden() and box.remember.isEnabled()
        _fill(box, url, name)
        box.password.setText(secret)
        box.create_missing.setChecked(True)
        box.remember.setChecked(True)
        box.start()
        _wait_open(qtbot, window, location)
        assert memory.store == {("vetorbase", url): secret}  # one entry per server and user
        assert secret not in _settings_text(qsettings)
        passwords._this_run.clear()  # the next run of the program
        window.open_recent(str(base_dir.resolve()))
        _wait_open(qtbot, window, base_dir.resolve())
        window.open_recent(location)  # the keyring's password: nothing asked
        _wait_open(qtbot, window, location)
        passwords._this_run.clear()
        memory.store[("vetorbase", url)] = "changed-on-the-server"
        window.open_recent(str(base_dir.resolve()))
        _wait_open(qtbot, window, base_dir.resolve())
        window.open_recent(location)
        box = window.connect_dialog
        qtbot.waitUntil(lambda: not box.busy, timeout=30000)
        assert box.level == "error" and "refused" in box.status.text()
        assert "changed-on-the-server" not in box.status.text()
        assert memory.store == {}  # the refused password is not offered again
        box.reject()
    finally:
        keyring.set_keyring(previous)


def test_the_window_says_when_the_server_went_away_and_catches_up_when_it_is_back(
        qtbot, base_dir, qsettings, pg_server):
    url, secret, name, location = _server_base(pg_server, "r", create=True)
    base = VectorBase.open(location, password=secret)
    window = open_window(qtbot, base_dir, qsettings)
    _connect(qtbot, window, url, name, secret)
    _wait_open(qtbot, window, location)
    view = window.view
    qtbot.waitUntil(lambda: view.watcher.running, timeout=5000)
    pg_server.stop()
    try:
        qtbot.waitUntil(lambda: "Lost the connection to the server" in window.notice_bar.text, timeout=20000)
        assert window.notice_bar.level == "warning" and secret not in window.notice_bar.text
    finally:
        pg_server.start()
    qtbot.waitUntil(lambda: "Connected to the server again" in window.notice_bar.text, timeout=20000)
    env = {**os.environ, "PGPASSWORD": secret, "PYTHONPATH": str(REPO / "app")}
    subprocess.run([sys.executable, "-c", WRITER, location], env=env, capture_output=True, text=True,
                   timeout=120, check=True)
    qtbot.waitUntil(lambda: view.overview is not None and view.overview.stats.documents == 3, timeout=10000)
    assert view.overview.stats.chunks == base.count() == 3
    qtbot.waitUntil(lambda: "alice@otherhost" in window.notice_bar.text, timeout=5000)


def test_a_server_base_given_at_start_without_its_password_asks_for_it(
        qtbot, qsettings, pg_server, no_saved_password):
    """`VETORBASE_BASE=postgresql://…` with no password and no ~/.pgpass: the window opens
    the connect dialog saying why, instead of leaving only an error behind."""
    _url, secret, _name, location = _server_base(pg_server, "s", create=True)
    window = build_main_window(location, settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: getattr(window, "connect_dialog", None) is not None, timeout=30000)
    box = window.connect_dialog
    assert box.level == "error" and "asks for a password" in box.status.text()
    assert box.url() == location
    box.password.setText(secret)
    box.start()
    _wait_open(qtbot, window, location)
    assert secret not in window.windowTitle() and secret not in _settings_text(qsettings)


def test_a_server_url_in_vetorbase_base_reaches_the_window_intact(monkeypatch):
    from vetorbase.gui.app import default_base_path

    url = "postgresql://me@db.example:5432/app?base=docs"
    monkeypatch.setenv("VETORBASE_BASE", url)
    assert default_base_path() == url
    monkeypatch.setenv("VETORBASE_BASE", "/srv/bases/docs")
    assert str(default_base_path()) == "/srv/bases/docs"
