"""The connect dialog's work off the UI thread: asking a server whether it holds a base.

The dialog has its own worker (worker.py) with this small session, not the open base's
worker: a server that does not answer may hold a connection attempt for seconds, and the
open base must stay usable meanwhile. The attempt is bounded by libpq's connect_timeout,
and the dialog can walk away from it (Cancel) without waiting for it to end.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from vetorbase.gui.passwords import Secret
from vetorbase.gui.requests import Access, Request

#: Seconds libpq waits for a server that does not answer (unless the URL says otherwise).
CONNECT_TIMEOUT = 10


def with_connect_timeout(url: str, seconds: int = CONNECT_TIMEOUT) -> str:
    """`url` with libpq's connect_timeout set, unless the person set one themselves."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k == "connect_timeout" for k, _ in query):
        return url
    query.insert(0, ("connect_timeout", str(seconds)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


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

        return bool(VectorBase.exists(with_connect_timeout(url), password=password.value))


@dataclass(frozen=True)
class ProbeServer(Request[bool]):
    """Connect to the server of `url` (no password in it) and look for its base."""

    access: ClassVar[Access] = Access.WRITE
    coalesce: ClassVar[str | None] = "probe"
    url: str
    password: Secret

    def run(self, session: ServerProbe) -> bool:  # type: ignore[override]
        return session.base_exists(self.url, self.password)
