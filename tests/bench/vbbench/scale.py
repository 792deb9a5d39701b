"""The workloads of issue 10 (a base of 1M chunks): catch-up cost, cold opens, summed PSS.

Catch-up runs in the store's driver process (the long-lived reader), against another
process that adds or removes. Cold opens and memory use brand-new interpreters
(`holder.py`), so nothing is inherited from the driver. Before each extra process is
let in, the memory it will probably need is compared with MemAvailable: a store that
copies the whole index into every process gets "skipped: would not fit", not an
out-of-memory kill of a shared machine.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
import traceback
from pathlib import Path

import numpy as np

from . import data
from .stores import Store, make
from .workloads import BENCH_DIR, CTX, _drain, flat_index, lat

if str(BENCH_DIR.parent) not in sys.path:  # tests/memprobe.py, shared with the memory test
    sys.path.insert(0, str(BENCH_DIR.parent))
from memprobe import mem_available, smaps_rollup  # noqa: E402

MB = 1024 * 1024
GiB = 1024 * MB


# -- fresh interpreters ----------------------------------------------------------------
class Holders:
    """`n` holder processes with the store's library imported, waiting for "go"."""

    def __init__(self, name: str, path: Path, ds: data.Dataset, n: int, searches: int,
                 timeout_s: float = 900, env: dict[str, str] | None = None) -> None:
        env = dict(os.environ, **(env or {}), PYTHONPATH=os.pathsep.join(
            [str(BENCH_DIR), str(BENCH_DIR.parent), os.environ.get("PYTHONPATH", "")]))
        self.timeout_s = timeout_s
        self.procs = [subprocess.Popen(
            [sys.executable, "-m", "vbbench.holder", name, str(path), str(ds.folder / "queries.npy"),
             str(searches)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, env=env) for _ in range(n)]
        self.results: list[dict | None] = [None] * n
        try:
            self.imported = [self._expect(i, "imported") for i in range(n)]
        except BaseException:
            self.close()
            raise

    def _expect(self, i: int, state: str) -> dict:
        p = self.procs[i]
        ready, _, _ = select.select([p.stdout], [], [], self.timeout_s)
        line = p.stdout.readline() if ready else ""
        if not line:
            p.kill()
            err = p.stderr.read()[-800:] if p.poll() is not None else "timed out"
            raise RuntimeError(f"holder process {i} gave no '{state}' line: {err}")
        msg = json.loads(line)
        if msg.get("state") != state:
            raise RuntimeError(f"holder process {i} said {msg}, expected {state}")
        return msg

    def go(self, which: list[int]) -> None:
        """Release these holders at once; return when each has opened and searched."""
        for i in which:
            self.procs[i].stdin.write("go\n")
        for i in which:
            self.procs[i].stdin.flush()
        for i in which:
            self.results[i] = self._expect(i, "searched")

    def close(self) -> None:
        for p in self.procs:
            try:
                p.stdin.write("exit\n")
                p.stdin.close()
            except (BrokenPipeError, ValueError, OSError):
                pass
        for p in self.procs:
            try:
                p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def __enter__(self) -> "Holders":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _private_peak(results: list[dict]) -> int:
    """What one more process will probably take: its peak resident set minus file pages."""
    return max(max(0, r["vmhwm"] - r["rss_file"]) for r in results)


def _fits(need: int, margin: int) -> tuple[bool, str]:
    avail = mem_available()
    ok = need + margin <= avail
    return ok, (f"needs about {need / GiB:.1f} GiB plus a {margin / GiB:.0f} GiB margin, "
                f"MemAvailable is {avail / GiB:.1f} GiB")


# -- cold open + first query -------------------------------------------------------------
def cold_opens(name: str, path: Path, ds: data.Dataset, reps: int, together: int,
               margin_gb: float) -> dict:
    """Open + first query in a new interpreter: alone (`reps` times), then `together` at once."""
    margin = int(margin_gb * GiB)
    one, imports = [], []
    for _ in range(reps):
        with Holders(name, path, ds, 1, 1) as h:
            h.go([0])
            one.append(h.results[0])
            imports.append(h.imported[0]["import_s"])
    times = [r["open_first_query_s"] for r in one]
    out: dict = {"one": {"reps": reps, "median_s": float(np.median(times)), "runs_s": times,
                         "import_s": float(np.median(imports)),
                         "vmhwm_mb": max(r["vmhwm"] for r in one) / MB,
                         "private_peak_mb": _private_peak(one) / MB}}
    ok, why = _fits(together * _private_peak(one), margin)
    if not ok:
        out["together"] = {"skipped": f"{together} processes would not fit: {why}",
                           "processes": together}
        return out
    with Holders(name, path, ds, together, 1) as h:
        h.go(list(range(together)))
        res = [r for r in h.results if r]
    each = [r["open_first_query_s"] for r in res]
    spread = max(r["started_at"] for r in res) - min(r["started_at"] for r in res)
    out["together"] = {"processes": together, "max_s": max(each), "median_s": float(np.median(each)),
                       "each_s": each, "release_spread_s": spread}
    return out


# -- summed PSS ------------------------------------------------------------------------------
def memory(name: str, path: Path, ds: data.Dataset, counts: list[int], searches: int,
           margin_gb: float) -> dict:
    """Summed PSS of k processes that each opened the base and searched, for each k."""
    margin = int(margin_gb * GiB)
    out: dict = {}
    seen: list[dict] = []
    for k in counts:
        with Holders(name, path, ds, k, searches) as h:
            opened, stop = 0, None
            for i in range(k):
                if seen:
                    ok, why = _fits(_private_peak(seen), margin)
                    if not ok:
                        stop = f"stopped before process {i + 1} of {k}: {why}"
                        break
                h.go([i])
                seen.append(h.results[i])
                opened += 1
            roll = [smaps_rollup(p.pid) for p in h.procs[:opened]]
        entry = {"processes": opened, "pss_total_mb": sum(r["Pss"] for r in roll) / MB,
                 "pss_each_mb": [r["Pss"] / MB for r in roll],
                 "pss_anon_total_mb": sum(r.get("Pss_Anon", 0) for r in roll) / MB,
                 "pss_file_total_mb": sum(r.get("Pss_File", 0) for r in roll) / MB}
        if stop:
            entry["incomplete"] = stop
        out[str(k)] = entry
    one = _one(out)
    for e in out.values():
        if one and not e.get("incomplete"):
            e["vs_one"] = e["pss_total_mb"] / one
    return out


def _one(out: dict) -> float | None:
    e = out.get("1")
    return e["pss_total_mb"] if e and e["processes"] == 1 else None


# -- reads against bare FAISS, interleaved ---------------------------------------------------
def read_vs_bare(store: Store, ds: data.Dataset, n_max: int, budget_s: float) -> dict:
    """Unfiltered k=10 reads, each right after a bare `IndexFlatIP` search of the same query.

    Pairing the two in one process, query by query, keeps the ratio honest on a shared
    machine whose load changes during a run (a floor measured once, minutes earlier, is not).
    """
    index = flat_index(ds)
    nq = len(ds.queries)
    bare, mine, found = [], [], []
    t0 = time.perf_counter()
    for i in range(n_max):
        if i >= 3 and time.perf_counter() - t0 > budget_s:
            break
        q = ds.queries[i % nq]
        t = time.perf_counter()
        index.search(q[None, :], 10)
        bare.append(time.perf_counter() - t)
        t = time.perf_counter()
        found.append(store.search(q, 10))
        mine.append(time.perf_counter() - t)
    del index
    out = lat(mine)
    out["recall_at_10"] = data.recall(found, [list(ds.truth[i % nq]) for i in range(len(found))])
    out["bare"] = lat(bare)
    out["vs_bare"] = out["p50_ms"] / out["bare"]["p50_ms"]
    out["vs_bare_paired_median"] = float(np.median([m / b for m, b in zip(mine, bare)]))
    return out


# -- catch-up after another process's add or removal ---------------------------------------
def _other(name: str, path: str, folder: str, cmd, ack) -> None:
    """The other process: adds a 10-chunk document or removes a document on command."""
    try:
        ds = data.load(Path(folder))
        st = make(name, Path(path))
        st.open()
        ack.put(("ready", None))
        while (c := cmd.get()) is not None:
            kind, arg = c
            if kind == "add":
                keys, rows = catchup_keys(arg)
                st.add_doc(f"catchup-{arg}", keys, np.asarray(ds.fresh[rows]), "catchup")
                ack.put(("ack", len(keys)))
            else:
                ack.put(("ack", st.remove_source(arg)))
        st.close()
    except Exception:
        ack.put(("error", traceback.format_exc(limit=3)))


def catchup_keys(r: int) -> tuple[list[int], list[int]]:
    """Keys and fresh-vector rows of the r-th document added by the other process."""
    return ([data.NEW_KEY_BASE + 700_000 + r * 10 + j for j in range(10)],
            [3000 + r * 10 + j for j in range(10)])


def removed_doc(r: int, reps: int, n: int) -> int:
    """A base document spread through the base, never one holding a filter-bucket chunk
    (document d holds keys 10d..10d+9, so it holds bucket 7 exactly when d % 100 == 0)."""
    docs = n // data.DOC_CHUNKS
    d = min(docs - 1, (r + 1) * docs // (reps + 1))
    if d % (data.BUCKETS // data.DOC_CHUNKS) == 0:
        d = d + 1 if d + 1 < docs else d - 1
    return d


def catch_up(store: Store, name: str, ds: data.Dataset, reps: int, unchanged: int,
             timeout_s: float) -> dict:
    """Next search after another process's commit, minus an unchanged search of the same query."""
    cmd, ack = CTX.Queue(), CTX.Queue()
    p = CTX.Process(target=_other, args=(name, str(store.path), str(ds.folder), cmd, ack))
    p.start()

    def wait_ack():
        msg = next(_drain(ack, [p], lambda: True, 900), None)
        if msg is None or msg[0] == "error":
            raise RuntimeError(msg[1] if msg else f"other process died (exit code {p.exitcode})")
        return msg[1]

    try:
        wait_ack()
        out = {}
        for kind in ("add", "remove"):
            out[kind] = _rounds(store, ds, kind, reps, unchanged, timeout_s, cmd, wait_ack)
        cmd.put(None)
        return out
    finally:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()


def _rounds(store, ds, kind, reps, unchanged, timeout_s, cmd, wait_ack) -> dict:
    base_t, next_t, diffs, results = [], [], [], []
    stale = seen_next = resurfaced = present_before = 0
    for r in range(reps):
        if kind == "add":
            keys, rows = catchup_keys(r)
            q, want = np.asarray(ds.fresh[rows[0]]), keys[0]
            order = ("add", r)
        else:
            d = removed_doc(r, reps, ds.n)
            keys = list(range(d * data.DOC_CHUNKS, (d + 1) * data.DOC_CHUNKS))
            q, want = np.asarray(ds.base[keys[0]]), None
            order = ("remove", data.base_metadata(keys[0])["source"])
        before = []
        for _ in range(unchanged):
            t = time.perf_counter()
            hits = store.search(q, 10)
            before.append(time.perf_counter() - t)
        present_before += int(kind == "remove" and keys[0] in hits)
        cmd.put(order)
        results.append(wait_ack())
        t = time.perf_counter()
        hits = store.search(q, 10)
        nxt = time.perf_counter() - t
        if kind == "add":
            ok = want in hits
            seen_next += int(ok)
            t_ack = time.time()
            while not ok and time.time() - t_ack < timeout_s:
                time.sleep(0.005)
                ok = want in store.search(q, 10)
            stale += int(not ok)
        else:
            resurfaced += len(set(keys) & set(hits))
        t = time.perf_counter()
        hits = store.search(q, 10)
        after = time.perf_counter() - t
        if kind == "remove":
            resurfaced += len(set(keys) & set(hits))
        base_t += before + [after]
        next_t.append(nxt)
        diffs.append((nxt - float(np.median(before + [after]))) * 1000)
    q25, q75 = np.percentile(np.array(base_t) * 1000, [25, 75])
    out = {"reps": reps, "unchanged": lat(base_t), "unchanged_iqr_ms": float(q75 - q25),
           "next_read": lat(next_t),
           "catchup_ms": float(np.median(diffs)), "catchup_each_ms": diffs}
    if kind == "add":
        out.update(seen_on_next_read=seen_next, stale=stale, timeout_s=timeout_s)
    else:
        out.update(removed_each=results, expected_each=data.DOC_CHUNKS, resurfaced=resurfaced,
                   present_before=present_before)
    return out


__all__ = ["Holders", "cold_opens", "memory", "catch_up", "removed_doc"]
