"""Issue 11's workloads: the same base as a folder and in PostgreSQL, side by side.

Run per backend in its own driver process (cli.drive, kind "backends"), which is also
the long-lived reader. Reused from the earlier runs: plain and filtered search
(workloads.search), the other process of scale.catch_up (adds, removes on command),
1 and 8 writer processes (workloads.writers). New here: how soon another process's
`wait_for_commit` returns after a commit (the window's notification path), cold opens
on a host with and without a local snapshot, and, for the server, the statements each
operation sends (pgcount.py), to scale loopback figures to a real network.
"""

from __future__ import annotations

import random
import time
import traceback
from pathlib import Path

import numpy as np

from . import data, pgcount, scale
from .driver import Config, _build, _compact, _guard, _open_and_search, _writers
from .stores import Store, make
from .workloads import CTX, _drain, lat

PG = "vetorbase-pg"
NOTIFY_KEY0 = data.NEW_KEY_BASE + 600_000
NOTIFY_CHUNKS = 4


# -- commit -> another process's wait_for_commit returns -------------------------------------
def _notify_rows(r: int) -> tuple[list[int], list[int]]:
    return ([NOTIFY_KEY0 + r * NOTIFY_CHUNKS + j for j in range(NOTIFY_CHUNKS)],
            [1000 + (r * NOTIFY_CHUNKS + j) % 1000 for j in range(NOTIFY_CHUNKS)])


def _waiter(name: str, path: str, folder: str, timeout_s: float, cmd, ack) -> None:
    """A warm reader (the window) that sleeps in wait_for_commit and then reads."""
    try:
        ds = data.load(Path(folder))
        st = make(name, Path(path))
        st.open()
        st.search(ds.queries[0], 10)
        base = st.base
        base.wait_for_commit(base.journal_seq(), 1.0)  # a server base starts LISTENing here
        ack.put(("ready", None))
        while (r := cmd.get()) is not None:
            seq = base.journal_seq()
            ack.put(("waiting", seq))
            got = base.wait_for_commit(seq, timeout_s)
            t_wake = time.monotonic()
            keys, rows = _notify_rows(r)
            seen = keys[0] in st.search(np.asarray(ds.fresh[rows[0]]), 10)
            ack.put(("woke", (t_wake, time.monotonic(), got > seq, seen)))
        st.close()
    except Exception:
        ack.put(("error", traceback.format_exc(limit=3)))


def notify_latency(store: Store, name: str, ds: data.Dataset, reps: int, timeout_s: float) -> dict:
    """This process commits a 4-chunk document `reps` times, each after a random pause
    (so a polling waiter is met at every phase of its period); another process, already
    sleeping in `wait_for_commit`, reports when it returned and when its next search
    found the document. Times are CLOCK_MONOTONIC, one clock for every process here."""
    cmd, ack = CTX.Queue(), CTX.Queue()
    p = CTX.Process(target=_waiter, args=(name, str(store.path), str(ds.folder), timeout_s, cmd, ack))
    p.start()

    def expect(state: str):
        msg = next(_drain(ack, [p], lambda: True, 300), None)
        if msg is None or msg[0] == "error":
            raise RuntimeError(msg[1] if msg else f"waiter process died (exit code {p.exitcode})")
        if msg[0] != state:
            raise RuntimeError(f"waiter said {msg[0]}, expected {state}")
        return msg[1]

    rng = random.Random(11)
    wake, from_call, visible, missed, unseen = [], [], [], 0, 0
    try:
        expect("ready")
        for r in range(reps):
            cmd.put(r)
            expect("waiting")
            time.sleep(rng.uniform(0.02, 0.12))
            keys, rows = _notify_rows(r)
            t0 = time.monotonic()
            store.add_doc(f"notify-{r}", keys, np.asarray(ds.fresh[rows]), "notify")
            t1 = time.monotonic()
            t_wake, t_seen, woke, seen = expect("woke")
            missed += int(not woke)
            unseen += int(not seen)
            wake.append(t_wake - t1)
            from_call.append(t_wake - t0)
            visible.append(t_seen - t1)
        cmd.put(None)
    finally:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()
    return {"reps": reps, "timeout_s": timeout_s, "timed_out": missed, "not_found_after": unseen,
            "wake": _ms(wake), "wake_from_call_start": _ms(from_call), "visible": _ms(visible),
            "wake_each_ms": [w * 1000 for w in wake]}


