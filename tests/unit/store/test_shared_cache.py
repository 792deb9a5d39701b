"""The shared view: mapped snapshot + private delta + tombstones gives the exact top-k,
removals never come back, and processes move to newer snapshots."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.store import cache as cache_module

DIM = 16


def vecs(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


def brute_force(base, query, k, where=None):
    ids = [c.id for d in base.documents(limit=10**6) for c in base.chunks(d.id)]
    if where:
        keep = {h.id for h in base.search(query, k=10**5, where=where)}
        ids = [i for i in ids if i in keep]
    mat = base.vectors(ids)
    q = query / np.linalg.norm(query)
    scores = mat @ q
    order = np.argsort(-scores, kind="stable")[:k]
    return [ids[i] for i in order]


@pytest.fixture
def base(base_dir):
    b = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:16")
    for i in range(60):
        b.add_document(f"doc{i:03d}", [f"c{j}" for j in range(10)], vecs(10, i),
                       metadatas=[{"group": i % 3}] * 10)
    assert b.snapshot() is not None
    b.refresh()
    yield b
    b.close()


@pytest.mark.parametrize("removed_docs", [3, 40])  # post-filter path, then bitmap path
def test_tombstones_and_delta_give_the_exact_top_k(base, monkeypatch, removed_docs):
    monkeypatch.setattr(cache_module, "POST_FILTER_LIMIT", 100)
    for i in range(removed_docs):
        base.remove_where({"source": f"doc{i:03d}"})
    for i in range(5):
        base.add_document(f"new{i}", ["n"] * 4, vecs(4, 1000 + i))
    base.search(vecs(1, 5)[0], k=1)
    cache = base._sync._cache
    assert cache.mapped is not None and len(cache.tombstones) == removed_docs * 10
    assert cache.delta.ntotal == 20
    for seed in range(10):
        q = vecs(1, 500 + seed)[0]
        got = [h.id for h in base.search(q, k=15)]
        assert got == brute_force(base, q, 15)
        got = [h.id for h in base.search(q, k=7, where={"group": 1})]
        assert got == brute_force(base, q, 7, where={"group": 1})
    assert base.check() == []


def test_a_removal_in_another_process_never_comes_back(base, base_dir):
    victim = base.get_document(source="doc010")
    victim_ids = {c.id for c in base.chunks(victim.id)}
    victim_vector = base.vectors(sorted(victim_ids))[0]
    base.add_document("fresh", ["f"] * 3, vecs(3, 77))
    fresh_ids = {c.id for c in base.chunks(base.get_document(source="fresh").id)}
    base.search(vecs(1)[0], k=1)  # the cache now holds "fresh" in its delta
    code = (
        "import sys; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
        "b.remove_where({'source': {'$in': ['doc010', 'fresh']}})"
    )
    subprocess.run([sys.executable, "-c", code, str(base_dir)], check=True, timeout=60)
    for seed in range(20):
        q = vecs(1, seed)[0] if seed else victim_vector
        found = {h.id for h in base.search(q, k=600)}
        assert not (found & (victim_ids | fresh_ids))
    assert base.count() == 600 - 10
    assert base.check() == []


def test_processes_move_to_a_newer_snapshot_and_drop_their_private_rows(base):
    for i in range(30):
        base.remove_where({"source": f"doc{i:03d}"})
    base.add_document("late", ["l"] * 5, vecs(5, 99))
    base.search(vecs(1)[0], k=1)
    before = base._sync._cache
    assert before.pending == 305
    assert base.snapshot() is not None
    base.add_document("later", ["x"], vecs(1, 100))
    base.search(vecs(1)[0], k=1)
    after = base._sync._cache
    assert after is not before and after.pending == 1
    assert after.mapped.n == 600 - 300 + 5
    snaps = sorted((base.path / "snapshots").glob("index-*.faiss"))
    assert len(snaps) == 1, "only the newest snapshot is kept"
    assert base.check() == []
