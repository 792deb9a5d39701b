"""Connections to the SQLite journal: one per thread, reopened after `fork()`.

Every write is one short `BEGIN IMMEDIATE` transaction with `synchronous=FULL`, so
SQLite serializes writers across processes and a returned call survives `kill -9`.
Reads run in a deferred transaction, so one read sees one consistent commit.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from vetorbase.errors import CorruptBase, NotABase, ReadOnlyBase, SchemaTooNew
from vetorbase.store.schema import DDL, JOURNAL_NAME, SCHEMA_VERSION
from vetorbase.store.sqlerrors import translate

#: Connections inherited across fork() are parked here so the child never closes
#: (and so never disturbs) the parent's SQLite state.
_ABANDONED: list[sqlite3.Connection] = []


class Journal:
    """Per-thread connections to one base's `vetorbase.sqlite`."""

    def __init__(self, folder: Path, *, read_only: bool, timeout: float) -> None:
        self.folder = folder
        self.path = folder / JOURNAL_NAME
        self.read_only = read_only
        self.timeout = timeout
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._immutable = False

    # -- connections -----------------------------------------------------------------
    def after_fork(self) -> None:
        """Forget the parent's connections (never close them in the child)."""
        _ABANDONED.extend(self._all)
        self._all = []
        self._local = threading.local()
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def conn(self) -> sqlite3.Connection:
        if self._pid != os.getpid():
            self.after_fork()
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            if self.read_only:
                conn = self._connect_read_only()
            else:
                conn = sqlite3.connect(
                    self.path, timeout=self.timeout, isolation_level=None,
                    check_same_thread=False,
                )
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            if not self.read_only:
                conn.execute("PRAGMA synchronous = FULL")
            return conn
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = f"file:{self.path}?mode=ro"
        if not self._immutable:
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=self.timeout,
                                       isolation_level=None, check_same_thread=False)
                conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
                return conn
            except sqlite3.OperationalError as exc:
                # A WAL base in a folder we cannot write has no -shm to share; the
                # folder is read-only for us, so nobody here can be writing it either.
                if "unable to open" not in str(exc) and "readonly" not in str(exc).lower():
                    raise
                self._immutable = True
        return sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=self.timeout,
                               isolation_level=None, check_same_thread=False)

    def close(self) -> None:
        if self._pid != os.getpid():
            self.after_fork()
            return
        with self._lock:
            for conn in self._all:
                try:
                    conn.close()
                except sqlite3.Error:
                    pass
            self._all = []
        self._local = threading.local()

    def error(self, exc: sqlite3.Error) -> Exception:
        return translate(exc, self.path, self.timeout) or exc

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent read: everything inside sees one commit of the journal."""
        conn = self.conn()
        try:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One short exclusive-writer transaction; rolled back on any exception."""
        if self.read_only:
            raise ReadOnlyBase(
                f"{self.folder}: the base is open read-only (or its folder is not "
                "writable); reads work, writes are refused. Fix the folder's permissions "
                "or open it without read_only."
            )
        conn = self.conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self.error(exc) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                try:
                    conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            if isinstance(exc, sqlite3.Error):
                raise self.error(exc) from None
            raise

    # -- creation and validation -----------------------------------------------------
    def initialize(self, meta: dict[str, str]) -> bool:
        """Create the schema if the journal is empty; True if this call created it.

        Runs inside BEGIN IMMEDIATE, so of several processes racing to create the
        same base exactly one creates it and the others find it made.
        """
        conn = self.conn()
        try:
            conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as exc:
            raise self.error(exc) from None
        with self.write() as conn:
            exists = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
            ).fetchone()
            if exists:
                return False
            conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
            for statement in DDL.split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.executemany("INSERT INTO meta(key, value) VALUES (?, ?)", meta.items())
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return True

    def read_meta(self) -> dict[str, str]:
        """The base's metadata, checking it is a Vetorbase journal we understand."""
        try:
            conn = self.conn()
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            has_meta = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
            ).fetchone()
            if not has_meta:
                raise NotABase(
                    f"{self.path} is an SQLite file but not a Vetorbase journal (no meta "
                    "table). Choose another folder."
                )
            if version > SCHEMA_VERSION:
                raise SchemaTooNew(
                    f"{self.path} was written by a newer Vetorbase (schema {version}, this "
                    f"one reads up to {SCHEMA_VERSION}). Upgrade Vetorbase to open it."
                )
            return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            err = self.error(exc)
            if isinstance(err, CorruptBase) or not isinstance(err, sqlite3.Error):
                raise err from None
            raise CorruptBase(
                f"{self.path}: cannot read the journal ({exc}); nothing was changed.",
                path=str(self.path),
            ) from None