def _ms(times: list[float]) -> dict:
    ms = np.array(times) * 1000
    return {"n": len(ms), "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)),
            "max_ms": float(ms.max()), "min_ms": float(ms.min())}


# -- catch-up, measured with a read that costs little by itself ----------------------------
def catch_up(store: Store, name: str, ds: data.Dataset, reps: int, unchanged: int) -> dict:
    """The reader's next read after another process's add or removal, minus its unchanged
    reads. As scale.catch_up, but the probe is a filtered search (the chunks in question
    or the 1-in-1000 bucket): a scan of every vector jitters by more than a catch-up costs
    on a busy 2-core machine, a filtered read by a fraction of a millisecond. The filter
    always matches something, so every probe goes through the cache's catch-up."""
    cmd, ack = CTX.Queue(), CTX.Queue()
    p = CTX.Process(target=scale._other, args=(name, str(store.path), str(ds.folder), cmd, ack))
    p.start()

    def wait_ack():
        msg = next(_drain(ack, [p], lambda: True, 900), None)
        if msg is None or msg[0] == "error":
            raise RuntimeError(msg[1] if msg else f"other process died (exit code {p.exitcode})")
        return msg[1]

    try:
        wait_ack()
        out = {kind: _catch_up_rounds(store, ds, kind, reps, unchanged, cmd, wait_ack)
               for kind in ("add", "remove")}
        cmd.put(None)
        return out
    finally:
        p.join(timeout=60)
        if p.is_alive():
            p.kill()


def _catch_up_rounds(store: Store, ds: data.Dataset, kind: str, reps: int, unchanged: int,
                     cmd, wait_ack) -> dict:
    base_t, next_t, diffs = [], [], []
    missing = resurfaced = 0
    for r in range(reps):
        if kind == "add":
            keys, rows = scale.catchup_keys(r)
            q, order, mine = np.asarray(ds.fresh[rows[0]]), ("add", r), {"run": "catchup"}
        else:
            d = scale.removed_doc(r, reps, ds.n)
            keys = list(range(d * data.DOC_CHUNKS, (d + 1) * data.DOC_CHUNKS))
            source = data.base_metadata(keys[0])["source"]
            q, order, mine = np.asarray(ds.base[keys[0]]), ("remove", source), {"source": source}
        where = {"$or": [mine, {"bucket": data.FILTER_BUCKET}]}

        def probe() -> tuple[float, set[int]]:
            t = time.perf_counter()
            hits = store.base.search(q, k=10, where=where)
            return time.perf_counter() - t, {int(h.metadata["key"]) for h in hits}

        before = [probe()[0] for _ in range(unchanged)]
        cmd.put(order)
        wait_ack()
        nxt, found = probe()
        after, again = probe()
        if kind == "add":
            missing += int(keys[0] not in found)
        else:
            resurfaced += len(set(keys) & (found | again))
        base_t += before + [after]
        next_t.append(nxt)
        diffs.append((nxt - float(np.median(before + [after]))) * 1000)
    q25, q75 = np.percentile(np.array(base_t) * 1000, [25, 75])
    out = {"reps": reps, "probe": "filtered", "unchanged": lat(base_t),
           "unchanged_iqr_ms": float(q75 - q25), "next_read": lat(next_t),
           "catchup_ms": float(np.median(diffs)), "catchup_each_ms": diffs}
    if kind == "add":
        out["stale"] = missing  # not found by the very next read
    else:
        out["resurfaced"] = resurfaced
    return out


# -- cold open + first query, with and without this host's snapshot -------------------------
def _cold_one(name: str, path: Path, ds: data.Dataset, env: dict[str, str]) -> dict:
    if name == PG:
        env = {**env, "VBBENCH_COUNT_SQL": "1"}
    with scale.Holders(name, path, ds, 1, 1, env=env) as h:
        h.go([0])
        r = h.results[0]
        return {"open_first_query_s": r["open_first_query_s"], "import_s": h.imported[0]["import_s"],
                "sql": r.get("sql")}


