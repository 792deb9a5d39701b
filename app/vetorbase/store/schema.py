"""The journal's schema: the single source of truth every process agrees on.

Chunk ids come from AUTOINCREMENT and are never reused, and writers are serialized,
so ids grow with the commit sequence: a cache can tell from an id alone whether a
chunk predates its snapshot.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable

from vetorbase.store import folders, fulltext, reembedsql, trashschema

#: 1: round 1. 2: `base_id` in meta (snapshots prove which base and history they
#: belong to), 32 KiB pages for new bases. 3: the full-text index `chunks_fts`.
#: 4: the trash (trash.py), `reembed_vectors`, the staging table of a move to
#: another embedder (reembed.py), and followed folders (folders.py).
SCHEMA_VERSION = 4
#: The first schema with the full-text index.
FULLTEXT_VERSION = 3
#: The first schema with the trash.
TRASH_VERSION = 4
JOURNAL_NAME = "vetorbase.sqlite"
#: A 512-d chunk row is ~2.1 KB: with 4 KiB pages each took a page of its own (the
#: journal was 2x its vectors); 16 KiB pages hold 7 rows (12% slack), 32 KiB pages 15
#: (2.5%). Measured on 21k chunks: journal 1.22x / 1.15x its vectors, whole base 2.23x /
#: 2.16x; single-add latency did not differ beyond the machine's noise.
PAGE_SIZE = 32768

DDL = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE documents (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    source   TEXT NOT NULL UNIQUE,
    sha256   TEXT,
    meta     TEXT NOT NULL DEFAULT '{}',
    added_at REAL NOT NULL,
    added_by TEXT NOT NULL,
    chunks   INTEGER NOT NULL DEFAULT 0,
    chars    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX documents_added_at ON documents(added_at);
CREATE TABLE chunks (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    doc_id INTEGER NOT NULL,
    ord    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    meta   TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE INDEX chunks_doc ON chunks(doc_id, ord);
-- Scalar metadata, one row per (key, value, chunk): filters become index range scans.
CREATE TABLE meta_index (
    key      TEXT NOT NULL,
    value    NOT NULL,
    chunk_id INTEGER NOT NULL,
    PRIMARY KEY (key, value, chunk_id)
) WITHOUT ROWID;
CREATE INDEX meta_index_chunk ON meta_index(chunk_id);
-- One row per write call: `seq` is the version number of the base.
CREATE TABLE commits (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      REAL NOT NULL,
    origin  TEXT NOT NULL,
    kind    TEXT NOT NULL,
    summary TEXT NOT NULL
);
-- One row per chunk added (+1) or removed (-1) by a commit: what caches replay.
CREATE TABLE changes (
    seq      INTEGER NOT NULL,
    chunk_id INTEGER NOT NULL,
    op       INTEGER NOT NULL
);
CREATE INDEX changes_seq ON changes(seq);
"""

#: Metadata values longer than this are stored but not indexed for filtering.
MAX_INDEXED_VALUE_CHARS = 1024
#: A chunk's metadata must serialize to at most this many bytes.
MAX_METADATA_BYTES = 1 << 20


def new_base_id() -> str:
    return uuid.uuid4().hex


def create(conn: sqlite3.Connection, meta: dict[str, str]) -> None:
    """Create every table of an empty journal (inside the caller's write transaction)."""
    for statement in DDL.split(";"):
        if statement.strip():
            conn.execute(statement)
    fulltext.create(conn)
    reembedsql.create_tables(conn)
    trashschema.create_tables(conn)
    folders.create_tables(conn)
    conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", {**meta, "base_id": new_base_id()}.items())
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def upgrade(
    conn: sqlite3.Connection, version: int, progress: Callable[[int, int], None] | None = None,
) -> bool:
    """Bring a journal of an older schema up to date (inside a write transaction).

    Returns True when something changed. Each step is idempotent, and the whole
    upgrade commits or rolls back with the caller's transaction. `progress(done,
    total)` follows the longest step, indexing every chunk's text.
    """
    if version >= SCHEMA_VERSION:
        return False
    if version < 2:
        # Round-1 snapshots carry no base id, so none of them will be trusted again:
        # the first read rebuilds and republishes.
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('base_id', ?)", (new_base_id(),))
    if version < FULLTEXT_VERSION:
        fulltext.build(conn, progress)
    if version < TRASH_VERSION:
        reembedsql.create_tables(conn)
        trashschema.create_tables(conn)
        folders.create_tables(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return True
