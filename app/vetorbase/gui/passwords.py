"""Database passwords in the window: held in memory, or in the system keyring if asked; never on disk.

A server base's password must not reach QSettings (a plain INI/registry file), logs,
window titles or the recent list. The window keeps it only in memory (`Secret`, whose
repr hides it, so a request or session printed in a traceback shows no password) and,
when the person ticks "remember", in the operating system's keyring through the optional
`keyring` package. `keyring` is not a dependency: without it (or without a usable
backend, as on a headless server) the option is simply not offered, and libpq's own
~/.pgpass and PGPASSWORD keep working because an empty password is never sent.
"""

from __future__ import annotations

from typing import Any

from vetorbase.store.locations import parse, redact

SERVICE = "vetorbase"
#: Passwords that worked in this run of the program, by `account()`: in memory only, so
#: going back to a server base from Open recent does not ask again until the app quits.
_this_run: dict[str, Secret] = {}


class Secret:
    """A password that never shows itself in repr/str (requests and sessions get printed)."""

    __slots__ = ("_value",)

    def __init__(self, value: str | None) -> None:
        self._value = value or None

    @property
    def value(self) -> str | None:
        return self._value

    def __bool__(self) -> bool:
        return self._value is not None

    def __repr__(self) -> str:
        return "Secret(***)" if self._value else "Secret(None)"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def account(url: str) -> str:
    """The keyring entry's name: the server, port, database and user (no base, no password),
    so every base of one database shares the one password it really has."""
    return redact(parse(url).conninfo)


def _keyring() -> Any | None:
    """The keyring module when it is installed and has a real backend, else None."""
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # noqa: BLE001 - not installed, or broken: the option is not offered
        return None
    try:
        backend = keyring.get_keyring()
        if isinstance(backend, fail.Keyring) or float(getattr(backend, "priority", 0)) <= 0:
            return None
    except Exception:  # noqa: BLE001 - a backend that fails to load is no backend
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def keep_for_this_run(url: str, password: Secret) -> None:
    """Hold a password that worked in memory until the program ends (never on disk)."""
    if password:
        _this_run[account(url)] = password


def saved_password(url: str) -> Secret:
    """The password that worked in this run, else the keyring's for this server and user,
    else an empty Secret (libpq then tries ~/.pgpass and PGPASSWORD)."""
    if account(url) in _this_run:
        return _this_run[account(url)]
    keyring = _keyring()
    if keyring is None:
        return Secret(None)
    try:
        return Secret(keyring.get_password(SERVICE, account(url)))
    except Exception:  # noqa: BLE001 - a locked or failing keyring: ask the person instead
        return Secret(None)


def remember_password(url: str, password: Secret) -> bool:
    """Store the password in the keyring; False when there is none or it refused."""
    keyring = _keyring()
    if keyring is None or not password:
        return False
    try:
        keyring.set_password(SERVICE, account(url), password.value)
    except Exception:  # noqa: BLE001 - not fatal: the base is open, the password is just not kept
        return False
    return True


def forget_password(url: str) -> None:
    """Drop a remembered password (it was refused by the server)."""
    _this_run.pop(account(url), None)
    keyring = _keyring()
    if keyring is None:
        return
    try:
        keyring.delete_password(SERVICE, account(url))
    except Exception:  # noqa: BLE001 - nothing stored is fine
        pass