def cold_opens(name: str, path: Path, ds: data.Dataset, reps: int) -> dict:
    """A new interpreter opens the base and answers one query (page cache warm): first
    where this host holds a snapshot, then `reps` times without one (the folder's snapshot
    files deleted before each; for the server, a fresh VETORBASE_CACHE_DIR each)."""
    store = make(name, path)
    with_ = [_cold_one(name, path, ds, {}) for _ in range(reps)]
    without = [_cold_one(name, path, ds, store.drop_local_snapshot()) for _ in range(reps)]
    store.open()  # leave the base with its usual snapshot for what follows
    store.base.snapshot(wait=600)
    store.close()

    def summary(runs: list[dict]) -> dict:
        times = [r["open_first_query_s"] for r in runs]
        return {"reps": len(runs), "median_s": float(np.median(times)), "runs_s": times,
                "import_s": float(np.median([r["import_s"] for r in runs])), "sql": runs[0]["sql"]}

    return {"with_snapshot": summary(with_), "without_snapshot": summary(without)}


# -- where the server's round trips go --------------------------------------------------------
def round_trips(store: Store, ds: data.Dataset) -> dict:
    """Statements each operation sends, and the loopback `SELECT 1` and connect times."""
    counter = pgcount.install()
    q = ds.queries[0]
    store.search(q, 10)
    keys = [data.NEW_KEY_BASE + 650_000 + j for j in range(NOTIFY_CHUNKS)]
    vecs = np.asarray(ds.fresh[100:100 + NOTIFY_CHUNKS])
    big = [data.NEW_KEY_BASE + 660_000 + j for j in range(40)]  # does the count grow per chunk?
    ops = {
        "search": lambda: store.search(q, 10),
        "filtered search": lambda: store.search(q, 10, data.FILTER_BUCKET),
        "add_document (4 chunks)": lambda: store.add_doc("roundtrip-0", keys, vecs, "roundtrip"),
        "search after a commit (catch-up)": lambda: store.search(q, 10),
        "remove_where (1 document)": lambda: store.remove_source("roundtrip-0"),
        "add_document (40 chunks)": lambda: store.add_doc("roundtrip-1", big,
                                                          np.asarray(ds.fresh[200:240]), "roundtrip"),
        "remove_where (1 document of 40 chunks)": lambda: store.remove_source("roundtrip-1"),
        "journal_seq (wait_for_commit's look)": store.base.journal_seq,
    }
    out = {"ops": {k: counter.around(fn) for k, fn in ops.items()}}
    from .store_pg import server_url

    out.update(pgcount.round_trip(server_url()))
    return out


# -- one backend's run -------------------------------------------------------------------------
def run_backend_store(name: str, ds_folder: str, workdir: str, cfg: dict) -> dict:
    """Build and compact, cold opens (nothing else holds the base), reads, catch-up and notification
    with this process as the warm reader/writer, then the writer processes."""
    c = Config(**cfg)
    ds = data.load(Path(ds_folder))
    out: dict = {"store": name, "size": ds.n}
    path = _build(name, ds, workdir, out)
    if path is None:
        return out
    # Settle the bulk load as an operator would (a server would otherwise vacuum the new
    # tables on its own in the middle of the measurements).
    _guard(out, "compacted", lambda: _compact(name, path))
    _guard(out, "cold", lambda: cold_opens(name, path, ds, c.cold_reps))
    store = _open_and_search(out, name, path, ds, c)
    _guard(out, "catchup", lambda: catch_up(store, name, ds, c.catchup_reps, c.unchanged_reads))
    _guard(out, "notify", lambda: notify_latency(store, name, ds, c.notify_reps, c.notify_timeout_s))
    if name == PG:
        _guard(out, "round_trips", lambda: round_trips(store, ds))
    store.close()
    _writers(out, name, path, ds, c, False, False)
    return out


__all__ = ["notify_latency", "cold_opens", "round_trips", "run_backend_store"]
