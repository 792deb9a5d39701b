"""Notice other hosts' commits to a base on a PostgreSQL server, as they are made.

A folder base is watched through its files (watcher.py); a server base has no file
here to watch, and polling the server twice a second from every open window is what
LISTEN/NOTIFY exists to avoid. So a background thread waits in
`base.wait_for_commit(after_seq, timeout)`, which returns as soon as the server says
a commit landed, and pokes the same refresh path the file watcher pokes: the worker
catches up and the panes reload with the same "who changed what" notice.

The thread never touches Qt widgets; it only emits signals (queued to the UI thread).
`stop()` does not wait out a pending wait_for_commit() (closing or switching bases must
not freeze the window): the thread notices the stop when the call returns and ends
without emitting anything.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from vetorbase.errors import VetorbaseError

#: One wait_for_commit() call: NOTIFY ends it at once, so this only sets how often an idle
#: window asks the server for the head seq (once per call) and how long a stopped thread lingers.
WAIT_SECONDS = 5.0
JOIN_SECONDS = 0.2  # stop() waits this long, then leaves the thread to end on its own
RETRY_SECONDS = 2.0  # after the server went away, before listening again


class CommitListener(QObject):
    """Emits `poke` when the server reports a commit newer than the last one seen.

    `poll` exists (never emitted) so the view connects it like the file watcher's.
    `connection_lost(text)` / `connection_back()` say when listening failed and resumed."""

    poke = Signal()
    poll = Signal()
    connection_lost = Signal(str)
    connection_back = Signal()

    def __init__(self, base_of: Callable[[], Any], *, wait_seconds: float = WAIT_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._base_of = base_of  # the session's open base (None once closed)
        self.wait_seconds = wait_seconds
        self.events = 0  # pokes sent (tests, and the same attribute as BaseWatcher's)
        self._stop = threading.Event()  # replaced on each start: a lingering old thread keeps its own
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        base = self._base_of()
        if base is None:
            return
        self._stop = threading.Event()
        # Start from the commit this window's cache reflects: anything after it, even made
        # between opening and this call, is reported at the first wait.
        self._thread = threading.Thread(target=self._listen, args=(base, int(base.seq), self._stop),
                                        name="vetorbase-commit-listener", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop listening now. A thread still inside wait_for_commit() ends when the call
        returns, emitting nothing; it is a daemon, so it never holds the app open."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(JOIN_SECONDS)

    def _emit(self, stop: threading.Event, signal: Any, *args: Any) -> bool:
        """Emit unless stopped; False when the view (and this object) is already gone."""
        if stop.is_set():
            return False
        try:
            signal.emit(*args)
        except RuntimeError:  # the C++ object was deleted after a stop that did not wait for us
            return False
        return True

    def _listen(self, base: Any, after: int, stop: threading.Event) -> None:
        lost = False
        while not stop.is_set():
            if self._base_of() is not base:
                return  # the session closed or replaced the base
            try:
                head = int(base.wait_for_commit(after, self.wait_seconds))
            except Exception as exc:  # noqa: BLE001 - the server went away: say so once, keep trying
                # Any failure, not only the library's own errors: a listener that died here
                # would leave the window blind to other hosts for the rest of the session.
                if stop.is_set():
                    return
                if not lost:
                    lost = True
                    text = str(exc) if isinstance(exc, VetorbaseError) else type(exc).__name__
                    if not self._emit(stop, self.connection_lost, text):
                        return
                stop.wait(RETRY_SECONDS)
                continue
            if lost:
                lost = False
                # ...and whatever was committed while we could not listen
                if not (self._emit(stop, self.connection_back) and self._emit(stop, self.poke)):
                    return
            if head > after:
                after = head
                self.events += 1
                if not self._emit(stop, self.poke):
                    return
