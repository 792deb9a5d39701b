"""The journal's schema: the single source of truth every process agrees on.

Chunk ids come from AUTOINCREMENT and are never reused, so a FAISS cache can apply
the change log by id without ever confusing an old chunk with a new one.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
JOURNAL_NAME = "vetorbase.sqlite"

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
