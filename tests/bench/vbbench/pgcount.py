"""How many round trips to the server one operation of a PostgreSQL base costs.

On loopback a round trip is a few tens of microseconds; across a network it is what
the network says (0.2-1 ms in one data centre, tens of ms across a country). Counting
the statements and connections an operation sends, and timing `SELECT 1` here, lets a
reader scale the figures measured on this machine to their own network:
extra time ≈ statements × (their RTT − loopback RTT) + connections × handshake.

The count wraps the library's own entry points (`PgConn.execute`/`executemany`, the
journal's `connect`) without changing what they do. `executemany` counts as one: psycopg
sends its rows in pipeline mode, so its cost is one wait for the server, not one per row.
"""

from __future__ import annotations

import functools
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


@dataclass
class Counts:
    statements: int = 0
    connects: int = 0


class Counter:
    """Statements and connections since the last `take()`, across the process's threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._c = Counts()

    def bump(self, field: str) -> None:
        with self._lock:
            setattr(self._c, field, getattr(self._c, field) + 1)

    def take(self) -> dict[str, int]:
        with self._lock:
            out, self._c = self._c, Counts()
        return {"statements": out.statements, "connects": out.connects}

    def around(self, fn: Callable[[], Any]) -> dict[str, int]:
        """Run fn once and return what it sent."""
        self.take()
        fn()
        return self.take()


_installed: Counter | None = None


def install() -> Counter:
    """Count from now on in this process (idempotent)."""
    global _installed
    if _installed is not None:
        return _installed
    from vetorbase.store import pgconn, pgjournal

    counter = Counter()

    def wrap(fn: Callable[..., Any], field: str) -> Callable[..., Any]:
        @functools.wraps(fn)
        def counted(*args: Any, **kwargs: Any) -> Any:
            counter.bump(field)
            return fn(*args, **kwargs)
        return counted

    pgconn.PgConn.execute = wrap(pgconn.PgConn.execute, "statements")
    pgconn.PgConn.executemany = wrap(pgconn.PgConn.executemany, "statements")
    pgjournal.connect = wrap(pgjournal.connect, "connects")
    _installed = counter
    return counter


def round_trip(url: str, reps: int = 200, connects: int = 10) -> dict:
    """`SELECT 1` on one open connection (the network's round trip plus the server's least
    work), and a new connection with its authentication, both timed here."""
    import psycopg

    ms = lambda ts: {"n": len(ts), "p50_ms": float(np.median(ts)) * 1000,  # noqa: E731
                     "p95_ms": float(np.percentile(ts, 95)) * 1000}
    times = []
    with psycopg.connect(url, autocommit=True) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
        for _ in range(reps):
            t = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            times.append(time.perf_counter() - t)
    opens = []
    for _ in range(connects):
        t = time.perf_counter()
        psycopg.connect(url, autocommit=True).close()
        opens.append(time.perf_counter() - t)
    return {"select_1": ms(times), "connect": ms(opens), "server_version": version}
