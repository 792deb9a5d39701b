"""The connect dialog's work off the UI thread: asking a server whether it holds a base.

The dialog has its own worker (worker.py) with this small session, not the open base's
worker: a server that does not answer may hold a connection attempt for seconds, and the
open base must stay usable meanwhile. The attempt is bounded by libpq's connect_timeout
(the store sets 10 s unless the URL says otherwise), and the dialog can walk away from it
(Cancel) without waiting for it to end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from vetorbase.gui.passwords import Secret
from vetorbase.gui.requests import Access, Request


class ServerProbe:
    """Worker-thread side of the connect dialog (no Qt): one question to one server."""

    def __init__(self) -> None:
        self.progress_sink: Callable[[object], None] = lambda _item: None
        self.yield_point: Callable[..., None] = lambda wait=0.0: None

    def base_exists(self, url: str, password: Secret) -> bool:
        """True if the base is there, False if the server is fine but has no such base.

        Raises AuthenticationFailed (user or password refused, or a password is needed)
        and ServerUnavailable (down, unreachable): the dialog tells them apart."""
        from vetorbase.store import VectorBase

        return bool(VectorBase.exists(url, password=password.value))


@dataclass(frozen=True)
class ProbeServer(Request[bool]):
    """Connect to the server of `url` (no password in it) and look for its base."""

    access: ClassVar[Access] = Access.WRITE
    coalesce: ClassVar[str | None] = "probe"
    url: str
    password: Secret

    def run(self, session: ServerProbe) -> bool:  # type: ignore[override]
        return session.base_exists(self.url, self.password)
