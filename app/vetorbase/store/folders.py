"""Followed folders, recorded in the base itself: which folders, their settings, the
state of every file seen, and who is syncing each one right now.

Recording them in the base (not in one machine's settings) lets the window show them and
any process sync them. A folder belongs to a host: its path means something only there.

Only one process syncs a folder at a time. That is a lease row (holder, expiry) taken and
renewed in short write transactions, not a lock file: it works across hosts on a shared
PostgreSQL base, and the lease of a holder killed with kill -9 simply expires.

Per-file state (size, mtime_ns, sha256, document id) lets a pass over unchanged files
skip hashing them. These rows are written after the document change they describe, so a
pass killed in between leaves a row that is stale or missing, never one that lies about
the base: the next pass re-reads such a file, ingestion finds the same sha256 and skips it.
Folder rows change no chunk, so they begin no commit and leave no change rows.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from vetorbase.errors import InvalidInput
from vetorbase.store import dialect

_SQLITE_DDL = """
CREATE TABLE IF NOT EXISTS folders (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    host        TEXT NOT NULL,
    path        TEXT NOT NULL,
    settings    TEXT NOT NULL DEFAULT '{}',
    paused      INTEGER NOT NULL DEFAULT 0,
    added_at    REAL NOT NULL,
    added_by    TEXT NOT NULL,
    holder      TEXT,
    lease_until REAL,
    last_pass_at REAL,
    last_pass   TEXT NOT NULL DEFAULT '{}',
    UNIQUE (host, path)
);
CREATE TABLE IF NOT EXISTS folder_files (
    folder_id INTEGER NOT NULL,
    rel       TEXT NOT NULL,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL,
    ino       INTEGER NOT NULL DEFAULT 0,
    sha256    TEXT,
    doc_id    INTEGER,
    error     TEXT,
    PRIMARY KEY (folder_id, rel)
);
"""

_POSTGRES_DDL = """
CREATE TABLE IF NOT EXISTS folders (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    host        TEXT NOT NULL,
    path        TEXT NOT NULL,
    settings    TEXT NOT NULL DEFAULT '{}',
    paused      BIGINT NOT NULL DEFAULT 0,
    added_at    DOUBLE PRECISION NOT NULL,
    added_by    TEXT NOT NULL,
    holder      TEXT,
    lease_until DOUBLE PRECISION,
    last_pass_at DOUBLE PRECISION,
    last_pass   TEXT NOT NULL DEFAULT '{}',
    UNIQUE (host, path)
);
CREATE TABLE IF NOT EXISTS folder_files (
    folder_id BIGINT NOT NULL,
    rel       TEXT NOT NULL,
    size      BIGINT NOT NULL,
    mtime_ns  BIGINT NOT NULL,
    ino       BIGINT NOT NULL DEFAULT 0,
    sha256    TEXT,
    doc_id    BIGINT,
    error     TEXT,
    PRIMARY KEY (folder_id, rel)
);
"""

#: How long a lease lasts without renewal; a pass renews it well before (see LEASE_RENEW).
LEASE_SECONDS = 60.0
LEASE_RENEW = 15.0

_FOLDER_COLUMNS = ("id, host, path, settings, paused, added_at, added_by, holder, lease_until, "
                   "last_pass_at, last_pass")


def create_tables(conn: Any) -> None:
    """Create the folder tables if missing (inside the caller's write transaction)."""
    ddl = _POSTGRES_DDL if dialect.is_postgres(conn) else _SQLITE_DDL
    for statement in ddl.split(";"):
        if statement.strip():
            conn.execute(statement)


def this_host() -> str:
    return socket.gethostname()


@dataclass(frozen=True)
class FolderSettings:
    """What a pass leaves out: `ignore` adds fnmatch patterns (on names and relative
    paths) to the defaults; hidden files and folders go in only with `hidden`."""

    ignore: tuple[str, ...] = ()
    hidden: bool = False

    def to_json(self) -> str:
        return json.dumps({"ignore": list(self.ignore), "hidden": self.hidden})

    @classmethod
    def from_json(cls, text: str) -> FolderSettings:
        data = json.loads(text or "{}")
        return cls(tuple(str(p) for p in data.get("ignore", ())), bool(data.get("hidden", False)))


@dataclass(frozen=True)
class FolderInfo:
    """A followed folder and what its last pass did (`last_pass` is that pass's summary)."""

    id: int
    host: str
    path: str
    settings: FolderSettings
    paused: bool
    added_at: float
    added_by: str
    holder: str | None
    lease_until: float | None
    last_pass_at: float | None
    last_pass: dict[str, Any] = field(default_factory=dict)

    def syncing(self, now: float | None = None) -> bool:
        """Someone holds an unexpired lease on it (a pass is running)."""
        return self.holder is not None and (self.lease_until or 0) > (now or time.time())

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["settings"] = {"ignore": list(self.settings.ignore), "hidden": self.settings.hidden}
        out["syncing"] = self.syncing()
        return out


@dataclass(frozen=True)
class FileState:
    """What the last pass saw of one file; `doc_id` None with `error`: it failed to ingest.

    `ino` is the file's inode as a signed 64-bit number (0: unknown): a file moved over
    another of the same size and mtime is still told apart.
    """

    rel: str
    size: int
    mtime_ns: int
    sha256: str | None
    doc_id: int | None
    error: str | None = None
    ino: int = 0


class _Journal(Protocol):
    def read(self) -> AbstractContextManager[Any]: ...
    def write(self) -> AbstractContextManager[Any]: ...


def _folder(row: Any) -> FolderInfo:
    return FolderInfo(
        id=int(row[0]), host=row[1], path=row[2], settings=FolderSettings.from_json(row[3]),
        paused=bool(row[4]), added_at=float(row[5]), added_by=row[6], holder=row[7],
        lease_until=row[8], last_pass_at=row[9], last_pass=json.loads(row[10] or "{}"),
    )


class FolderStore:
    """The folder tables of one base; every method is one short transaction."""

    def __init__(self, journal: _Journal, where: str) -> None:
        self._journal = journal
        self._where = where  # the base, for error messages

    # -- the folders --------------------------------------------------------------------
    def follow(self, path: str, *, host: str | None = None, origin: str = "",
               settings: FolderSettings | None = None) -> FolderInfo:
        """Record `path` as followed on `host` (this one by default); idempotent.

        `settings`, when given, replace the recorded ones; otherwise they are kept.
        """
        host = host or this_host()
        with self._journal.write() as conn:
            conn.execute(
                "INSERT INTO folders(host, path, settings, added_at, added_by) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                (host, path, (settings or FolderSettings()).to_json(), time.time(), origin),
            )
            if settings is not None:
                conn.execute("UPDATE folders SET settings = ? WHERE host = ? AND path = ?",
                             (settings.to_json(), host, path))
            row = conn.execute(f"SELECT {_FOLDER_COLUMNS} FROM folders WHERE host = ? AND path = ?",
                               (host, path)).fetchone()
        return _folder(row)

    def list(self, host: str | None = None) -> list[FolderInfo]:
        """Every followed folder (of `host` only, when given), by path."""
        with self._journal.read() as conn:
            if not dialect.has_table(conn, "folders"):
                return []  # a base of schema 3 opened read-only: it follows nothing yet
            if host is None:
                rows = conn.execute(f"SELECT {_FOLDER_COLUMNS} FROM folders ORDER BY host, path")
            else:
                rows = conn.execute(f"SELECT {_FOLDER_COLUMNS} FROM folders WHERE host = ? "
                                    "ORDER BY path", (host,))
            return [_folder(r) for r in rows.fetchall()]

    def get(self, folder_id: int) -> FolderInfo:
        with self._journal.read() as conn:
            row = conn.execute(f"SELECT {_FOLDER_COLUMNS} FROM folders WHERE id = ?",
                               (int(folder_id),)).fetchone()
        if row is None:
            raise InvalidInput(f"no followed folder with id {folder_id} in {self._where}")
        return _folder(row)

    def find(self, path: str, host: str | None = None) -> FolderInfo | None:
        with self._journal.read() as conn:
            row = conn.execute(f"SELECT {_FOLDER_COLUMNS} FROM folders WHERE host = ? AND path = ?",
                               (host or this_host(), path)).fetchone()
        return _folder(row) if row else None

    def set_paused(self, folder_id: int, paused: bool) -> FolderInfo:
        """Pause or resume a folder: passes of a paused folder change nothing."""
        with self._journal.write() as conn:
            conn.execute("UPDATE folders SET paused = ? WHERE id = ?", (1 if paused else 0, int(folder_id)))
        return self.get(folder_id)

    def unfollow(self, folder_id: int) -> None:
        """Stop following a folder; its documents stay in the base."""
        with self._journal.write() as conn:
            conn.execute("DELETE FROM folder_files WHERE folder_id = ?", (int(folder_id),))
            conn.execute("DELETE FROM folders WHERE id = ?", (int(folder_id),))

    def record_pass(self, folder_id: int, summary: dict[str, Any]) -> None:
        with self._journal.write() as conn:
            conn.execute("UPDATE folders SET last_pass_at = ?, last_pass = ? WHERE id = ?",
                         (time.time(), json.dumps(summary, ensure_ascii=False), int(folder_id)))

    # -- the lease ----------------------------------------------------------------------
    def take_lease(self, folder_id: int, holder: str, seconds: float = LEASE_SECONDS) -> bool:
        """Take (or renew) the folder's lease; False while someone else's is unexpired."""
        with self._journal.write() as conn:
            now = dialect.clock(conn)
            cur = conn.execute(
                "UPDATE folders SET holder = ?, lease_until = ? WHERE id = ? AND "
                "(holder IS NULL OR holder = ? OR lease_until IS NULL OR lease_until < ?)",
                (holder, now + seconds, int(folder_id), holder, now),
            )
            return cur.rowcount == 1

    def take_over_lease(self, folder_id: int, holder: str, dead: str,
                        seconds: float = LEASE_SECONDS) -> bool:
        """Take the lease from `dead` (a holder known to be gone), unless it changed hands."""
        with self._journal.write() as conn:
            cur = conn.execute("UPDATE folders SET holder = ?, lease_until = ? WHERE id = ? AND holder = ?",
                               (holder, dialect.clock(conn) + seconds, int(folder_id), dead))
            return cur.rowcount == 1

    def release_lease(self, folder_id: int, holder: str) -> None:
        with self._journal.write() as conn:
            conn.execute("UPDATE folders SET holder = NULL, lease_until = NULL "
                         "WHERE id = ? AND holder = ?", (int(folder_id), holder))

    # -- per-file state -----------------------------------------------------------------
    def files(self, folder_id: int) -> dict[str, FileState]:
        with self._journal.read() as conn:
            rows = conn.execute("SELECT rel, size, mtime_ns, sha256, doc_id, error, ino FROM folder_files "
                                "WHERE folder_id = ?", (int(folder_id),)).fetchall()
        return {r[0]: FileState(r[0], int(r[1]), int(r[2]), r[3], r[4], r[5], int(r[6])) for r in rows}

    def put_files(self, folder_id: int, states: Iterable[FileState], drop: Iterable[str] = ()) -> None:
        """Write these file states and forget the `drop` paths, in one transaction."""
        rows = [(int(folder_id), s.rel, s.size, s.mtime_ns, s.sha256, s.doc_id, s.error, s.ino) for s in states]
        gone = [(int(folder_id), rel) for rel in drop]
        with self._journal.write() as conn:
            if gone:
                conn.executemany("DELETE FROM folder_files WHERE folder_id = ? AND rel = ?", gone)
            if rows:
                conn.executemany("DELETE FROM folder_files WHERE folder_id = ? AND rel = ?",
                                 [r[:2] for r in rows])
                conn.executemany(
                    "INSERT INTO folder_files(folder_id, rel, size, mtime_ns, sha256, doc_id, error, ino) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def documents_under(self, prefix: str) -> dict[str, tuple[int, str | None, str]]:
        """source -> (document id, sha256, added_by) of every document whose source starts
        with `prefix`.

        substr() rather than a range or LIKE: both databases agree on it whatever the
        collation (PostgreSQL's may ignore punctuation; SQLite's LIKE ignores case).
        """
        with self._journal.read() as conn:
            rows = conn.execute("SELECT source, id, sha256, added_by FROM documents "
                                "WHERE substr(source, 1, ?) = ?", (len(prefix), prefix)).fetchall()
        return {r[0]: (int(r[1]), r[2], r[3]) for r in rows}

