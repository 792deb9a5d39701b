"""What makes a process that forks while using a base safe in the child.

Django-Q forks its workers, and `multiprocessing` forks by default on Linux, so a
child must never inherit a lock that some other thread of the parent held at the
instant of the fork. Two such locks bit us:

- OpenMP's thread pool (used by FAISS): the child has none of the parent's worker
  threads, and its first parallel region waits for them forever. The child runs FAISS
  on one thread instead (a worker process is one of many anyway).
- SQLite's internal mutexes: a fork while another thread is inside SQLite (opening a
  connection, allocating) leaves the mutex locked in the child. `sqlite_section()`
  counts the threads inside SQLite, and the fork waits (briefly) until none is.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import faiss

log = logging.getLogger(__name__)

#: A fork waits at most this long for other threads to leave SQLite.
FORK_WAIT_SECONDS = 10.0

_cond = threading.Condition(threading.Lock())
_active = 0
_forking = False
_local = threading.local()


@contextmanager
def sqlite_section() -> Iterator[None]:
    """Run SQLite calls that a concurrent fork must not cut in half."""
    depth = getattr(_local, "depth", 0)
    if depth:  # nested: this thread is already counted
        _local.depth = depth + 1
        try:
            yield
        finally:
            _local.depth = depth
        return
    global _active
    with _cond:
        while _forking:
            _cond.wait()
        _active += 1
    _local.depth = 1
    try:
        yield
    finally:
        _local.depth = 0
        with _cond:
            _active -= 1
            if _active == 0:
                _cond.notify_all()


def _before_fork() -> None:
    global _forking
    _cond.acquire()
    _forking = True
    mine = 1 if getattr(_local, "depth", 0) else 0  # the forking thread itself
    if _active > mine and not _cond.wait_for(lambda: _active <= mine, FORK_WAIT_SECONDS):
        log.warning("forking while another thread is inside SQLite (waited %.0f s)", FORK_WAIT_SECONDS)
    # Keep the condition's lock across the fork: no thread can enter meanwhile.


def _after_fork_in_parent() -> None:
    global _forking
    _forking = False
    _cond.notify_all()
    _cond.release()


def _after_fork_in_child() -> None:
    global _cond, _active, _forking, _local
    depth = getattr(_local, "depth", 0)
    _cond = threading.Condition(threading.Lock())
    _active = 1 if depth else 0
    _forking = False
    _local = threading.local()
    _local.depth = depth
    faiss.omp_set_num_threads(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child
    )
