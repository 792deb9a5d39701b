"""The embedding cache: unchanged text costs no model call, across instances and processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from vetorbase.embeddings import CachedEmbedder, LangChainEmbedder, get_embedder
from vetorbase.errors import Cancelled, InvalidInput


class Counting(DeterministicFakeEmbedding):
    """A real embedder that records every text it was asked to embed."""

    seen: list[str] = []

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        type(self).seen.extend(texts)
        return super().embed_documents(texts)


def counting(size: int = 16, embedder_id: str = "test:counting-16") -> LangChainEmbedder:
    Counting.seen = []
    return LangChainEmbedder(Counting(size=size), embedder_id, dim=size)


def test_second_pass_does_no_work(tmp_path: Path) -> None:
    inner = counting()
    cache = CachedEmbedder(inner, tmp_path / "cache.sqlite")
    assert cache.embedder_id == inner.embedder_id and cache.dim == 16
    texts = [f"trecho {i}" for i in range(10)]
    first = cache.embed_array(texts, batch_size=4)
    assert len(Counting.seen) == 10 and cache.misses == 10 and cache.hits == 0
    second = cache.embed_array(texts, batch_size=4)
    assert len(Counting.seen) == 10, "unchanged texts must not reach the model"
    assert cache.hits == 10
    assert second.dtype == np.float32 and np.array_equal(first, second)
    assert np.array_equal(first, inner.embed_array(texts))


def test_only_changed_texts_are_embedded_and_order_kept(tmp_path: Path) -> None:
    cache = CachedEmbedder(counting(), tmp_path / "c.sqlite")
    cache.embed_array(["a", "b", "c"])
    Counting.seen.clear()
    got = cache.embed_array(["c", "novo", "a", "novo"])
    assert Counting.seen == ["novo"], "duplicates are embedded once"
    expected = counting().embed_array(["c", "novo", "a", "novo"])
    assert np.array_equal(got, expected)


def test_persists_across_instances_and_keys_by_embedder(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    CachedEmbedder(counting(), path).embed_array(["x", "y"])
    again = CachedEmbedder(counting(), path)
    again.embed_array(["x", "y"])
    assert Counting.seen == [] and again.count() == 2
    other = CachedEmbedder(counting(16, "test:another-model"), path)
    other.embed_array(["x"])
    assert Counting.seen == ["x"], "another embedder id must not reuse these vectors"
    assert other.clear() == 1 and again.count() == 2


def test_progress_counts_hits_and_cancel_keeps_finished_batches(tmp_path: Path) -> None:
    cache = CachedEmbedder(counting(), tmp_path / "c.sqlite")
    cache.embed_array(["t0", "t1"])
    texts = [f"t{i}" for i in range(8)]
    flag = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        flag.set()

    with pytest.raises(Cancelled):
        cache.embed_array(texts, batch_size=3, progress=progress, cancel=flag)
    assert seen == [(5, 8)]  # 2 hits + the first batch of 3
    Counting.seen.clear()
    calls: list[tuple[int, int]] = []
    cache.embed_array(texts, batch_size=3, progress=lambda d, t: calls.append((d, t)))
    assert Counting.seen == ["t5", "t6", "t7"], "the finished batch was kept"
    assert calls[-1] == (8, 8)


def test_queries_and_empty_input(tmp_path: Path) -> None:
    cache = CachedEmbedder(counting(), tmp_path / "c.sqlite")
    q = cache.embed_query("pergunta")
    assert cache.embed_query("pergunta") == q and Counting.seen == ["pergunta"]
    assert cache.embed_array([]).shape == (0, 16)
    Counting.seen.clear()
    assert cache.test_connection() == 16 and Counting.seen == ["dimension probe"]
    with pytest.raises(InvalidInput):
        CachedEmbedder(DeterministicFakeEmbedding(size=3), tmp_path / "x.sqlite")  # type: ignore[arg-type]


def test_wal_mode_and_damaged_file(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "c.sqlite"
    CachedEmbedder(counting(), path).embed_array(["a"])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    cache = CachedEmbedder(counting(), bad)
    got = cache.embed_array(["a", "b"])  # works uncached, with a warning
    assert got.shape == (2, 16) and Counting.seen == ["a", "b"]
    assert "unusable" in caplog.text


def test_real_default_embedder_through_the_cache(tmp_path: Path) -> None:
    cache = CachedEmbedder(get_embedder(), tmp_path / "c.sqlite")
    texts = ["O contrato vence em maio.", "The contract ends in May."]
    first = cache.embed_array(texts)
    assert np.array_equal(first, cache.embed_array(texts)) and cache.hits == 2
    assert first.shape == (2, 512)


def _worker(path: str, start: int, out: "multiprocessing.Queue[object]") -> None:
    cache = CachedEmbedder(counting(), path)
    texts = [f"shared {i}" for i in range(start, start + 60)]
    for chunk in range(0, 60, 10):
        cache.embed_array(texts[chunk : chunk + 10])
    out.put(cache.embed_array(texts).sum())


def test_several_processes_share_one_cache(tmp_path: Path) -> None:
    path = str(tmp_path / "c.sqlite")
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(path, start, out)) for start in (0, 20, 40)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0]
    assert all(np.isfinite(out.get(timeout=5)) for _ in procs)
    cache = CachedEmbedder(counting(), path)
    assert cache.count() == 100  # texts 0..99, each stored once
    texts = [f"shared {i}" for i in range(100)]
    cached = cache.embed_array(texts)
    assert Counting.seen == [], "every text was already cached by the workers"
    fresh = LangChainEmbedder(DeterministicFakeEmbedding(size=16), "x").embed_array(texts)
    assert np.array_equal(cached, fresh)
