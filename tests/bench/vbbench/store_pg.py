"""Vetorbase with its journal in PostgreSQL, through the same public API as the folder.

A benchmark store is named by a folder (every workload passes `store.path` between
processes); for a server base that folder holds only this "host's" local snapshot
cache, and the base itself lives on the server named by ``VBBENCH_PG_URL`` (a libpq
URL without password or query; the password comes from ``PGPASSWORD``, so it is never
written into a file or a command line). The base's name is derived from the folder's,
so every process of a run opens the same base. ``VBBENCH_PG_CACHE`` points one process
at another cache folder (a host without a local snapshot).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import psycopg
from psycopg import sql as pgsql

from vetorbase.store import pgschema

from .store_vetorbase import VetorbaseStore

URL_ENV = "VBBENCH_PG_URL"
CACHE_ENV = "VBBENCH_PG_CACHE"


def server_url() -> str:
    url = os.environ.get(URL_ENV)
    if not url:
        raise RuntimeError(f"{URL_ENV} is not set: the PostgreSQL store needs a server "
                           "(tests/bench/pg_run.py starts one)")
    return url


def base_name(path: Path) -> str:
    return "bench_" + re.sub(r"[^A-Za-z0-9]", "_", path.name)


class VetorbasePgStore(VetorbaseStore):
    name = "vetorbase-pg"

    def location(self) -> str:
        os.environ["VETORBASE_CACHE_DIR"] = os.environ.get(CACHE_ENV) or str(self.path / "cache")
        return f"{server_url()}?base={base_name(self.path)}"

    def drop_local_snapshot(self) -> dict[str, str]:
        n = sum(1 for p in self.path.glob("cache-cold-*"))
        fresh = self.path / f"cache-cold-{n}"
        fresh.mkdir(parents=True)
        return {CACHE_ENV: str(fresh)}

    def build(self, base, batch: int = 5000) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        with psycopg.connect(server_url(), autocommit=True) as conn:  # a base left by a past run
            conn.execute(pgsql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(
                pgsql.Identifier(pgschema.schema_name(base_name(self.path)))))
        super().build(base, batch)
