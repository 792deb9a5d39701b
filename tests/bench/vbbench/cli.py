"""Command line: build the dataset, run each store's driver, write results and plots."""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import data, report, workloads
from .driver import Config, run_store
from .stores import ALL, unavailable

RESULTS = Path(__file__).resolve().parents[1] / "results"
SMOKE_STORES = ["vetorbase", "seed", "chroma", "lancedb"]
SMOKE = Config(lite=["chroma", "lancedb"], writers=[2], adds=8, writer_budget_s=10, n_queries=20, search_budget_s=2,
               fresh_reps=2, fresh_timeout_s=0.5, rm_reps=2, cold_reps=1, verify_sample=4)


def machine() -> dict:
    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "?"
    try:
        mem = f"{int(open('/proc/meminfo').readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "loadavg_start": os.getloadavg(), "memory": mem,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": report.versions()}


def _child(name, folder, workdir, cfg, q) -> None:
    try:
        q.put(run_store(name, folder, workdir, cfg))
    except BaseException as exc:  # report, never hang the parent
        q.put({"store": name, "error": f"{type(exc).__name__}: {exc}"})


def drive(name: str, folder: Path, workdir: Path, cfg: Config, timeout_s: float) -> dict:
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_child, args=(name, str(folder), str(workdir), cfg.to_dict(), q))
    p.start()
    try:
        return q.get(timeout=timeout_s)
    except Exception:
        return {"store": name, "error": f"driver gave no result within {timeout_s:.0f} s "
                                        f"(exit code {p.exitcode})"}
    finally:
        p.join(timeout=30)
        if p.is_alive():
            p.kill()


def run(sizes: list[int], stores: list[str], cfg: Config, out: Path, workdir: Path,
        command: str, log=print, keep: bool = False, store_timeout_s: float = 3600) -> dict:
    t0 = time.time()
    res = {"command": command, "machine": machine(), "config": cfg.to_dict(),
           "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), "sizes": {}}
    for n in sizes:
        folder = workdir / f"data-{n}"
        ds = data.generate(folder, n)
        entry: dict = {"stores": {}}
        res["sizes"][str(n)] = entry
        entry["bare_faiss"] = workloads.bare_faiss(ds, cfg.n_queries, cfg.search_budget_s)
        for name in stores:
            why = unavailable(name)
            if why:
                entry["stores"][name] = {"unavailable": why}
                log(f"[{n}] {name}: {why}")
                continue
            t, load = time.time(), os.getloadavg()
            entry["stores"][name] = drive(name, folder, workdir, cfg, store_timeout_s)
            entry["stores"][name]["loadavg_before"] = load
            log(f"[{n}] {name}: done in {time.time() - t:.0f} s")
            if not keep:
                shutil.rmtree(workdir / f"{name}-{n}", ignore_errors=True)
            res["elapsed_s"] = time.time() - t0
            out.mkdir(parents=True, exist_ok=True)
            (out / "results.json").write_text(json.dumps(res, indent=1, default=str))
            try:  # partial tables survive a later crash or timeout
                report.write(res, out)
            except Exception as exc:
                log(f"report not written yet: {type(exc).__name__}: {exc}")
    res["elapsed_s"] = time.time() - t0
    res["machine"]["loadavg_end"] = os.getloadavg()
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(res, indent=1, default=str))
    report.write(res, out)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python tests/bench/run.py", description=__doc__)
    ap.add_argument("--sizes", default="10000,100000", help="base sizes, comma-separated")
    ap.add_argument("--stores", default=None,
                    help=f"subset of {','.join(ALL)} (default: all; smoke: {','.join(SMOKE_STORES)})")
    ap.add_argument("--writers", default="1,2,4,8")
    ap.add_argument("--adds", type=int, default=100, help="documents per writer process")
    ap.add_argument("--smoke", action="store_true", help="tiny, seconds-long run (2k chunks)")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--workdir", default=None, help="where bases are built (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the built bases")
    a = ap.parse_args(argv)
    cfg = SMOKE if a.smoke else Config(writers=[int(x) for x in a.writers.split(",")], adds=a.adds)
    sizes = [2000] if a.smoke and a.sizes == "10000,100000" else [int(s) for s in a.sizes.split(",")]
    work = Path(a.workdir) if a.workdir else Path(tempfile.mkdtemp(prefix="vbbench-"))
    cmd = "python tests/bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    try:
        stores = a.stores.split(",") if a.stores else (SMOKE_STORES if a.smoke else ALL)
        run(sizes, stores, cfg, Path(a.out), work, cmd.strip(), keep=a.keep)
    finally:
        if not a.workdir and not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"results in {a.out}")
    return 0
