"""The map's numbers: a 2D PCA of chunk vectors (numpy only), computed on the worker thread.

PCA rather than t-SNE/UMAP: no new dependency, deterministic, fast (a randomized range
finder, see `_top_two_axes`), and new points (search hits outside the sample) project onto the same axes.
The axes are fitted on at most `FIT_LIMIT` evenly spread points; projecting the rest is one
matrix product.  No Qt here: the benchmark and the tests call it directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MAP_SAMPLE = 50_000
FIT_LIMIT = 10_000


@dataclass(frozen=True)
class Projection:
    """Fitted axes: `project(vectors)` gives map coordinates in [0, 1] for the fitted sample."""

    mean: np.ndarray
    axes: np.ndarray  # (2, dim)
    low: np.ndarray  # (2,) the sample's minimum, to scale into [0, 1]
    span: np.ndarray  # (2,)
    explained: tuple[float, float] = (0.0, 0.0)

    def project(self, vectors: np.ndarray) -> np.ndarray:
        xy = (np.asarray(vectors, np.float32) - self.mean) @ self.axes.T
        return ((xy - self.low) / self.span).astype(np.float32)


@dataclass(frozen=True)
class MapData:
    """What the map draws: one point per sampled chunk, and how the sample relates to the base."""

    ids: np.ndarray  # ascending, as `VectorBase.sample_vectors` returns them (the map searches in them)
    doc_ids: np.ndarray
    sources: list[str]
    xy: np.ndarray  # (n, 2) in [0, 1]
    total_chunks: int
    seq: int
    projection: Projection | None = None
    # "folder" / "type" -> (group names, each point's group index): grouped here, on the worker,
    # so the UI thread only counts (50k sources took it 100 ms).
    groups: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)

    @property
    def sampled(self) -> bool:
        return len(self.ids) < self.total_chunks


def fit(vectors: np.ndarray, fit_limit: int = FIT_LIMIT) -> Projection:
    """The two principal axes of `vectors` (fitted on an even spread of at most `fit_limit`)."""
    x = np.asarray(vectors, np.float32)
    dim = x.shape[1] if x.ndim == 2 else 0
    if len(x) < 3:  # too few to have directions: put them on a line
        axes = np.eye(2, dim, dtype=np.float32) if dim else np.zeros((2, 0), np.float32)
        mean = x.mean(axis=0) if len(x) else np.zeros(dim, np.float32)
        explained = (0.0, 0.0)
    else:
        step = max(1, len(x) // fit_limit)
        sample = x[::step]
        mean = sample.mean(axis=0)
        axes, explained = _top_two_axes(sample - mean)
    raw = (x - mean) @ axes.T if len(x) else np.zeros((0, 2), np.float32)
    low = raw.min(axis=0) if len(raw) else np.zeros(2, np.float32)
    span = (raw.max(axis=0) - low) if len(raw) else np.ones(2, np.float32)
    span = np.where(span > 1e-9, span, 1.0).astype(np.float32)
    return Projection(mean.astype(np.float32), axes, low.astype(np.float32), span, explained)  # type: ignore[arg-type]


def _top_two_axes(centred: np.ndarray, rank: int = 8, rounds: int = 4) -> tuple[np.ndarray, tuple[float, float]]:
    """The two leading principal directions by a randomized range finder (Halko et al.): a few
    thin matrix products instead of a full SVD, which under a loaded multi-threaded BLAS took
    25 s for 5,000 x 512 here; this takes milliseconds and gives the same axes (up to sign)."""
    n, dim = centred.shape
    k = min(rank, n, dim)
    rng = np.random.default_rng(0)  # the same map for the same vectors
    y = centred @ rng.standard_normal((dim, k)).astype(np.float32)
    for _ in range(rounds):
        q, _ = np.linalg.qr(y)
        z, _ = np.linalg.qr(centred.T @ q)
        y = centred @ z
    q, _ = np.linalg.qr(y)
    _, singular, vt = np.linalg.svd(q.T @ centred, full_matrices=False)
    axes = np.zeros((2, dim), np.float32)
    axes[: min(2, len(vt))] = vt[:2]
    for row in axes:  # a fixed sign, so a redrawn map does not flip
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    energy = float((centred.astype(np.float64) ** 2).sum()) or 1.0
    explained = [float(v ** 2 / energy) for v in singular[:2]] + [0.0, 0.0]
    return axes, (explained[0], explained[1])


def group_key(source: str, by: str) -> str:
    """The colour group of a source: its folder, or its file type ("pdf", "md", "text").
    Plain string operations: the map groups up to 50k sources on the UI thread."""
    path = source.replace("\\", "/")
    folder, _, name = path.rpartition("/")
    if by == "type":
        stem, dot, suffix = name.rpartition(".")
        return suffix.lower() if dot and stem else "text"
    return folder or "/"


def grouped(sources: list[str], by: str) -> tuple[list[str], np.ndarray]:
    """(distinct group names, the group index of each source), each source's key computed once."""
    keys: dict[str, int] = {}
    names: list[str] = []
    known: dict[str, int] = {}

    def code(source: str) -> int:
        found = known.get(source)
        if found is None:
            key = group_key(source, by)
            found = keys.get(key)
            if found is None:
                found = keys[key] = len(names)
                names.append(key)
            known[source] = found
        return found

    return names, np.fromiter((code(s) for s in sources), np.int32, len(sources))


def build_map(ids: np.ndarray, doc_ids: np.ndarray, sources: list[str], vectors: np.ndarray,
              total_chunks: int, seq: int) -> MapData:
    projection = fit(vectors)
    xy = projection.project(vectors) if len(vectors) else np.zeros((0, 2), np.float32)
    groups = {by: grouped(sources, by) for by in ("folder", "type")}
    return MapData(ids, doc_ids, sources, xy, total_chunks, seq, projection, groups)
