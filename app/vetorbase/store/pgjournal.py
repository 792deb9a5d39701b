"""The journal of a base kept in a PostgreSQL server (the folder's is journal.py).

Same contract, PostgreSQL's tools:
- one connection per thread (reopened after fork() without disturbing the parent's),
  `search_path` set to the base's schema (pgschema.py);
- a read is one REPEATABLE READ transaction: it sees one commit, however long it runs;
- a write is one READ COMMITTED transaction that first takes the base's advisory lock, so
  writers of a base queue in the server (from any host, released by the server if a
  writer dies) and commit sequence numbers and chunk ids grow together; it ends with a
  NOTIFY on the base's channel, which PostgreSQL delivers only if the commit happens;
- durability is the server's (`synchronous_commit`, on by default): a returned call is
  committed.
A connection found broken is replaced on the next call, so processes outlive a server
restart; a call that meets a dead server raises the retryable ServerUnavailable.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import xxhash
from psycopg import errors as pgerrors
from psycopg import sql as pgsql

from vetorbase.errors import LockTimeout, NotABase, ReadOnlyBase, SchemaTooNew
from vetorbase.store import pgschema
from vetorbase.store.locations import ServerLocation
from vetorbase.store.pgconn import READ_BEGIN, PgConn, connect, translate
from vetorbase.store.pglisten import Listener
from vetorbase.store.schema import SCHEMA_VERSION

#: Connections inherited across fork(), kept referenced (and detached) in the child.
_ABANDONED: list[PgConn] = []


class _ThreadConn:
    """A thread's connection, closed when the thread ends (its thread-local goes), so a
    program that starts many short threads does not pile up server sessions."""

    def __init__(self, conn: PgConn) -> None:
        self.conn = conn
        self.pid = os.getpid()

    def __del__(self) -> None:
        if os.getpid() == self.pid:  # never in a forked child: the session is the parent's
            try:
                self.conn.raw.close()
            except Exception:  # noqa: BLE001 - interpreter shutdown, a dead server
                pass


def lock_key(schema: str) -> int:
    """The base's advisory lock: a signed 64-bit number derived from its schema name."""
    return xxhash.xxh3_64_intdigest(schema.encode()) - (1 << 63)


