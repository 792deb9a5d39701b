"""Being told, instead of polling, that a PostgreSQL base has a new commit.

Every write transaction ends with NOTIFY on the base's channel (pgjournal.py), which
the server delivers only when the commit happens. One thread per open base LISTENs on
its own connection and counts what arrives; `wait()` sleeps on that count. When the
listening connection breaks (a server restart) the count is bumped too, since a
notification may have been lost, so waiters look at the base again rather than sleep
through a change.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import sql as pgsql

from vetorbase.errors import VetorbaseError

log = logging.getLogger(__name__)

#: How often the listening thread wakes to see whether it should stop.
POLL_SECONDS = 0.5
#: Wait after a failed connection before trying again.
RECONNECT_SECONDS = 1.0


class Listener:
    """LISTENs on one channel from a daemon thread; counts notifications."""

    def __init__(self, connect: Callable[[], Any], channel: str) -> None:
        self._connect = connect
        self._channel = channel
        self._cond = threading.Condition()
        self._count = 0
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: Any = None

    @property
    def count(self) -> int:
        """Notifications (and reconnections) seen so far: compare before and after."""
        return self._count

    def ensure_started(self, timeout: float) -> bool:
        """Start listening if not yet; True once LISTEN is in place."""
        with self._cond:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._ready.clear()
                self._thread = threading.Thread(target=self._run, name=f"vetorbase-listen-{self._channel}",
                                                daemon=True)
                self._thread.start()
        return self._ready.wait(timeout)

    def wait(self, seen: int, timeout: float) -> bool:
        """Sleep until the count moves past `seen` or `timeout` passes; True if it moved."""
        with self._cond:
            return self._cond.wait_for(lambda: self._count != seen, timeout)

    def _bump(self) -> None:
        with self._cond:
            self._count += 1
            self._cond.notify_all()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except VetorbaseError as exc:
                log.debug("cannot listen on %s yet: %s", self._channel, exc)
                self._stop.wait(RECONNECT_SECONDS)
                continue
            self._conn = conn
            try:
                conn.raw.execute(pgsql.SQL("LISTEN {}").format(pgsql.Identifier(self._channel)))
                self._ready.set()
                self._bump()  # anything may have happened while not listening
                while not self._stop.is_set():
                    for _ in conn.raw.notifies(timeout=POLL_SECONDS):
                        self._bump()
            except psycopg.Error as exc:
                log.debug("listening on %s stopped: %s", self._channel, exc)
                self._ready.clear()
                self._bump()
                time.sleep(RECONNECT_SECONDS)
            finally:
                try:
                    conn.raw.close()
                except psycopg.Error:
                    pass
                self._conn = None

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout=2 * POLL_SECONDS + 1)
        self._thread = None

    def after_fork(self) -> None:
        """The thread did not survive fork(); its connection is the parent's: detach it."""
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.detach_after_fork()
            _KEPT.append(conn)
        self._cond = threading.Condition()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._thread = None


#: Listening connections inherited across fork(), kept referenced in the child.
_KEPT: list[Any] = []
