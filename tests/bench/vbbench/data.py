"""Seeded, clustered, normalized 512-d vectors shared by every store in one run.

Random-but-clustered vectors make approximate indexes work about as hard as they do on
real embeddings (pure uniform noise would make every neighbour equally far). The same
arrays are written once as .npy files so every process memory-maps identical data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIM = 512
BUCKETS = 1000  # metadata "bucket" = key % BUCKETS: a filter on one value matches 1 in 1,000
FILTER_BUCKET = 7
DOC_CHUNKS = 10  # base chunks are grouped into documents ("source") of this many chunks
NEW_KEY_BASE = 10_000_000  # keys for chunks added during workloads start here
GEN_BLOCK = 50_000  # rows generated (and scanned for ground truth) per step
LAYOUT = 2  # bump when the generator changes, so cached datasets are rebuilt


def _clustered(rng: np.random.Generator, n: int, centers: np.ndarray, noise: float) -> np.ndarray:
    labels = rng.integers(0, len(centers), size=n)
    x = rng.standard_normal((n, DIM), dtype=np.float32)
    x *= np.float32(noise / np.sqrt(DIM))
    x += centers[labels]
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def _write_clustered(path: Path, rng: np.random.Generator, n: int, centers: np.ndarray,
                     block: int = GEN_BLOCK) -> None:
    """Write `n` clustered rows to a .npy file block by block: 1M x 512 never sits in RAM twice."""
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float32, shape=(n, DIM))
    for start in range(0, n, block):
        stop = min(n, start + block)
        out[start:stop] = _clustered(rng, stop - start, centers, 1.0)
    out.flush()
    del out


@dataclass
class Dataset:
    """Base vectors, query vectors and a pool of fresh vectors for writes."""

    folder: Path
    base: np.ndarray
    queries: np.ndarray
    fresh: np.ndarray
    truth: np.ndarray  # exact top-10 row numbers per query
    truth_filtered: np.ndarray  # exact top-10 among rows with bucket == FILTER_BUCKET

    @property
    def n(self) -> int:
        return len(self.base)


def generate(folder: Path, n: int, n_queries: int = 200, n_fresh: int = 4000,
             seed: int = 20261124) -> Dataset:
    """Write base/queries/fresh .npy files into `folder` (reused if already there)."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = folder / "dataset.json"
    want = {"n": n, "n_queries": n_queries, "n_fresh": n_fresh, "seed": seed, "dim": DIM,
            "layout": LAYOUT}
    if not (meta.exists() and json.loads(meta.read_text()) == want):
        rng = np.random.default_rng(seed)
        centers = rng.standard_normal((max(8, n // 1000), DIM), dtype=np.float32)
        centers /= np.linalg.norm(centers, axis=1, keepdims=True)
        _write_clustered(folder / "base.npy", rng, n, centers)
        np.save(folder / "queries.npy", _clustered(rng, n_queries, centers, 1.0))
        np.save(folder / "fresh.npy", _clustered(rng, n_fresh, centers, 1.0))
        base = np.load(folder / "base.npy", mmap_mode="r")
        queries = np.load(folder / "queries.npy")
        mask = np.arange(n) % BUCKETS == FILTER_BUCKET
        np.savez(folder / "truth.npz", all=np.array(exact_topk(base, queries, 10)),
                 filtered=np.array(exact_topk(base, queries, 10, mask)))
        meta.write_text(json.dumps(want))
    return load(folder)


def load(folder: Path) -> Dataset:
    """Memory-map a dataset written by `generate` (cheap in every child process)."""
    truth = np.load(folder / "truth.npz")
    return Dataset(folder, np.load(folder / "base.npy", mmap_mode="r"),
                   np.load(folder / "queries.npy"), np.load(folder / "fresh.npy", mmap_mode="r"),
                   truth["all"], truth["filtered"])


def base_metadata(key: int) -> dict:
    """Metadata of base chunk `key`: its document, its filter bucket and its key."""
    return {"source": f"doc-{key // DOC_CHUNKS:07d}", "bucket": key % BUCKETS, "key": key}


def text_of(key: int) -> str:
    return f"chunk {key}"


def exact_topk(base: np.ndarray, queries: np.ndarray, k: int,
               mask: np.ndarray | None = None, block: int = GEN_BLOCK) -> list[list[int]]:
    """Ground truth keys (row numbers) by exact inner product, optionally among `mask` rows.

    Scans the base block by block (one BLAS call per block) and keeps a running top-k,
    so a memory-mapped 1M-row base is never copied whole.
    """
    best_s = np.full((len(queries), 0), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(queries), 0), dtype=np.int64)
    for start in range(0, len(base), block):
        rows = np.arange(start, min(len(base), start + block))
        if mask is not None:
            rows = rows[mask[rows]]
        if not len(rows):
            continue
        scores = np.concatenate([best_s, queries @ np.asarray(base[rows]).T], axis=1)
        idx = np.concatenate([best_i, np.broadcast_to(rows, (len(queries), len(rows)))], axis=1)
        keep = min(k, scores.shape[1])
        part = np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
        best_s = np.take_along_axis(scores, part, axis=1)
        best_i = np.take_along_axis(idx, part, axis=1)
    out: list[list[int]] = []
    for q in range(len(queries)):
        order = np.lexsort((best_i[q], -best_s[q]))
        out.append([int(best_i[q, j]) for j in order])
    return out


def recall(found: list[list[int]], truth: list[list[int]]) -> float:
    """Mean fraction of the true top-k found (1.0 = exact)."""
    if not truth:
        return float("nan")
    tot = 0.0
    for f, t in zip(found, truth):
        tot += len(set(f) & set(t)) / max(1, len(t))
    return tot / len(truth)
