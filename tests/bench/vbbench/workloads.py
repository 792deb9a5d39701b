"""The workloads of issues 2 and 7, each returning a plain JSON-able dict.

Everything runs inside one store's driver process (see driver.py), which is also the
"long-lived reader"; writers, the freshness writer, the verifier and the cold opener are
separate processes (spawned, never forked, so no library state leaks between them).
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import Any, Callable

import numpy as np

from . import data
from .stores import REGISTRY, Store, make

# Children come from a fork server that imported the store's library once (see
# driver.run_store): real, separate processes without paying a multi-second import each.
CTX = mp.get_context("forkserver")
BENCH_DIR = Path(__file__).resolve().parents[1]


def pct(values: list[float], p: float) -> float | None:
    return float(np.percentile(values, p)) if values else None


def timed(fn: Callable[[int], Any], n_max: int, budget_s: float, n_min: int = 3
          ) -> tuple[list[float], list[Any]]:
    """Call fn(i) up to n_max times or until budget_s is spent (at least n_min times)."""
    times: list[float] = []
    out: list[Any] = []
    start = time.perf_counter()
    for i in range(n_max):
        if i >= n_min and time.perf_counter() - start > budget_s:
            break
        t = time.perf_counter()
        out.append(fn(i))
        times.append(time.perf_counter() - t)
    return times, out


def lat(times: list[float]) -> dict:
    ms = [t * 1000 for t in times]
    return {"n": len(ms), "p50_ms": pct(ms, 50), "p99_ms": pct(ms, 99),
            "mean_ms": float(np.mean(ms)) if ms else None}


# -- search -----------------------------------------------------------------------------
def search(store: Store, ds: data.Dataset, filtered: bool, n_max: int, budget_s: float) -> dict:
    """k=10 latency, and recall against exact numpy ground truth (among matches if filtered)."""
    bucket = data.FILTER_BUCKET if filtered else None
    nq = len(ds.queries)
    times, found = timed(lambda i: store.search(ds.queries[i % nq], 10, bucket), n_max, budget_s)
    truth = ds.truth_filtered if filtered else ds.truth
    out = lat(times)
    out["recall_at_10"] = data.recall(found, [list(truth[i % nq]) for i in range(len(found))])
    out["matches"] = int((np.arange(ds.n) % data.BUCKETS == data.FILTER_BUCKET).sum()) if filtered else ds.n
    return out


def flat_index(ds: data.Dataset):
    """A bare faiss.IndexFlatIP over the base, filled block by block (no second full copy
    of a memory-mapped 1M-row base)."""
    import faiss

    index = faiss.IndexFlatIP(data.DIM)
    for start in range(0, ds.n, data.GEN_BLOCK):
        index.add(np.ascontiguousarray(ds.base[start:start + data.GEN_BLOCK]))
    return index


def bare_faiss(ds: data.Dataset, n_max: int, budget_s: float) -> dict:
    """The floor: a bare faiss.IndexFlatIP search on the same vectors, one query at a time."""
    index = flat_index(ds)
    times, found = timed(lambda i: index.search(ds.queries[i % len(ds.queries)][None, :], 10)[1][0]
                         .tolist(), n_max, budget_s)
    out = lat(times)
    out["recall_at_10"] = data.recall(found, [list(ds.truth[i % len(ds.queries)])
                                              for i in range(len(found))])
    return out


# -- freshness / catch-up ---------------------------------------------------------------
def _fresh_writer(name: str, path: str, folder: str, reps: int, cmd, ack) -> None:
    try:
        ds = data.load(Path(folder))
        st = make(name, Path(path))
        st.open()
        ack.put(("ready", 0.0))
        for r in range(reps):
            if cmd.get() is None:
                break
            keys = [data.NEW_KEY_BASE + 900_000 + r * 10 + j for j in range(10)]
            vecs = np.asarray(ds.fresh[len(ds.fresh) - (r + 1) * 10:][:10])
            st.add_doc(f"fresh-{r}", keys, vecs, "fresh")
            ack.put(("ack", time.time()))
        st.close()
    except Exception:
        ack.put(("error", traceback.format_exc(limit=3)))


def freshness(store: Store, name: str, ds: data.Dataset, reps: int, timeout_s: float) -> dict:
    """Another process commits a 10-chunk document; how long until this reader sees it."""
    cmd, ack = CTX.Queue(), CTX.Queue()
    p = CTX.Process(target=_fresh_writer, args=(name, str(store.path), str(ds.folder), reps, cmd, ack))
    p.start()
    try:
        first = next(_drain(ack, [p], lambda: True, 300), None)
        if first is None or first[0] == "error":
            return {"error": first[1] if first else f"writer process died (exit code {p.exitcode})"}
        seen, first_read, reads, stale = [], [], [], 0
        for r in range(reps):
            store.search(ds.queries[0], 10)  # steady state: reader is up to date
            cmd.put(r)
            msg = next(_drain(ack, [p], lambda: True, 300), None)
            if msg is None or msg[0] == "error":
                return {"error": msg[1] if msg else f"writer process died (exit code {p.exitcode})"}
            t_ack = msg[1]
            key = data.NEW_KEY_BASE + 900_000 + r * 10
            vec = np.asarray(ds.fresh[len(ds.fresh) - (r + 1) * 10])
            n = 0
            while True:
                t = time.perf_counter()
                hit = key in store.search(vec, 10)
                dt = time.perf_counter() - t
                n += 1
                if hit:
                    seen.append(time.time() - t_ack)
                    first_read.append(dt)
                    reads.append(n)
                    break
                if time.time() - t_ack > timeout_s:
                    stale += 1
                    break
                time.sleep(0.005)
        cmd.put(None)
        out = {"reps": reps, "stale": stale, "timeout_s": timeout_s, "visible_after": lat(seen),
               "catchup_read": lat(first_read), "reads_needed_max": max(reads) if reads else None}
        if stale:
            out["note"] = f"{stale}/{reps} commits never seen within {timeout_s:g} s (stale reads)"
        return out
    finally:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()


# -- remove by metadata ----------------------------------------------------------------
def remove(store: Store, ds: data.Dataset, reps: int) -> dict:
    """Add a 10-chunk document, remove it by metadata, then try to find its chunks."""
    times, removed, resurfaced = [], [], 0
    for r in range(reps):
        keys = [data.NEW_KEY_BASE + 800_000 + r * 10 + j for j in range(10)]
        vecs = np.asarray(ds.fresh[2000 + r * 10: 2010 + r * 10])
        store.add_doc(f"rm-{r}", keys, vecs, "rm")
        t = time.perf_counter()
        removed.append(store.remove_source(f"rm-{r}"))
        times.append(time.perf_counter() - t)
        for v, k in zip(vecs[:3], keys[:3]):
            resurfaced += int(k in store.search(v, 10))
    out = lat(times)
    out.update(removed_each=removed, expected_each=10, resurfaced=resurfaced, probes=3 * reps)
    return out


# -- concurrent writers ----------------------------------------------------------------
def _writer(name, path, folder, w, adds, cpd, budget_s, run, key0, start, q) -> None:
    """Report every acknowledged add at once, so a crash later loses no record of it."""
    try:
        ds = data.load(Path(folder))
        st = make(name, Path(path))
        st.open()
    except Exception:
        q.put(("error", w, "open: " + traceback.format_exc(limit=2)[-300:]))
        q.put(("ready", w, None))
        q.put(("done", w, time.time()))
        return
    q.put(("ready", w, None))
    start.wait()
    t0 = time.time()
    for i in range(adds):
        if time.time() - t0 > budget_s:
            break
        keys = [key0 + w * 10_000 + i * cpd + j for j in range(cpd)]
        rows = [(w * adds * cpd + i * cpd + j) % len(ds.fresh) for j in range(cpd)]
        src = f"{run}-w{w}-{i}"
        t = time.perf_counter()
        try:
            st.add_doc(src, keys, np.asarray(ds.fresh[rows]), run)
        except Exception as exc:
            q.put(("error", w, f"{type(exc).__name__}: {exc}"[:300]))
            continue
        q.put(("ack", w, (src, keys[0], rows[0], time.perf_counter() - t)))
    t_end = time.time()
    try:
        st.close()
    except Exception:
        pass
    q.put(("done", w, t_end))


def _drain(q, procs, want: Callable[[], bool], timeout_s: float):
    """Yield queue messages until want() is False, or every process has exited and the
    queue is empty (a crashed child never hangs the benchmark)."""
    import queue as _queue

    deadline = time.time() + timeout_s
    while want():
        try:
            yield q.get(timeout=0.5)
        except _queue.Empty:
            if all(not p.is_alive() for p in procs):
                try:
                    yield q.get(timeout=2)  # a last message still in the pipe
                    continue
                except _queue.Empty:
                    return
            if time.time() > deadline:
                raise TimeoutError(f"no result within {timeout_s:.0f} s")


def _verify(name, path, folder, run, sample, q) -> None:
    """In a fresh process: rows tagged with `run`, and whether a sample is searchable."""
    try:
        ds = data.load(Path(folder))
        st = make(name, Path(path))
        st.open()
        chunks, sources = st.run_rows(run)
        found = sum(int(key in st.search(np.asarray(ds.fresh[row]), 10)) for _, key, row, *_ in sample)
        q.put({"chunks": chunks, "sources": sorted(sources), "searchable": found})
    except Exception:
        q.put({"error": traceback.format_exc(limit=3)})


def writers(store_name: str, path: Path, ds: data.Dataset, n: int, adds: int, cpd: int,
            budget_s: float, run: str, key0: int, verify_sample: int) -> dict:
    """n processes add `adds` documents of `cpd` chunks each; acknowledged vs present."""
    q, start = CTX.Queue(), CTX.Event()
    procs = [CTX.Process(target=_writer, args=(store_name, str(path), str(ds.folder), w, adds, cpd,
                                               budget_s, run, key0, start, q)) for w in range(n)]
    for p in procs:
        p.start()
    ready: set[int] = set()
    done: dict[int, float] = {}
    acked: list[tuple] = []
    errors: list[str] = []

    def take(msg) -> None:
        kind, w, val = msg
        if kind == "ready":
            ready.add(w)
        elif kind == "ack":
            acked.append(val)
        elif kind == "error":
            errors.append(val)
        elif kind == "done":
            done[w] = val

    # wait for every writer that is still alive (one that crashed while opening never will)
    alive = lambda: sum(1 for p in procs if p.is_alive() or p.exitcode == 0)  # noqa: E731
    for msg in _drain(q, procs, lambda: len(ready) < alive(), 600):
        take(msg)
    t0 = time.time()
    start.set()
    for msg in _drain(q, procs, lambda: len(done) < n, 600 + budget_s):
        take(msg)
    for p in procs:
        p.join(timeout=60)
    crashed = {w: p.exitcode for w, p in enumerate(procs) if w not in done}
    lats = [a[3] for a in acked]
    t_end = max(list(done.values()) + [time.time() if crashed else t0])
    sample = [a[:3] for a in acked[:: max(1, len(acked) // max(1, verify_sample))][:verify_sample]]
    vq = CTX.Queue()
    vp = CTX.Process(target=_verify, args=(store_name, str(path), str(ds.folder), run, sample, vq))
    vp.start()
    ver = next(_drain(vq, [vp], lambda: True, 900), None)
    vp.join(timeout=60)
    if ver is None:
        ver = {"error": f"verifier process died (exit code {vp.exitcode})"}
    out = {"writers": n, "adds_per_writer": adds, "chunks_per_doc": cpd, "budget_s": budget_s,
           "acknowledged": len(acked), "errors": len(errors),
           "first_error": errors[0] if errors else None,
           "throughput_docs_s": len(acked) / (t_end - t0) if acked and t_end > t0 else 0.0,
           "commit": lat(lats)}
    if crashed:
        out["crashed"] = {str(w): code for w, code in crashed.items()}
        out["first_error"] = out["first_error"] or (
            f"{len(crashed)} writer process(es) died, exit codes {sorted(set(crashed.values()))}")
    if "error" in ver:
        out["verify_error"] = ver["error"]
        return out
    present = set(ver["sources"]) & {a[0] for a in acked}
    out.update(present=len(present), lost=len(acked) - len(present),
               chunks_present=ver["chunks"], chunks_expected=len(acked) * cpd,
               searchable=f"{ver['searchable']}/{len(sample)}")
    return out


# -- cold open -------------------------------------------------------------------------
COLD = r"""
import importlib, json, sys, time
import numpy as np
t0 = time.perf_counter()
from vbbench.stores import REGISTRY, make
importlib.import_module(REGISTRY[sys.argv[1]][0])
t1 = time.perf_counter()
st = make(sys.argv[1], sys.argv[2])
st.open()
st.search(np.load(sys.argv[3])[0], 10)
t2 = time.perf_counter()
status = dict(l.split(":", 1) for l in open("/proc/self/status") if ":" in l)
print(json.dumps({"import_s": t1 - t0, "open_first_query_s": t2 - t1,
                  "vmhwm_mb": int(status["VmHWM"].split()[0]) / 1024,
                  "vmrss_mb": int(status["VmRSS"].split()[0]) / 1024}))
"""


def cold_open(name: str, path: Path, ds: data.Dataset, reps: int) -> dict:
    """Open the base in a brand-new interpreter and answer one query (page cache warm)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(BENCH_DIR), os.environ.get("PYTHONPATH", "")]))
    runs = []
    for _ in range(reps):
        cp = subprocess.run([sys.executable, "-c", COLD, name, str(path), str(ds.folder / "queries.npy")],
                            capture_output=True, text=True, env=env, timeout=600)
        if cp.returncode != 0:
            return {"error": cp.stderr[-800:]}
        runs.append(json.loads(cp.stdout.strip().splitlines()[-1]))
    out = {k: float(np.median([r[k] for r in runs])) for k in runs[0]}
    return out | {"reps": reps, "first_open_first_query_s": runs[0]["open_first_query_s"],
                  "runs": runs}


__all__ = ["search", "bare_faiss", "freshness", "remove", "writers", "cold_open", "REGISTRY"]
