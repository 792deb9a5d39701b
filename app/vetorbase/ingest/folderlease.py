"""Who syncs a followed folder right now: a lease row in the base (store/folders.py),
taken, renewed and given up in short write transactions.

A holder is named `host:pid:nonce`, so a pass can tell that a lease's holder was a process
of this host that no longer exists (killed with kill -9) and take it over at once instead
of waiting for it to expire.
"""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

from vetorbase.store.folders import LEASE_RENEW, LEASE_SECONDS, this_host


class LostLease(Exception):
    """Another process took the folder over (this one's lease had run out)."""


class Lease:
    """One pass's hold on a folder; `renew()` is cheap to call often: it writes only once
    the lease is LEASE_RENEW seconds old (a quarter of its LEASE_SECONDS)."""

    def __init__(self, base: Any, folder_id: int, holder: str) -> None:
        self.base, self.folder_id, self.holder = base, folder_id, holder
        self.taken_at = 0.0

    def take(self) -> bool:
        folders = self.base.folders
        if not folders.take_lease(self.folder_id, self.holder, LEASE_SECONDS):
            held = folders.get(self.folder_id).holder
            if not (held and holder_is_dead(held) and
                    folders.take_over_lease(self.folder_id, self.holder, held, LEASE_SECONDS)):
                return False
        self.taken_at = time.monotonic()
        return True

    def renew(self) -> None:
        if time.monotonic() - self.taken_at >= LEASE_RENEW and not self.take():
            raise LostLease()

    def release(self) -> None:
        self.base.folders.release_lease(self.folder_id, self.holder)


def new_holder() -> str:
    return f"{this_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_dead(holder: str) -> bool:
    """A lease holder that was a process of this host which no longer exists (killed):
    its lease need not run out before the next pass takes over."""
    parts = holder.rsplit(":", 2)  # host:pid:nonce (new_holder)
    if len(parts) != 3 or parts[0] != this_host() or not parts[1].isdigit():
        return False
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, owned by someone else
        return False
    return False
