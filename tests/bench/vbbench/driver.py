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
    # -- issue 10 (scale run) only --
    catchup_reps: int = 5
    unchanged_reads: int = 3
    cold_together: int = 8
    pss_counts: list[int] = field(default_factory=lambda: [1, 4, 9])
    holder_searches: int = 3
    #: memory left free when deciding whether one more process may open the base
    mem_margin_gb: float = 3.0
    # -- issue 11 (folder vs PostgreSQL) only --
    #: commits whose notification another process waits for (p50/p95 need >= 30)
    notify_reps: int = 40
    notify_timeout_s: float = 5.0

    def to_dict(self) -> dict:
        return asdict(self)


def _du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.exists() else 0


def _du_parts(path: Path) -> dict[str, int]:
    """Bytes per top-level entry of the store's folder (journal, WAL, snapshots, ...)."""
    return {p.name: (_du(p) if p.is_dir() else p.stat().st_size) for p in sorted(path.iterdir())}


def _guard(out: dict, key: str, fn) -> None:
    """Record a workload's result, or what went wrong, never a blank."""
    t = time.perf_counter()
    try:
        out[key] = fn()
    except Exception as exc:
        out[key] = {"error": f"{type(exc).__name__}: {exc}"[:400],
                    "trace": traceback.format_exc(limit=4)[-1500:]}
    out.setdefault("_timing_s", {})[key] = round(time.perf_counter() - t, 2)


def _build(name: str, ds: data.Dataset, workdir: str, out: dict):
    """Create the store's base from every row of the dataset; None if that failed."""
    mod, cls = REGISTRY[name][:2]
    preload = ["vbbench.data", "vbbench.workloads"]
    if getattr(importlib.import_module(mod), cls).fork_preload:
        preload.append(mod)
    workloads.CTX.set_forkserver_preload(preload)
    path = Path(workdir) / f"{name}-{ds.n}"
    if path.exists():
        shutil.rmtree(path)
    store = make(name, path)
    t = time.perf_counter()
    try:
        store.build(ds.base)
    except Exception:
        out["build"] = {"error": traceback.format_exc(limit=4)[-1500:]}
        return None
    out["build"] = {"seconds": time.perf_counter() - t, "bytes_on_disk": _du(path),
                    "files": _du_parts(path)}
    return path


def _compact(name: str, path: Path) -> dict:
    """The store's own compaction step right after loading, and the bytes it leaves."""
    t = time.perf_counter()
    if not make(name, path).compact():
        return {"skipped": "the store has no compaction step"}
    return {"seconds": time.perf_counter() - t, "bytes_on_disk": _du(path), "files": _du_parts(path)}


def _open_and_search(out: dict, name: str, path: Path, ds: data.Dataset, c: Config,
                     paired: bool = False):
    """Open the store in this process (the long-lived reader); plain and filtered reads
    (`paired`: each plain read right after a bare FAISS search of the same query)."""
    store = make(name, path)
    store.open()
    nq = c.n_queries if not store.slow_reads else max(3, c.n_queries // 10)
    if paired:
        from .scale import read_vs_bare

        _guard(out, "search", lambda: read_vs_bare(store, ds, nq, c.search_budget_s))
    else:
        _guard(out, "search", lambda: workloads.search(store, ds, False, nq, c.search_budget_s))
    _guard(out, "filtered", lambda: workloads.search(store, ds, True, nq, c.search_budget_s))
    return store


def run_store(name: str, ds_folder: str, workdir: str, cfg: dict) -> dict:
    c = Config(**cfg)
    ds = data.load(Path(ds_folder))
    out: dict = {"store": name, "size": ds.n}
    path = _build(name, ds, workdir, out)
    if path is None:
        return out
    lite = name in c.lite
    skipped = {"skipped": "smoke run: in-process workloads only for this peer"}
    _guard(out, "cold", lambda: skipped if lite else workloads.cold_open(name, path, ds, c.cold_reps))
    store = _open_and_search(out, name, path, ds, c)
    slow_r = store.slow_reads
    _guard(out, "freshness", lambda: skipped if lite else workloads.freshness(
        store, name, ds, c.fresh_reps, c.fresh_timeout_s))
    _guard(out, "remove", lambda: workloads.remove(store, ds, c.rm_reps))
    store.close()
    _writers(out, name, path, ds, c, lite, slow_r)
    if lite:
        out["writers"] = {str(n): skipped for n in c.writers}
    out["bytes_on_disk_end"] = _du(path)
    return out


def _writers(out: dict, name: str, path: Path, ds: data.Dataset, c: Config, lite: bool,
             slow_r: bool) -> None:
    out["writers"] = {}
    for i, n in enumerate([] if lite else c.writers):
        key0 = data.NEW_KEY_BASE + 100_000 * (i + 1)
        _guard(out["writers"], str(n), lambda: workloads.writers(
            name, path, ds, n, c.adds, c.chunks_per_doc, c.writer_budget_s, f"w{n}", key0,
            3 if slow_r else c.verify_sample))


def run_scale_store(name: str, ds_folder: str, workdir: str, cfg: dict) -> dict:
    """Issue 10's workloads: fresh-process opens and memory first (nothing else holds the
    base), then reads and catch-up in this process, then the writer processes."""
    from . import scale

    c = Config(**cfg)
    ds = data.load(Path(ds_folder))
    out: dict = {"store": name, "size": ds.n, "raw_vector_bytes": ds.n * data.DIM * 4}
    path = _build(name, ds, workdir, out)
    if path is None:
        return out
    _guard(out, "compacted", lambda: _compact(name, path))
    _guard(out, "cold", lambda: scale.cold_opens(name, path, ds, c.cold_reps, c.cold_together,
                                                 c.mem_margin_gb))
    _guard(out, "memory", lambda: scale.memory(name, path, ds, c.pss_counts, c.holder_searches,
                                               c.mem_margin_gb))
    store = _open_and_search(out, name, path, ds, c, paired=True)
    slow_r = store.slow_reads
    _guard(out, "catchup", lambda: scale.catch_up(store, name, ds, c.catchup_reps, c.unchanged_reads,
                                                  c.fresh_timeout_s))
    store.close()
    _writers(out, name, path, ds, c, False, slow_r)
    out["bytes_on_disk_end"] = _du(path)
    out["files_end"] = _du_parts(path)
    return out
