"""The trash: removed chunks kept whole, in their own tables, until restored or emptied.

A removal copies the chunks (text, metadata, vector, ordinal) and a snapshot of their
documents' rows (source, sha256, metadata, when and by whom added) into the trash
tables, then deletes them from the live tables exactly as a permanent removal does
(-1 change rows), all in the caller's one write transaction. So the trashed chunks
leave every search mode, filter and listing at once, in every process, in O(removed),
and nothing that reads the live tables needs to know the trash exists.

Restoring inserts the chunks again under NEW ids (+1 change rows): caches treat an id
above their snapshot as new, so an id must never come back. The document comes back
with its source, sha256, metadata and added_at/added_by; when its source was added
again while it sat in the trash, restoring refuses (TrashConflict) unless asked to
replace, in which case the newer version goes to the trash in the same commit:
nothing is lost either way, and the choice stays with the person.

All SQL here runs on SQLite and PostgreSQL (dialect.py for lists of ids and new ids).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from vetorbase.errors import TrashConflict
from vetorbase.store import dialect, filtermatch, fulltext, trashschema, writes
from vetorbase.store.filters import index_rows, insert_index_rows
from vetorbase.store.schema import MAX_INDEXED_VALUE_CHARS
from vetorbase.store.types import TrashEntry, TrashResult

#: Days an entry stays in the trash before compact() empties it (meta key `trash_days`).
DEFAULT_DAYS = 30.0
#: Sources listed per entry (the counts are always complete).
LISTED_SOURCES = 20


# -- settings ------------------------------------------------------------------------
def days(conn: Any) -> float:
    row = conn.execute("SELECT value FROM meta WHERE key = 'trash_days'").fetchone()
    return float(row[0]) if row else DEFAULT_DAYS


def set_days(conn: Any, value: float) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES ('trash_days', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (repr(float(value)),),
    )


# -- moving in -----------------------------------------------------------------------
def move(conn: Any, seq: int, chunk_ids: Sequence[int], origin: str, kind: str,
         where: dict[str, Any] | None = None) -> int | None:
    """Copy live chunks `chunk_ids` and their documents into a new entry of commit `seq`.

    Returns the entry id, or None when none of the ids is a live chunk. The caller then
    deletes the chunks (writes.delete_chunks), in the same transaction.
    """
    in_chunks, ids = dialect.in_ids(conn, "c.id", chunk_ids)
    if conn.execute(f"SELECT count(*) FROM chunks c WHERE {in_chunks}", (ids,)).fetchone()[0] == 0:
        return None
    entry = dialect.insert_id(
        conn, "INSERT INTO trash_entries(seq, at, origin, kind, filter) VALUES (?, ?, ?, ?, ?)",
        (seq, time.time(), origin, kind, json.dumps(where, ensure_ascii=False) if where else None),
    )
    conn.execute(
        "INSERT INTO trash_documents(entry_id, doc_id, source, sha256, meta, added_at, added_by) "
        "SELECT ?, d.id, d.source, d.sha256, d.meta, d.added_at, d.added_by FROM documents d "
        f"WHERE d.id IN (SELECT DISTINCT c.doc_id FROM chunks c WHERE {in_chunks})", (entry, ids),
    )
    conn.execute(
        "INSERT INTO trash_chunks(trash_doc, chunk_id, ord, text, meta, vector) "
        "SELECT t.id, c.id, c.ord, c.text, c.meta, c.vector FROM chunks c "
        f"JOIN trash_documents t ON t.doc_id = c.doc_id AND t.entry_id = ? WHERE {in_chunks}",
        (entry, ids),
    )
    _recount(conn, [entry])
    return entry


def _recount(conn: Any, entry_ids: Sequence[int]) -> None:
    """Store each entry's counts (what listing the trash reads, in O(entries)); the cost
    is the size of the entries a write touched."""
    for entry in entry_ids:
        conn.execute(
            "UPDATE trash_entries SET "
            "documents = (SELECT count(*) FROM trash_documents t WHERE t.entry_id = ?), "
            "chunks = (SELECT count(*) FROM trash_chunks c JOIN trash_documents t ON t.id = c.trash_doc "
            "WHERE t.entry_id = ?), "
            "chars = (SELECT coalesce(sum(length(c.text)), 0) FROM trash_chunks c "
            "JOIN trash_documents t ON t.id = c.trash_doc WHERE t.entry_id = ?) WHERE id = ?",
            (entry, entry, entry, entry),
        )


# -- reading -------------------------------------------------------------------------
def entries(conn: Any, entry_ids: Sequence[int] | None = None, limit: int | None = None) -> list[TrashEntry]:
    """The trash's entries, newest first (at most `limit`), with their stored exact counts."""
    if not trashschema.exists(conn):
        return []
    cond, params = "", []
    if entry_ids is not None:
        sql, p = dialect.in_ids(conn, "id", entry_ids)
        cond, params = f" WHERE {sql}", [p]
    if limit is not None:
        cond += " ORDER BY id DESC LIMIT ?"
        params.append(int(limit))
    else:
        cond += " ORDER BY id DESC"
    rows = conn.execute(
        f"SELECT id, seq, at, origin, kind, filter, documents, chunks, chars FROM trash_entries{cond}", params,
    ).fetchall()
    return [
        TrashEntry(id=int(r[0]), seq=int(r[1]), removed_at=float(r[2]), removed_by=r[3], kind=r[4],
                   where=json.loads(r[5]) if r[5] else None, documents=int(r[6]), chunks=int(r[7]),
                   chars=int(r[8]), sources=tuple(
                       s for (s,) in conn.execute("SELECT source FROM trash_documents WHERE entry_id = ? "
                                                  "ORDER BY doc_id LIMIT ?", (r[0], LISTED_SOURCES))))
        for r in rows
    ]


