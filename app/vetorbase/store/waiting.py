"""Waiting for another process's commit without spinning on the journal."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_for_commit(journal: Any, head: Callable[[], int], after_seq: int, timeout: float) -> int:
    """The journal's newest seq, as soon as it is past `after_seq` or at `timeout`.

    A server base is told by the server (LISTEN/NOTIFY, pglisten.py): the count of
    notifications is read *before* looking at the head, so a commit landing between
    the look and the sleep still wakes the sleeper. A folder is looked at every 50 ms
    (one index probe each).
    """
    deadline = time.monotonic() + max(0.0, float(timeout))
    listener = getattr(journal, "listener", None)
    while True:
        seen = 0
        if listener is not None:
            listener.ensure_started(max(0.0, deadline - time.monotonic()))
            seen = listener.count
        current = head()
        left = deadline - time.monotonic()
        if current > after_seq or left <= 0:
            return current
        if listener is not None:
            listener.wait(seen, left)
        else:
            time.sleep(min(0.05, left))
