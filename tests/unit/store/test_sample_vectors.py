"""`VectorBase.sample_vectors`: every chunk when few, an even, stable spread when many."""

from __future__ import annotations

import numpy as np
from vetorbase.store import VectorBase


def test_sample_vectors_returns_all_when_few_and_an_even_stable_spread_when_many(tmp_path):
    base = VectorBase.open(tmp_path / "b", create=True, dim=8, embedder_id="test:8")
    rng = np.random.default_rng(0)
    stored = {}
    for d in range(10):
        vectors = rng.standard_normal((10, 8)).astype("float32")
        doc = base.add_document(f"/f{d % 3}/doc{d}.txt", [f"t{d}-{i}" for i in range(10)], vectors)
        for chunk, v in zip(base.chunks(doc.id), vectors):
            stored[chunk.id] = (doc.id, v / np.linalg.norm(v))
    ids, doc_ids, sources, vectors = base.sample_vectors(limit=1000)
    assert len(ids) == 100 and vectors.shape == (100, 8) and vectors.dtype == np.float32
    for i, cid in enumerate(ids):
        assert doc_ids[i] == stored[cid][0] and sources[i].endswith(f"doc{[*stored].index(cid) // 10}.txt")
        assert np.allclose(vectors[i], stored[cid][1], atol=1e-6)

    ids25, *_ = base.sample_vectors(limit=25)
    assert len(ids25) == 25 and set(ids25) <= set(ids)
    gaps = np.diff(np.sort(ids25))
    assert gaps.min() == gaps.max() == 4, "every 4th chunk, spread over the whole base"
    assert np.array_equal(base.sample_vectors(limit=25)[0], ids25), "the same sample every time"
    empty = VectorBase.open(tmp_path / "e", create=True, dim=8, embedder_id="test:8").sample_vectors()
    assert len(empty[0]) == 0 and empty[3].shape == (0, 8)