def totals(conn: Any) -> TrashResult:
    """(entries, documents, chunks) in the whole trash, from the stored counts."""
    if not trashschema.exists(conn):
        return TrashResult()
    row = conn.execute(
        "SELECT count(*), coalesce(sum(documents), 0), coalesce(sum(chunks), 0) FROM trash_entries"
    ).fetchone()
    return TrashResult(entries=int(row[0]), documents=int(row[1]), chunks=int(row[2]))


@dataclass(frozen=True)
class Choice:
    """Which trashed chunks an operation takes; the parts given combine with AND, and
    nothing given means the whole trash. `where` is matched in Python (filtermatch.py)."""

    entry_ids: Sequence[int] | None = None
    sources: Sequence[str] | None = None
    where: dict[str, Any] | None = None
    older_than: float | None = None


#: Columns of a chosen row: trash chunk id, ord, text, meta, vector; its trashed
#: document's id, original doc id, source, sha256, meta, added_at, added_by; entry id.
_ROW = ("c.id, c.ord, c.text, c.meta, c.vector, t.id, t.doc_id, t.source, t.sha256, t.meta, "
        "t.added_at, t.added_by, t.entry_id")
_ROW_LIGHT = ("c.id, NULL, NULL, {meta}, NULL, t.id, t.doc_id, t.source, NULL, NULL, "
              "t.added_at, NULL, t.entry_id")


def _chosen_rows(conn: Any, choice: Choice, *, full: bool) -> list[tuple]:
    """The trashed chunks `choice` takes, in entry then original id order. Without `full`
    the text, vector and other columns not needed to count are left out (NULL)."""
    filtermatch.check(choice.where)
    clauses, params = [], []
    if choice.entry_ids is not None:
        sql, p = dialect.in_ids(conn, "t.entry_id", choice.entry_ids)
        clauses.append(sql)
        params.append(p)
    if choice.sources is not None:
        clauses.append("t.source IN (" + ",".join("?" * len(choice.sources)) + ")" if choice.sources else "1 = 0")
        params += list(choice.sources)
    if choice.older_than is not None:
        clauses.append("e.at < ?")
        params.append(choice.older_than)
    columns = _ROW if full else _ROW_LIGHT.format(meta="c.meta" if choice.where else "NULL")
    rows = conn.execute(
        f"SELECT {columns} FROM trash_chunks c JOIN trash_documents t ON t.id = c.trash_doc "
        f"JOIN trash_entries e ON e.id = t.entry_id WHERE {' AND '.join(clauses) or '1 = 1'} "
        "ORDER BY t.entry_id, c.chunk_id", params,
    ).fetchall()
    if choice.where:
        rows = [r for r in rows if filtermatch.matches(choice.where, json.loads(r[3]), float(r[10]))]
    return rows


