"""File › Connect to server…: a base on a PostgreSQL server, with its password kept secret.

The form builds a libpq URL *without* the password (locations.server_url), or takes one
typed whole; a password typed into the URL is moved into the password field at once.
The password travels only as `password=` (a `Secret`), so it never reaches QSettings,
titles, the recent list or a message. An empty password is never sent: libpq then uses
~/.pgpass or PGPASSWORD, and the dialog asks for one only when the server says it needs
it. The connection attempt runs on the dialog's own worker thread, bounded by libpq's
connect_timeout, and Cancel walks away from it at once.
"""

from __future__ import annotations

import asyncio
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import AuthenticationFailed, ConnectionFailed, InvalidInput, ServerUnavailable
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import UiTask, spawn
from vetorbase.gui.passwords import (
    Secret,
    forget_password,
    keep_for_this_run,
    keyring_available,
    remember_password,
    saved_password,
)
from vetorbase.gui.serverrequests import ProbeServer, ServerProbe
from vetorbase.gui.worker import Worker
from vetorbase.store.locations import DEFAULT_BASE_NAME, is_url, parse, password_of, redact, server_url, with_base

_LEADING_URL = re.compile(r"^postgres(?:ql)?://\S+?:\s+")
SSL_MODES = ("prefer", "disable", "allow", "require", "verify-ca", "verify-full")


def scrub(text: str, password: Secret) -> str:
    """`text` with the password (should any library or driver ever echo it) masked."""
    return text.replace(password.value, "***") if password.value else text


