"""Keeping this process's FAISS view level with the journal.

Before every read the cache's seq is compared with the journal's newest commit
(one index probe). If behind, only the change rows after the cache's seq are
applied: adds go to the private delta, removals become tombstones (O(changes)).
When a newer snapshot of this history has been published, the process maps it and
replays only what follows it, so the private part stays small. A process with no
usable snapshot builds its view from the journal and publishes one for everybody.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from vetorbase.store import queries
from vetorbase.store.cache import FaissCache
from vetorbase.store.dialect import in_ids
from vetorbase.store.journal import Journal
from vetorbase.store.snapshots import Snapshots
from vetorbase.store.sqlerrors import NEARLY_FULL_BYTES, disk_full, free_bytes

log = logging.getLogger(__name__)

#: Publish a snapshot once the private part holds this many rows (or a twentieth of
#: the base, whichever is larger), so every process's private memory stays small.
SNAPSHOT_AFTER_CHANGES = 5000
#: After a background publication that produced nothing, wait this long before the next.
PUBLISH_RETRY_SECONDS = 30.0


class CacheSync:
    """Owns the cache of one base in this process, behind one lock."""

    def __init__(self, journal: Journal, snapshots: Snapshots, dim: int) -> None:
        self._journal = journal
        self._snapshots = snapshots
        self._dim = dim
        self._cache: FaissCache | None = None
        self._lock = threading.RLock()
        self._full_reload = False
        self._publisher: threading.Thread | None = None
        self._dir_stamp: int | None = None
        self._retry_publish_at = 0.0

    def after_fork(self) -> None:
        # The cache is a copy-on-write copy (its mapped part a shared mapping): valid.
        self._lock = threading.RLock()
        self._publisher = None

    @property
    def seq(self) -> int:
        return self._cache.seq if self._cache is not None else 0

    def take_full_reload_flag(self) -> bool:
        flag, self._full_reload = self._full_reload, False
        return flag

    @contextmanager
    def locked(self, conn: sqlite3.Connection) -> Iterator[FaissCache]:
        """The cache, caught up to the commit `conn`'s read transaction sees."""
        with self._lock:
            try:
                cache = self._catch_up(conn)
            except BaseException:
                self._cache = None  # half-applied changes: rebuild next time
                raise
            yield cache
        self._maybe_publish()

    def _catch_up(self, conn: sqlite3.Connection) -> FaissCache:
        head = queries.head_seq(conn)
        cache = self._cache
        if cache is not None and cache.seq > head:
            # Another thread caught the cache up past this read's snapshot: move the
            # read forward instead of rebuilding the cache backwards.
            conn.execute("COMMIT")
            conn.execute("BEGIN")
            head = queries.head_seq(conn)
        if cache is not None and cache.seq == head:
            return cache
        floor = queries.log_floor(conn)
        if cache is None or cache.seq < floor:
            if cache is not None:
                self._full_reload = True
            cache = self._from_snapshot(conn, floor, head) or self._rebuild(conn, head)
        elif self._snapshots_changed():
            newer = self._snapshots.newest_usable(conn, max(floor, cache.snapshot_seq + 1), head)
            if newer is not None:
                cache = FaissCache(self._dim, newer)
        if cache.seq < head:
            apply_changes(conn, cache, head)
        self._cache = cache
        return cache

    def _snapshots_changed(self) -> bool:
        stamp = self._snapshots.dir_stamp()
        changed, self._dir_stamp = stamp != self._dir_stamp, stamp
        return changed

    def _from_snapshot(self, conn: sqlite3.Connection, floor: int, head: int) -> FaissCache | None:
        self._dir_stamp = self._snapshots.dir_stamp()
        part = self._snapshots.newest_usable(conn, floor, head)
        return FaissCache(self._dim, part) if part is not None else None

    def _rebuild(self, conn: sqlite3.Connection, head: int) -> FaissCache:
        """Everything from the journal, privately (until a snapshot is published)."""
        cache = FaissCache(self._dim, seq=head)
        last = 0
        while True:
            rows = conn.execute(
                "SELECT id, vector FROM chunks WHERE id > ? ORDER BY id LIMIT 20000", (last,)
            ).fetchall()
            if not rows:
                break
            ids, mat = _unpack(rows, self._dim)
            cache.add(ids, mat)
            last = int(ids[-1])
        return cache

    # -- snapshots -----------------------------------------------------------------
    def _maybe_publish(self) -> None:
        cache = self._cache
        if cache is None or self._journal.read_only:
            return
        if cache.pending < max(SNAPSHOT_AFTER_CHANGES, cache.ntotal // 20):
            return
        if self._publisher is not None and self._publisher.is_alive():
            return
        if time.monotonic() < self._retry_publish_at:
            return
        self._publisher = threading.Thread(
            target=self._publish_quietly, name="vetorbase-snapshot", daemon=True
        )
        self._publisher.start()

    def _publish_quietly(self) -> None:
        try:
            published = self.publish_snapshot(wait=0)
        except Exception as exc:  # noqa: BLE001 - a snapshot is an optimisation only
            log.warning("could not publish a snapshot of %s: %s", self._journal.folder, exc)
            published = None
        if published is None:
            # Someone else is publishing, or the disk has no room: do not retry on every
            # read (each try counts the chunks); a published one is picked up anyway.
            self._retry_publish_at = time.monotonic() + PUBLISH_RETRY_SECONDS

    def publish_snapshot(self, *, wait: float = 10.0) -> Path | None:
        """Publish a snapshot of the journal's current state (None if not needed/possible)."""
        with self._journal.read() as conn:
            try:
                return self._snapshots.publish(conn, wait=wait)
            except OSError:
                free = free_bytes(self._snapshots.dir)
                if free is not None and free < NEARLY_FULL_BYTES:
                    raise disk_full(self._snapshots.dir) from None
                raise

    def wait_for_snapshot(self) -> None:
        publisher = self._publisher
        if publisher is not None and publisher.is_alive() and publisher is not threading.current_thread():
            publisher.join(timeout=60)


def _unpack(rows: list[tuple[int, bytes]], dim: int) -> tuple[np.ndarray, np.ndarray]:
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), dim)
    return ids, mat


def apply_changes(conn: sqlite3.Connection, cache: FaissCache, head: int) -> int:
    """Apply the change rows in (cache.seq, head] to `cache`; returns rows applied.

    Ids are never reused, so the last op per chunk id is the whole story: an id
    added then removed inside the window is simply skipped.
    """
    rows = conn.execute(
        "SELECT chunk_id, op FROM changes WHERE seq > ? AND seq <= ? ORDER BY seq",
        (cache.seq, head),
    ).fetchall()
    last: dict[int, int] = {}
    for chunk_id, op in rows:
        last[chunk_id] = op
    removed = np.fromiter((c for c, op in last.items() if op < 0), dtype=np.int64)
    added = [c for c, op in last.items() if op > 0]
    cache.remove(removed)
    if added:
        chosen, param = in_ids(conn, "id", added)
        got = conn.execute(f"SELECT id, vector FROM chunks WHERE {chosen} ORDER BY id", (param,)).fetchall()
        cache.add(*_unpack(got, cache.dim))
    cache.seq = head
    return len(rows)
