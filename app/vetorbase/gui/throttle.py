"""Merge bursts of events into at most one call per interval (qutebrowser's misc/throttle idea).

A file watcher fires many times for one SQLite commit (WAL, SHM, directory); the window
only needs to look once, soon after the burst started and again after it settles.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Throttle(QObject):
    """Call `func` at most once per `delay_ms`; a call during the pause is deferred, not lost."""

    def __init__(self, func: Callable[[], None], delay_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._func = func
        self._delay_ms = delay_ms
        self._last = 0.0
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def __call__(self) -> None:
        elapsed_ms = (time.monotonic() - self._last) * 1000.0
        if elapsed_ms >= self._delay_ms and not self._timer.isActive():
            self._fire()
            return
        if not self._timer.isActive():
            self._timer.start(max(0, int(self._delay_ms - elapsed_ms)))
        self._pending = True

    def _fire(self) -> None:
        self._pending = False
        self._last = time.monotonic()
        self._func()

    def cancel(self) -> None:
        self._timer.stop()
        self._pending = False
