"""Run every workload for one store at one size, inside its own spawned process.

One process per store keeps each library's memory, threads and caches away from the
others, and that process doubles as the long-lived reader of the freshness workload.
"""

from __future__ import annotations

import importlib
import shutil
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import data, workloads
from .stores import REGISTRY, make


@dataclass
class Config:
    """Iteration counts and time budgets (budgets cap the stores that rewrite everything)."""

    writers: list[int] = field(default_factory=lambda: [1, 2, 4, 8])
    adds: int = 100
    chunks_per_doc: int = 4
    writer_budget_s: float = 30.0
    n_queries: int = 200
    search_budget_s: float = 15.0
    fresh_reps: int = 5
    fresh_timeout_s: float = 3.0
    rm_reps: int = 5
    cold_reps: int = 3
    verify_sample: int = 30
    #: stores that run only the in-process workloads (the smoke run keeps peers to seconds)
    lite: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def _guard(out: dict, key: str, fn) -> None:
    """Record a workload's result, or what went wrong, never a blank."""
    t = time.perf_counter()
    try:
        out[key] = fn()
    except Exception as exc:
        out[key] = {"error": f"{type(exc).__name__}: {exc}"[:400],
                    "trace": traceback.format_exc(limit=4)[-1500:]}
    out.setdefault("_timing_s", {})[key] = round(time.perf_counter() - t, 2)


def run_store(name: str, ds_folder: str, workdir: str, cfg: dict) -> dict:
    c = Config(**cfg)
    mod, cls = REGISTRY[name][:2]
    preload = ["vbbench.data", "vbbench.workloads"]
    if getattr(importlib.import_module(mod), cls).fork_preload:
        preload.append(mod)
    workloads.CTX.set_forkserver_preload(preload)
    ds = data.load(Path(ds_folder))
    path = Path(workdir) / f"{name}-{ds.n}"
    if path.exists():
        shutil.rmtree(path)
    out: dict = {"store": name, "size": ds.n}
    store = make(name, path)
    t = time.perf_counter()
    try:
        store.build(ds.base)
    except Exception:
        out["build"] = {"error": traceback.format_exc(limit=4)[-1500:]}
        return out
    out["build"] = {"seconds": time.perf_counter() - t, "bytes_on_disk": _du(path)}
    lite = name in c.lite
    skipped = {"skipped": "smoke run: in-process workloads only for this peer"}
    _guard(out, "cold", lambda: skipped if lite else workloads.cold_open(name, path, ds, c.cold_reps))
    store = make(name, path)
    store.open()
    slow_r = store.slow_reads
    nq = c.n_queries if not slow_r else max(3, c.n_queries // 10)
    _guard(out, "search", lambda: workloads.search(store, ds, False, nq, c.search_budget_s))
    _guard(out, "filtered", lambda: workloads.search(store, ds, True, nq, c.search_budget_s))
    _guard(out, "freshness", lambda: skipped if lite else workloads.freshness(
        store, name, ds, c.fresh_reps, c.fresh_timeout_s))
    _guard(out, "remove", lambda: workloads.remove(store, ds, c.rm_reps))
    store.close()
    out["writers"] = {}
    for i, n in enumerate([] if lite else c.writers):
        key0 = data.NEW_KEY_BASE + 100_000 * (i + 1)
        _guard(out["writers"], str(n), lambda: workloads.writers(
            name, path, ds, n, c.adds, c.chunks_per_doc, c.writer_budget_s, f"w{n}", key0,
            3 if slow_r else c.verify_sample))
    if lite:
        out["writers"] = {str(n): skipped for n in c.writers}
    out["bytes_on_disk_end"] = _du(path)
    return out
