"""A persistent embedding cache, so re-ingesting unchanged text costs no model time.

Keyed by (embedder id, sha256 of the text) and stored as float32 blobs in SQLite (WAL),
which several processes (the window and Django-Q workers) can read and write at once.
The cache only ever saves work: if its file is damaged or the disk is full, embedding goes
on uncached and a warning is logged, because losing a cache must not fail an ingestion.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Sequence

import numpy as np

from vetorbase.embeddings.base import (
    CancelFlag,
    ProgressCallback,
    VetorEmbeddings,
    check_cancel,
    check_texts,
)
from vetorbase.errors import InvalidInput

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    sha BLOB NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, sha)
) WITHOUT ROWID
"""
_LOOKUP_CHUNK = 500  # stays under SQLite's bound-parameter limit


def default_cache_path() -> Path:
    """The per-user cache file shared by every base and process of this user."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vetorbase")) / "embeddings.sqlite"


def text_key(text: str) -> bytes:
    """sha256 of the UTF-8 text (lone surrogates kept, never a crash)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class CachedEmbedder(VetorEmbeddings):
    """Wraps an embedder; only texts never seen by this embedder id reach the model."""

    def __init__(self, inner: VetorEmbeddings, cache_path: str | os.PathLike[str] | None = None,
                 *, key: str | None = None) -> None:
        if not isinstance(inner, VetorEmbeddings):
            raise InvalidInput(
                "CachedEmbedder needs a Vetorbase embedder (get_embedder(...) or "
                "LangChainEmbedder(obj, embedder_id)) so the cache knows the embedder id."
            )
        self.inner = inner
        self.embedder_id = inner.embedder_id
        #: Cache key; differs from the id only when one id can mean several models.
        self.key = key or inner.embedder_id
        self.cache_path = Path(cache_path) if cache_path is not None else default_cache_path()
        self.hits = 0
        self.misses = 0
        self._local = threading.local()
        self._disabled = False

    @property
    def dim(self) -> int:  # type: ignore[override]
        return self.inner.dim

    # ---- storage --------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection | None:
        """One connection per thread, reopened after fork (SQLite handles must not cross)."""
        if self._disabled:
            return None
        conn = getattr(self._local, "conn", None)
        if conn is not None and getattr(self._local, "pid", None) == os.getpid():
            return conn
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.cache_path, timeout=30.0, isolation_level=None)
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            self._give_up(exc)
            return None
        self._local.conn = conn
        self._local.pid = os.getpid()
        return conn

    def _give_up(self, exc: BaseException) -> None:
        log.warning("Embedding cache %s unusable, embedding without it: %s", self.cache_path, exc)
        self._disabled = True

    def _lookup(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        conn = self._conn()
        found: dict[bytes, np.ndarray] = {}
        if conn is None:
            return found
        try:
            for start in range(0, len(keys), _LOOKUP_CHUNK):
                part = keys[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(part))
                rows = conn.execute(
                    f"SELECT sha, vec FROM vectors WHERE model = ? AND sha IN ({marks})",
                    [self.key, *part],
                )
                for sha, blob in rows:
                    vec = np.frombuffer(blob, dtype=np.float32)
                    if vec.size and np.isfinite(vec).all():
                        found[bytes(sha)] = vec
        except sqlite3.Error as exc:
            self._give_up(exc)
        return found

    def _store(self, keys: list[bytes], vectors: np.ndarray) -> None:
        conn = self._conn()
        if conn is None:
            return
        rows = [(self.key, k, np.ascontiguousarray(v, np.float32).tobytes())
                for k, v in zip(keys, vectors)]
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._give_up(exc)

    # ---- embedding --------------------------------------------------------------------
    def embed_array(
        self,
        texts: Sequence[str],
        batch_size: int = 64,
        progress: ProgressCallback | None = None,
        cancel: CancelFlag | None = None,
    ) -> np.ndarray:
        """Cached vectors for known texts; the rest embedded in batches and stored at once.

        Each batch is stored as soon as it is embedded, so a cancelled run resumes where
        it stopped.
        """
        items = check_texts(texts)
        if batch_size < 1:
            raise InvalidInput("batch_size must be at least 1.")
        check_cancel(cancel)
        if not items:
            return np.empty((0, self.dim), dtype=np.float32)
        keys = [text_key(t) for t in items]
        unique: dict[bytes, str] = dict(zip(keys, items))
        vectors = self._lookup(list(unique))
        todo = [(k, t) for k, t in unique.items() if k not in vectors]
        pending = Counter(k for k in keys if k not in vectors)  # duplicates count per text
        total = len(items)
        done = total - sum(pending.values())
        self.hits += done
        self.misses += total - done
        for start in range(0, len(todo), batch_size):
            check_cancel(cancel)
            batch = todo[start : start + batch_size]
            got = self.inner.embed_array([t for _, t in batch], batch_size=len(batch),
                                         cancel=cancel)
            batch_keys = [k for k, _ in batch]
            self._store(batch_keys, got)
            for k, vec in zip(batch_keys, got):
                vectors[k] = vec
                done += pending[k]
            if progress is not None:
                progress(done, total)
        dims = {vectors[k].shape[0] for k in unique}
        if len(dims) != 1:
            # Only a cache written by another model under the same key can do this.
            raise InvalidInput(
                f"The embedding cache {self.cache_path} holds vectors of several sizes "
                f"({sorted(dims)}) for {self.key}; pass a distinct `key` or clear it."
            )
        if progress is not None and not todo:
            progress(total, total)
        return np.ascontiguousarray(np.stack([vectors[k] for k in keys]), dtype=np.float32)

    def test_connection(self) -> int:
        """Always asks the real embedder: a cached answer would hide a server that is down."""
        return self.inner.test_connection()

    def count(self) -> int:
        """Vectors cached for this embedder key."""
        conn = self._conn()
        if conn is None:
            return 0
        return conn.execute("SELECT COUNT(*) FROM vectors WHERE model = ?", (self.key,)).fetchone()[0]

    def clear(self) -> int:
        """Forget this embedder's vectors; returns how many were dropped."""
        conn = self._conn()
        if conn is None:
            return 0
        return conn.execute("DELETE FROM vectors WHERE model = ?", (self.key,)).rowcount

    def close(self) -> None:
        """Close this thread's connection (others close when their threads end)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
