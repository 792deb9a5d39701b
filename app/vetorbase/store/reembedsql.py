"""The journal side of re-embedding: a staging table, and the one switch that uses it.

New vectors are staged in `reembed_vectors` (one row per chunk, committed a batch at
a time), and the target embedder in meta (`reembed_embedder_id`, `reembed_dim`). The
staging rows are invisible to readers: searches keep scoring the chunks' own vectors,
so a staging write begins no commit and nobody's cache has anything to replay. A
`kill -9` at any point leaves the base exactly as it was plus some staged rows, which
the next run keeps (only chunks without a staged vector are embedded again).

The switch (reembed.switch) is one write transaction: every chunk takes its staged vector, meta takes
the new embedder and dimension, and the change log floor rises to the switch's own
commit, so every process's cache (seq below the floor) rebuilds from the journal and
every snapshot (seq below the floor) is no longer usable. Staging is emptied in the
same transaction.
"""

from __future__ import annotations

import time
from typing import Any, NamedTuple

import numpy as np

from vetorbase.store import dialect

TARGET_KEY = "reembed_embedder_id"
DIM_KEY = "reembed_dim"
STARTED_KEY = "reembed_started_at"

_SQLITE_DDL = (
    "CREATE TABLE IF NOT EXISTS reembed_vectors ("
    " chunk_id INTEGER PRIMARY KEY,"
    " vector   BLOB NOT NULL)"
)
_POSTGRES_DDL = (
    "CREATE TABLE IF NOT EXISTS reembed_vectors ("
    " chunk_id BIGINT PRIMARY KEY,"
    " vector   BYTEA NOT NULL)"
)

def create_tables(conn: Any) -> None:
    """The staging table, in this connection's dialect (inside the caller's transaction)."""
    conn.execute(_POSTGRES_DDL if dialect.is_postgres(conn) else _SQLITE_DDL)


def _set_meta(conn: Any, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def meta_values(conn: Any) -> dict[str, str]:
    """The base's embedder, dimension and the staged target (if any), as meta holds them."""
    rows = conn.execute(
        "SELECT key, value FROM meta WHERE key IN (?, ?, ?, ?, ?)",
        ("embedder_id", "dim", TARGET_KEY, DIM_KEY, STARTED_KEY),
    ).fetchall()
    return {str(k): str(v) for k, v in rows}


def target(conn: Any) -> tuple[str, int] | None:
    """(embedder id, dimension) being staged, or None."""
    meta = meta_values(conn)
    if TARGET_KEY not in meta:
        return None
    return meta[TARGET_KEY], int(meta[DIM_KEY])


def begin(conn: Any, embedder_id: str, dim: int) -> int:
    """Record the target (write transaction); returns the vectors already staged for it.

    A different target than the one staged throws the staged vectors away: they belong
    to another model.
    """
    create_tables(conn)
    current = target(conn)
    if current != (embedder_id, dim):
        conn.execute("DELETE FROM reembed_vectors")
        _set_meta(conn, TARGET_KEY, embedder_id)
        _set_meta(conn, DIM_KEY, str(int(dim)))
        _set_meta(conn, STARTED_KEY, repr(time.time()))
    return sum(staged_count(conn, part) for part in parts(conn))


def set_embedder(conn: Any, embedder_id: str, dim: int) -> None:
    _set_meta(conn, "embedder_id", embedder_id)
    _set_meta(conn, "dim", str(int(dim)))


def clear(conn: Any) -> int:
    """Forget the staged vectors and the target (write transaction); returns rows dropped."""
    create_tables(conn)
    dropped = int(conn.execute("DELETE FROM reembed_vectors").rowcount or 0)
    conn.execute("DELETE FROM meta WHERE key IN (?, ?, ?)", (TARGET_KEY, DIM_KEY, STARTED_KEY))
    return dropped


class Part(NamedTuple):
    """A table whose rows carry (id, text, vector) and move with the base: its rows are
    staged under chunk_id = sign * id, so two parts never share a staging key."""

    table: str
    sign: int

    def key(self, alias: str) -> str:
        return f"{alias}.id" if self.sign > 0 else f"-{alias}.id"


CHUNKS = Part("chunks", 1)
#: The trash (trash.py) keeps removed chunks' vectors for a restore: they move too, or a
#: restore after the switch would bring vectors of the old model back.
TRASH = Part("trash_chunks", -1)


def parts(conn: Any) -> list[Part]:
    return [CHUNKS] + [TRASH] * dialect.has_table(conn, TRASH.table)


def row_count(conn: Any, part: Part) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {part.table}").fetchone()[0])


def chunk_count(conn: Any) -> int:
    return row_count(conn, CHUNKS)


def total_rows(conn: Any) -> int:
    """Every row a move re-embeds: the chunks, and those in the trash."""
    return sum(row_count(conn, part) for part in parts(conn))


def staged_count(conn: Any, part: Part = CHUNKS) -> int:
    """Staged vectors of `part`'s rows that still exist (a removed row's no longer counts)."""
    return int(conn.execute(
        f"SELECT count(*) FROM reembed_vectors AS r WHERE EXISTS "
        f"(SELECT 1 FROM {part.table} AS t WHERE {part.key('t')} = r.chunk_id)"
    ).fetchone()[0])


def missing(conn: Any, after_id: int, limit: int, part: Part = CHUNKS) -> list[tuple[int, str]]:
    """Up to `limit` rows of `part` with id > after_id that have no staged vector yet."""
    rows = conn.execute(
        f"SELECT t.id, t.text FROM {part.table} AS t WHERE t.id > ? AND NOT EXISTS "
        f"(SELECT 1 FROM reembed_vectors AS r WHERE r.chunk_id = {part.key('t')}) ORDER BY t.id LIMIT ?",
        (after_id, limit),
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def stage(conn: Any, ids: list[int], vectors: np.ndarray, part: Part = CHUNKS) -> int:
    """Store the new vectors of `ids` (write transaction); returns rows stored.

    Rows removed since they were read are skipped, so staging never outlives them.
    """
    sql, param = dialect.in_ids(conn, "id", ids)
    alive = {int(r[0]) for r in conn.execute(f"SELECT id FROM {part.table} WHERE {sql}", (param,)).fetchall()}
    rows = [(part.sign * i, vec.tobytes()) for i, vec in zip(ids, vectors) if i in alive]
    conn.executemany(
        "INSERT INTO reembed_vectors(chunk_id, vector) VALUES (?, ?) ON CONFLICT DO NOTHING", rows,
    )
    return len(rows)


def move_vectors(conn: Any, part: Part = CHUNKS) -> int:
    """Every row of `part` takes its staged vector (all must have one); returns rows updated."""
    return int(conn.execute(
        f"UPDATE {part.table} SET vector = (SELECT r.vector FROM reembed_vectors AS r "
        f"WHERE r.chunk_id = {part.key(part.table)})"
    ).rowcount)
