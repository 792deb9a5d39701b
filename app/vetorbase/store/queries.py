"""Read-side queries over the journal: documents, chunks, metadata and history."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from vetorbase.errors import CorruptBase, InvalidInput
from vetorbase.store.dialect import in_ids, is_postgres
from vetorbase.store.filters import compile_where
from vetorbase.store.types import Chunk, DocumentInfo
from vetorbase.textcheck import check_text

DOC_COLUMNS = "d.id, d.source, d.chunks, d.sha256, d.meta, d.added_at, d.added_by, d.chars"
SORTS = {
    "name": "lower(replace(d.source, rtrim(d.source, replace(d.source, '/', '')), ''))",
    "source": "d.source",
    "chunks": "d.chunks",
    "added_at": "d.added_at",
    "added_by": "d.added_by",
    "chars": "d.chars",
    "id": "d.id",
}


def to_document(row: tuple) -> DocumentInfo:
    return DocumentInfo(
        id=row[0], source=row[1], chunks=row[2], sha256=row[3], metadata=json.loads(row[4]),
        added_at=row[5], added_by=row[6], chars=row[7],
    )


def _doc_filter(conn: Any, where: dict[str, Any] | None, text: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    compiled = compile_where(where, conn)
    if compiled:
        sql, p = compiled
        clauses.append(f"d.id IN (SELECT doc_id FROM chunks WHERE id IN ({sql}))")
        params += p
    if text:
        check_text(text, "document name filter")
        clauses.append("strpos(lower(d.source), ?) > 0" if is_postgres(conn) else "instr(lower(d.source), ?) > 0")
        params.append(text.lower())
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def documents(
    conn: sqlite3.Connection, *, offset: int, limit: int, sort: str, descending: bool,
    where: dict[str, Any] | None, text: str | None,
) -> list[DocumentInfo]:
    if sort not in SORTS:
        raise InvalidInput(f"cannot sort documents by {sort!r}; use one of {sorted(SORTS)}")
    cond, params = _doc_filter(conn, where, text)
    order = f"{SORTS[sort]} {'DESC' if descending else 'ASC'}, d.id {'DESC' if descending else 'ASC'}"
    rows = conn.execute(
        f"SELECT {DOC_COLUMNS} FROM documents d{cond} ORDER BY {order} LIMIT ? OFFSET ?",
        (*params, int(limit), int(offset)),
    ).fetchall()
    return [to_document(r) for r in rows]


def document_count(conn: sqlite3.Connection, where: dict[str, Any] | None, text: str | None) -> int:
    cond, params = _doc_filter(conn, where, text)
    return int(conn.execute(f"SELECT count(*) FROM documents d{cond}", params).fetchone()[0])


def get_document(conn: sqlite3.Connection, source: str | None, doc_id: int | None) -> DocumentInfo | None:
    if source is not None:
        row = conn.execute(f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.source = ?", (source,)).fetchone()
    elif doc_id is not None:
        row = conn.execute(f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.id = ?", (int(doc_id),)).fetchone()
    else:
        raise InvalidInput("get_document needs source= or doc_id=")
    return to_document(row) if row else None


def chunks_by_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> list[Chunk]:
    chosen, param = in_ids(conn, "id", ids)
    rows = conn.execute(f"SELECT id, doc_id, ord, text, meta FROM chunks WHERE {chosen}", (param,)).fetchall()
    return [Chunk(id=r[0], doc_id=r[1], ordinal=r[2], text=r[3], metadata=json.loads(r[4])) for r in rows]


def chunks_of(conn: sqlite3.Connection, doc_id: int) -> list[Chunk]:
    rows = conn.execute(
        "SELECT id, doc_id, ord, text, meta FROM chunks WHERE doc_id = ? ORDER BY ord", (int(doc_id),)
    ).fetchall()
    return [Chunk(id=r[0], doc_id=r[1], ordinal=r[2], text=r[3], metadata=json.loads(r[4])) for r in rows]


def matching_chunk_ids(conn: sqlite3.Connection, where: dict[str, Any]) -> list[int]:
    compiled = compile_where(where, conn)
    if compiled is None:
        return [r[0] for r in conn.execute("SELECT id FROM chunks")]
    sql, params = compiled
    return [r[0] for r in conn.execute(sql, params)]


def count(conn: sqlite3.Connection, where: dict[str, Any] | None) -> int:
    compiled = compile_where(where, conn)
    if compiled is None:
        return int(conn.execute("SELECT coalesce(sum(chunks), 0) FROM documents").fetchone()[0])
    sql, params = compiled
    return int(conn.execute(f"SELECT count(*) FROM ({sql}) AS m", params).fetchone()[0])


def preview(conn: sqlite3.Connection, where: dict[str, Any], limit: int) -> tuple[list[DocumentInfo], int]:
    compiled = compile_where(where, conn)
    if compiled is None:
        raise InvalidInput("refusing to preview a removal without a filter")
    sql, params = compiled
    n = int(conn.execute(f"SELECT count(*) FROM ({sql}) AS m", params).fetchone()[0])
    rows = conn.execute(
        f"SELECT {DOC_COLUMNS} FROM documents d WHERE d.id IN "
        f"(SELECT DISTINCT doc_id FROM chunks WHERE id IN ({sql})) ORDER BY d.source LIMIT ?",
        (*params, int(limit)),
    ).fetchall()
    return [to_document(r) for r in rows], n


def count_matching(conn: sqlite3.Connection, where: dict[str, Any] | None) -> tuple[int, int]:
    """(documents, chunks) matching `where`, exact and from one read: what a destructive
    confirmation must state, however few of the documents it lists."""
    compiled = compile_where(where, conn)
    if compiled is None:
        row = conn.execute("SELECT count(*), coalesce(sum(chunks), 0) FROM documents").fetchone()
    else:
        sql, params = compiled
        row = conn.execute(f"SELECT count(DISTINCT doc_id), count(*) FROM chunks WHERE id IN ({sql})",
                           params).fetchone()
    return int(row[0]), int(row[1])


def metadata_keys(conn: sqlite3.Connection) -> list[str]:
    # A recursive skip-scan: one index probe per distinct key instead of a full scan.
    rows = conn.execute(
        "WITH RECURSIVE k(key) AS (SELECT min(key) FROM meta_index UNION ALL "
        "SELECT (SELECT min(key) FROM meta_index WHERE key > k.key) FROM k WHERE k.key IS NOT NULL) "
        "SELECT key FROM k WHERE key IS NOT NULL"
    ).fetchall()
    return [r[0] for r in rows]


def metadata_values(conn: Any, key: str, prefix: str, limit: int) -> list[Any]:
    if is_postgres(conn):
        return _metadata_values_pg(conn, key, prefix, limit)
    if prefix:
        rows = conn.execute(
            "SELECT DISTINCT value FROM meta_index WHERE key = ? AND value >= ? AND value < ? "
            "AND typeof(value) = 'text' ORDER BY value LIMIT ?",
            (key, prefix, prefix + "\U0010ffff", int(limit)),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT DISTINCT value FROM meta_index WHERE key = ? ORDER BY value LIMIT ?",
            (key, int(limit)),
        ).fetchall()
    return [r[0] for r in rows]


def _metadata_values_pg(conn: Any, key: str, prefix: str, limit: int) -> list[Any]:
    """The same answer from PostgreSQL's typed columns: numbers first, as SQLite orders."""
    if prefix:
        rows = conn.execute(
            "SELECT DISTINCT num, txt FROM meta_index WHERE key = ? AND txt >= ? AND txt < ? "
            "ORDER BY txt LIMIT ?", (key, prefix, prefix + "\U0010ffff", int(limit)),
        ).fetchall()
    else:
        rows = conn.execute(
            "SELECT DISTINCT num, txt FROM meta_index WHERE key = ? ORDER BY num NULLS LAST, txt LIMIT ?",
            (key, int(limit)),
        ).fetchall()
    out: list[Any] = []
    for num, txt in rows:
        if txt is not None:
            out.append(txt)
        else:
            out.append(int(num) if num == int(num) else float(num))
    return out


