"""Filters select chunks before ranking: the true top-k among matches, even when rare."""

from __future__ import annotations

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.store import cache as cache_module

DIM = 32
N = 10_000


@pytest.fixture(scope="module", params=["folder", "postgresql"])
def filled(request, tmp_path_factory):
    """The same 10k chunks in a folder base and in a PostgreSQL base: every filter must
    select exactly the same chunks on both backends."""
    if request.param == "folder":
        location = tmp_path_factory.mktemp("filters") / "b"
    else:
        location = request.getfixturevalue("pg_server").url("filters")
    b = VectorBase.open(location, create=True, dim=DIM, embedder_id="test:32")
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
    monkeypatch.setattr(cache_module, "GATHER_LIMIT", 10)
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


@pytest.mark.parametrize(
    "where, predicate",
    [
        ({"n": {"$gt": 9990}}, lambda i: i > 9990),
        ({"n": {"$gte": 9990}}, lambda i: i >= 9990),
        ({"n": {"$lt": 5}}, lambda i: i < 5),
        ({"n": {"$lte": 5}}, lambda i: i <= 5),
        ({"n": {"$gt": 10, "$lt": 20}}, lambda i: 10 < i < 20),
        ({"n": {"$gt": 2.5, "$lte": 4}}, lambda i: 2.5 < i <= 4),
        ({"group": {"$ne": "g1"}}, lambda i: not (i % 1000 != 0 and i % 7 == 1)),
        ({"group": {"$nin": ["g1", "g2", "rare"]}}, lambda i: i % 1000 != 0 and i % 7 not in (1, 2)),
        ({"$or": [{"n": 3}, {"group": "rare"}]}, lambda i: i == 3 or i % 1000 == 0),
        ({"$and": [{"n": {"$lt": 100}}, {"flag": False}]}, lambda i: i < 100 and i % 2 == 1),
        ({"$or": [{"$and": [{"n": {"$lt": 30}}, {"group": "g2"}]}, {"n": {"$gte": 9995}}],
          "flag": True}, lambda i: ((i < 30 and i % 7 == 2 and i % 1000) or i >= 9995) and i % 2 == 0),
        ({"group": {"$gt": "g5"}}, lambda i: i % 1000 != 0 and i % 7 == 6 or i % 1000 == 0),
        ({"missing_key": {"$ne": 1}}, lambda i: True),
        ({"n": {"$gt": "a"}}, lambda i: False),  # text sorts after numbers, but never compares with them
    ],
)
def test_comparison_and_logical_operators(filled, where, predicate):
    b, x = filled
    q = x[17]
    mask = np.array([bool(predicate(i)) for i in range(N)])
    assert b.count(where) == mask.sum()
    assert [h.text for h in b.search(q, k=3, where=where)] == brute_top(x, q, mask, 3)


@pytest.mark.parametrize("backend", ["folder", "postgresql"])
def test_dates_compare_as_iso_text_and_as_timestamps(tmp_path, backend, request):
    from datetime import datetime

    location = tmp_path / "dates" if backend == "folder" else request.getfixturevalue("pg_url")
    b = VectorBase.open(location, create=True, dim=4, embedder_id="test:4")
    stamps = {"jan.txt": "2026-01-15T09:00:00+00:00", "mar.txt": "2026-03-02T09:00:00+00:00"}
    for i, (source, iso) in enumerate(stamps.items()):
        b.add_document(source, [source], np.eye(4, dtype=np.float32)[i:i + 1],
                       metadata={"ingested_at": iso, "when": datetime.fromisoformat(iso).timestamp()})
    for key in ("ingested_at", "when"):
        assert [h.source for h in b.search(np.ones(4), where={key: {"$gte": "2026-03-01"}})] == ["mar.txt"]
        assert [h.source for h in b.search(np.ones(4), where={key: {"$lt": "2026-03-01"}})] == ["jan.txt"]
    # added_at is the document's own column: every chunk has it.
    assert b.count({"added_at": {"$gte": "2000-01-01"}}) == 2
    assert b.count({"added_at": {"$lt": "2000-01-01"}}) == 0
    assert b.count({"added_at": {"$gt": 0}}) == 2
    b.close()


@pytest.mark.parametrize(
    "where, message",
    [
        ({"n": {"$gte": [1, 2]}}, "compares numbers"),
        ({"n": {"$lt": None}}, "compares numbers"),
        ({"n": {"$gt": True}}, "compares numbers"),
        ({"n": {"$regex": "x"}}, "unknown operator"),
        ({"$not": {"n": 1}}, "unknown filter operator"),
        ({"$or": []}, "non-empty list"),
        ({"$and": {"n": 1}}, "non-empty list"),
        ({"n": {}}, "give an operator"),
        ({"n": {"$nin": []}}, "non-empty list"),
        ({"added_at": {"$gt": "last week"}}, "give a date"),
        ({"added_at": {"$gt": "2026-13-45"}}, "not a valid date"),
        ({"added_at": {"$in": [1]}}, "does not apply"),
        ({"n": {"$gt": float("nan")}}, "not a number"),
    ],
)
def test_bad_operators_and_values_are_clear_errors(filled, where, message):
    from vetorbase.errors import InvalidInput

    b, x = filled
    with pytest.raises(InvalidInput, match=message):
        b.search(x[0], where=where)
