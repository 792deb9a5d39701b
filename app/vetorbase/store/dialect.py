"""The few SQL constructs SQLite and PostgreSQL spell differently, in one place.

Store modules write SQL with `?` placeholders that both backends run (the PostgreSQL
connection translates them, pgconn.py). What cannot be written once is asked for
here, by connection: a list of ids as one parameter, the id of a row just inserted.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any


def is_postgres(conn: Any) -> bool:
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def in_ids(conn: Any, column: str, ids: Iterable[int]) -> tuple[str, Any]:
    """(`column` is one of `ids`, its single parameter): a list of any length, one bind."""
    values = [int(i) for i in ids]
    if is_postgres(conn):
        return f"{column} = ANY(?)", values
    return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(values)


def insert_id(conn: Any, sql: str, params: Sequence[Any], id_column: str = "id") -> int:
    """Run an INSERT of one row and return the id the database gave it."""
    if is_postgres(conn):
        return int(conn.execute(f"{sql} RETURNING {id_column}", params).fetchone()[0])
    cur = conn.execute(sql, params)
    return int(cur.lastrowid)


def insert_ids(conn: Any, sql: str, rows: Sequence[Sequence[Any]], id_column: str = "id") -> list[int]:
    """Run an INSERT once per row and return the ids given, in row order.

    On a server all rows go in one pipeline: a document's chunks cost one round trip,
    not one each (a 100-chunk document over a 10 ms network: 10 ms, not a second).
    """
    if not rows:
        return []
    if is_postgres(conn):
        cur = conn.executemany(f"{sql} RETURNING {id_column}", rows, returning=True)
        ids = []
        while True:
            ids.append(int(cur.fetchone()[0]))
            if not cur.nextset():
                break
        return ids
    return [int(conn.execute(sql, row).lastrowid) for row in rows]


def integrity_errors(conn: Any) -> tuple[type[BaseException], ...]:
    """The exception classes a unique-constraint violation raises on this connection."""
    if is_postgres(conn):
        import psycopg

        return (psycopg.errors.UniqueViolation,)
    return (sqlite3.IntegrityError,)


def has_table(conn: Any, name: str) -> bool:
    """Whether the base has table `name` (an older schema opened read-only, or a table
    another feature adds, may be missing)."""
    if is_postgres(conn):
        return bool(conn.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0])
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None


def clock(conn: Any) -> float:
    """Seconds since the epoch by the database's clock: leases taken by processes on
    different hosts of one PostgreSQL base compare times from one clock, not theirs."""
    if is_postgres(conn):
        return float(conn.execute("SELECT extract(epoch FROM clock_timestamp())").fetchone()[0])
    return time.time()
