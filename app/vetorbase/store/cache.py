"""The per-process FAISS cache: an `IndexIDMap2` keyed by chunk id, plus its seq.

It is never the source of truth; it is caught up from the journal's change log and
can always be rebuilt from the journal.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class FaissCache:
    """Exact inner-product search over normalized vectors (cosine)."""

    def __init__(self, dim: int, index: faiss.Index | None = None, seq: int = 0) -> None:
        self.dim = dim
        self.index = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.seq = seq

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(vectors, ids.astype(np.int64))

    def remove(self, ids: np.ndarray) -> int:
        if not len(ids):
            return 0
        return int(self.index.remove_ids(np.ascontiguousarray(ids, dtype=np.int64)))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = min(k, self.ntotal)
        if k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        scores, ids = self.index.search(query.reshape(1, -1), k)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def search_among(self, query: np.ndarray, k: int, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k restricted to `ids`, using FAISS's ID selector (pre-filter)."""
        k = min(k, len(ids))
        if k <= 0:
            return np.empty(0, np.float32), np.empty(0, np.int64)
        sel = faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64))
        params = faiss.SearchParameters(sel=sel)
        scores, found = self.index.search(query.reshape(1, -1), k, params=params)
        keep = found[0] >= 0
        return scores[0][keep], found[0][keep]

    def ids(self) -> np.ndarray:
        return faiss.vector_to_array(self.index.id_map).astype(np.int64)

    def vectors(self) -> np.ndarray:
        inner = faiss.downcast_index(self.index.index)
        return inner.reconstruct_n(0, self.ntotal) if self.ntotal else np.empty((0, self.dim), np.float32)

    def serialize(self) -> np.ndarray:
        return faiss.serialize_index(self.index)

    @classmethod
    def read(cls, path: Path, dim: int, seq: int) -> FaissCache:
        return cls._checked(faiss.read_index(str(path)), dim, seq)

    @classmethod
    def _checked(cls, index: faiss.Index, dim: int, seq: int) -> FaissCache:
        if not isinstance(index, faiss.IndexIDMap2):
            index = faiss.downcast_index(index)
        if index.d != dim:
            raise ValueError(f"snapshot has dimension {index.d}, base has {dim}")
        if not isinstance(index, faiss.IndexIDMap2):
            raise ValueError(f"snapshot holds a {type(index).__name__}, not an IndexIDMap2")
        return cls(dim, index, seq)
