"""`compact()`: snapshot, then prune the change log and give space back to the disk.

Order matters for crash safety: the snapshot at seq S is durable before the log up
to S is pruned, and pruning is one transaction; a kill at any point leaves either
the old log or the new snapshot to start from.
"""

from __future__ import annotations

import time
from typing import Any

from vetorbase.store import queries, writes
from vetorbase.store.journal import Journal
from vetorbase.store.snapshots import Snapshots
from vetorbase.store.sync import CacheSync


def compact(journal: Journal, sync: CacheSync, snapshots: Snapshots, wait: float = 60.0) -> dict[str, Any]:
    """Raises LockTimeout (retryable) when another process publishes for over `wait` s."""
    started = time.perf_counter()
    sync.publish_snapshot(wait=wait)
    with journal.read() as conn:
        ours = [s for s in snapshots.list() if snapshots.belongs(conn, s) is None]
    floor = ours[0].seq if ours else None
    with journal.write() as conn:
        pruned = writes.prune_log(conn, floor) if floor is not None else 0
        head = queries.head_seq(conn)
    freed = journal.reclaim_space()
    return {
        "snapshot_seq": floor, "log_rows_pruned": pruned, "pages_freed": freed, "seq": head,
        "seconds": round(time.perf_counter() - started, 3),
    }
