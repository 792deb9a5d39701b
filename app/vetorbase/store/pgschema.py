"""The schema of a base kept in PostgreSQL: the same tables as a folder's journal.

A base named `docs` lives in the schema `vetorbase_docs` of its database, so several
bases share a database without sharing a table, and every statement of the store
runs unqualified (each connection's `search_path` is the base's schema). Ids come from
identity columns: never reused, and, with writers serialized by the base's advisory
lock, growing with the commit sequence as on SQLite.

PostgreSQL has no dynamically typed column: a metadata value is in `num` (numbers,
booleans as 0/1) or `txt` (text, C collation so that a prefix is a range), see
filters.py. The schema version is the meta row `schema_version`.
"""

from __future__ import annotations

from typing import Any

from vetorbase.store import pgfulltext
from vetorbase.store.schema import SCHEMA_VERSION, new_base_id

SCHEMA_PREFIX = "vetorbase_"

DDL = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE documents (
        id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source   TEXT NOT NULL UNIQUE,
        sha256   TEXT,
        meta     TEXT NOT NULL DEFAULT '{}',
        added_at DOUBLE PRECISION NOT NULL,
        added_by TEXT NOT NULL,
        chunks   BIGINT NOT NULL DEFAULT 0,
        chars    BIGINT NOT NULL DEFAULT 0)""",
    "CREATE INDEX documents_added_at ON documents(added_at)",
    """CREATE TABLE chunks (
        id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        doc_id BIGINT NOT NULL,
        ord    INTEGER NOT NULL,
        text   TEXT NOT NULL,
        meta   TEXT NOT NULL,
        vector BYTEA NOT NULL)""",
    # Vectors are incompressible: stored inline when they fit, never compressed in vain.
    "ALTER TABLE chunks ALTER COLUMN vector SET STORAGE MAIN",
    "CREATE INDEX chunks_doc ON chunks(doc_id, ord)",
    """CREATE TABLE meta_index (
        key      TEXT NOT NULL,
        num      NUMERIC,
        txt      TEXT COLLATE "C",
        chunk_id BIGINT NOT NULL)""",
    "CREATE INDEX meta_index_num ON meta_index(key, num, chunk_id) WHERE num IS NOT NULL",
    "CREATE INDEX meta_index_txt ON meta_index(key, txt, chunk_id) WHERE txt IS NOT NULL",
    "CREATE INDEX meta_index_key ON meta_index(key)",
    "CREATE INDEX meta_index_chunk ON meta_index(chunk_id)",
    """CREATE TABLE commits (
        seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at      DOUBLE PRECISION NOT NULL,
        origin  TEXT NOT NULL,
        kind    TEXT NOT NULL,
        summary TEXT NOT NULL)""",
    """CREATE TABLE changes (
        seq      BIGINT NOT NULL,
        chunk_id BIGINT NOT NULL,
        op       SMALLINT NOT NULL)""",
    "CREATE INDEX changes_seq ON changes(seq)",
)


def schema_name(base: str) -> str:
    return SCHEMA_PREFIX + base


def create(conn: Any, meta: dict[str, str]) -> None:
    """Create every table in the connection's current schema (caller's transaction)."""
    for statement in DDL:
        conn.execute(statement)
    pgfulltext.create(conn)
    rows = {**meta, "base_id": new_base_id(), "schema_version": str(SCHEMA_VERSION)}
    conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", list(rows.items()))


def version(conn: Any) -> int:
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def upgrade(conn: Any, version: int) -> bool:
    """Bring an older base's tables up to date (inside the caller's write transaction).

    Version 3 is the first PostgreSQL schema; each later step is idempotent, as on SQLite.
    """
    if version >= SCHEMA_VERSION:
        return False
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
    return True
