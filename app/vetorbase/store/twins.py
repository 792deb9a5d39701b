"""Chunk "twins": pairs of chunk vectors whose cosine is at least a threshold.

The duplicate scan (duplicates.py) needs every pair above a high threshold (0.97 by
default) among all chunks of a base. A full all-pairs product is exact but O(N^2): at
100k chunks of 512-d it is 1e13 flops, minutes on two cores. FAISS's IVF search finds
the pairs, but scans each query's lists one by one (15 s at 100k, measured). So:

- up to `EXACT_LIMIT` vectors, the exact all-pairs product, in blocks (BLAS);
- above it, the vectors are clustered (spherical k-means on a sample, ~1.5 sqrt(N)
  centroids); every vector is a *query* in its nearest cluster and a *candidate* in its
  `PROBES` nearest ones, and each cluster's queries are scored against its candidates
  with one matrix product. Two vectors at cosine >= 0.97 are ~14 degrees apart, so they
  share a cluster unless they sit on a boundary that not even their three nearest
  centroids cover; the pairs are then symmetrized. tests/bench/duplicates_run.py measures
  the recall against the exact product (1.000 on its planted pairs at 100k).

At most `MAX_TWINS` twins are kept per chunk (the most similar ones), so a boilerplate
chunk repeated in thousands of documents cannot make the pair list quadratic.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import faiss
import numpy as np

from vetorbase.errors import Cancelled

#: Up to this many vectors the scan is the exact all-pairs product (0.4 s at 8k x 512).
EXACT_LIMIT = 8192
#: Clusters a vector is a candidate in (its nearest ones); queries use their nearest one.
PROBES = 3
#: Most similar twins kept per chunk.
MAX_TWINS = 64
#: Query rows scored per matrix product in the exact path (bounds memory: rows x N floats).
BLOCK_ROWS = 2048
#: Most scores held at once in the clustered path (64 MB): a big cluster is scored in slices.
BLOCK_CELLS = 16 << 20

Progress = Callable[[int, int], None]


class CancelFlag(Protocol):
    """What stops a scan: a threading.Event, or anything with is_set()."""

    def is_set(self) -> bool: ...


def find_twins(
    x: np.ndarray, threshold: float, *, progress: Progress | None = None, cancel: CancelFlag | None = None,
    seed: int = 13,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(a, b, cosine) for row pairs a != b of unit vectors `x` with cosine >= `threshold`.

    Both orientations of each pair are returned ((a, b) and (b, a)), each once.
    `progress(done, total)` counts rows scored; `cancel.is_set()` stops with Cancelled.
    """
    n = len(x)
    if n < 2:
        return _empty()
    x = np.ascontiguousarray(x, np.float32)
    if n <= EXACT_LIMIT:
        parts = _exact(x, threshold, progress, cancel)
    else:
        parts = _clustered(x, threshold, progress, cancel, seed)
    return _symmetric(parts)


def _empty() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.float32)


def _check(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("duplicate scan cancelled")


def _keep(rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, threshold: float) -> list[np.ndarray]:
    """The pairs of one block above the threshold, at most MAX_TWINS per query row."""
    r, c = np.nonzero(sims >= threshold)
    a, b = rows[r], cols[c]
    s = sims[r, c]
    mine = a != b
    a, b, s = a[mine], b[mine], s[mine]
    if len(a) and np.bincount(r[mine]).max() > MAX_TWINS:
        order = np.lexsort((-s, a))  # by row, most similar first
        a, b, s = a[order], b[order], s[order]
        first = np.searchsorted(a, a)  # start of each row's run
        rank = np.arange(len(a)) - first
        keep = rank < MAX_TWINS
        a, b, s = a[keep], b[keep], s[keep]
    return [a.astype(np.int64), b.astype(np.int64), s.astype(np.float32)]


def _exact(x: np.ndarray, threshold: float, progress: Progress | None,
           cancel: CancelFlag | None) -> list[list[np.ndarray]]:
    n = len(x)
    cols = np.arange(n)
    parts = []
    for start in range(0, n, BLOCK_ROWS):
        _check(cancel)
        stop = min(n, start + BLOCK_ROWS)
        parts.append(_keep(cols[start:stop], cols, x[start:stop] @ x.T, threshold))
        if progress:
            progress(stop, n)
    return parts


def _clusters(x: np.ndarray, seed: int) -> np.ndarray:
    """The PROBES nearest centroids of every row (n x PROBES), nearest first."""
    n, dim = x.shape
    nlist = max(16, int(1.5 * np.sqrt(n)))
    rng = np.random.default_rng(seed)
    sample = x[np.sort(rng.choice(n, min(n, nlist * 32), replace=False))]
    km = faiss.Kmeans(dim, nlist, niter=10, spherical=True, seed=seed, verbose=False,
                      min_points_per_centroid=1, max_points_per_centroid=32)
    km.train(sample)
    _, nearest = km.index.search(x, PROBES)
    return nearest


def _clustered(x: np.ndarray, threshold: float, progress: Progress | None, cancel: CancelFlag | None,
               seed: int) -> list[list[np.ndarray]]:
    n = len(x)
    _check(cancel)
    nearest = _clusters(x, seed)
    nlist = int(nearest.max()) + 1
    home = nearest[:, 0]
    queries = np.argsort(home, kind="stable")
    q_bounds = np.searchsorted(home[queries], np.arange(nlist + 1))
    listed = nearest.ravel()
    owner = np.repeat(np.arange(n), PROBES)
    cands = np.argsort(listed, kind="stable")
    c_bounds = np.searchsorted(listed[cands], np.arange(nlist + 1))
    parts, done = [], 0
    for c in range(nlist):
        q = queries[q_bounds[c]:q_bounds[c + 1]]
        if not len(q):
            continue
        members = owner[cands[c_bounds[c]:c_bounds[c + 1]]]
        candidates = x[members]
        step = max(1, BLOCK_CELLS // len(members))
        for start in range(0, len(q), step):
            _check(cancel)
            rows = q[start:start + step]
            parts.append(_keep(rows, members, x[rows] @ candidates.T, threshold))
            done += len(rows)
            if progress:
                progress(done, n)
    return parts


def _symmetric(parts: list[list[np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair in both orientations, once each (a pair found from both sides kept once)."""
    if not parts:
        return _empty()
    a = np.concatenate([p[0] for p in parts])
    b = np.concatenate([p[1] for p in parts])
    s = np.concatenate([p[2] for p in parts])
    a, b, s = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([s, s])
    if not len(a):
        return _empty()
    order = np.lexsort((b, a))
    a, b, s = a[order], b[order], s[order]
    first = np.ones(len(a), bool)
    first[1:] = (a[1:] != a[:-1]) | (b[1:] != b[:-1])
    return a[first], b[first], s[first]
