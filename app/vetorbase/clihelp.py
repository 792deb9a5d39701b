"""Helpers for the command line: filters from text, progress bars, opening bases.

Kept apart from `cli.py` so the parser stays readable; nothing here parses argv.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from vetorbase.errors import InvalidInput
from vetorbase.filtertext import parse_value, where_from_clauses
from vetorbase.humanize import human_bytes
if TYPE_CHECKING:
    from vetorbase.bases import OpenedBase

WHERE_HELP = (
    "filter on chunk metadata, repeatable: key=value (equality), key!=value, key>value, "
    "key>=value, key<value, key<=value (numbers, or dates like added_at>=2026-03-01), "
    "key^=value (text prefix), 'key in a|b', 'key not in a|b'. Values that read as JSON "
    "numbers or true/false are compared as such "
    '(page=3); quote them to force text (page=\'"3"\'). Repeating a key with = means '
    "any of those values; all the other conditions must match."
)



class UsageError(Exception):
    """Options that parse but make no sense together (exit 2)."""

def parse_where(items: list[str] | None) -> dict[str, Any] | None:
    """Turn repeated `--where` options into the store's `where` dict (see filtertext)."""
    return where_from_clauses(list(items)) if items else None


def parse_pairs(items: list[str] | None, option: str) -> dict[str, Any]:
    """`--meta key=value` options as a dict (values parsed like `--where`)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InvalidInput(f"{option} {item!r}: write key=value")
        out[key] = parse_value(value)
    return out


class ProgressBar:
    """A one-line text bar on stderr, drawn only when stderr is a terminal.

    Redraws at most 10 times a second so a fast loop does not spend its time printing.
    """

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label = label
        self.width = width
        self._last = 0.0
        self._drawn = False

    def update(self, fraction: float, detail: str = "") -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and fraction < 1.0):
            return
        self._last = now
        fraction = min(max(fraction, 0.0), 1.0)
        filled = round(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        detail = detail if len(detail) <= 40 else "…" + detail[-39:]
        self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:5.1f}% {detail:<40}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def open_cli(location: str | Path, *, read_only: bool = False, create: bool = False,
             embedder: str | None = None, cache: bool = True, vectors_dim: int | None = None,
             vectors_from: str | None = None, mismatch_hint: str = "") -> OpenedBase:
    """Open `--base` (a folder or a URL) the command line's way (see bases.open_base).

    Commands that only read open read-only, so they work on a base in a folder the user
    may not write to and never take the write lock. A server that wants a password
    none was given for gets one typed at a prompt (ask_password).
    """
    from vetorbase.bases import open_base
    from vetorbase.store.locations import describe

    shown = describe(location)
    return open_base(
        location, password=ask_password(location), create=create, read_only=read_only,
        embedder=embedder, cache_embeddings=cache, vectors_dim=vectors_dim,
        vectors_from=vectors_from, origin=cli_origin(), progress=upgrade_progress(),
        mismatch_hint=mismatch_hint,
        missing_hint=f"create one with `vetorbase add FILES --base {shown}` "
                     "(or pass --base to pick another)")


def ask_password(location: str | Path) -> str | None:
    """A password typed at the terminal for a server that refuses to go without one.

    Asked only for a URL that carries none, when PGPASSWORD is unset and someone is at
    the terminal (a script gets the server's error instead of a hang); ~/.pgpass is
    libpq's to read. The password goes to the server only, never shown or stored.
    """
    from vetorbase.errors import AuthenticationFailed
    from vetorbase.store import VectorBase
    from vetorbase.store.locations import describe, is_url, password_of

    if not (is_url(location) and password_of(str(location)) is None
            and not os.environ.get("PGPASSWORD") and stdin_is_tty()):
        return None
    try:
        VectorBase.exists(location)
    except AuthenticationFailed:
        import getpass

        return getpass.getpass(f"Password for {describe(location)}: ")
    return None


def base_location(value: str | None) -> str | Path:
    """`--base` as given: a URL stays text, a folder becomes a path; none = the default."""
    from vetorbase.store.locations import is_url

    if value is None:
        from vetorbase.paths import default_base_dir

        return default_base_dir()
    return value if is_url(value) else Path(value).expanduser()


def upgrade_progress() -> Any:
    """A progress callback for opening an older base, which indexes its text once."""
    bar = ProgressBar("upgrading the base (keyword index)")

    def progress(done: int, total: int) -> None:
        bar.update(done / max(total, 1), f"{done}/{total} chunks")
        if done >= total:
            bar.close()

    return progress


def cli_origin() -> str:
    """"vetorbase@host": what the window shows as the author of CLI changes."""
    import socket

    return f"vetorbase@{socket.gethostname()}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fmt_time(ts: float | None) -> str:
    if not ts:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def fmt_bytes(n: int) -> str:
    return human_bytes(n)


def snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_json(data: Any, stream: TextIO | None = None) -> None:
    json.dump(data, stream or sys.stdout, ensure_ascii=False, indent=2, default=str)
    (stream or sys.stdout).write("\n")


def stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and os.isatty(sys.stdin.fileno())
    except (OSError, ValueError):  # closed, or replaced by an object without a descriptor
        return False
