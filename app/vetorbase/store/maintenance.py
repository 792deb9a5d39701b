"""`compact()`: snapshot, then prune the change log and give space back to the disk.

Order matters for crash safety: the snapshot at seq S is durable before the log up
to S is pruned, and pruning is one transaction; a kill at any point leaves either
the old log or the new snapshot to start from.
"""

from __future__ import annotations

import sqlite3
import time
from typing import TYPE_CHECKING, Any

from vetorbase.store import queries
from vetorbase.store.journal import Journal
from vetorbase.store.snapshots import Snapshots
from vetorbase.store.sync import CacheSync

if TYPE_CHECKING:
    from vetorbase.store.base import VectorBase


def compact(base: VectorBase, journal: Journal, sync: CacheSync, snapshots: Snapshots) -> dict[str, Any]:
    started = time.perf_counter()
    sync.publish_snapshot(wait=60.0)
    newest = snapshots.list()
    if not newest:
        raise RuntimeError("compact: no snapshot could be published")
    floor = newest[0].seq
    with journal.write() as conn:
        pruned = conn.execute("DELETE FROM changes WHERE seq <= ?", (floor,)).rowcount
        conn.execute("UPDATE meta SET value = ? WHERE key = 'log_floor'", (str(floor),))
        conn.execute("PRAGMA incremental_vacuum")
        head = queries.head_seq(conn)
    try:
        journal.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error:
        pass  # readers still hold old pages; the next checkpoint will get them
    return {
        "snapshot_seq": floor, "log_rows_pruned": pruned, "seq": head,
        "bytes_on_disk": base.stats().bytes_on_disk,
        "seconds": round(time.perf_counter() - started, 3),
    }
