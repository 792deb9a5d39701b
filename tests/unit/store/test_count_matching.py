"""`count_matching`: the exact (documents, chunks) a destructive confirmation states."""

from __future__ import annotations

import numpy as np

from vetorbase import VectorBase

DIM = 8


def test_counts_are_exact_however_many_documents_match(base_dir):
    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:8")
    rng = np.random.default_rng(0)
    for i in range(260):
        folder = "/a/" if i < 250 else "/b/"
        base.add_document(f"{folder}{i}.txt", ["x", "y", "z"], rng.normal(size=(3, DIM)).astype(np.float32),
                          [{"part": 0}, {"part": 1}, {"part": 1}])
    assert base.count_matching({"source": {"$prefix": "/a/"}}) == (250, 750)
    assert base.count_matching({"part": 1}) == (260, 520), "documents with any matching chunk"
    assert base.count_matching({"source": "/nowhere"}) == (0, 0)
    assert base.count_matching(None) == (260, 780)
    docs, chunks = base.preview_where({"source": {"$prefix": "/a/"}}, limit=200)
    assert len(docs) == 200 and chunks == 750, "the listing is capped; the count is not"
    base.close()
