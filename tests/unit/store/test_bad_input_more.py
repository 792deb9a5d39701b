"""Issue 16, item 14: hostile arguments get `InvalidInput`, never a raw exception or silent damage.

Found raising raw errors: integers beyond SQLite's 64 bits in metadata or filters
(OverflowError), metadata nested 1,000 deep (RecursionError), `k` that is NaN, inf,
None or a string, `remove_chunks(["x"])` (ValueError). A float32 vector of 3e38 was
stored as all zeros (its norm overflowed), though zero vectors are refused. And the
read-only CLI commands must not create a base in a mistyped folder or in `/`.
The store's checks run on both backends (a folder and a PostgreSQL base).
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput

DIM = 8


def vecs(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


@pytest.fixture
def base(base_location):
    b = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:8")
    b.add_texts(["one", "two", "three"], vecs(3), [{"source": f"doc-{i}", "n": i} for i in range(3)])
    yield b
    b.close()


def _unchanged(b: VectorBase) -> None:
    assert b.count() == 3 and b.document_count() == 3 and b.check() == []


def _nested(depth: int) -> dict:
    root: dict = {}
    node = root
    for _ in range(depth):
        node["down"] = {}
        node = node["down"]
    return root


@pytest.mark.parametrize("meta", [
    {"n": 2**63}, {"n": -2**63 - 1}, {"n": [1, 2**64]}, {"deep": _nested(1000)},
], ids=["2**63", "-2**63-1", "2**64-in-list", "nested-1000"])
def test_unstorable_metadata_is_invalid_input(base, meta):
    with pytest.raises(InvalidInput):
        base.add_texts(["bad"], vecs(1, 5), [{"source": "bad", **meta}])
    with pytest.raises(InvalidInput):
        base.add_document("bad", ["bad"], vecs(1, 5), metadata=meta)
    _unchanged(base)


@pytest.mark.parametrize("where", [{"n": 2**64}, {"n": -2**64}, {"n": {"$in": [1, 2**64]}}],
                         ids=["2**64", "-2**64", "in-2**64"])
def test_filter_with_a_huge_integer_is_invalid_input(base, where):
    with pytest.raises(InvalidInput):
        base.search(vecs(1)[0], where=where)
    with pytest.raises(InvalidInput):
        base.count(where)
    _unchanged(base)


@pytest.mark.parametrize("k", [float("nan"), float("inf"), None, "3"], ids=["nan", "inf", "None", "str"])
def test_search_k_that_is_not_a_positive_int_is_invalid_input(base, k):
    with pytest.raises(InvalidInput):
        base.search(vecs(1)[0], k=k)


def test_remove_chunks_with_a_non_integer_id_is_invalid_input(base):
    with pytest.raises(InvalidInput):
        base.remove_chunks(["x"])
    _unchanged(base)


def test_huge_float32_vector_is_stored_as_its_direction_or_refused(base):
    huge = np.full((1, DIM), 3e38, np.float32)
    huge[0, ::2] = -3e38
    direction = huge[0].astype(np.float64) / np.linalg.norm(huge[0].astype(np.float64))
    try:
        [chunk_id] = base.add_texts(["huge"], huge, [{"source": "huge"}])
    except InvalidInput:
        _unchanged(base)
        return
    stored = base.vectors([chunk_id])[0].astype(np.float64)
    assert np.isfinite(stored).all() and np.linalg.norm(stored) > 0.99, f"stored as {stored}"
    assert float(stored @ direction) == pytest.approx(1.0, abs=1e-5)
    top = base.search(huge[0], k=1)[0]
    assert top.source == "huge" and top.score == pytest.approx(1.0, abs=1e-4)
    assert base.check() == []


MISSING = "/tmp/does-not-exist-xyz"


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", [["search", "contrato de aluguel"], ["stats"], ["list"], ["check"]],
                         ids=lambda c: c[0])
def test_read_commands_on_a_missing_base_fail_and_create_nothing(command):
    if os.path.exists(MISSING):
        pytest.skip(f"{MISSING} exists on this machine; the test needs it absent")
    done = _cli(*command, "--base", MISSING)
    assert done.returncode != 0
    assert MISSING in done.stderr and "base" in done.stderr.lower(), done.stderr
    assert not os.path.exists(MISSING), f"`vetorbase {command[0]}` created {MISSING}"


@pytest.mark.parametrize("command", [["search", "contrato"], ["stats"], ["list"], ["check"]],
                         ids=lambda c: c[0])
def test_read_commands_on_root_fail_and_create_nothing(command):
    if os.path.exists("/vetorbase.sqlite"):
        pytest.skip("/vetorbase.sqlite already exists on this machine")
    before = set(os.listdir("/"))
    done = _cli(*command, "--base", "/")
    assert done.returncode != 0 and done.stderr.strip(), done
    assert set(os.listdir("/")) == before, f"`vetorbase {command[0]} --base /` wrote {set(os.listdir('/')) - before}"