class PgJournal:
    """Per-thread connections to one base in a PostgreSQL database."""

    def __init__(self, location: ServerLocation, *, password: str | None, read_only: bool,
                 timeout: float) -> None:
        self.location = location
        self.password = password
        self.path = location.display  # what messages name
        self.schema = pgschema.schema_name(location.base)
        self.channel = self.schema
        self.read_only = read_only
        self.timeout = timeout
        #: This host's folder for the base's snapshots; set once the base id is known.
        self.folder = Path(".")
        self._local = threading.local()
        self._all: weakref.WeakSet[PgConn] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._key = lock_key(self.schema)
        self.listener = Listener(self._connect, self.channel)

    # -- connections -----------------------------------------------------------------
    def _connect(self) -> PgConn:
        return connect(self.location.conninfo, password=self.password, schema=self.schema,
                       display=self.path)

    def after_fork(self) -> None:
        for conn in list(self._all):
            conn.detach_after_fork()
        _ABANDONED.extend(self._all)
        self._all = weakref.WeakSet()
        self._local = threading.local()
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self.listener.after_fork()

    def conn(self) -> PgConn:
        if self._pid != os.getpid():
            self.after_fork()
        holder: _ThreadConn | None = getattr(self._local, "holder", None)
        conn = holder.conn if holder is not None else None
        if conn is not None and not conn.usable:
            self._forget(conn)
            conn = None
        if conn is None:
            conn = self._connect()
            self._local.holder = _ThreadConn(conn)
            with self._lock:
                self._all.add(conn)
        return conn

    def _forget(self, conn: PgConn) -> None:
        self._local.holder = None
        with self._lock:
            self._all.discard(conn)
        try:
            conn.raw.close()
        except psycopg.Error:
            pass

    def close(self) -> None:
        if self._pid != os.getpid():
            self.after_fork()
            return
        self.listener.stop()
        with self._lock:
            conns, self._all = list(self._all), weakref.WeakSet()
        for conn in conns:
            try:
                conn.raw.close()
            except psycopg.Error:
                pass
        self._local = threading.local()

    def error(self, exc: BaseException, *, during_commit: bool = False) -> BaseException:
        return translate(exc, self.path, during_commit=during_commit)

    def _begin(self, statement: str) -> PgConn:
        """A connection inside a new transaction; a connection the server dropped while
        idle (a restart) is replaced once, since nothing has happened yet."""
        for attempt in (1, 2):
            conn = self.conn()
            try:
                conn.execute(statement)
                return conn
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                self._forget(conn)
                if attempt == 2:
                    raise self.error(exc) from None
        raise AssertionError("unreachable")

    # -- transactions ----------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[PgConn]:
        """A consistent read: everything inside sees one commit of the base."""
        conn = self._begin(READ_BEGIN)
        try:
            yield conn
            if conn.in_transaction:
                conn.execute("COMMIT")
        except psycopg.Error as exc:
            self._rollback(conn)
            raise self.error(exc) from None
        except BaseException:
            self._rollback(conn)
            raise

    @contextmanager
    def write(self) -> Iterator[PgConn]:
        """One transaction holding the base's advisory lock; rolled back on any exception."""
        if self.read_only:
            raise ReadOnlyBase(
                f"{self.path}: the base is open read-only; reads work, writes are refused. "
                "Open it without read_only to write."
            )
        # READ COMMITTED: each statement sees every commit before it, so everything after
        # the lock sees what the writers before us committed. A REPEATABLE READ snapshot
        # would be taken by the lock statement itself, before its wait, and miss them.
        conn = self._begin("BEGIN ISOLATION LEVEL READ COMMITTED")
        committing = False
        try:
            self._take_lock(conn)
            yield conn
            conn.execute("SELECT pg_notify(?, '')", (self.channel,))
            committing = True
            conn.execute("COMMIT")
        except psycopg.Error as exc:
            self._rollback(conn)
            raise self.error(exc, during_commit=committing) from None
        except BaseException:
            self._rollback(conn)
            raise

    def _take_lock(self, conn: PgConn) -> None:
        conn.execute(f"SET LOCAL lock_timeout = {max(1, int(self.timeout * 1000))}")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (self._key,))
        except pgerrors.LockNotAvailable:
            raise LockTimeout(
                f"{self.path}: another writer held the base's lock for more than "
                f"{self.timeout:g} s. Nothing was written; try again (the error is retryable)."
            ) from None
        conn.execute("SET LOCAL lock_timeout = 0")

    def _rollback(self, conn: PgConn) -> None:
        if not conn.usable:
            self._forget(conn)
            return
        try:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        except psycopg.Error:
            self._forget(conn)

    def reclaim_space(self) -> int:
        """VACUUM the tables removals thin out (space is reused, pages are not counted)."""
        conn = self.conn()
        try:
            for table in ("changes", "chunks", "chunks_fts", "meta_index"):
                conn.execute(pgsql.SQL("VACUUM {}.{}").format(
                    pgsql.Identifier(self.schema), pgsql.Identifier(table)).as_string(conn.raw))
        except psycopg.Error:
            pass  # an optimisation: a server that refuses VACUUM still has a sound base
        return 0

    # -- creation and validation -----------------------------------------------------
    def initialize(self, meta: dict[str, str]) -> bool:
        """Create the base's schema and tables unless they exist; True if this call did.

        Under the base's advisory lock, so of several processes creating it at once
        exactly one creates it and the others find it made.
        """
        with self.write() as conn:
            if self._has_meta(conn):
                return False
            conn.execute(pgsql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                pgsql.Identifier(self.schema)).as_string(conn.raw))
            pgschema.create(conn, meta)
        return True

    def _has_meta(self, conn: PgConn) -> bool:
        return conn.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = 'meta'",
            (self.schema,),
        ).fetchone() is not None

    def read_meta(self, progress: Callable[[int, int], None] | None = None) -> dict[str, str]:
        with self.read() as conn:
            if not self._has_meta(conn):
                raise NotABase(
                    f"{self.path}: the database has no base named '{self.location.base}'. "
                    "Create it (create=True, `vetorbase add --base URL ...`) or check base=."
                )
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        version = int(meta.get("schema_version", "0"))
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.path} was written by a newer Vetorbase (schema {version}, this one reads "
                f"up to {SCHEMA_VERSION}). Upgrade Vetorbase to open it."
            )
        if version < SCHEMA_VERSION and not self.read_only:
            with self.write() as conn:
                pgschema.upgrade(conn, pgschema.version(conn))
            return self.read_meta(progress)
        return meta

    def relation_bytes(self) -> int:
        """The base's tables and indexes on the server, in bytes."""
        with self.read() as conn:
            row = conn.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'",
                (self.schema,),
            ).fetchone()
        return int(row[0])
