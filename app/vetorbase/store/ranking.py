"""Hits from result rows: the texts and metadata of the ids a ranker returned."""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from vetorbase.store.dialect import in_ids
from vetorbase.store.types import Hit


def hits_for(conn: Any, scores: np.ndarray, ids: np.ndarray) -> list[Hit]:
    if not len(ids):
        return []
    chosen, param = in_ids(conn, "c.id", ids)
    rows = conn.execute(
        "SELECT c.id, c.text, c.meta, c.doc_id, d.source FROM chunks c JOIN documents d "
        f"ON d.id = c.doc_id WHERE {chosen}", (param,),
    ).fetchall()
    by_id = {r[0]: r for r in rows}
    hits = []
    for score, cid in zip(scores, ids):
        r = by_id.get(int(cid))
        if r is not None:
            hits.append(Hit(id=r[0], score=float(score), text=r[1], metadata=json.loads(r[2]),
                            doc_id=r[3], source=r[4]))
    return hits
