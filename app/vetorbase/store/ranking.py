"""Ranking helpers for `search()`: exact scores among filtered chunks, hits from rows."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from vetorbase.store.types import Hit


def rank_direct(conn: Any, q: np.ndarray, ids: list[int], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Exact scores for a small candidate set, from the journal's own vectors."""
    rows = conn.execute(
        "SELECT id, vector FROM chunks WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),)
    ).fetchall()
    if not rows:
        return np.empty(0, np.float32), np.empty(0, np.int64)
    found = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    mat = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), -1)
    scores = mat @ q
    k = min(k, len(rows))
    top = np.argpartition(-scores, k - 1)[:k]
    top = top[np.argsort(-scores[top], kind="stable")]
    return scores[top], found[top]


def hits_for(conn: Any, scores: np.ndarray, ids: np.ndarray) -> list[Hit]:
    if not len(ids):
        return []
    rows = conn.execute(
        "SELECT c.id, c.text, c.meta, c.doc_id, d.source FROM chunks c JOIN documents d "
        "ON d.id = c.doc_id WHERE c.id IN (SELECT value FROM json_each(?))",
        (json.dumps([int(i) for i in ids]),),
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    hits = []
    for score, cid in zip(scores, ids):
        r = by_id.get(int(cid))
        if r is not None:
            hits.append(Hit(id=r[0], score=float(score), text=r[1], metadata=json.loads(r[2]),
                            doc_id=r[3], source=r[4]))
    return hits
