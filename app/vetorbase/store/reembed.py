"""Moving a base to another embedder while it stays open, searched and written.

`reembed(base, embedder)` embeds every chunk's text again with the new embedder, a
batch at a time, each batch committed to a staging table (reembedsql.py) that no reader
looks at: searches keep using the old vectors the whole time. When a pass finds no chunk
left without a staged vector it takes the write lock, embeds the few chunks writers added
since (documents added meanwhile with the old embedder are included), and switches the
whole base in one transaction. A `kill -9` at any instant leaves the old base working;
calling `reembed` again resumes with the chunks not yet staged.

Other processes learn of the switch from the change log floor it raises: their caches
rebuild, their base objects take the new embedder and dimension, and vectors of the old
model are refused from then on (embedderguard.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from vetorbase.errors import Cancelled, EmbeddingError, InvalidInput, ReembedConflict, VetorbaseError
from vetorbase.store import embedderguard, reembedsql, writes
from vetorbase.store.changelog import summary

if TYPE_CHECKING:
    from vetorbase.store.base import VectorBase

log = logging.getLogger(__name__)

#: Chunks read, embedded and committed to staging per batch: a kill loses at most one.
BATCH = 256
#: At the switch, at most this many chunks still missing (added by writers during the
#: last pass) are embedded while holding the write lock; more means one more pass first.
MAX_UNDER_LOCK = 512
#: Passes after which the switch embeds whatever is missing under the lock regardless.
MAX_PASSES = 8


class Embedder(Protocol):
    """What re-embedding needs of an embedder (every Vetorbase embedder has it)."""

    embedder_id: str

    @property
    def dim(self) -> int: ...

    def embed_array(self, texts: Sequence[str], batch_size: int = ..., progress: Any = ...,
                    cancel: Any = ...) -> np.ndarray: ...


@dataclass(frozen=True)
class ReembedStatus:
    """Where a base stands: its embedder and, while one is staged, the move under way."""

    embedder_id: str
    dim: int
    chunks: int
    trashed: int = 0  # chunks in the trash: re-embedded too, so a restore fits the new model
    target_embedder_id: str | None = None
    target_dim: int | None = None
    staged: int = 0
    started_at: float | None = None

    @property
    def total(self) -> int:
        """Rows a move re-embeds, what `staged` counts: the chunks and those in the trash."""
        return self.chunks + self.trashed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReembedResult:
    """What one `reembed` call did. `switched` is False when the base already used the
    embedder (e.g. another run finished the move); `resumed` counts vectors staged by
    earlier, interrupted runs; `under_lock` those embedded while holding the write lock."""

    embedder_from: str
    embedder_to: str
    dim_from: int
    dim_to: int
    chunks: int
    embedded: int
    resumed: int
    under_lock: int
    passes: int
    switched: bool
    seq: int
    seconds: float
    switch_seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def status(base: VectorBase) -> ReembedStatus:
    with base._journal.read() as conn:
        meta = reembedsql.meta_values(conn)
        parts = reembedsql.parts(conn)
        chunks = reembedsql.chunk_count(conn)
        trashed = reembedsql.total_rows(conn) - chunks
        # The target is recorded after the staging table is made (a base of an older
        # schema opened read-only has neither).
        staged = sum(reembedsql.staged_count(conn, p) for p in parts) if reembedsql.TARGET_KEY in meta else 0
    target = meta.get(reembedsql.TARGET_KEY)
    return ReembedStatus(
        embedder_id=meta["embedder_id"], dim=int(meta["dim"]), chunks=chunks, trashed=trashed,
        target_embedder_id=target, target_dim=int(meta[reembedsql.DIM_KEY]) if target else None,
        staged=staged, started_at=float(meta[reembedsql.STARTED_KEY]) if target else None,
    )


def discard(base: VectorBase) -> int:
    """Give up a move under way: drop its staged vectors; returns how many."""
    with base._journal.write() as conn:
        return reembedsql.clear(conn)


class _FinishedElsewhere(Exception):
    """Another run of the same move (another process) switched the base first."""

    def __init__(self, meta: dict[str, str]) -> None:
        super().__init__(meta["embedder_id"])
        self.meta = meta


class Reembedding:
    """One run of a move; `run()` does it. Usable from any thread (the window's worker):
    progress(done, total) is called after every committed batch, `cancel.set()` stops
    it within one batch and keeps what was staged."""

    def __init__(
        self, base: VectorBase, embedder: Embedder, *, batch_size: int = BATCH,
        progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
        origin: str | None = None, max_under_lock: int = MAX_UNDER_LOCK,
    ) -> None:
        if base.read_only:
            raise InvalidInput(f"{base.location} is open read-only; re-embedding writes to it")
        if batch_size < 1:
            raise InvalidInput("batch_size must be at least 1")
        self.base = base
        self.embedder = embedder
        self.target = str(embedder.embedder_id)
        self.batch_size = int(batch_size)
        self.progress = progress
        self.cancel = cancel
        self.origin = origin or base.origin
        self.max_under_lock = max_under_lock
        self.embedded = 0
        self.under_lock = 0
        self.resumed = 0
        self._done = 0
        self._total = 0

    def run(self) -> ReembedResult:
        started = time.perf_counter()
        dim = int(self.embedder.dim)  # a server embedder is asked once, before anything is written
        with self.base._journal.write() as conn:
            meta = reembedsql.meta_values(conn)
            there = meta["embedder_id"] == self.target
            if there:
                reembedsql.clear(conn)  # a run killed after its switch, or another run's move
            else:
                self.resumed = reembedsql.begin(conn, self.target, dim)
                self._total = reembedsql.total_rows(conn)
        if there:
            return self._already(meta, started)
        self._done = self.resumed
        old_id, old_dim = meta["embedder_id"], int(meta["dim"])
        self._tick()
        passes = 0
        try:
            while True:
                passes += 1
                self._pass(dim)
                force = passes >= MAX_PASSES
                switch_started = time.perf_counter()
                record = self._switch(dim, None if force else self.max_under_lock)
                if record is not None:
                    break
        except _FinishedElsewhere as done:
            return self._already(done.meta, started)
        embedderguard.adopt(self.base, self.target, dim, ours=True)
        switch_seconds = time.perf_counter() - switch_started
        self._tidy()
        return ReembedResult(
            embedder_from=old_id, embedder_to=self.target, dim_from=old_dim, dim_to=dim,
            chunks=int(record["reembedded_chunks"]), embedded=self.embedded, resumed=self.resumed,
            under_lock=self.under_lock, passes=passes, switched=True, seq=int(record["seq"]),
            seconds=round(time.perf_counter() - started, 3), switch_seconds=round(switch_seconds, 3),
        )

    # -- staging -----------------------------------------------------------------------
    def _pass(self, dim: int) -> None:
        """Embed and stage every row (chunks, then the trash's) without a staged vector."""
        with self.base._journal.read() as conn:
            parts = reembedsql.parts(conn)
        for part in parts:
            last = 0
            while True:
                self._check_cancel()
                with self.base._journal.read() as conn:
                    rows = reembedsql.missing(conn, last, self.batch_size, part)
                    self._total = reembedsql.total_rows(conn)
                if not rows:
                    break
                vectors = self._embed([t for _i, t in rows], dim)
                ids = [i for i, _t in rows]
                with self.base._journal.write() as conn:
                    self._check_target(conn, dim)
                    stored = reembedsql.stage(conn, ids, vectors, part)
                self.embedded += len(ids)
                self._done += stored
                last = ids[-1]
                self._tick()

    def _embed(self, texts: list[str], dim: int) -> np.ndarray:
        try:
            vectors = self.embedder.embed_array(texts, batch_size=min(64, len(texts)), cancel=self.cancel)
        except Cancelled:
            raise self._cancelled() from None
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if vectors.shape != (len(texts), dim):
            raise EmbeddingError(f"{self.target} gave vectors of shape {vectors.shape} for {len(texts)} texts; "
                                 "nothing of this batch was kept")
        norms = np.linalg.norm(vectors.astype(np.float64), axis=1, keepdims=True)
        if not np.isfinite(vectors).all() or (norms == 0).any():
            raise EmbeddingError(f"{self.target} gave a zero, NaN or infinite vector; nothing of this batch was kept")
        return (vectors / norms).astype(np.float32)  # stored vectors are unit length

    def _check_target(self, conn: Any, dim: int) -> None:
        if reembedsql.target(conn) != (self.target, dim):
            meta = reembedsql.meta_values(conn)
            if meta["embedder_id"] == self.target:
                raise _FinishedElsewhere(meta)  # another run of the same move switched first
            raise ReembedConflict(
                f"{self.base.location}: another process changed the re-embedding under way (now "
                f"{meta.get(reembedsql.TARGET_KEY) or 'none'}, base on {meta['embedder_id']}); "
                f"this run to {self.target} stopped. Run it again if the move is still wanted."
            )

    # -- switch ------------------------------------------------------------------------
    def _switch(self, dim: int, limit: int | None) -> dict[str, Any] | None:
        """Under the write lock: stage the stragglers and switch, or None when there are
        more than `limit` of them (another pass first, without holding the lock)."""
        snapshots = self.base._snapshots
        with snapshots.held(wait=60.0), self.base._journal.write() as conn:
            self._check_target(conn, dim)
            cap = (limit + 1) if limit is not None else 1 << 62
            left = [(part, reembedsql.missing(conn, 0, cap, part)) for part in reembedsql.parts(conn)]
            n_left = sum(len(rows) for _p, rows in left)
            if limit is not None and n_left > limit:
                return None
            for part, rows in left:
                for start in range(0, len(rows), self.batch_size):
                    batch = rows[start:start + self.batch_size]
                    vectors = self._embed([t for _i, t in batch], dim)
                    reembedsql.stage(conn, [i for i, _t in batch], vectors, part)
            self.under_lock += n_left
            self.embedded += n_left
            record = switch(conn, self.origin, self.target, dim)
            # Before the commit, with publishers held off: after it no snapshot of the old
            # vectors is left to ignore; a kill first leaves the old base without snapshots,
            # which are an optimisation (rebuilt from the journal and published again).
            snapshots.remove_all()
            return record

    def _tidy(self) -> None:
        """After the switch: publish a snapshot of the new vectors (replacing the old
        snapshots) and give the staging space back. Only an optimisation: failures are
        logged, the switch stands."""
        try:
            self.base.compact(wait=30.0)
        except VetorbaseError as exc:
            log.warning("re-embedded %s, but could not publish its new snapshot yet: %s", self.base.location, exc)

    def _already(self, meta: dict[str, str], started: float) -> ReembedResult:
        dim = int(meta["dim"])
        embedderguard.adopt(self.base, self.target, dim, ours=True)
        if any(s.dim != dim for s in self.base._snapshots.list()):
            self._tidy()  # a run killed between its switch and its snapshot
        n = status(self.base).chunks
        return ReembedResult(
            embedder_from=self.target, embedder_to=self.target, dim_from=dim, dim_to=dim, chunks=n,
            embedded=0, resumed=0, under_lock=0, passes=0, switched=False, seq=self.base.journal_seq(),
            seconds=round(time.perf_counter() - started, 3), switch_seconds=0.0,
        )

    # -- progress and cancel -----------------------------------------------------------
    def _tick(self) -> None:
        if self.progress is not None:
            self.progress(min(self._done, max(self._total, self._done)), max(self._total, self._done))

    def _check_cancel(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise self._cancelled()

    def _cancelled(self) -> Cancelled:
        return Cancelled(
            f"Re-embedding {self.base.location} with {self.target} was cancelled after {self._done} of "
            f"{self._total} chunks; the base still uses {self.base.embedder_id}. Run it again to "
            "continue where it stopped."
        )


def switch(conn: Any, origin: str, embedder_id: str, dim: int) -> dict[str, Any]:
    """Move every chunk to its staged vector and the base to the new embedder, in the
    caller's write transaction. Every chunk must have a staged vector (the caller stages
    the last ones under the same lock). Returns the commit's summary (with its seq).
    """
    old = reembedsql.meta_values(conn)
    seq = writes.begin_commit(conn, origin, "reembed")
    moved = {}
    for part in reembedsql.parts(conn):
        n = reembedsql.row_count(conn, part)
        updated = reembedsql.move_vectors(conn, part)
        if updated != n:
            raise RuntimeError(f"re-embedding switch updated {updated} of {n} rows of {part.table}")
        moved[part.table] = n
    n = moved[reembedsql.CHUNKS.table]
    reembedsql.set_embedder(conn, embedder_id, dim)
    # Every older change row describes old vectors: caches below this floor rebuild, and
    # snapshots below it are never mapped again (sync.py, snapshots.py).
    writes.prune_log(conn, seq)
    reembedsql.clear(conn)
    record = summary([], [], [], 0, 0) | {
        "reembedded_chunks": n, "reembedded_trash": moved.get(reembedsql.TRASH.table, 0), "embedder_from": old.get("embedder_id"), "embedder_to": embedder_id,
        "dim_from": int(old.get("dim", 0)), "dim_to": int(dim),
    }
    writes.finish_commit(conn, seq, record)
    return {**record, "seq": seq}


def reembed(
    base: VectorBase, embedder: Embedder, *, batch_size: int = BATCH,
    progress: Callable[[int, int], None] | None = None, cancel: threading.Event | None = None,
    origin: str | None = None,
) -> ReembedResult:
    """Move `base` to `embedder` (see the module's docstring); resumes a move under way."""
    return Reembedding(base, embedder, batch_size=batch_size, progress=progress, cancel=cancel,
                       origin=origin).run()
