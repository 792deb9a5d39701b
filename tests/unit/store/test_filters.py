"""Filters select chunks before ranking: the true top-k among matches, even when rare."""

from __future__ import annotations

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.store import base as base_module

DIM = 32
N = 10_000


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("filters") / "b"
    b = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:32")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(N, DIM)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    for start in range(0, N, 1000):
        rows = range(start, start + 1000)
        b.add_texts(
            [f"chunk {i}" for i in rows], x[start:start + 1000],
            [{"source": f"/docs/{'rare' if i % 1000 == 0 else 'common'}/{i // 100}.txt",
              "group": "rare" if i % 1000 == 0 else f"g{i % 7}", "n": i, "flag": i % 2 == 0}
             for i in rows],
        )
    yield b, x
    b.close()


def brute_top(x, q, mask, k):
    scores = x @ q
    idx = np.flatnonzero(mask)
    order = idx[np.argsort(-scores[idx], kind="stable")][:k]
    return [f"chunk {i}" for i in order]


def test_rare_filter_returns_the_true_top_k_among_matches(filled):
    b, x = filled
    rng = np.random.default_rng(1)
    mask = np.array([i % 1000 == 0 for i in range(N)])
    for _ in range(5):
        q = rng.normal(size=DIM).astype(np.float32)
        q /= np.linalg.norm(q)
        hits = b.search(q, k=5, where={"group": "rare"})
        assert [h.text for h in hits] == brute_top(x, q, mask, 5)
        # "top-k then filter" would almost always find none of these 10 in the global top 5.
        assert len(hits) == 5


def test_large_match_sets_use_faiss_with_an_id_selector_and_stay_exact(filled, monkeypatch):
    b, x = filled
    monkeypatch.setattr(base_module, "DIRECT_RANK_LIMIT", 10)
    q = np.random.default_rng(2).normal(size=DIM).astype(np.float32)
    q /= np.linalg.norm(q)
    mask = np.array([i % 7 == 3 and i % 1000 != 0 for i in range(N)])
    hits = b.search(q, k=10, where={"group": "g3"})
    assert [h.text for h in hits] == brute_top(x, q, mask, 10)


@pytest.mark.parametrize(
    "where, predicate",
    [
        ({"group": {"$in": ["g1", "g2"]}}, lambda i: i % 1000 != 0 and i % 7 in (1, 2)),
        ({"source": {"$prefix": "/docs/rare/"}}, lambda i: i % 1000 == 0),
        ({"flag": True, "group": "g0"}, lambda i: i % 2 == 0 and i % 7 == 0 and i % 1000 != 0),
        ({"n": 1234}, lambda i: i == 1234),
        ({"n": {"$eq": 99}}, lambda i: i == 99),
    ],
)
def test_operators(filled, where, predicate):
    b, x = filled
    q = x[1234]
    mask = np.array([predicate(i) for i in range(N)])
    assert b.count(where) == mask.sum()
    assert [h.text for h in b.search(q, k=3, where=where)] == brute_top(x, q, mask, 3)


def test_filter_matching_nothing_returns_nothing(filled):
    b, _ = filled
    assert b.search(np.ones(DIM), k=5, where={"group": "nope"}) == []
