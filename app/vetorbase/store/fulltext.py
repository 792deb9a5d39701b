"""The full-text index of chunk text (SQLite FTS5) and keyword ranking (BM25).

The index is an FTS5 table over `chunks.text` as external content: it stores only
the tokens, never a second copy of the text. Its rows are written and deleted in the
same write transaction as the chunk rows (writes.py), so it has the journal's
guarantees: atomic, durable, and seen at once by every process. All SQL about it
lives here; a PostgreSQL base's index is pgfulltext.py, and each function here hands
such a connection over to it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable
from typing import Any

from vetorbase.errors import InvalidInput, ReadOnlyBase
from vetorbase.store import pgfulltext
from vetorbase.store.dialect import in_ids, is_postgres
from vetorbase.textwords import query_terms

log = logging.getLogger(__name__)

#: "º"/"ª" separate words, so "art. 7º" is found by "art 7" (textwords.WORD agrees).
TOKENIZER = "unicode61 remove_diacritics 2 separators 'ºª'"
DDL = (
    "CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='chunks', content_rowid='id', "
    f"tokenize=\"{TOKENIZER}\")"
)
#: Chunks indexed per statement when an older base gets its index (progress steps).
BUILD_BATCH = 2000
#: Longest query accepted, in terms (a pasted page is not a keyword query).
MAX_TERMS = 64
#: A single word found in more than this share of the chunks is left out of the match:
#: BM25's IDF for it is <= 0, which FTS5 floors to ~0, so it changes no ranking, but
#: scoring every chunk that has it would cost O(chunks) ("nota fiscal 004471").
COMMON_SHARE = 0.5
VOCAB = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.chunks_fts_vocab USING fts5vocab(main, chunks_fts, 'row')"


def create(conn: sqlite3.Connection) -> None:
    if is_postgres(conn):
        return pgfulltext.create(conn)
    conn.execute(DDL)


def exists(conn: sqlite3.Connection) -> bool:
    if is_postgres(conn):
        return pgfulltext.exists(conn)
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'chunks_fts'"
    ).fetchone() is not None


def build(conn: sqlite3.Connection, progress: Callable[[int, int], None] | None = None) -> int:
    """Index every chunk of a base that predates the index (inside the caller's transaction).

    Batches by id so `progress(done, total)` can report; the caller's transaction makes
    the whole build atomic (a kill leaves the old schema, and the next open rebuilds).
    """
    if is_postgres(conn):
        return pgfulltext.build(conn, progress)
    if not exists(conn):
        create(conn)
    total = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    done, last = 0, -1
    if progress:
        progress(0, total)
    while True:
        row = conn.execute(
            "SELECT max(id), count(*) FROM (SELECT id FROM chunks WHERE id > ? ORDER BY id LIMIT ?)",
            (last, BUILD_BATCH),
        ).fetchone()
        if not row[1]:
            break
        conn.execute(
            "INSERT INTO chunks_fts(rowid, text) SELECT id, text FROM chunks WHERE id > ? AND id <= ?",
            (last, row[0]),
        )
        last, done = int(row[0]), done + int(row[1])
        if progress:
            progress(done, total)
        else:
            log.info("building the keyword index: %d of %d chunks", done, total)
    return done


def insert(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index new chunks: (chunk id, text) pairs."""
    if is_postgres(conn):
        return pgfulltext.insert(conn, rows)
    conn.executemany("INSERT INTO chunks_fts(rowid, text) VALUES (?, ?)", rows)


def delete(conn: sqlite3.Connection, ids: list[int]) -> None:
    """Unindex chunks *before* their rows go: FTS5 needs the text it indexed to remove it."""
    if is_postgres(conn):
        return pgfulltext.delete(conn, ids)
    chosen, param = in_ids(conn, "id", ids)
    conn.execute(
        f"INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', id, text FROM chunks WHERE {chosen}",
        (param,),
    )


def match_expression(text: str, conn: sqlite3.Connection | None = None, budget: int | None = None) -> str | None:
    """The FTS5 query for what a person typed, or None when it holds no word.

    Every term is quoted (so FTS5 syntax in the input is just text), a code like
    "NR-12" becomes the phrase "nr 12", and terms are OR-ed: BM25 ranks chunks with
    more (and rarer) terms higher, as in every BM25 engine; an AND would make a long
    natural-language question find nothing.
    """
    if not isinstance(text, str):
        raise InvalidInput(f"a keyword query must be text, not {type(text).__name__}")
    terms = query_terms(text)[:MAX_TERMS]
    if conn is not None and len(terms) > 1:
        terms = _without_common_words(conn, terms, budget)
    if not terms:
        return None
    return " OR ".join('"' + " ".join(words) + '"' for words in terms)


def _without_common_words(conn: sqlite3.Connection, terms: list[list[str]], budget: int | None) -> list[list[str]]:
    """Drop single words in more than COMMON_SHARE of the chunks (keep the rarest if all
    are); with a `budget`, also the most common words while the chunks holding the rest
    add up to more than it (codes and phrases always stay)."""
    words = sorted({t[0] for t in terms if len(t) == 1})
    if not words:
        return terms
    conn.execute(VOCAB)
    marks = ",".join("?" * len(words))
    df = dict(conn.execute(f"SELECT term, doc FROM temp.chunks_fts_vocab WHERE term IN ({marks})", words).fetchall())
    limit = COMMON_SHARE * indexed_rows(conn)
    kept = [t for t in terms if len(t) > 1 or df.get(t[0], 0) <= limit]
    if budget is not None:
        total, within = 0, []
        for t in sorted((t for t in kept if len(t) == 1), key=lambda t: df.get(t[0], 0)):
            total += df.get(t[0], 0)
            if total <= budget or not within:
                within.append(t)
        kept = [t for t in kept if len(t) > 1 or t in within]
    return kept or [min(terms, key=lambda t: df.get(t[0], 0))]


def indexed_rows(conn: sqlite3.Connection) -> int:
    """Chunks in the index, in O(1): FTS5's own total (the first varint of its averages
    record, rowid 1 of the `_data` table; the format is documented in fts5_storage.c)."""
    row = conn.execute("SELECT block FROM chunks_fts_data WHERE id = 1").fetchone()
    if not row or not row[0]:
        return 0
    value = 0
    for i, byte in enumerate(bytes(row[0])[:9]):
        if i == 8:
            return (value << 8) | byte
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return value


def rank(
    conn: sqlite3.Connection, text: str, limit: int, where: tuple[str, list[Any]] | None,
    budget: int | None = None,
) -> list[tuple[int, float]]:
    """The best `limit` chunks for `text` by BM25: (chunk id, score, higher is better).

    `where` is a compiled filter (filters.compile_where): it restricts the match
    before ranking, so a filtered keyword search returns the true top-k. `budget`
    bounds the chunks to score (see _without_common_words); None scores every match.
    """
    if is_postgres(conn):
        return pgfulltext.rank(conn, text, limit, where)
    if not exists(conn):
        raise ReadOnlyBase(
            "keyword search needs the base's full-text index, which is built when the base "
            "is first opened with write access by this version of Vetorbase: open it once "
            "without read-only (the window, or `vetorbase compact`), or use semantic search."
        )
    expression = match_expression(text, conn, budget)
    if expression is None:
        return []
    sql = "SELECT rowid, rank FROM chunks_fts WHERE chunks_fts MATCH ?"
    params: list[Any] = [expression]
    if where is not None:
        # "+rowid": a filter, not an index constraint; as a constraint FTS5 would run
        # the whole match once per matching id (seconds at 20k chunks).
        sql += f" AND +rowid IN ({where[0]})"
        params += where[1]
    rows = conn.execute(sql + " ORDER BY rank LIMIT ?", (*params, int(limit))).fetchall()
    return [(int(r[0]), -float(r[1])) for r in rows]


def problems(conn: sqlite3.Connection, version: int, required: int) -> list[str]:
    """Disagreements between the index and the chunk table, read-only (check())."""
    if is_postgres(conn):
        return pgfulltext.problems(conn)
    if not exists(conn):
        return [f"journal: the keyword index is missing (schema {version})"] if version >= required else []
    missing = conn.execute(
        "SELECT count(*) FROM chunks WHERE id NOT IN (SELECT id FROM chunks_fts_docsize)"
    ).fetchone()[0]
    extra = conn.execute(
        "SELECT count(*) FROM chunks_fts_docsize WHERE id NOT IN (SELECT id FROM chunks)"
    ).fetchone()[0]
    if missing or extra:
        return [f"keyword index disagrees with the chunks: {missing} chunks not indexed, "
                f"{extra} index entries for removed chunks"]
    return []


def deep_problems(conn: sqlite3.Connection) -> list[str]:
    """FTS5's own integrity check against the chunk text (needs a write transaction:
    FTS5 runs it as an INSERT command, though it changes nothing)."""
    if is_postgres(conn) or not exists(conn):
        return []  # PostgreSQL: problems() compares every entry with its chunk already
    try:
        conn.execute("INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return [f"keyword index disagrees with the chunk text ({exc}); it can be rebuilt"]
    return []

