"""`check()`: do the journal, this process's cache and the snapshots agree?

Every stress and crash test ends with it, so it checks the store's own invariants
thoroughly rather than quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from vetorbase.store import queries
from vetorbase.store.journal import Journal
from vetorbase.store.snapshots import Snapshots
from vetorbase.store.sync import CacheSync, apply_changes

if TYPE_CHECKING:
    from vetorbase.store.base import VectorBase


def check(base: VectorBase, journal: Journal, sync: CacheSync, snapshots: Snapshots) -> list[str]:
    problems: list[str] = []
    with journal.read() as conn:
        problems += _check_journal(conn, base.dim)
        with sync.locked(conn) as cache:
            problems += _check_cache(conn, cache, base.dim)
        head = queries.head_seq(conn)
        floor = int(conn.execute("SELECT value FROM meta WHERE key='log_floor'").fetchone()[0])
        journal_ids = np.array([r[0] for r in conn.execute("SELECT id FROM chunks ORDER BY id")], np.int64)
        for info in snapshots.list():
            if info.seq > head:
                continue  # published after this read began
            snap, problem = snapshots.verify(info)
            if snap is None:
                problems.append(f"snapshot damaged: {problem}")
                continue
            if info.seq >= floor:
                apply_changes(conn, snap, head)
                if not np.array_equal(np.sort(snap.ids()), journal_ids):
                    problems.append(
                        f"snapshot {info.path.name} plus the log after it does not give the journal's chunks"
                    )
    return problems


def _check_journal(conn, dim: int) -> list[str]:
    problems = []
    result = conn.execute("PRAGMA quick_check").fetchall()
    if [r[0] for r in result] != ["ok"]:
        problems.append(f"journal integrity: {'; '.join(r[0] for r in result[:5])}")
    bad_counts = conn.execute(
        "SELECT d.source, d.chunks, count(c.id) FROM documents d LEFT JOIN chunks c ON c.doc_id = d.id "
        "GROUP BY d.id HAVING d.chunks != count(c.id) OR count(c.id) = 0 LIMIT 5"
    ).fetchall()
    for source, said, real in bad_counts:
        problems.append(f"document {source!r} says {said} chunks but has {real}")
    orphans = conn.execute(
        "SELECT count(*) FROM chunks WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    if orphans:
        problems.append(f"{orphans} chunks belong to no document")
    bad_vectors = conn.execute(
        "SELECT count(*) FROM chunks WHERE length(vector) != ?", (dim * 4,)
    ).fetchone()[0]
    if bad_vectors:
        problems.append(f"{bad_vectors} chunks have vectors of the wrong size")
    stale_index = conn.execute(
        "SELECT count(*) FROM meta_index WHERE chunk_id NOT IN (SELECT id FROM chunks)"
    ).fetchone()[0]
    if stale_index:
        problems.append(f"{stale_index} metadata index rows point at removed chunks")
    floor = int(conn.execute("SELECT value FROM meta WHERE key='log_floor'").fetchone()[0])
    live_by_log = conn.execute(
        "SELECT count(*) FROM (SELECT chunk_id, sum(op) s FROM changes GROUP BY chunk_id HAVING s > 0)"
    ).fetchone()[0]
    if floor == 0:
        total = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        if live_by_log != total:
            problems.append(f"change log accounts for {live_by_log} live chunks, journal holds {total}")
    return problems


def _check_cache(conn, cache, dim: int) -> list[str]:
    problems = []
    rows = conn.execute("SELECT id, vector FROM chunks ORDER BY id").fetchall()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    cache_ids = cache.ids()
    if len(cache_ids) != len(set(cache_ids.tolist())):
        problems.append("cache holds duplicate chunk ids")
    if not np.array_equal(np.sort(cache_ids), ids):
        missing = len(set(ids.tolist()) - set(cache_ids.tolist()))
        extra = len(set(cache_ids.tolist()) - set(ids.tolist()))
        problems.append(f"cache disagrees with journal: {missing} chunks missing, {extra} extra")
        return problems
    if len(rows):
        journal_vecs = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), dim)
        order = np.argsort(cache_ids)
        if not np.allclose(cache.vectors()[order], journal_vecs, atol=1e-6):
            problems.append("cache vectors differ from the journal's")
        if not np.isfinite(journal_vecs).all():
            problems.append("journal holds non-finite vectors")
    return problems
