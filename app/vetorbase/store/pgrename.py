"""Renaming and dropping a base on a server, each in one transaction.

A copy to a server is built under a temporary base name where no one opens it, then
renamed into place: the schema rename (and, when replacing, the drop of the base that
was there) commit together, so a reader sees the old base or the whole new one. The
destination's advisory lock is taken first, so no writer of the old base is cut off
mid-call; readers in a transaction hold their tables, and the rename waits for them.
"""

from __future__ import annotations

from collections.abc import Callable

from psycopg import Error as PgError
from psycopg import sql as pgsql

from vetorbase.store.locations import ServerLocation
from vetorbase.store.pgconn import PgConn, connect, translate
from vetorbase.store.pgjournal import lock_key
from vetorbase.store.pgschema import schema_name

#: How long the rename waits for the destination's writers and readers to finish.
LOCK_TIMEOUT_MS = 30_000


def rename_base(location: ServerLocation, old: str, new: str, *, password: str | None,
                replace: bool = False) -> None:
    """Rename base `old` to `new` in `location`'s database; with `replace`, a base
    already named `new` is dropped in the same transaction."""
    target = schema_name(new)

    def work(conn: PgConn) -> None:
        conn.execute("SELECT pg_advisory_xact_lock(?)", (lock_key(target),))
        if replace:
            conn.execute(_ddl("DROP SCHEMA IF EXISTS {} CASCADE", target, conn))
        conn.execute(_ddl("ALTER SCHEMA {} RENAME TO {}", schema_name(old), conn, target))
        conn.execute("SELECT pg_notify(?, '')", (target,))  # long-lived readers look again

    _in_transaction(location, password, work)


def drop_base(location: ServerLocation, name: str, *, password: str | None) -> None:
    """Drop base `name` (its schema and everything in it) if it exists."""
    _in_transaction(location, password, lambda conn: conn.execute(
        _ddl("DROP SCHEMA IF EXISTS {} CASCADE", schema_name(name), conn)))


def _ddl(template: str, schema: str, conn: PgConn, other: str | None = None) -> str:
    names = [pgsql.Identifier(schema)] + ([pgsql.Identifier(other)] if other else [])
    return pgsql.SQL(template).format(*names).as_string(conn.raw)


def _in_transaction(location: ServerLocation, password: str | None,
                    work: Callable[[PgConn], object]) -> None:
    conn = connect(location.conninfo, password=password, schema=None, display=location.display)
    try:
        conn.execute("BEGIN")
        conn.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        work(conn)
        conn.execute("COMMIT")
    except PgError as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except PgError:
                pass
        raise translate(exc, location.display) from None
    finally:
        conn.raw.close()
