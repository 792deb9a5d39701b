"""`python tests/bench/pg_run.py`: one base as a folder and in PostgreSQL, side by side.

Starts the test suite's throw-away PostgreSQL server (tests/pgserver.py) unless given
one, runs both backends' drivers on the same vectors one after the other, and writes
BACKENDS.md and backends.json. The server's password reaches the processes through
PGPASSWORD only (never a file or a command line).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import backends_report, data, workloads
from .cli import RESULTS, drive, machine
from .driver import Config
from .store_pg import URL_ENV

STORES = ["vetorbase", "vetorbase-pg"]
FULL = Config(writers=[1, 8], adds=100, catchup_reps=10, unchanged_reads=3, cold_reps=3,
              notify_reps=40, fresh_timeout_s=3.0)
SMOKE = Config(writers=[1, 3], adds=5, writer_budget_s=10, n_queries=20, search_budget_s=2,
               fresh_timeout_s=1.0, cold_reps=1, verify_sample=4, catchup_reps=2, unchanged_reads=1,
               notify_reps=5, notify_timeout_s=2.0)


def run(n: int, cfg: Config, out: Path, workdir: Path, command: str, server_url: str,
        password: str | None, log=print, timeout_s: float = 3 * 3600) -> dict:
    """Both backends at `n` chunks against the server at `server_url` (no password in it)."""
    saved = {k: os.environ.get(k) for k in (URL_ENV, "PGPASSWORD")}
    os.environ[URL_ENV] = server_url
    if password is not None:
        os.environ["PGPASSWORD"] = password
    try:  # the driver processes inherit both; this process gets its environment back
        return _run(n, cfg, out, workdir, command, log, timeout_s)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run(n: int, cfg: Config, out: Path, workdir: Path, command: str, log, timeout_s: float) -> dict:
    t0 = time.time()
    res = {"command": command, "machine": machine(), "config": cfg.to_dict(), "size": n,
           "dim": data.DIM, "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
           "stores": {}}
    folder = workdir / f"data-{n}"
    ds = data.generate(folder, n)
    res["bare_faiss"] = workloads.bare_faiss(ds, cfg.n_queries, cfg.search_budget_s)
    for name in STORES:
        t, load = time.time(), os.getloadavg()
        res["stores"][name] = drive(name, folder, workdir, cfg, timeout_s, "backends")
        res["stores"][name]["loadavg_before"] = load
        log(f"[{n}] {name}: done in {time.time() - t:.0f} s")
        res["elapsed_s"] = time.time() - t0
        try:  # a partial table survives a later failure
            backends_report.write(res, out)
        except Exception as exc:
            log(f"report not written yet: {type(exc).__name__}: {exc}")
    res["elapsed_s"] = time.time() - t0
    res["machine"]["loadavg_end"] = os.getloadavg()
    backends_report.write(res, out)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python tests/bench/pg_run.py", description=__doc__)
    ap.add_argument("--size", type=int, default=None, help="chunks in the base (default 100000; "
                                                           "--smoke: 2000)")
    ap.add_argument("--smoke", action="store_true", help="seconds-long run that checks the harness")
    ap.add_argument("--server", default=None,
                    help="an existing server's URL without password (postgresql://user@host:port/db; "
                         "the password from PGPASSWORD); default: start a throw-away one")
    ap.add_argument("--out", default=None,
                    help=f"where results go (default {RESULTS}; --smoke: the work folder)")
    ap.add_argument("--workdir", default=None, help="where bases are built (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the built bases")
    a = ap.parse_args(argv)
    n = a.size or (2000 if a.smoke else 100_000)
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="vbbench-pg-"))
    out = Path(a.out) if a.out else (work / "results" if a.smoke else RESULTS)
    cmd = "python tests/bench/pg_run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    server = None
    try:
        if a.server:
            url, password = a.server, None
        else:
            sys.path.insert(0, str(workloads.BENCH_DIR.parent))
            from pgserver import PASSWORD, PgServer

            server = PgServer()
            url, password = server.url(password=False), PASSWORD
        run(n, SMOKE if a.smoke else FULL, out, work, cmd.strip(), url, password)
    finally:
        if server is not None:
            server.destroy()
        if not a.workdir and not a.keep and not (a.smoke and not a.out):
            shutil.rmtree(work, ignore_errors=True)
    print(f"results in {out}")
    return 0
