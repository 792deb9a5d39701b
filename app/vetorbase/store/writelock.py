"""A cross-process write lock that hands over at once, with a timeout.

SQLite's own busy handler makes a waiting writer sleep with growing back-off (up to
100 ms a try), so under 8 writers some commits waited 80 ms while the lock sat free.
Writers queue on `flock()` of a lock file in the base folder instead: the kernel
wakes a waiter the moment the holder releases, and releases the lock by itself when
a holder dies (kill -9 included), so a crashed writer never wedges the base.

`flock()` has no timeout, so a contended wait runs in a helper thread and the caller
waits on an event with one; a waiter that gives up leaves the thread to take the lock
later and drop it at once.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path

#: Lock files this process has open: a forked child closes its copies, or a lock
#: held (or awaited) by the parent would stay held through the child's reference.
_open_fds: set[int] = set()
_fds_lock = threading.Lock()


def _track(fd: int) -> None:
    with _fds_lock:
        _open_fds.add(fd)


def _close(fd: int) -> None:
    with _fds_lock:
        _open_fds.discard(fd)
    try:
        os.close(fd)  # closing the only reference releases the flock
    except OSError:
        pass


class WriteLock:
    """`acquire(timeout)` -> a held lock token; `release(token)`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def acquire(self, timeout: float) -> int | None:
        """The held lock's descriptor, or None when `timeout` passed first."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        _track(fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            pass
        except OSError:
            _close(fd)
            raise
        got = threading.Event()
        state_lock = threading.Lock()
        abandoned = False

        def wait() -> None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except OSError:
                # The fd was closed under us (fork child cleanup): nothing is held.
                return
            with state_lock:
                if abandoned:
                    _close(fd)
                else:
                    got.set()

        threading.Thread(target=wait, name="vetorbase-write-lock", daemon=True).start()
        if got.wait(timeout):
            return fd
        with state_lock:
            if got.is_set():
                return fd
            abandoned = True
        return None

    @staticmethod
    def release(fd: int) -> None:
        _close(fd)


def _after_fork_in_child() -> None:
    global _fds_lock
    _fds_lock = threading.Lock()
    for fd in list(_open_fds):
        try:
            os.close(fd)
        except OSError:
            pass
    _open_fds.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
