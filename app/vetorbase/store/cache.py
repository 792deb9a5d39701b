"""This process's FAISS view of the base: a shared mapped snapshot, plus what changed.

- `mapped`: the newest published snapshot, memory-mapped (shared by every process on
  the host through the page cache); never modified.
- `delta`: a small private `IndexIDMap2` of chunks added after that snapshot.
- `tombstones`: ids of mapped chunks removed since; excluded at search time.

Catching up with a removal therefore costs O(removed), never O(N). Chunk ids grow
with the commit sequence, so an id above the snapshot's largest is in the delta.
It is never the source of truth and can always be rebuilt from the journal.
"""

from __future__ import annotations

import faiss
import numpy as np

from vetorbase.store.snapfile import MappedPart

#: Up to this many tombstones, search k + T rows and drop the removed ones (the fast
#: path of FAISS); beyond it, exclude them with a bitmap selector.
POST_FILTER_LIMIT = 1024
#: Up to this many filtered candidates in the mapped part, gather and score their rows
#: directly (a few MB read from the shared pages) rather than scan every row.
GATHER_LIMIT = 4096

_EMPTY = (np.empty(0, np.float32), np.empty(0, np.int64))


class FaissCache:
    """Exact inner-product search (cosine over unit vectors) at one journal seq."""

    def __init__(self, dim: int, mapped: MappedPart | None = None, seq: int = 0) -> None:
        self.dim = dim
        self.mapped = mapped
        self.delta = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self.tombstones: set[int] = set()
        self._tomb_positions: np.ndarray | None = None
        self._live_bitmap: np.ndarray | None = None
        self.seq = seq if mapped is None else max(seq, mapped.seq)

    # -- size --------------------------------------------------------------------------
    @property
    def mapped_n(self) -> int:
        return self.mapped.n if self.mapped is not None else 0

    @property
    def ntotal(self) -> int:
        return self.mapped_n - len(self.tombstones) + int(self.delta.ntotal)

    @property
    def pending(self) -> int:
        """Rows held privately: what a new snapshot would fold in."""
        return int(self.delta.ntotal) + len(self.tombstones)

    @property
    def snapshot_seq(self) -> int:
        return self.mapped.seq if self.mapped is not None else -1

    # -- changes -----------------------------------------------------------------------
    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.delta.add_with_ids(np.ascontiguousarray(vectors, np.float32), ids.astype(np.int64))

    def remove(self, ids: np.ndarray) -> int:
        ids = np.asarray(ids, np.int64)
        if not len(ids):
            return 0
        removed = 0
        if self.mapped is not None:
            old = ids[ids <= self.mapped.max_id]
            if len(old):
                pos = self.mapped.positions(old)
                pos = np.minimum(pos, self.mapped_n - 1)
                present = old[self.mapped.ids[pos] == old]
                fresh = [int(i) for i in present if int(i) not in self.tombstones]
                self.tombstones.update(fresh)
                removed += len(fresh)
                if fresh:
                    self._tomb_positions = self._live_bitmap = None
            ids = ids[ids > self.mapped.max_id]
        if len(ids):
            removed += int(self.delta.remove_ids(np.ascontiguousarray(ids)))
        return removed

    # -- search ------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = query.reshape(1, -1)
        parts = [self._search_mapped(q, k), _search(self.delta, q, k)]
        return _merge(parts, k)

    def search_among(self, query: np.ndarray, k: int, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k restricted to live `ids` (from the journal), as a pre-filter."""
        q = query.reshape(1, -1)
        ids = np.asarray(ids, np.int64)
        parts = []
        if self.mapped is not None:
            old = ids[ids <= self.mapped.max_id]
            if len(old):
                pos = self.mapped.positions(old)
                if len(pos) <= GATHER_LIMIT:
                    # Few candidates: score their rows straight from the shared mapping
                    # instead of a FAISS pass over every row with a selector.
                    scores = np.asarray(self.mapped.vectors()[np.sort(pos)] @ q[0], np.float32)
                    top = _top(scores, k)
                    parts.append((scores[top], np.asarray(self.mapped.ids[np.sort(pos)[top]], np.int64)))
                else:
                    sel = faiss.IDSelectorBatch(np.ascontiguousarray(pos, dtype=np.int64))
                    scores, found = _search(self.mapped.index, q, min(k, len(old)), sel)
                    parts.append((scores, np.asarray(self.mapped.ids[found], np.int64)))
            ids = ids[ids > self.mapped.max_id]
        if len(ids):
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(ids))
            parts.append(_search(self.delta, q, min(k, len(ids)), sel))
        return _merge(parts, k)

    def _search_mapped(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        mapped = self.mapped
        if mapped is None or not mapped.n:
            return _EMPTY
        dead = len(self.tombstones)
        if dead == 0:
            scores, pos = _search(mapped.index, q, k)
        elif dead <= POST_FILTER_LIMIT:
            scores, pos = _search(mapped.index, q, k + dead)
            keep = ~np.isin(pos, self._tombstone_positions())
            scores, pos = scores[keep][:k], pos[keep][:k]
        else:
            sel = faiss.IDSelectorBitmap(self._live_positions_bitmap())
            scores, pos = _search(mapped.index, q, k, sel)
        return scores, np.asarray(mapped.ids[pos], np.int64)

    def _tombstone_positions(self) -> np.ndarray:
        if self._tomb_positions is None:
            assert self.mapped is not None
            dead = np.fromiter(self.tombstones, np.int64, len(self.tombstones))
            self._tomb_positions = np.sort(self.mapped.positions(np.sort(dead)))
        return self._tomb_positions

    def _live_positions_bitmap(self) -> np.ndarray:
        if self._live_bitmap is None:
            live = np.ones(self.mapped_n, dtype=bool)
            live[self._tombstone_positions()] = False
            self._live_bitmap = np.packbits(live, bitorder="little")
        return self._live_bitmap

    # -- inspection (check()) ----------------------------------------------------------
    def ids(self) -> np.ndarray:
        """Every live chunk id, mapped part first (ascending), then the delta's."""
        delta = faiss.vector_to_array(self.delta.id_map).astype(np.int64)
        if self.mapped is None:
            return delta
        mapped = np.asarray(self.mapped.ids, np.int64)
        if self.tombstones:
            mapped = np.delete(mapped, self._tombstone_positions())
        return np.concatenate([mapped, delta])

    def vectors(self) -> np.ndarray:
        """The vectors of `ids()`, in the same order (a copy)."""
        inner = faiss.downcast_index(self.delta.index)
        n = int(self.delta.ntotal)
        delta = inner.reconstruct_n(0, n) if n else np.empty((0, self.dim), np.float32)
        if self.mapped is None:
            return delta
        mapped = self.mapped.vectors()
        if self.tombstones:
            mapped = np.delete(mapped, self._tombstone_positions(), axis=0)
        return np.concatenate([np.asarray(mapped), delta])


def _search(
    index: faiss.Index, q: np.ndarray, k: int, sel: faiss.IDSelector | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    k = min(int(k), int(index.ntotal))
    if k <= 0:
        return _EMPTY
    params = faiss.SearchParameters(sel=sel) if sel is not None else None
    scores, found = index.search(q, k, params=params)
    keep = found[0] >= 0
    return scores[0][keep], found[0][keep].astype(np.int64)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best scores, best first (ties keep their order)."""
    k = min(k, len(scores))
    if k <= 0:
        return np.empty(0, np.int64)
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    return top[np.argsort(-scores[top], kind="stable")]


def _merge(parts: list[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
    parts = [p for p in parts if len(p[1])]
    if not parts:
        return _EMPTY
    if len(parts) == 1:
        return parts[0][0][:k], parts[0][1][:k]
    scores = np.concatenate([p[0] for p in parts])
    ids = np.concatenate([p[1] for p in parts])
    order = np.argsort(-scores, kind="stable")[:k]
    return scores[order], ids[order]