def _result(rows: list[tuple], chunk_ids: Sequence[int] = ()) -> TrashResult:
    return TrashResult(entries=len({r[12] for r in rows}), documents=len({r[5] for r in rows}), chunks=len(rows),
                       sources=tuple(sorted({r[7] for r in rows})[:LISTED_SOURCES]), chunk_ids=tuple(chunk_ids))


# -- restoring -----------------------------------------------------------------------
def restore(conn: Any, seq: int, origin: str, choice: Choice, *,
            replace: bool = False) -> tuple[TrashResult, list[str]]:
    """Put the chosen trashed chunks back as live chunks under new ids (commit `seq`):
    what was restored, and the sources whose documents it created again."""
    rows = _chosen_rows(conn, choice, full=True)
    groups: dict[int, list[tuple]] = {}
    for r in rows:
        groups.setdefault(int(r[5]), []).append(r)
    targets, created = _targets(conn, seq, origin, [g[0] for g in groups.values()], replace)
    new_ids: list[int] = []
    for trash_doc, chunks in groups.items():
        doc_id = targets[trash_doc]
        got = [_insert_chunk(conn, seq, doc_id, r) for r in chunks]
        new_ids += got
        conn.execute("UPDATE documents SET chunks = chunks + ?, chars = chars + ? WHERE id = ?",
                     (len(got), sum(len(r[2]) for r in chunks), doc_id))
    _drop(conn, [r[0] for r in rows], list(groups))
    return _result(rows, new_ids), created


def _targets(conn: Any, seq: int, origin: str, firsts: list[tuple],
             replace: bool) -> tuple[dict[int, int], list[str]]:
    """The live document each trashed document goes back into, creating the missing ones.

    Its own row when it is still there (only some of its chunks were removed); a new row
    with its recorded fields when its source is free; a conflict when the source was
    added again meanwhile (TrashConflict, or with `replace` that version is trashed).
    """
    targets: dict[int, int] = {}
    made: dict[int, int] = {}  # original doc id -> row created by this restore
    made_sources: set[str] = set()
    conflicts: list[str] = []
    plan: list[tuple[tuple, int | None]] = []
    for r in firsts:
        trash_doc, old_id, source = int(r[5]), int(r[6]), r[7]
        live = conn.execute("SELECT id FROM documents WHERE source = ?", (source,)).fetchone()
        if live and int(live[0]) == old_id:
            targets[trash_doc] = old_id
        elif live and not replace:
            conflicts.append(source)
        else:
            plan.append((r, int(live[0]) if live else None))
    if conflicts:
        raise TrashConflict(
            f"cannot restore {len(conflicts)} document(s) because their source was added again "
            f"after the removal: {', '.join(conflicts[:5])}. Restore them replacing the current "
            "version (which then goes to the trash), or remove the current version first.",
            conflicts,
        )
    for r, live_id in plan:
        trash_doc, old_id, source = int(r[5]), int(r[6]), r[7]
        if old_id in made:
            targets[trash_doc] = made[old_id]
            continue
        if source in made_sources:
            raise TrashConflict(
                f"two removed versions of {source} were chosen; restore one of them "
                "(choose its trash entry).", [source])
        if live_id is not None:
            current = writes.chunk_ids_of_documents(conn, [live_id])
            move(conn, seq, current, origin, "replaced_by_restore")
            writes.delete_chunks(conn, seq, current)
            conn.execute("DELETE FROM documents WHERE id = ?", (live_id,))
        made[old_id] = targets[trash_doc] = dialect.insert_id(
            conn, "INSERT INTO documents(source, sha256, meta, added_at, added_by) VALUES (?, ?, ?, ?, ?)",
            (source, r[8], r[9], r[10], r[11]),
        )
        made_sources.add(source)
        # What stays in the trash of that version now belongs to the live row: a later
        # restore of the rest goes back into it, not against it.
        conn.execute("UPDATE trash_documents SET doc_id = ? WHERE doc_id = ?", (made[old_id], old_id))
    return targets, sorted(made_sources)


