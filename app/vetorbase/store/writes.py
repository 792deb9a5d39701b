"""The journal-side work of each write call, run inside one write transaction.

Every helper records what it did in `changes` under the commit's `seq`, which is
how other processes' caches learn about it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from vetorbase.store import fulltext
from vetorbase.store.dialect import in_ids, insert_id
from vetorbase.store.filters import index_rows, insert_index_rows
from vetorbase.store.schema import MAX_INDEXED_VALUE_CHARS
from vetorbase.store.vectors import dump_metadata


def begin_commit(conn: sqlite3.Connection, origin: str, kind: str) -> int:
    """Insert the commit row first: its seq numbers the change rows that follow."""
    return insert_id(conn, "INSERT INTO commits(at, origin, kind, summary) VALUES (?, ?, ?, '{}')",
                     (time.time(), origin, kind), "seq")


def finish_commit(conn: sqlite3.Connection, seq: int, summary: dict[str, Any]) -> None:
    conn.execute("UPDATE commits SET summary = ? WHERE seq = ?", (json.dumps(summary), seq))


def ensure_document(
    conn: sqlite3.Connection, source: str, origin: str, *, sha256: str | None = None,
    meta: dict[str, Any] | None = None,
) -> tuple[int, bool]:
    """The id of the document for `source`, creating it; (id, created)."""
    row = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
    if row:
        return int(row[0]), False
    doc_id = insert_id(
        conn, "INSERT INTO documents(source, sha256, meta, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
        (source, sha256, json.dumps(meta or {}, ensure_ascii=False, default=str), time.time(), origin),
    )
    return doc_id, True


def insert_chunks(
    conn: sqlite3.Connection, seq: int, doc_id: int, texts: Sequence[str],
    vectors: np.ndarray, metadatas: Sequence[dict[str, Any]], first_ord: int = 0,
) -> list[int]:
    """Insert chunks of one document and their metadata, full-text and change rows."""
    ids: list[int] = []
    index: list[tuple[str, Any, int]] = []
    for i, (text, vec, meta) in enumerate(zip(texts, vectors, metadatas)):
        cid = insert_id(
            conn, "INSERT INTO chunks(doc_id, ord, text, meta, vector) VALUES (?, ?, ?, ?, ?)",
            (doc_id, first_ord + i, text, dump_metadata(meta, i), vec.tobytes()),
        )
        ids.append(cid)
        index.extend(index_rows(cid, meta, MAX_INDEXED_VALUE_CHARS))
    insert_index_rows(conn, index)
    fulltext.insert(conn, zip(ids, texts))
    conn.executemany("INSERT INTO changes(seq, chunk_id, op) VALUES (?, ?, 1)", [(seq, c) for c in ids])
    conn.execute(
        "UPDATE documents SET chunks = chunks + ?, chars = chars + ? WHERE id = ?",
        (len(ids), sum(len(t) for t in texts), doc_id),
    )
    return ids


def delete_chunks(conn: sqlite3.Connection, seq: int, chunk_ids: Iterable[int]) -> tuple[int, list[str]]:
    """Delete chunks; documents left empty go too. Returns (chunks removed, sources removed)."""
    ids = sorted({int(c) for c in chunk_ids})
    chosen, param = in_ids(conn, "id", ids)
    per_doc = conn.execute(
        f"SELECT doc_id, count(*), sum(length(text)) FROM chunks WHERE {chosen} GROUP BY doc_id", (param,),
    ).fetchall()
    if not per_doc:
        return 0, []
    conn.execute(f"INSERT INTO changes(seq, chunk_id, op) SELECT ?, id, -1 FROM chunks WHERE {chosen}",
                 (seq, param))
    index_sql, index_param = in_ids(conn, "chunk_id", ids)
    conn.execute(f"DELETE FROM meta_index WHERE {index_sql}", (index_param,))
    fulltext.delete(conn, ids)
    removed = conn.execute(f"DELETE FROM chunks WHERE {chosen}", (param,)).rowcount
    conn.executemany(
        "UPDATE documents SET chunks = chunks - ?, chars = chars - ? WHERE id = ?",
        [(n, chars or 0, doc) for doc, n, chars in per_doc],
    )
    docs_sql, docs_param = in_ids(conn, "id", [d for d, _n, _c in per_doc])
    gone = [r[0] for r in conn.execute(f"SELECT source FROM documents WHERE chunks <= 0 AND {docs_sql}",
                                       (docs_param,))]
    conn.execute(f"DELETE FROM documents WHERE chunks <= 0 AND {docs_sql}", (docs_param,))
    return removed, gone


def chunk_ids_of_documents(conn: sqlite3.Connection, doc_ids: Iterable[int]) -> list[int]:
    chosen, param = in_ids(conn, "doc_id", doc_ids)
    return [r[0] for r in conn.execute(f"SELECT id FROM chunks WHERE {chosen}", (param,))]


def next_ordinal(conn: sqlite3.Connection, doc_id: int) -> int:
    return int(conn.execute("SELECT coalesce(max(ord) + 1, 0) FROM chunks WHERE doc_id = ?", (doc_id,)).fetchone()[0])


def remove_document_for_replace(conn: sqlite3.Connection, seq: int, source: str) -> tuple[bool, int]:
    """Drop the current version of `source` before its replacement: (existed, chunks removed)."""
    old = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
    if not old:
        return False, 0
    removed, _ = delete_chunks(conn, seq, chunk_ids_of_documents(conn, [old[0]]))
    conn.execute("DELETE FROM documents WHERE id = ?", (old[0],))
    return True, removed


def abandon_commit(conn: sqlite3.Connection, seq: int) -> None:
    """A commit that changed nothing leaves no row, so no reader sees a phantom change."""
    conn.execute("DELETE FROM commits WHERE seq = ?", (seq,))


def prune_log(conn: sqlite3.Connection, floor: int) -> int:
    """Forget the change rows up to `floor` (a published snapshot covers them)."""
    pruned = conn.execute("DELETE FROM changes WHERE seq <= ?", (floor,)).rowcount
    conn.execute("UPDATE meta SET value = ? WHERE key = 'log_floor'", (str(floor),))
    return int(pruned)


def set_document_metadata(
    conn: sqlite3.Connection, doc_id: int, updates: dict[str, Any], removed: Sequence[str],
) -> tuple[str, int] | None:
    """Set and remove document-level keys on the document and every chunk of it.

    The metadata index rows of those keys are rewritten with them, so filters see the
    change at once; texts and vectors are untouched (no cache has anything to replay).
    Returns (source, chunks changed), or None when there is no such document.
    """
    row = conn.execute("SELECT source, meta FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    keys = sorted(set(updates) | set(removed))

    def edit(meta: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in meta.items() if k not in removed}
        out.update(updates)
        return out

    conn.execute("UPDATE documents SET meta = ? WHERE id = ?",
                 (json.dumps(edit(json.loads(row[1])), ensure_ascii=False, default=str), doc_id))
    chunks = conn.execute("SELECT id, meta FROM chunks WHERE doc_id = ?", (doc_id,)).fetchall()
    index: list[tuple[str, Any, int]] = []
    for cid, meta in chunks:
        new = edit(json.loads(meta))
        conn.execute("UPDATE chunks SET meta = ? WHERE id = ?", (dump_metadata(new, cid), cid))
        index.extend(index_rows(cid, {k: new[k] for k in keys if k in new}, MAX_INDEXED_VALUE_CHARS))
    chunk_ids = [cid for cid, _ in chunks]
    chosen, param = in_ids(conn, "chunk_id", chunk_ids)
    for key in keys:
        conn.execute(f"DELETE FROM meta_index WHERE key = ? AND {chosen}", (key, param))
    insert_index_rows(conn, index)
    return row[0], len(chunks)
