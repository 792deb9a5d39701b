"""`VectorBase`: the shared base every process opens by folder or by server URL.

The journal (SQLite in the folder, or tables in PostgreSQL) is the truth; the FAISS
index is this process's cache of it, caught up from the change log before every read
(O(1) when nothing changed).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from vetorbase.errors import InvalidInput
from vetorbase.store import hybrid, queries, registry, writes
from vetorbase.store.changelog import changes_between, summary
from vetorbase.store.check import check
from vetorbase.store.maintenance import compact
from vetorbase.store.opening import METRIC, Opened, check_compatible, location_exists, location_key, open_location
from vetorbase.store.opening import read_info
from vetorbase.store.origin import default_origin
from vetorbase.store.schema import SCHEMA_VERSION
from vetorbase.store.sizes import bytes_on_disk, journal_bytes as journal_sizes
from vetorbase.store.snapshots import Snapshots
from vetorbase.store.sync import CacheSync
from vetorbase.store.waiting import wait_for_commit
from vetorbase.store.types import Changes, Chunk, DocumentInfo, Hit, Stats
from vetorbase.store.vectors import as_matrix, check_ids, check_k, check_metadatas, check_texts, check_value
from vetorbase.textcheck import check_text

log = logging.getLogger(__name__)


class VectorBase:
    """A document vector base in a folder or a PostgreSQL server, shared by every process
    that opens it."""

    def __init__(self, opened: Opened, origin: str | None) -> None:
        self._journal = opened.journal
        meta = opened.meta
        #: The folder of the base's files (a server base: this host's snapshot cache).
        self.path = opened.folder
        #: What to call the base: its folder, or its URL without any password.
        self.location = opened.display
        self.backend = opened.backend
        self.dim = int(meta["dim"])
        self.embedder_id = meta["embedder_id"]
        self.metric = meta.get("metric", METRIC)
        self.created_at = float(meta.get("created_at", 0))
        self.origin = origin or default_origin()
        self._key = opened.key
        self._snapshots = Snapshots(opened.folder, self.dim, meta.get("base_id"))
        self._sync = CacheSync(opened.journal, self._snapshots, self.dim)
        self._refresh_seq: int | None = None
        self._closed = False
        self._asked_read_only = False

    # -- opening -------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, create: bool = False, dim: int | None = None,
        embedder_id: str | None = None, read_only: bool = False, lock_timeout: float = 30.0,
        origin: str | None = None, progress: Callable[[int, int], None] | None = None,
        password: str | None = None,
    ) -> VectorBase:
        """The process's shared instance for the base at `path`: a folder, or a URL
        `postgresql://user@host/db?base=name` (created on request).

        `progress(done, total)` follows the upgrade of an older base (indexing its text).
        `password` goes to the server only; it is never stored or shown.
        """
        key = location_key(path)
        with registry.lock():
            inst = registry.get(key)
            # A base someone opened read-only on purpose is not handed to a writer: the
            # writer gets its own instance (which then serves everybody).
            if inst is not None and not inst._closed and (read_only or not inst._asked_read_only):
                inst._check_compatible(dim, embedder_id)
                return inst
            opened = open_location(path, create=create, dim=dim, embedder_id=embedder_id,
                                   read_only=read_only, timeout=lock_timeout, progress=progress,
                                   password=password)
            inst = cls(opened, origin)
            inst._check_compatible(dim, embedder_id)
            inst._asked_read_only = read_only
            registry.put(key, inst)
            return inst

    @staticmethod
    def exists(path: str | os.PathLike[str], password: str | None = None) -> bool:
        return location_exists(path, password)

    @staticmethod
    def read_info(path: str | os.PathLike[str], password: str | None = None) -> dict[str, Any]:
        """The base's embedder and dimension, so a caller can build the embedder first."""
        return read_info(path, password)

    def _check_compatible(self, dim: int | None, embedder_id: str | None) -> None:
        check_compatible(self.location, self.dim, self.embedder_id, dim, embedder_id)

    @property
    def read_only(self) -> bool:
        return self._journal.read_only

    def _after_fork(self) -> None:
        self._journal.after_fork()
        self._sync.after_fork()

    def close(self) -> None:
        """Forget this process's connections and cache; the next open() starts afresh."""
        self._closed = True
        registry.discard(self._key, self)
        self._sync.wait_for_snapshot()
        self._journal.close()

    def __repr__(self) -> str:
        return f"<VectorBase {self.location} {self.embedder_id} {self.dim}-d>"

    # -- writes --------------------------------------------------------------------
    def add_texts(
        self, texts: Sequence[str], vectors: Any, metadatas: Sequence[dict[str, Any]] | None = None,
        *, origin: str | None = None,
    ) -> list[int]:
        """Append chunks atomically; chunks are grouped into documents by their "source"."""
        texts = check_texts(texts)
        metas = check_metadatas(metadatas, len(texts))
        if not texts:
            return []
        matrix = as_matrix(vectors, self.dim)
        if len(matrix) != len(texts):
            raise InvalidInput(f"got {len(texts)} texts but {len(matrix)} vectors")
        groups: dict[str, list[int]] = {}
        inline = f"inline:{time.time_ns():x}-{os.getpid()}"
        for i, meta in enumerate(metas):
            source = meta.get("source")
            groups.setdefault(str(source) if source not in (None, "") else inline, []).append(i)
        origin = origin or self.origin
        ids: list[int] = [0] * len(texts)
        with self._journal.write() as conn:
            seq = writes.begin_commit(conn, origin, "add")
            created = []
            for source, rows in groups.items():
                doc_id, new = writes.ensure_document(conn, source, origin)
                if new:
                    created.append(source)
                first = writes.next_ordinal(conn, doc_id)
                got = writes.insert_chunks(
                    conn, seq, doc_id, [texts[i] for i in rows], matrix[rows],
                    [{**metas[i], "source": source} for i in rows], first_ord=first,
                )
                for i, cid in zip(rows, got):
                    ids[i] = cid
            writes.finish_commit(conn, seq, summary(created, [], list(groups), len(texts), 0))
        return ids

    def add_document(
        self, source: str, texts: Sequence[str], vectors: Any,
        metadatas: Sequence[dict[str, Any]] | None = None, *, metadata: dict[str, Any] | None = None,
        sha256: str | None = None, origin: str | None = None,
    ) -> DocumentInfo:
        """Add the document `source`, atomically replacing any previous version of it."""
        if not isinstance(source, str) or not source:
            raise InvalidInput("a document needs a non-empty source")
        check_text(source, "source")
        texts = check_texts(texts)
        if not texts:
            raise InvalidInput(f"{source}: a document needs at least one chunk of text")
        metas = check_metadatas(metadatas, len(texts))
        matrix = as_matrix(vectors, self.dim)
        if len(matrix) != len(texts):
            raise InvalidInput(f"got {len(texts)} texts but {len(matrix)} vectors")
        doc_meta = check_metadatas([metadata or {}], 1)[0]
        metas = [{**doc_meta, **m, "source": source} for m in metas]
        origin = origin or self.origin
        with self._journal.write() as conn:
            seq = writes.begin_commit(conn, origin, "add_document")
            old, removed = writes.remove_document_for_replace(conn, seq, source)
            doc_id, _ = writes.ensure_document(conn, source, origin, sha256=sha256, meta=doc_meta)
            writes.insert_chunks(conn, seq, doc_id, texts, matrix, metas)
            record = summary([] if old else [source], [], [source], len(texts), removed)
            record["documents_replaced"] = 1 if old else 0
            writes.finish_commit(conn, seq, record)
            doc = queries.get_document(conn, None, doc_id)
        assert doc is not None
        return doc

    def set_metadata(
        self, doc_id: int, updates: dict[str, Any] | None = None, *, remove: Sequence[str] = (),
        origin: str | None = None,
    ) -> DocumentInfo:
        """Set and remove a document's own metadata keys (on it and all its chunks), atomically."""
        updates = check_metadatas([updates or {}], 1)[0]
        removed = [str(k) for k in remove]
        check_value(removed, "metadata keys to remove")
        if "source" in updates or "source" in removed:
            raise InvalidInput("a document's source cannot be edited; relink it or add it again")
        with self._journal.write() as conn:
            seq = writes.begin_commit(conn, origin or self.origin, "set_metadata")
            done = writes.set_document_metadata(conn, check_ids([doc_id], "document id")[0], updates, removed)
            if done is None:
                raise InvalidInput(f"no document with id {doc_id} in {self.location}")
            writes.finish_commit(conn, seq, summary([], [], [done[0]], 0, 0) | {"metadata_keys": sorted(updates)})
            doc = queries.get_document(conn, None, doc_id)
        assert doc is not None
        return doc

    def remove_where(self, where: dict[str, Any], *, origin: str | None = None) -> int:
        """Remove every chunk matching `where` in one commit; returns chunks removed."""
        if not where:
            raise InvalidInput("remove_where needs a filter; refusing to remove everything")
        with self._journal.write() as conn:
            ids = queries.matching_chunk_ids(conn, where)
            return self._remove_in(conn, ids, origin, "remove_where")

    def remove_documents(self, doc_ids: Iterable[int], *, origin: str | None = None) -> int:
        """Remove whole documents by id in one commit; returns chunks removed."""
        wanted = check_ids(doc_ids, "document ids")
        with self._journal.write() as conn:
            ids = writes.chunk_ids_of_documents(conn, wanted)
            return self._remove_in(conn, ids, origin, "remove_documents")

    def remove_chunks(self, chunk_ids: Iterable[int], *, origin: str | None = None) -> int:
        """Remove single chunks by id in one commit; returns chunks removed."""
        ids = check_ids(chunk_ids)
        with self._journal.write() as conn:
            return self._remove_in(conn, ids, origin, "remove_chunks")

    def _remove_in(self, conn: Any, ids: list[int], origin: str | None, kind: str) -> int:
        if not ids:
            return 0
        seq = writes.begin_commit(conn, origin or self.origin, kind)
        removed, gone = writes.delete_chunks(conn, seq, ids)
        if not removed:  # unknown ids
            writes.abandon_commit(conn, seq)
            return 0
        writes.finish_commit(conn, seq, summary([], gone, gone, 0, removed))
        return removed

    # -- reads ---------------------------------------------------------------------
    def search(
        self, vector: Any = None, k: int = 5, where: dict[str, Any] | None = None, *,
        mode: str = "semantic", text: str | None = None, embed: Callable[[str], Any] | None = None,
    ) -> list[Hit]:
        """The k best chunks among those matching `where`, ranked by `mode`.

        semantic: closest to `vector` (cosine); keyword: BM25 over `text`; hybrid: both,
        fused by reciprocal rank. Without a vector, `embed(text)` makes one (pass the
        embedder's `embed_query`), so keyword-only callers never load an embedder.
        """
        k = check_k(k)
        mode = hybrid.check_mode(mode, vector, text, embed)
        q = None
        if mode != "keyword":
            query = as_matrix(embed(str(text)) if vector is None and embed else vector, self.dim, what="query vector")
            if len(query) != 1:
                raise InvalidInput("search takes one query vector")
            q = query[0]
        with self._journal.read() as conn:
            return hybrid.search(conn, lambda: self._sync.locked(conn), q=q, text=text, k=int(k),
                                 where=where, mode=mode)

    def count(self, where: dict[str, Any] | None = None) -> int:
        with self._journal.read() as conn:
            return queries.count(conn, where)

    def count_matching(self, where: dict[str, Any] | None = None) -> tuple[int, int]:
        """(documents, chunks) matching `where` now, exactly (one read)."""
        with self._journal.read() as conn:
            return queries.count_matching(conn, where)

    def preview_where(self, where: dict[str, Any], limit: int = 1000) -> tuple[list[DocumentInfo], int]:
        """What `remove_where(where)` would remove now: (documents, chunk count)."""
        with self._journal.read() as conn:
            return queries.preview(conn, where, limit)

    def documents(
        self, *, offset: int = 0, limit: int = 100, sort: str = "added_at", descending: bool = True,
        where: dict[str, Any] | None = None, text: str | None = None,
    ) -> list[DocumentInfo]:
        with self._journal.read() as conn:
            return queries.documents(conn, offset=offset, limit=limit, sort=sort,
                                     descending=descending, where=where, text=text)

    def document_count(self, *, where: dict[str, Any] | None = None, text: str | None = None) -> int:
        with self._journal.read() as conn:
            return queries.document_count(conn, where, text)

    def get_document(self, *, source: str | None = None, doc_id: int | None = None) -> DocumentInfo | None:
        if isinstance(source, str):
            check_text(source, "source")
        with self._journal.read() as conn:
            return queries.get_document(conn, source, doc_id)

    def chunks(self, doc_id: int) -> list[Chunk]:
        with self._journal.read() as conn:
            return queries.chunks_of(conn, doc_id)

    def get_chunks(self, ids: Iterable[int]) -> list[Chunk]:
        with self._journal.read() as conn:
            return queries.chunks_by_ids(conn, ids)

    def vectors(self, ids: Iterable[int]) -> np.ndarray:
        """The stored (normalized) vectors of `ids`, in that order; unknown ids raise."""
        wanted = check_ids(ids)
        with self._journal.read() as conn:
            rows = queries.vectors(conn, wanted)
        missing = [i for i in wanted if i not in rows]
        if missing:
            raise InvalidInput(f"no chunk with id {missing[0]} in {self.location}")
        if not wanted:
            return np.empty((0, self.dim), np.float32)
        return np.frombuffer(b"".join(rows[i] for i in wanted), dtype=np.float32).reshape(len(wanted), self.dim).copy()

    def sample_vectors(self, limit: int = 50_000) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
        """(chunk ids, document ids, sources, vectors) of all chunks, or of about `limit` spread
        evenly over the base when it holds more: for overviews such as the window's map."""
        with self._journal.read() as conn:
            rows = queries.sample_vectors(conn, limit)
        ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
        doc_ids = np.fromiter((r[1] for r in rows), np.int64, len(rows))
        vectors = np.frombuffer(b"".join(r[3] for r in rows), dtype=np.float32).reshape(len(rows), self.dim).copy()
        return ids, doc_ids, [r[2] for r in rows], vectors

    def metadata_keys(self) -> list[str]:
        with self._journal.read() as conn:
            return queries.metadata_keys(conn)

    def metadata_values(self, key: str, prefix: str = "", limit: int = 100) -> list[Any]:
        with self._journal.read() as conn:
            return queries.metadata_values(conn, key, prefix, limit)

    def history(self, limit: int = 500) -> list[dict[str, Any]]:
        with self._journal.read() as conn:
            return queries.history(conn, limit)

    def journal_seq(self) -> int:
        """The newest committed change number: one index probe, no cache work."""
        with self._journal.read() as conn:
            return queries.head_seq(conn)

    @property
    def seq(self) -> int:
        """The change number this process's FAISS cache reflects (0 before first use)."""
        return self._sync.seq

    def stats(self) -> Stats:
        with self._journal.read() as conn:
            chunks, docs, last = queries.totals(conn)
        journal_bytes, wal_bytes = journal_sizes(self._journal)
        snapshot_bytes = self._snapshots.nbytes()
        return Stats(
            path=self.location, chunks=chunks, documents=docs, dimension=self.dim,
            metric=self.metric, embedder_id=self.embedder_id, bytes_on_disk=self._bytes_on_disk(),
            seq=last[0] if last else 0, last_change_at=last[1] if last else None,
            last_change_by=last[2] if last else None, schema_version=SCHEMA_VERSION,
            snapshots=len(self._snapshots.list()), created_at=self.created_at,
            journal_bytes=journal_bytes, wal_bytes=wal_bytes, snapshot_bytes=snapshot_bytes,
        )

    def _bytes_on_disk(self) -> int:
        return bytes_on_disk(self._journal, self.path, self._snapshots)

    def wait_for_commit(self, after_seq: int, timeout: float) -> int:
        """The journal's newest seq, as soon as it is past `after_seq` or at `timeout`
        (a server base is told by NOTIFY, a folder is polled every 50 ms)."""
        return wait_for_commit(self._journal, self.journal_seq, after_seq, timeout)

    def refresh(self) -> Changes:
        """Catch the cache up now; report what changed since this process last asked."""
        with self._journal.read() as conn:
            with self._sync.locked(conn) as cache:
                to_seq = cache.seq
            since = self._refresh_seq if self._refresh_seq is not None else to_seq
            full = self._sync.take_full_reload_flag() and self._refresh_seq is not None
            commits = queries.history(conn, 1_000_000, since_seq=since) if to_seq > since else []
        self._refresh_seq = to_seq
        return changes_between(since, to_seq, [c for c in commits if c["seq"] <= to_seq], full)

    # -- maintenance ---------------------------------------------------------------
    def snapshot(self, *, wait: float = 10.0) -> Path | None:
        """Publish a snapshot of the cache now (None if an equal or newer one exists)."""
        return self._sync.publish_snapshot(wait=wait)

    def compact(self, *, wait: float = 60.0) -> dict[str, Any]:
        """Publish a snapshot, prune the change log before it, give freed space back."""
        result = compact(self._journal, self._sync, self._snapshots, wait)
        result["bytes_on_disk"] = self._bytes_on_disk()
        return result

    def check(self) -> list[str]:
        """Problems found between journal, cache and snapshots (empty when consistent)."""
        return check(self._journal, self._sync, self._snapshots, self.dim)