class ConnectDialog(QDialog):
    """Asks for a server base; `connected(url, password, create)` when the server let us in."""

    connected = Signal(str, object, bool)  # redacted URL, Secret, create the base

    def __init__(self, parent: QWidget | None = None, *, url: str = "", reason: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Connect to a server"))
        self.setMinimumWidth(520)
        self.level = ""  # "", "busy", "error", "ok": what the status line says, for tests
        self.url_connected: str | None = None
        self._task: UiTask | None = None
        self._future: asyncio.Future | None = None
        # No Qt parent: an attempt abandoned by Cancel may still be running when the dialog is gone.
        self._worker = Worker(ServerProbe())

        intro = QLabel(self.tr("A base kept in a PostgreSQL database, shared by every computer that "
                               "connects to it. The password is only kept in memory, or in the system "
                               "keyring if you ask."))
        intro.setWordWrap(True)
        self.host = QLineEdit("localhost")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit()
        self.database.setPlaceholderText(self.tr("the database's name"))
        self.user = QLineEdit()
        self.user.setPlaceholderText(self.tr("your user name on the computer, if empty"))
        self.sslmode = QComboBox()
        ssl_texts = (self.tr("prefer: encrypt if the server offers it"), self.tr("disable: never encrypt"),
                     self.tr("allow: encrypt only if the server demands it"), self.tr("require: always encrypt"),
                     self.tr("verify-ca: encrypt and check the certificate"),
                     self.tr("verify-full: encrypt, check the certificate and the host name"))
        for mode, text in zip(SSL_MODES, ssl_texts):
            self.sslmode.addItem(text, mode)
        details = QWidget()
        form = QFormLayout(details)
        form.addRow(self.tr("Host"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Database"), self.database)
        form.addRow(self.tr("User"), self.user)
        form.addRow(self.tr("SSL mode"), self.sslmode)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://user@host:5432/database?sslmode=require")
        self.url_edit.editingFinished.connect(self._url_edited)
        url_help = QLabel(self.tr("Any libpq URL. A password written in it is moved to the password field "
                                  "and never stored."))
        url_help.setWordWrap(True)
        url_help.setObjectName("muted")
        url_page = QWidget()
        url_layout = QVBoxLayout(url_page)
        url_layout.addWidget(self.url_edit)
        url_layout.addWidget(url_help)
        url_layout.addStretch(1)
        self.tabs = QTabWidget()
        self.tabs.addTab(details, self.tr("Server details"))
        self.tabs.addTab(url_page, self.tr("URL"))

        self.base_name = QLineEdit(DEFAULT_BASE_NAME)
        self.base_name.setToolTip(self.tr("Several bases can share one database; each has a name."))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("empty: use ~/.pgpass or PGPASSWORD"))
        self.remember = QCheckBox(self.tr("Remember the password in the system keyring"))
        self.remember.setVisible(keyring_available())
        self.remember.setEnabled(keyring_available())
        self.create_missing = QCheckBox(self.tr("Create the base if it does not exist yet"))
        common = QFormLayout()
        common.addRow(self.tr("Base name"), self.base_name)
        common.addRow(self.tr("Password"), self.password)
        common.addRow("", self.remember)
        common.addRow("", self.create_missing)

        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.status = QLabel(reason)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText(self.tr("Connect"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs)
        layout.addLayout(common)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        if url:
            self.set_url(url)
        if reason:
            self.level = "error"
            self.password.setFocus()

    # -- the location ------------------------------------------------------------------------
    def set_url(self, url: str) -> None:
        """Show `url` in the URL tab (its password, if any, goes to the password field)."""
        self.url_edit.setText(url)
        self.tabs.setCurrentIndex(1)
        self._url_edited()

    def _url_edited(self) -> None:
        """Move the password to its field and `base=` to the base name's, so each is in one place."""
        text = self.url_edit.text().strip()
        if not is_url(text):
            return
        secret = password_of(text)
        if secret:
            self.password.setText(secret)
        parts = urlsplit(redact(text))
        query = parse_qsl(parts.query, keep_blank_values=True)
        names = [v for k, v in query if k == "base"]
        if names:
            self.base_name.setText(names[-1])
        rest = urlencode([(k, v) for k, v in query if k != "base"])
        cleaned = urlunsplit((parts.scheme, parts.netloc, parts.path, rest, ""))
        if cleaned != text:
            self.url_edit.setText(cleaned)

    def url(self) -> str:
        """The base's URL, without a password; InvalidInput says what to fix in the form."""
        base = self.base_name.text().strip() or DEFAULT_BASE_NAME
        if self.tabs.currentIndex() == 1:
            self._url_edited()
            text = self.url_edit.text().strip()
            if not is_url(text):
                raise InvalidInput(self.tr("A server URL starts with postgresql:// (for example "
                                           "postgresql://user@host:5432/database)."))
            url = with_base(text, base)
        else:
            host = self.host.text().strip()
            database = self.database.text().strip()
            if not host:
                raise InvalidInput(self.tr("Type the server's host name or address."))
            if not database:
                raise InvalidInput(self.tr("Type the name of the database on the server."))
            mode = self.sslmode.currentData()
            url = server_url(host=host, port=self.port.value(), dbname=database, user=self.user.text().strip() or None,
                             base=base, **({"sslmode": mode} if mode != "prefer" else {}))
        parse(url)  # checks the base name
        return redact(url)

    # -- connecting --------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def start(self) -> None:
        """Connect: validate the form, then ask the server on the dialog's worker."""
        if self.busy:
            return
        try:
            url = self.url()
        except InvalidInput as exc:
            self._show("error", str(exc))
            return
        typed = Secret(self.password.text())
        password = typed or saved_password(url)
        self._set_busy(True)
        self._show("busy", self.tr("Connecting to %1…").replace("%1", url))
        self._task = spawn(self._connect(url, password, typed_password=bool(typed)), self._failed_unexpectedly)

    async def _connect(self, url: str, password: Secret, *, typed_password: bool) -> None:
        self._future = self._worker.run(ProbeServer(url, password))
        try:
            exists = await self._future
        except AuthenticationFailed as exc:
            self._set_busy(False)
            if not typed_password and password:
                forget_password(url)  # the keyring's password no longer works
            if not password:
                text = self.tr("The server asks for a password for %1. Type it and press Connect.")
            else:
                text = self.tr("The server refused this user or password for %1. Check them and try again.")
            self._show("error", scrub(text.replace("%1", url) + self._detail(exc), password))
            self.password.setFocus()
            self.password.selectAll()
            return
        except ServerUnavailable as exc:
            self._set_busy(False)
            self._show("error", scrub(self.tr("The server of %1 cannot be reached now. Check that it runs and that "
                                              "this computer may reach it, then press Connect to try again.")
                                      .replace("%1", url) + self._detail(exc), password))
            return
        except (ConnectionFailed, InvalidInput) as exc:
            self._set_busy(False)
            self._show("error", scrub(fmt.describe(exc), password))
            return
        self._set_busy(False)
        create = self.create_missing.isChecked()
        if not exists and not create:
            self._show("error", self.tr("The database has no base named %1. Check the name, or tick "
                                        "\"Create the base…\" to create it.").replace("%1", parse(url).base))
            return
        keep_for_this_run(url, password)
        if typed_password and self.remember.isChecked():
            remember_password(url, password)
        self.url_connected = url
        self._show("ok", self.tr("Connected."))
        self.connected.emit(url, password, not exists)
        self.accept()

    def _detail(self, exc: BaseException) -> str:
        """The library's own words (never holding a password), less the URL already shown."""
        text = _LEADING_URL.sub("", str(exc).strip())
        return f"\n{text}" if text else ""

    def _failed_unexpectedly(self, exc: BaseException) -> None:
        self._set_busy(False)
        self._show("error", scrub(fmt.describe(exc), Secret(self.password.text())))

    def cancel(self) -> None:
        """Cancel: stop waiting for a connection attempt if one runs, else close the dialog."""
        if self.busy:
            if self._future is not None:
                self._future.cancel()  # the attempt ends on its own (connect_timeout); its answer is dropped
            self._task = None
            self._set_busy(False)
            self._show("", self.tr("Cancelled. Change the details or press Connect to try again."))
            return
        self.reject()

    def _set_busy(self, busy: bool) -> None:
        self.bar.setVisible(busy)
        self.connect_button.setEnabled(not busy)
        for widget in (self.tabs, self.base_name, self.password, self.remember, self.create_missing):
            widget.setEnabled(not busy and (widget is not self.remember or keyring_available()))

    def _show(self, level: str, text: str) -> None:
        self.level = level
        self.status.setText(text)
        self.status.setObjectName("connectError" if level == "error" else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        if self.isVisible():  # a longer message must not be cut by the dialog's old height
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def done(self, result: int) -> None:
        """Leave without waiting for an attempt still under way (it ends at connect_timeout)."""
        if self._future is not None and not self._future.done():
            self._future.cancel()
        self._worker.stop(timeout=0.0)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.done(QDialog.DialogCode.Rejected)
        event.accept()