def _insert_chunk(conn: Any, seq: int, doc_id: int, r: tuple) -> int:
    text, meta = r[2], r[3]
    cid = dialect.insert_id(conn, "INSERT INTO chunks(doc_id, ord, text, meta, vector) VALUES (?, ?, ?, ?, ?)",
                            (doc_id, r[1], text, meta, r[4]))
    insert_index_rows(conn, index_rows(cid, json.loads(meta), MAX_INDEXED_VALUE_CHARS))
    fulltext.insert(conn, [(cid, text)])
    conn.execute("INSERT INTO changes(seq, chunk_id, op) VALUES (?, ?, 1)", (seq, cid))
    return cid


def _drop(conn: Any, trash_chunk_ids: list[int], trash_doc_ids: list[int]) -> None:
    """Forget restored or emptied rows, and the documents and entries left empty."""
    sql, p = dialect.in_ids(conn, "id", trash_chunk_ids)
    conn.execute(f"DELETE FROM trash_chunks WHERE {sql}", (p,))
    sql, p = dialect.in_ids(conn, "t.id", trash_doc_ids)
    entry_ids = [r[0] for r in conn.execute(f"SELECT DISTINCT t.entry_id FROM trash_documents t WHERE {sql}", (p,))]
    conn.execute(f"DELETE FROM trash_documents AS t WHERE {sql} AND NOT EXISTS "
                 "(SELECT 1 FROM trash_chunks c WHERE c.trash_doc = t.id)", (p,))
    _recount(conn, entry_ids)
    sql, p = dialect.in_ids(conn, "id", entry_ids)
    conn.execute(f"DELETE FROM trash_entries WHERE {sql} AND documents = 0", (p,))


# -- emptying ------------------------------------------------------------------------
def chosen(conn: Any, choice: Choice) -> TrashResult:
    """What empty() with the same choice would delete now, exactly."""
    return _result(_chosen_rows(conn, choice, full=False))


def chosen_entries(conn: Any, choice: Choice) -> list[int]:
    """The entries holding trashed chunks that `choice` takes."""
    return sorted({int(r[12]) for r in _chosen_rows(conn, choice, full=False)})


def empty(conn: Any, choice: Choice) -> TrashResult:
    """Delete the chosen trashed chunks for good: what was deleted."""
    rows = _chosen_rows(conn, choice, full=False)
    _drop(conn, [r[0] for r in rows], sorted({int(r[5]) for r in rows}))
    return _result(rows)


# -- check ---------------------------------------------------------------------------
def problems(conn: Any) -> list[str]:
    """Disagreements inside the trash, and between the trash and the live chunks."""
    out = []
    orphan_chunks = conn.execute(
        "SELECT count(*) FROM trash_chunks c WHERE NOT EXISTS (SELECT 1 FROM trash_documents t WHERE t.id = c.trash_doc)"
    ).fetchone()[0]
    empty_docs = conn.execute(
        "SELECT count(*) FROM trash_documents t WHERE NOT EXISTS (SELECT 1 FROM trash_chunks c WHERE c.trash_doc = t.id) "
        "OR NOT EXISTS (SELECT 1 FROM trash_entries e WHERE e.id = t.entry_id)"
    ).fetchone()[0]
    empty_entries = conn.execute(
        "SELECT count(*) FROM trash_entries e WHERE NOT EXISTS (SELECT 1 FROM trash_documents t WHERE t.entry_id = e.id)"
    ).fetchone()[0]
    live = conn.execute(
        "SELECT count(*) FROM trash_chunks t JOIN chunks c ON c.id = t.chunk_id"
    ).fetchone()[0]
    miscounted = conn.execute(
        "SELECT count(*) FROM trash_entries e WHERE chunks != (SELECT count(*) FROM trash_chunks c "
        "JOIN trash_documents t ON t.id = c.trash_doc WHERE t.entry_id = e.id) OR documents != "
        "(SELECT count(*) FROM trash_documents t WHERE t.entry_id = e.id)"
    ).fetchone()[0]
    if miscounted:
        out.append(f"trash: {miscounted} entries state other counts than they hold")
    if orphan_chunks:
        out.append(f"trash: {orphan_chunks} chunks belong to no trashed document")
    if empty_docs:
        out.append(f"trash: {empty_docs} trashed documents have no chunks or no entry")
    if empty_entries:
        out.append(f"trash: {empty_entries} entries hold nothing")
    if live:
        out.append(f"trash: {live} chunks are both in the trash and live")
    return out
