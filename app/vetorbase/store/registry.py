"""One shared base object per base folder per process, safe across threads and fork.

Django-Q forks its workers: a child inherits the parent's objects, so every shared
instance is told to drop its SQLite connections and locks in the child.
"""

from __future__ import annotations

import os
import threading
from typing import Protocol


class Shared(Protocol):
    def _after_fork(self) -> None: ...


_instances: dict[str, Shared] = {}
_lock = threading.RLock()


def lock() -> threading.RLock:
    return _lock


def get(key: str) -> Shared | None:
    return _instances.get(key)


def put(key: str, base: Shared) -> None:
    _instances[key] = base


def discard(key: str, base: Shared) -> None:
    with _lock:
        if _instances.get(key) is base:
            del _instances[key]


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.RLock()
    for base in list(_instances.values()):
        base._after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
