"""The full-text index of a PostgreSQL base: a `tsvector` per chunk, ranked by ts_rank.

SQLite's FTS5 folds accents itself (`remove_diacritics 2`); PostgreSQL's `unaccent` is an
extension a database owner may not be allowed to create. So the words are folded here,
by the very function the query side and the highlighter use (textwords.tokens), and
stored as the 'simple' configuration's tsvector of those words joined by spaces:
"Informação NR-12" is indexed as `informacao nr 12`, a query is folded the same way, and
the two backends agree on what a word is. Ranking is PostgreSQL's `ts_rank` (term
frequency, normalised by length), not BM25: keyword and hybrid hits are the same set,
their order can differ from a folder base's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store.dialect import in_ids
from vetorbase.textwords import query_terms, tokens

#: Longest query accepted, in terms (as fulltext.MAX_TERMS).
MAX_TERMS = 64
#: Chunks indexed per statement when the index is rebuilt.
BUILD_BATCH = 2000
DDL = (
    "CREATE TABLE IF NOT EXISTS chunks_fts (id BIGINT PRIMARY KEY, tsv TSVECTOR NOT NULL)",
    "CREATE INDEX IF NOT EXISTS chunks_fts_tsv ON chunks_fts USING GIN (tsv)",
)
#: ts_rank normalisation 1: divide by 1 + log(document length), so a long chunk that
#: says a word once does not beat a short one about it.
NORMALIZATION = 1


def words(text: str) -> str:
    """What is indexed for `text`: its folded words, space-separated."""
    return " ".join(tokens(text))


def create(conn: Any) -> None:
    for statement in DDL:
        conn.execute(statement)


def exists(conn: Any) -> bool:
    return conn.execute("SELECT to_regclass('chunks_fts') IS NOT NULL").fetchone()[0]


def build(conn: Any, progress: Callable[[int, int], None] | None = None) -> int:
    create(conn)
    total = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
    done, last = 0, -1
    while True:
        rows = conn.execute("SELECT id, text FROM chunks WHERE id > ? ORDER BY id LIMIT ?",
                            (last, BUILD_BATCH)).fetchall()
        if not rows:
            break
        insert(conn, rows)
        last, done = int(rows[-1][0]), done + len(rows)
        if progress:
            progress(done, total)
    return done


def insert(conn: Any, rows: Iterable[tuple[int, str]]) -> None:
    conn.executemany("INSERT INTO chunks_fts(id, tsv) VALUES (?, to_tsvector('simple', ?))",
                     [(int(cid), words(text)) for cid, text in rows])


def delete(conn: Any, ids: list[int]) -> None:
    chosen, param = in_ids(conn, "id", ids)
    conn.execute(f"DELETE FROM chunks_fts WHERE {chosen}", (param,))


def rank(conn: Any, text: str, limit: int, where: tuple[str, list[Any]] | None) -> list[tuple[int, float]]:
    """The best `limit` chunks for `text`: (chunk id, score, higher is better).

    Every term is a phrase query of its folded words ("NR-12" must be "nr" then "12"),
    OR-ed, as on SQLite. Terms are bound parameters, never query syntax.
    """
    if not isinstance(text, str):
        raise InvalidInput(f"a keyword query must be text, not {type(text).__name__}")
    terms = query_terms(text)[:MAX_TERMS]
    if not terms:
        return []
    query = " || ".join("phraseto_tsquery('simple', ?)" for _ in terms)
    params: list[Any] = [" ".join(t) for t in terms]
    sql = (f"SELECT f.id, ts_rank(f.tsv, q.q, {NORMALIZATION}) AS score "
           f"FROM chunks_fts f, (SELECT {query} AS q) AS q WHERE f.tsv @@ q.q")
    if where is not None:
        sql += f" AND f.id IN ({where[0]})"
        params += where[1]
    rows = conn.execute(sql + " ORDER BY score DESC, f.id LIMIT ?", (*params, int(limit))).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def problems(conn: Any) -> list[str]:
    """Chunks missing from the index, entries for removed chunks, and stale entries."""
    if not exists(conn):
        return ["journal: the keyword index is missing"]
    missing = conn.execute(
        "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunks_fts f WHERE f.id = c.id)"
    ).fetchone()[0]
    extra = conn.execute(
        "SELECT count(*) FROM chunks_fts f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = f.id)"
    ).fetchone()[0]
    out = []
    if missing or extra:
        out.append(f"keyword index disagrees with the chunks: {missing} chunks not indexed, "
                   f"{extra} index entries for removed chunks")
    stale = 0
    last = -1
    while True:
        rows = conn.execute(
            "SELECT c.id, c.text, f.tsv::text FROM chunks c JOIN chunks_fts f ON f.id = c.id "
            "WHERE c.id > ? ORDER BY c.id LIMIT 5000", (last,),
        ).fetchall()
        if not rows:
            break
        expected = conn.execute(
            "SELECT to_tsvector('simple', w)::text FROM unnest(?::text[]) WITH ORDINALITY AS u(w, n) ORDER BY n",
            ([words(r[1]) for r in rows],),
        ).fetchall()
        stale += sum(1 for r, e in zip(rows, expected) if r[2] != e[0])
        last = int(rows[-1][0])
    if stale:
        out.append(f"keyword index disagrees with the chunk text for {stale} chunks; it can be rebuilt")
    return out
