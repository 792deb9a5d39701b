"""A write to a server base costs round trips per call, not per chunk.

Each statement waits for one network round trip, so a chunk inserted by its own
statement made a 100-chunk document cost 100 waits (a second over a 10 ms network).
The chunks now go in one pipeline; these tests pin that, and that each id still
belongs to its own row.
"""

from __future__ import annotations

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.store import pgconn

DIM = 8


def unit(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.mark.parametrize("backend", ["folder", "postgresql"])
def test_ids_of_a_batch_belong_to_their_own_rows_in_order(backend, tmp_path, request):
    where = tmp_path / "b" if backend == "folder" else request.getfixturevalue("pg_url")
    base = VectorBase.open(where, create=True, dim=DIM, embedder_id="test:8")
    base.add_texts(["before"], unit(1, 0), [{"source": "first"}])
    texts = [f"chunk number {i}" for i in range(50)]
    vectors = unit(50, 1)
    ids = base.add_texts(texts, vectors, [{"source": f"doc-{i % 3}", "n": i} for i in range(50)])
    assert len(set(ids)) == 50
    for doc in range(3):  # a document's chunks are inserted together, in order
        assert ids[doc::3] == sorted(ids[doc::3])
    got = {c.id: c for c in base.get_chunks(ids)}
    assert [got[i].text for i in ids] == texts
    assert [got[i].metadata["n"] for i in ids] == list(range(50))
    np.testing.assert_allclose(base.vectors(ids), vectors, atol=1e-6)
    doc = base.add_document("whole", texts[:7], vectors[:7])
    assert [c.text for c in base.chunks(doc.id)] == texts[:7]
    hit = base.search(vectors[33], k=1)[0]
    assert hit.id == ids[33] and hit.text == texts[33]


def test_a_documents_statements_do_not_grow_with_its_chunks(pg_url, monkeypatch):
    base = VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:8")
    sent: list[str] = []
    execute, executemany = pgconn.PgConn.execute, pgconn.PgConn.executemany

    def counted(fn):
        def run(self, sql, *args, **kwargs):
            sent.append(sql)
            return fn(self, sql, *args, **kwargs)
        return run

    monkeypatch.setattr(pgconn.PgConn, "execute", counted(execute))
    monkeypatch.setattr(pgconn.PgConn, "executemany", counted(executemany))
    counts = {}
    for n in (4, 40):
        sent.clear()
        base.add_document(f"doc-{n}", [f"t{i}" for i in range(n)], unit(n, n))
        counts[n] = len(sent)
    assert counts[40] == counts[4], counts
    assert base.count() == 44
