"""A PostgreSQL connection that runs the store's SQL as written for SQLite.

The store's modules write `?` placeholders and call `execute`/`executemany` on
whatever connection the journal hands them; `PgConn` gives psycopg that same face
(placeholders become `%s`, a literal `%` is escaped), so one module per statement
serves both backends and only what truly differs is spelled twice (dialect.py).

Connections run in autocommit mode and the journal issues BEGIN/COMMIT itself, as
it does on SQLite; "BEGIN" alone starts a REPEATABLE READ read (one read sees one
commit). Errors become the library's: a server that is down or went away is
`ServerUnavailable` (retryable), a refused password `AuthenticationFailed`; no
message ever holds the password (libpq's messages do not, URLs are redacted).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import psycopg
from psycopg import errors as pgerrors
from psycopg.types.numeric import FloatDumper, Int8Dumper

from vetorbase.errors import (
    AuthenticationFailed, DiskFull, ReadOnlyBase, ServerUnavailable, VetorbaseError, WriteConflict,
)

READ_BEGIN = "BEGIN ISOLATION LEVEL REPEATABLE READ"
#: Seconds to wait for a server before saying it is unavailable.
CONNECT_TIMEOUT = 10
_AUTH_WORDS = ("password authentication failed", "no password supplied", "authentication failed",
               "role \"", "pg_hba.conf")
_translated: dict[str, str] = {}


def translate_sql(sql: str) -> str:
    out = _translated.get(sql)
    if out is None:
        out = "BEGIN ISOLATION LEVEL REPEATABLE READ" if sql == "BEGIN" else sql.replace("%", "%%").replace("?", "%s")
        _translated[sql] = out
    return out


class PgConn:
    """psycopg's connection with sqlite3's calling conventions (see module docstring)."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        # Binary results: a vector arrives as its bytes, not as hex text to decode
        # (reading 100k 512-d vectors: about 0.55 s instead of 1.3 s).
        cur = self.raw.cursor(binary=True)
        cur.execute(translate_sql(sql), params if params else None)
        return cur

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]], *, returning: bool = False
                    ) -> psycopg.Cursor[Any]:
        """All rows in one pipeline (one wait for the server, not one per row); with
        `returning`, each row's result set is kept (read them with fetchone/nextset)."""
        cur = self.raw.cursor()
        rows = list(rows)
        if rows:
            cur.executemany(translate_sql(sql), rows, returning=returning)
        return cur

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE

    @property
    def usable(self) -> bool:
        return not (self.raw.closed or self.raw.broken)

    def detach_after_fork(self) -> None:
        """In a forked child: point the inherited socket at /dev/null, so that closing or
        collecting this connection never sends the parent's server session a goodbye."""
        try:
            fd = self.raw.pgconn.socket
        except (psycopg.Error, OSError, ValueError):
            return
        null = os.open(os.devnull, os.O_RDWR)
        try:
            os.dup2(null, fd)
        finally:
            os.close(null)


def connect(conninfo: str, *, password: str | None, schema: str | None, display: str,
            application: str = "vetorbase") -> PgConn:
    """A new autocommit connection with `search_path` set to the base's schema."""
    kwargs: dict[str, Any] = {"autocommit": True, "application_name": application}
    if password is not None:
        kwargs["password"] = password
    if "connect_timeout" not in conninfo:
        kwargs["connect_timeout"] = CONNECT_TIMEOUT
    try:
        raw = psycopg.connect(conninfo, **kwargs)
    except psycopg.Error as exc:
        raise connection_error(exc, display) from None
    raw.adapters.register_dumper(np.int64, Int8Dumper)
    raw.adapters.register_dumper(np.int32, Int8Dumper)
    raw.adapters.register_dumper(np.float32, FloatDumper)
    raw.adapters.register_dumper(np.float64, FloatDumper)
    if schema is not None:
        try:
            raw.execute(psycopg.sql.SQL("SET search_path TO {}").format(psycopg.sql.Identifier(schema)))
        except psycopg.Error as exc:  # the server went away right after accepting us
            raw.close()
            raise connection_error(exc, display) from None
    return PgConn(raw)


def connection_error(exc: psycopg.Error, display: str) -> VetorbaseError:
    """What a failure to connect means to a person, without any secret."""
    text = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, psycopg.OperationalError) and any(w in str(exc) for w in _AUTH_WORDS):
        return AuthenticationFailed(
            f"{display}: the server refused the user or password ({text}). Check the user "
            "name and password (PGPASSWORD, ~/.pgpass, or the password you typed)."
        )
    return ServerUnavailable(
        f"{display}: cannot reach the PostgreSQL server ({text}). Check that it runs and "
        "accepts connections from this machine, then try again (nothing was changed)."
    )


def translate(exc: BaseException, display: str, *, during_commit: bool = False) -> BaseException:
    """The library's error for a psycopg error raised inside a read or a write."""
    if not isinstance(exc, psycopg.Error):
        return exc
    if (exc.sqlstate or "").startswith("40"):  # transaction rollback: serialization failure, deadlock
        return WriteConflict(
            f"{display}: the server rolled this call back because it conflicted with another "
            f"transaction ({_first_line(exc)}). Nothing was written; try again."
        )
    if _connection_lost(exc):
        if during_commit:
            return ServerUnavailable(
                f"{display}: the connection to the server was lost while committing; the call "
                "may or may not have been committed. Check (e.g. `vetorbase list`) before "
                "retrying a write that is not idempotent."
            )
        return ServerUnavailable(
            f"{display}: the connection to the PostgreSQL server was lost ({_first_line(exc)}). "
            "Nothing of this call was written; try again when the server is back."
        )
    if isinstance(exc, pgerrors.DiskFull):
        return DiskFull(f"{display}: the database server's disk is full; nothing was written.")
    if isinstance(exc, (pgerrors.InsufficientPrivilege, pgerrors.ReadOnlySqlTransaction)):
        return ReadOnlyBase(
            f"{display}: the server refused a write ({_first_line(exc)}). The user may only "
            "read this base; ask its owner for write access or open it read-only."
        )
    return exc


def _connection_lost(exc: psycopg.Error) -> bool:
    """A session that ended: no server answer at all (the client saw the socket go), a
    connection exception (SQLSTATE class 08) or the server shutting down (57P01-03)."""
    if not isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError)):
        return False
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in ("57P01", "57P02", "57P03")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
