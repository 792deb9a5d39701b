"""Connections to the SQLite journal: one per thread, reopened after `fork()`.

Every write is one short `BEGIN IMMEDIATE` transaction with `synchronous=FULL`,
entered through the base's fair write lock (writelock.py), so writers queue instead
of sleeping in SQLite's back-off, and a returned call survives `kill -9`. Reads run
in a deferred transaction, so one read sees one consistent commit.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from vetorbase.errors import CorruptBase, LockTimeout, NotABase, ReadOnlyBase, SchemaTooNew
from vetorbase.store import schema
from vetorbase.store.forksafe import sqlite_section
from vetorbase.store.schema import JOURNAL_NAME, PAGE_SIZE, SCHEMA_VERSION
from vetorbase.store.sqlerrors import SQLITE_BUSY, SQLITE_LOCKED, result_code, translate
from vetorbase.store.writelock import LOCK_FILE_NAME, WriteLock

#: Connections inherited across fork() are parked here so the child never closes
#: (and so never disturbs) the parent's SQLite state.
_ABANDONED: list[sqlite3.Connection] = []
#: Checkpoint the WAL every this many pages and cut it back to this size, so a large
#: removal does not leave the WAL as big as the data it rewrote.
WAL_AUTOCHECKPOINT_PAGES = 256
WAL_SIZE_LIMIT = 16 << 20


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
        self._write_lock = WriteLock(folder / LOCK_FILE_NAME)
        #: For an immutable read-only view: the journal file's (size, mtime) when opened.
        self._immutable_stamp: tuple[int, int] | None = None
        self._generation = 0

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
        if conn is not None and getattr(self._local, "generation", 0) != self._generation:
            conn = None  # the read-only view was reopened on a newer journal
        if conn is None:
            with sqlite_section():
                conn = self._connect()
            self._local.conn = conn
            self._local.generation = self._generation
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
                conn.execute("PRAGMA synchronous = FULL")
                conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
                conn.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
            conn.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
            return conn
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = f"file:{quote(str(self.path))}?mode=ro"
        if self._immutable_stamp is None:
            try:
                conn = sqlite3.connect(uri, uri=True, timeout=self.timeout,
                                       isolation_level=None, check_same_thread=False)
                conn.execute("SELECT 1 FROM meta LIMIT 1").fetchall()
                return conn
            except sqlite3.OperationalError as exc:
                if result_code(exc) not in (14, 8, 10):  # CANTOPEN, READONLY, IOERR
                    raise
                self._refuse_unreadable_wal()
                self._immutable_stamp = self._stamp()
        # No -shm can be made here and no -wal exists: the file alone is the base.
        # read() re-checks that stays true before every read.
        return sqlite3.connect(f"{uri}&immutable=1", uri=True, timeout=self.timeout,
                               isolation_level=None, check_same_thread=False)

    def _refuse_unreadable_wal(self) -> None:
        wal = Path(f"{self.path}-wal")
        try:
            pending = wal.stat().st_size > 0
        except FileNotFoundError:
            return
        if pending:
            raise ReadOnlyBase(
                f"{self.path}: its newest commits are in {wal.name}, and SQLite cannot read "
                f"them without creating {self.path.name}-shm in a folder you may not write. "
                "Refusing to show an older state as current: open the base once with write "
                "access (or from a writable copy of the folder)."
            )

    def _stamp(self) -> tuple[int, int]:
        st = self.path.stat()
        return st.st_size, st.st_mtime_ns

    def _check_immutable_view(self) -> None:
        """An immutable view is only honest while nobody writes: re-check, reopen."""
        if self._immutable_stamp is None:
            return
        self._refuse_unreadable_wal()
        stamp = self._stamp()
        if stamp != self._immutable_stamp:
            self._immutable_stamp = stamp
            self._generation += 1

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
        self._check_immutable_view()
        conn = self.conn()
        with sqlite_section():
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
        with self._locked(), self._transaction(conn):
            yield conn

    @contextmanager
    def _locked(self) -> Iterator[None]:
        token = self._write_lock.acquire(self.timeout)
        if token is None:
            raise LockTimeout(
                f"{self.path}: another process held the base's write lock for more than "
                f"{self.timeout:g} s. Nothing was written; try again (the error is retryable)."
            )
        try:
            yield
        finally:
            self._write_lock.release(token)

    @contextmanager
    def _transaction(self, conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
        with sqlite_section():
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

    def reclaim_space(self) -> int:
        """Give freed pages back to the disk and empty the WAL; returns pages freed.

        `executescript` steps the pragma to the end: through `execute()` each call
        frees a single page. The WAL checkpoint then truncates the file itself.
        """
        conn = self.conn()
        with self._locked(), sqlite_section():
            try:
                before = conn.execute("PRAGMA freelist_count").fetchone()[0]
                conn.executescript("BEGIN IMMEDIATE; PRAGMA incremental_vacuum; COMMIT;")
                freed = before - conn.execute("PRAGMA freelist_count").fetchone()[0]
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise self.error(exc) from None
            try:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            except sqlite3.Error:
                pass  # readers still hold old pages; the next checkpoint gets them
        return int(freed)

    # -- creation and validation -----------------------------------------------------
    def initialize(self, meta: dict[str, str]) -> bool:
        """Create the schema if the journal is empty; True if this call created it.

        Runs under the base's write lock, so of several processes racing to create
        the same base exactly one creates it and the others find it made.
        """
        conn = self.conn()
        with self._locked():
            with sqlite_section():
                if self._has_meta(conn):
                    return False
                self._set_layout(conn)
            with self._transaction(conn):
                schema.create(conn, meta)
        return True

    @staticmethod
    def _has_meta(conn: sqlite3.Connection) -> bool:
        return conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'"
        ).fetchone() is not None

    def _set_layout(self, conn: sqlite3.Connection) -> None:
        """Page size and auto-vacuum apply only before the first table; then WAL."""
        conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                # Returns BUSY at once (no busy handler) while another connection reads.
                conn.execute("PRAGMA journal_mode = WAL").fetchall()
                return
            except sqlite3.OperationalError as exc:
                if result_code(exc) not in (SQLITE_BUSY, SQLITE_LOCKED) or time.monotonic() > deadline:
                    raise self.error(exc) from None
                time.sleep(0.005)

    def read_meta(self, progress: Callable[[int, int], None] | None = None) -> dict[str, str]:
        """The base's metadata, upgrading an older schema when the base is writable.

        `progress(done, total)` follows the upgrade's longest step (see schema.upgrade).
        """
        try:
            with self.read() as conn:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if not self._has_meta(conn):
                    raise NotABase(
                        f"{self.path} is an SQLite file but not a Vetorbase journal (no meta "
                        "table). Choose another folder."
                    )
                if version > SCHEMA_VERSION:
                    raise SchemaTooNew(
                        f"{self.path} was written by a newer Vetorbase (schema {version}, this "
                        f"one reads up to {SCHEMA_VERSION}). Upgrade Vetorbase to open it."
                    )
            if version < SCHEMA_VERSION and not self.read_only:
                with self.write() as conn:
                    schema.upgrade(conn, conn.execute("PRAGMA user_version").fetchone()[0], progress)
            with self.read() as conn:
                return dict(conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            err = self.error(exc)
            if not isinstance(err, sqlite3.Error):
                raise err from None
            raise CorruptBase(
                f"{self.path}: cannot read the journal ({exc}); nothing was changed.",
                path=str(self.path),
            ) from None
