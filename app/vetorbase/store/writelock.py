"""A fair cross-process write lock: writers are served in arrival order, with a timeout.

SQLite's own busy handler makes a waiting writer sleep with growing back-off (up to
100 ms a try), so under 8 writers some commits waited 80 ms while the lock sat free.
A plain `flock()` wakes waiters at once but is not fair: a writer in a loop takes the
lock back before the woken waiter runs, and can starve it for seconds on a busy host.

So writers queue, as in a CLH queue lock, on byte-range locks of one lock file, using
Linux open-file-description locks (`F_OFD_SETLKW`: per open file, so threads of one
process queue too; released by the kernel when a holder dies, `kill -9` included):

1. under a short mutex (byte 0) take a ticket t from the counter stored in the file,
   lock your own slot byte S(t+1), and leave the mutex;
2. wait for the slot S(t) of your predecessor (locked until it finishes), then go.

Releasing closes the file, which frees your slot and lets your successor in. A waiter
that times out keeps its place in a helper thread and passes the lock on as soon as it
gets it, so nobody behind it is ever let in early.
"""

from __future__ import annotations

import fcntl
import os
import struct
import threading
import time
from pathlib import Path

#: The lock file's name in a base folder.
LOCK_FILE_NAME = "vetorbase.lock"
_MUTEX = 0
_COUNTER = struct.Struct("<Q")
_COUNTER_AT = 8
_SLOTS_AT = 4096
_SLOTS = 1 << 20

#: Lock files this process has open: a forked child closes its copies, or a lock
#: held (or awaited) by the parent would stay held through the child's reference.
_open_fds: set[int] = set()
_fds_lock = threading.Lock()


def _flock(kind: int, start: int) -> bytes:
    # struct flock: l_type, l_whence, l_start, l_len, l_pid (0 for OFD locks).
    return struct.pack("hhqqi4x", kind, os.SEEK_SET, start, 1, 0)


def _lock(fd: int, start: int, *, wait: bool) -> None:
    fcntl.fcntl(fd, fcntl.F_OFD_SETLKW if wait else fcntl.F_OFD_SETLK, _flock(fcntl.F_WRLCK, start))


def _unlock(fd: int, start: int) -> None:
    fcntl.fcntl(fd, fcntl.F_OFD_SETLK, _flock(fcntl.F_UNLCK, start))


def _slot(ticket: int) -> int:
    return _SLOTS_AT + ticket % _SLOTS


def _close(fd: int) -> None:
    with _fds_lock:
        _open_fds.discard(fd)
    try:
        os.close(fd)  # the only reference: the kernel drops every lock it held
    except OSError:
        pass


class WriteLock:
    """`acquire(timeout)` -> a held lock token (or None); `release(token)`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def acquire(self, timeout: float) -> int | None:
        """The held lock's descriptor, or None when `timeout` passed first."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        with _fds_lock:
            _open_fds.add(fd)
        try:
            predecessor = self._enqueue(fd, time.monotonic() + timeout)
            if predecessor is None:
                _close(fd)
                return None
            try:
                _lock(fd, predecessor, wait=False)
            except BlockingIOError:
                return self._wait(fd, predecessor, timeout)
            _unlock(fd, predecessor)
            return fd
        except BaseException:
            _close(fd)
            raise

    @staticmethod
    def _enqueue(fd: int, deadline: float) -> int | None:
        """Take a ticket and hold its slot; returns the predecessor's slot.

        The mutex is held for a few microseconds, so it is polled rather than waited
        for: a holder stopped (SIGSTOP) inside it cannot hang us past the timeout.
        """
        while True:
            try:
                _lock(fd, _MUTEX, wait=False)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return None
                time.sleep(0.0002)
        try:
            raw = os.pread(fd, _COUNTER.size, _COUNTER_AT)
            ticket = _COUNTER.unpack(raw)[0] if len(raw) == _COUNTER.size else 0
            os.pwrite(fd, _COUNTER.pack(ticket + 1), _COUNTER_AT)
            _lock(fd, _slot(ticket + 1), wait=False)
        finally:
            _unlock(fd, _MUTEX)
        return _slot(ticket)

    @staticmethod
    def _wait(fd: int, predecessor: int, timeout: float) -> int | None:
        got = threading.Event()
        state = threading.Lock()
        abandoned = False

        def wait() -> None:
            try:
                _lock(fd, predecessor, wait=True)
                _unlock(fd, predecessor)
            except OSError:
                return  # closed under us by a fork child's cleanup: nothing is held
            with state:
                if abandoned:
                    _close(fd)  # our turn came after we gave up: pass it on
                else:
                    got.set()

        threading.Thread(target=wait, name="vetorbase-write-lock", daemon=True).start()
        if got.wait(timeout):
            return fd
        with state:
            if got.is_set():
                return fd
            abandoned = True
        return None

    @staticmethod
    def release(fd: int) -> None:
        _close(fd)


def _after_fork_in_child() -> None:
    """Close every inherited descriptor of a lock file, tracked or not.

    A descriptor opened by another thread a moment before the fork may not be in
    `_open_fds` yet; if the child kept it, the parent's slot would outlive the
    parent's release and every writer would queue behind it forever.
    """
    global _fds_lock
    _fds_lock = threading.Lock()
    inherited = set(_open_fds)
    try:
        for name in os.listdir("/proc/self/fd"):
            try:
                if os.readlink(f"/proc/self/fd/{name}").endswith("/" + LOCK_FILE_NAME):
                    inherited.add(int(name))
            except OSError:
                pass
    except OSError:
        pass  # no /proc: the tracked set is all we know
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    _open_fds.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
