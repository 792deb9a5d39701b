"""The trash's tables, for both databases (the rest of the trash is in trash.py).

Apart from trash.py so that schema.py can create them without importing the store's
query modules (which import schema.py).
"""

from __future__ import annotations

from typing import Any

from vetorbase.store import dialect

_SQLITE_DDL = (
    """CREATE TABLE IF NOT EXISTS trash_entries (
        id     INTEGER PRIMARY KEY AUTOINCREMENT,
        seq    INTEGER NOT NULL,
        at     REAL NOT NULL,
        origin TEXT NOT NULL,
        kind   TEXT NOT NULL,
        filter TEXT,
        documents INTEGER NOT NULL DEFAULT 0,
        chunks    INTEGER NOT NULL DEFAULT 0,
        chars     INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS trash_documents (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        entry_id INTEGER NOT NULL,
        doc_id   INTEGER NOT NULL,
        source   TEXT NOT NULL,
        sha256   TEXT,
        meta     TEXT NOT NULL,
        added_at REAL NOT NULL,
        added_by TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS trash_chunks (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        trash_doc INTEGER NOT NULL,
        chunk_id  INTEGER NOT NULL,
        ord       INTEGER NOT NULL,
        text      TEXT NOT NULL,
        meta      TEXT NOT NULL,
        vector    BLOB NOT NULL
    )""",
)
_PG_DDL = (
    """CREATE TABLE IF NOT EXISTS trash_entries (
        id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        seq    BIGINT NOT NULL,
        at     DOUBLE PRECISION NOT NULL,
        origin TEXT NOT NULL,
        kind   TEXT NOT NULL,
        filter TEXT,
        documents BIGINT NOT NULL DEFAULT 0,
        chunks    BIGINT NOT NULL DEFAULT 0,
        chars     BIGINT NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE IF NOT EXISTS trash_documents (
        id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        entry_id BIGINT NOT NULL,
        doc_id   BIGINT NOT NULL,
        source   TEXT NOT NULL,
        sha256   TEXT,
        meta     TEXT NOT NULL,
        added_at DOUBLE PRECISION NOT NULL,
        added_by TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS trash_chunks (
        id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        trash_doc BIGINT NOT NULL,
        chunk_id  BIGINT NOT NULL,
        ord       BIGINT NOT NULL,
        text      TEXT NOT NULL,
        meta      TEXT NOT NULL,
        vector    BYTEA NOT NULL
    )""",
)
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS trash_entries_at ON trash_entries(at)",
    # (entry, doc): a removal copies its chunks by joining on both, in O(removed).
    "CREATE INDEX IF NOT EXISTS trash_documents_entry ON trash_documents(entry_id, doc_id)",
    "CREATE INDEX IF NOT EXISTS trash_documents_doc ON trash_documents(doc_id)",
    "CREATE INDEX IF NOT EXISTS trash_documents_source ON trash_documents(source)",
    "CREATE INDEX IF NOT EXISTS trash_chunks_doc ON trash_chunks(trash_doc)",
)


def create_tables(conn: Any) -> None:
    """The trash's tables (idempotent: new bases, the SQLite upgrade to schema 4, PostgreSQL)."""
    for ddl in (_PG_DDL if dialect.is_postgres(conn) else _SQLITE_DDL) + _INDEXES:
        conn.execute(ddl)


def exists(conn: Any) -> bool:
    """False on a read-only view of an older SQLite base (schema < 4: never upgraded)."""
    if dialect.is_postgres(conn):
        return True
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'trash_entries'"
    ).fetchone() is not None