def history(conn: sqlite3.Connection, limit: int, since_seq: int = 0) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT seq, at, origin, kind, summary FROM commits WHERE seq > ? ORDER BY seq DESC LIMIT ?",
        (int(since_seq), int(limit)),
    ).fetchall()
    out = []
    for seq, at, origin, kind, summary in rows:
        try:
            s = json.loads(summary or "{}")
            if not isinstance(s, dict):
                raise ValueError("not an object")
        except (TypeError, ValueError):
            raise CorruptBase(
                f"the journal's record of commit {seq} is damaged; the base's data is not "
                "affected, but its history cannot be shown. `vetorbase check` lists the damage."
            ) from None
        out.append({"seq": seq, "at": at, "origin": origin, "kind": kind, **s})
    return out


def head_seq(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT seq FROM commits ORDER BY seq DESC LIMIT 1").fetchone()
    return int(row[0]) if row else 0


def log_floor(conn: sqlite3.Connection) -> int:
    """The seq up to which the change log was pruned by compact()."""
    return int(conn.execute("SELECT value FROM meta WHERE key = 'log_floor'").fetchone()[0])


def vectors(conn: sqlite3.Connection, ids: list[int]) -> dict[int, bytes]:
    chosen, param = in_ids(conn, "id", ids)
    return dict(conn.execute(f"SELECT id, vector FROM chunks WHERE {chosen}", (param,)).fetchall())


def totals(conn: sqlite3.Connection) -> tuple[int, int, tuple[int, float, str] | None]:
    """(chunks, documents, newest commit as (seq, at, origin) or None)."""
    chunks, docs = conn.execute("SELECT coalesce(sum(chunks), 0), count(*) FROM documents").fetchone()
    last = conn.execute("SELECT seq, at, origin FROM commits ORDER BY seq DESC LIMIT 1").fetchone()
    return int(chunks), int(docs), (int(last[0]), float(last[1]), str(last[2])) if last else None


def sample_vectors(conn: sqlite3.Connection, limit: int) -> list[tuple[int, int, str, bytes]]:
    """(chunk id, document id, source, vector blob) of every chunk when at most `limit`, else of
    about `limit` chunks spread evenly over the ids (every n-th), so a map of the base stays
    the same between two calls that saw the same chunks."""
    total = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    step = max(1, -(-total // max(1, int(limit))))
    return conn.execute(
        "SELECT c.id, c.doc_id, d.source, c.vector FROM "
        "(SELECT id, row_number() OVER (ORDER BY id) AS rn FROM chunks) s "
        "JOIN chunks c ON c.id = s.id JOIN documents d ON d.id = c.doc_id "
        "WHERE (s.rn - 1) % ? = 0 ORDER BY c.id LIMIT ?",
        (step, int(limit)),
    ).fetchall()
