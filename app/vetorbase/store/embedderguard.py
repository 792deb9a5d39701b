"""Keeping a process's open base honest after the base moved to another embedder.

When another process re-embeds the base (store/reembed.py), this process may still hold
the old embedder: its query vectors and new chunks would be measured against vectors of
another model, silently wrong even when the dimensions agree. So the base object learns
of the move (on the full cache rebuild that the switch forces, or inside a write), takes
the new embedder id and dimension from the journal, and from then on refuses vectors
with an EmbedderMismatch that says where the base went, until it is reopened with the
new embedder (`VectorBase.open(path, embedder_id=NEW)`, or close() and open again).
Keyword search, listings and everything else keep working meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol

from vetorbase.errors import EmbedderMismatch
from vetorbase.store.cache import FaissCache


class _Sync(Protocol):
    def follow_embedder(self, embedder_id: str, dim: int) -> None: ...
    def locked(self, conn: Any) -> AbstractContextManager[FaissCache]: ...


class _Journal(Protocol):
    def read(self) -> AbstractContextManager[Any]: ...


class VectorBase(Protocol):
    """What this module needs of `vetorbase.store.base.VectorBase` (which imports it)."""

    location: str
    embedder_id: str
    dim: int
    _moved_from: str | None
    _sync: _Sync
    _journal: _Journal


def moved_message(base: VectorBase) -> str:
    return (
        f"{base.location} moved to embedder '{base.embedder_id}' ({base.dim}-d) after this process "
        f"opened it with '{base._moved_from}': vectors from '{base._moved_from}' no longer fit. "
        f"Reopen the base (VectorBase.open(...) again) and embed with '{base.embedder_id}'."
    )


def adopt(base: VectorBase, embedder_id: str, dim: int, *, ours: bool = False) -> None:
    """Take the journal's embedder and dimension. `ours`: this process made the move
    (its caller knows and holds the new embedder); otherwise vectors are refused until
    the base is reopened."""
    if embedder_id == base.embedder_id and dim == base.dim:
        if ours:
            base._moved_from = None
        return
    if ours:
        base._moved_from = None
    elif base._moved_from is None:
        base._moved_from = base.embedder_id
    base.embedder_id, base.dim = embedder_id, int(dim)
    base._sync.follow_embedder(embedder_id, int(dim))


def follower(base: VectorBase) -> Callable[[str, int], None]:
    """The callback a base's CacheSync calls when a full rebuild finds another embedder."""
    return lambda embedder_id, dim: adopt(base, embedder_id, dim)


def reread(base: VectorBase, embedder_id: str | None) -> None:
    """open() of this process's instance again: the caller reopens it, so it takes the base
    as it is now. Naming no embedder, it builds one from `base.embedder_id` (the new one);
    naming another than the instance knows, the base may have moved to it: read the meta
    (and if not, the compatibility check refuses it as before)."""
    if not embedder_id:
        base._moved_from = None
        return
    if embedder_id == base.embedder_id and base._moved_from is None:
        return
    if embedder_id != base.embedder_id:
        with base._journal.read() as conn:
            meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('embedder_id', 'dim')").fetchall())
        adopt(base, str(meta["embedder_id"]), int(meta["dim"]))
    if embedder_id == base.embedder_id:
        base._moved_from = None


def check_not_moved(base: VectorBase) -> None:
    if base._moved_from is not None:
        raise EmbedderMismatch(moved_message(base))


def check_writer(conn: Any, base: VectorBase) -> None:
    """Inside a write transaction that stores vectors: still the embedder they came from?

    One primary-key read; catches a move committed after this process last looked.
    """
    check_not_moved(base)
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('embedder_id', 'dim')").fetchall())
    if rows.get("embedder_id") != base.embedder_id or int(rows.get("dim", base.dim)) != base.dim:
        adopt(base, str(rows["embedder_id"]), int(rows["dim"]))
        check_not_moved(base)


@contextmanager
def vector_cache(base: VectorBase, conn: Any) -> Iterator[FaissCache]:
    """The caught-up cache for a vector search; a move found while catching up raises
    here, before a query vector of the old model is compared with the new ones."""
    with base._sync.locked(conn) as cache:
        check_not_moved(base)
        yield cache
