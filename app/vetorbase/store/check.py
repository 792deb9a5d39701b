"""`check()`: do the journal, this process's cache and the snapshots agree?

Every stress and crash test ends with it, so it checks the store's own invariants
thoroughly rather than quickly, reads every part it judges (every vector, every
commit, every snapshot byte) and names the damaged part.
"""

from __future__ import annotations

import json
import sqlite3

import numpy as np

from vetorbase.store import fulltext, pgschema, queries
from vetorbase.store.cache import FaissCache
from vetorbase.store.dialect import is_postgres
from vetorbase.store.journal import Journal
from vetorbase.store.pgjournal import PgJournal
from vetorbase.store.schema import FULLTEXT_VERSION
from vetorbase.store.snapshots import Snapshots
from vetorbase.store.sync import CacheSync, apply_changes

#: A stored vector is unit length; further off than this it was damaged.
NORM_TOLERANCE = 1e-3
#: Vectors read and checked per batch.
CHECK_BATCH = 20_000


def check(journal: Journal | PgJournal, sync: CacheSync, snapshots: Snapshots, dim: int) -> list[str]:
    problems: list[str] = []
    with journal.read() as conn:
        problems += _check_journal(conn)
        problems += _check_commits(conn)
        version = pgschema.version(conn) if is_postgres(conn) else int(
            conn.execute("PRAGMA user_version").fetchone()[0])
        text_problems = fulltext.problems(conn, version, FULLTEXT_VERSION)
        problems += text_problems
        vector_problems = _check_vectors(conn, dim)
        problems += vector_problems
        with sync.locked(conn) as cache:
            problems += _check_cache(conn, cache, dim, compare_vectors=not vector_problems)
        problems += _check_snapshots(conn, snapshots)
    if not text_problems and not journal.read_only and not isinstance(journal, PgJournal):
        # FTS5 runs its own check as an INSERT command, so it needs a write transaction.
        with journal.write() as conn:
            problems += fulltext.deep_problems(conn)
    return problems


def _check_journal(conn: sqlite3.Connection) -> list[str]:
    problems = []
    if not is_postgres(conn):  # PostgreSQL checks its own pages (and has no quick_check)
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
    stale_index = conn.execute(
        "SELECT count(*) FROM meta_index WHERE chunk_id NOT IN (SELECT id FROM chunks)"
    ).fetchone()[0]
    if stale_index:
        problems.append(f"{stale_index} metadata index rows point at removed chunks")
    if queries.log_floor(conn) == 0:
        live_by_log = conn.execute(
            "SELECT count(*) FROM (SELECT chunk_id FROM changes GROUP BY chunk_id HAVING sum(op) > 0) AS live"
        ).fetchone()[0]
        total = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        if live_by_log != total:
            problems.append(f"change log accounts for {live_by_log} live chunks, journal holds {total}")
    return problems


def _check_commits(conn: sqlite3.Connection) -> list[str]:
    bad = []
    for seq, at, origin, summary in conn.execute("SELECT seq, at, origin, summary FROM commits"):
        try:
            parsed = json.loads(summary)
            ok = isinstance(parsed, dict) and isinstance(at, (int, float)) and isinstance(origin, str)
        except (TypeError, ValueError):
            ok = False
        if not ok:
            bad.append(seq)
    if not bad:
        return []
    return [f"journal: commit record(s) {', '.join(map(str, bad[:10]))} are damaged (history cannot show them)"]


def _check_vectors(conn: sqlite3.Connection, dim: int) -> list[str]:
    """Every stored vector has the base's size, finite entries and unit length.

    Scored a batch at a time with numpy: a row-by-row loop took seconds per 100k chunks.
    """
    wrong_size: list[int] = []
    damaged: list[int] = []
    cursor = conn.execute("SELECT id, vector FROM chunks ORDER BY id")
    while rows := cursor.fetchmany(CHECK_BATCH):
        good = [(cid, blob) for cid, blob in rows if isinstance(blob, bytes) and len(blob) == dim * 4]
        wrong_size += [cid for cid, blob in rows if not (isinstance(blob, bytes) and len(blob) == dim * 4)]
        if not good:
            continue
        mat = np.frombuffer(b"".join(blob for _, blob in good), dtype=np.float32).reshape(len(good), dim)
        with np.errstate(all="ignore"):
            norms = np.linalg.norm(mat.astype(np.float64), axis=1)
        bad = ~np.isfinite(mat).all(axis=1) | ~(np.abs(norms - 1.0) <= NORM_TOLERANCE)
        damaged += [good[i][0] for i in np.flatnonzero(bad)]
    problems = []
    if wrong_size:
        problems.append(f"journal: {len(wrong_size)} chunks have vectors of the wrong size (ids {wrong_size[:10]})")
    if damaged:
        problems.append(f"journal: {len(damaged)} chunk vectors are damaged (not unit length; ids {damaged[:10]})")
    return problems


def _check_cache(conn: sqlite3.Connection, cache: FaissCache, dim: int, *, compare_vectors: bool) -> list[str]:
    problems = []
    ids = np.array([r[0] for r in conn.execute("SELECT id FROM chunks ORDER BY id")], np.int64)
    cache_ids = cache.ids()
    if len(cache_ids) != len(np.unique(cache_ids)):
        problems.append("cache holds duplicate chunk ids")
    order = np.argsort(cache_ids, kind="stable")
    if not np.array_equal(cache_ids[order], ids):
        missing = len(np.setdiff1d(ids, cache_ids))
        extra = len(np.setdiff1d(cache_ids, ids))
        problems.append(f"cache disagrees with journal: {missing} chunks missing, {extra} extra")
        return problems
    if compare_vectors and len(ids):
        rows = conn.execute("SELECT vector FROM chunks ORDER BY id").fetchall()
        journal_vecs = np.frombuffer(b"".join(r[0] for r in rows), dtype=np.float32).reshape(len(rows), dim)
        if not np.allclose(cache.vectors()[order], journal_vecs, atol=1e-6):
            problems.append("cache vectors differ from the journal's")
    return problems


def _check_snapshots(conn: sqlite3.Connection, snapshots: Snapshots) -> list[str]:
    infos, problems = snapshots.scan()
    problems = [f"snapshot manifest: {p}" for p in problems]
    head = queries.head_seq(conn)
    floor = queries.log_floor(conn)
    journal_ids = np.array([r[0] for r in conn.execute("SELECT id FROM chunks ORDER BY id")], np.int64)
    for info in infos:
        if info.seq > head:
            continue  # published after this read began
        foreign = snapshots.belongs(conn, info)
        if foreign:
            problems.append(f"snapshot ignored: {foreign}; the next publication removes it")
            continue
        part, problem = snapshots.open(info, full=True)
        if part is None:
            problems.append(f"snapshot damaged: {problem}")
            continue
        if info.seq >= floor:
            replay = FaissCache(snapshots.dim, part)
            apply_changes(conn, replay, head)
            if not np.array_equal(np.sort(replay.ids()), journal_ids):
                problems.append(
                    f"snapshot {info.manifest.name} plus the log after it does not give the journal's chunks"
                )
    return problems
