"""Reading a whole base in batches and writing those batches into another, row for row.

`vetorbase copy` moves a base between a folder and a server. Going through the public
add API would re-check, re-split and stamp every document with the copy's time and
author; these helpers instead read the journal's rows inside one consistent read of
the source and write them with the store's own write helpers inside one write
transaction of the destination, keeping each document's sha256, metadata, added_at and
added_by, and each chunk's text, metadata, vector and ordinal (chunk ids are new:
they are the destination's to number). Batches bound the memory a copy holds, whatever
the size of the base. The SQL runs on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from vetorbase.store import writes
from vetorbase.store.changelog import summary

#: Chunks read and written per batch: bounds the copy's memory (about 2 KB a chunk at 512-d).
BATCH_CHUNKS = 2000


@dataclass
class DocumentRows:
    """One document as stored: its row, and its chunks as (ord, text, meta JSON, vector bytes)."""

    id: int
    source: str
    sha256: str | None
    meta: str
    added_at: float
    added_by: str
    chunks: list[tuple[int, str, str, bytes]] = field(default_factory=list)


def totals(conn: Any) -> tuple[int, int]:
    """(documents, chunks) of the base, from the counters the writes keep."""
    row = conn.execute("SELECT count(*), coalesce(sum(chunks), 0) FROM documents").fetchone()
    return int(row[0]), int(row[1])


def read_batches(conn: Any, batch_chunks: int = BATCH_CHUNKS) -> Iterator[list[DocumentRows]]:
    """Every document with its chunks, a batch of about `batch_chunks` chunks at a time.

    Documents are walked by id (keyset, so each query is an index range, not an
    OFFSET scan); a batch's chunks are read with one range query over its documents.
    Run inside one read transaction so the batches add up to one state of the base.
    """
    after = 0
    while True:
        docs: list[DocumentRows] = []
        planned = 0
        rows = conn.execute(
            "SELECT id, source, sha256, meta, added_at, added_by, chunks FROM documents "
            "WHERE id > ? ORDER BY id LIMIT ?", (after, max(1, batch_chunks))).fetchall()
        for r in rows:
            docs.append(DocumentRows(int(r[0]), r[1], r[2], r[3], float(r[4]), r[5]))
            planned += int(r[6])
            if planned >= batch_chunks:
                break
        if not docs:
            return
        by_id = {d.id: d for d in docs}
        for doc_id, ordinal, text, meta, vector in conn.execute(
                "SELECT doc_id, ord, text, meta, vector FROM chunks WHERE doc_id >= ? AND doc_id <= ? "
                "ORDER BY doc_id, ord", (docs[0].id, docs[-1].id)):
            by_id[int(doc_id)].chunks.append((int(ordinal), text, meta, bytes(vector)))
        yield docs
        after = docs[-1].id


def write_batch(conn: Any, seq: int, docs: list[DocumentRows], dim: int) -> int:
    """Write documents read by `read_batches` into the destination's open write
    transaction, as part of commit `seq`. Returns the chunks written."""
    written = 0
    for doc in docs:
        if not doc.chunks:
            continue
        doc_id, _ = writes.ensure_document(conn, doc.source, doc.added_by, sha256=doc.sha256,
                                           meta=json.loads(doc.meta))
        conn.execute("UPDATE documents SET added_at = ? WHERE id = ?", (doc.added_at, doc_id))
        for run in _runs(doc.chunks):
            vectors = np.frombuffer(b"".join(c[3] for c in run), dtype=np.float32).reshape(len(run), dim)
            writes.insert_chunks(conn, seq, doc_id, [c[1] for c in run], vectors,
                                 [json.loads(c[2]) for c in run], first_ord=run[0][0])
            written += len(run)
    return written


def _runs(chunks: list[tuple[int, str, str, bytes]]) -> Iterator[list[tuple[int, str, str, bytes]]]:
    """Chunks split where their ordinals skip (a chunk removed on its own), so each run
    is written with its own first ordinal and every chunk keeps its place."""
    run = [chunks[0]]
    for chunk in chunks[1:]:
        if chunk[0] != run[-1][0] + 1:
            yield run
            run = []
        run.append(chunk)
    yield run


def copy_rows(read_conn: Any, write_conn: Any, origin: str, dim: int, *,
              progress: Callable[[int, int], None] | None = None,
              batch_chunks: int = BATCH_CHUNKS) -> tuple[int, int]:
    """Copy every document of the source into the destination as one commit.

    `read_conn` is inside a read transaction of the source, `write_conn` inside the
    destination's write transaction; `progress(chunks done, chunks total)` is called
    after each batch (it may raise to cancel: the destination's transaction then rolls
    back). Returns (documents, chunks) written.
    """
    _docs_total, chunks_total = totals(read_conn)
    seq = writes.begin_commit(write_conn, origin, "copy")
    documents = chunks = 0
    sources: list[str] = []
    if progress is not None:
        progress(0, chunks_total)
    for batch in read_batches(read_conn, batch_chunks):
        chunks += write_batch(write_conn, seq, batch, dim)
        documents += sum(1 for d in batch if d.chunks)
        sources.extend(d.source for d in batch[: max(0, 20 - len(sources))])
        if progress is not None:
            progress(chunks, chunks_total)
    record = summary(sources, [], sources, chunks, 0)
    record.update(documents=documents, documents_added=documents)
    writes.finish_commit(write_conn, seq, record)
    return documents, chunks
