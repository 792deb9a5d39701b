"""Issue 16, item 2: `fork()` must be safe for real (Django-Q and multiprocessing fork).

A child forked after a search hung forever on FAISS's OpenMP futex (already with
2 vectors of 64-d), and a fork while another thread wrote hung inside
`sqlite3.connect` on an SQLite mutex held at the moment of fork. Each scenario runs
many forks inside its own process group under a timeout: a hang is a failure and
the whole group is killed. OMP_NUM_THREADS is removed from the scenarios'
environment on purpose — the fix must not depend on it.

Every scenario also runs on a PostgreSQL base: there the danger is a child talking on
the parent's server connection (or its LISTEN connection), which interleaves two
processes' protocol messages on one socket; each process must use its own.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from vetorbase.store.locations import is_url

PREAMBLE = r"""
import os, sys, threading, time, traceback
import numpy as np
from vetorbase import VectorBase

DIM = 64
folder = sys.argv[1]

def child(body):
    # Run body() in a forked child; its exit code says whether it worked.
    code = 1
    try:
        code = 0 if body() else 2
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stderr.flush()
        os._exit(code)

def wait(pid, what):
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    assert code == 0, f"{what}: child exited with {code}"
"""

#: Search (so FAISS/OpenMP and the SQLite connection are live), then fork: every
#: child must answer its searches, and the parent must go on answering too.
FORK_AFTER_SEARCH = PREAMBLE + r"""
n, forks = int(sys.argv[2]), int(sys.argv[3])
base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:64")
v = np.random.default_rng(0).normal(size=(n, DIM)).astype(np.float32)
base.add_texts([f"t{i}" for i in range(n)], v, [{"source": f"s{i}"} for i in range(n)])
for r in range(forks):
    q = r % n
    assert base.search(v[q], k=2)[0].source == f"s{q}"
    pid = os.fork()
    if pid == 0:
        def body():
            c = VectorBase.open(folder)
            return all(c.search(v[(q + j) % n], k=2)[0].source == f"s{(q + j) % n}" for j in range(3))
        child(body)
    wait(pid, f"fork {r}")
print("ok", forks)
"""

#: A thread writes in a loop while the main thread searches and forks; each child
#: opens, searches and adds once. Nothing may hang and nothing may be lost.
FORK_DURING_WRITES = PREAMBLE + r"""
forks = int(sys.argv[2])
base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:64")
v = np.random.default_rng(0).normal(size=(50, DIM)).astype(np.float32)
base.add_texts([f"t{i}" for i in range(50)], v, [{"source": f"s{i}"} for i in range(50)])
stop = threading.Event()
written = []

def writer():
    rng = np.random.default_rng(1)
    while not stop.is_set():
        source = f"writer-{len(written)}"
        base.add_document(source, ["w"], rng.normal(size=(1, DIM)))
        written.append(source)
        time.sleep(0.002)  # let the children's writes in (SQLite's busy wait is not fair)

thread = threading.Thread(target=writer)
thread.start()
try:
    for r in range(forks):
        assert base.search(v[r % 50], k=1)[0].source == f"s{r % 50}"
        pid = os.fork()
        if pid == 0:
            def body():
                c = VectorBase.open(folder)
                ok = c.search(v[r % 50], k=1)[0].source == f"s{r % 50}"
                c.add_document(f"child-{r}", ["c"], np.ones((1, DIM)))
                return ok
            child(body)
        wait(pid, f"fork {r}")
finally:
    stop.set()
    thread.join()
sources = {d.source for d in base.documents(limit=1_000_000)}
missing = ({f"child-{r}" for r in range(forks)} | set(written)) - sources
assert not missing, f"lost: {sorted(missing)[:5]}"
problems = base.check()
assert problems == [], problems
print("ok", forks, len(written))
"""

#: The README's pattern: the parent opened and searched the base; a fork-start Pool
#: maps a function that opens the same path and searches, several rounds.
FORK_POOL = PREAMBLE + r"""
import multiprocessing

rounds = int(sys.argv[2])
V = np.random.default_rng(0).normal(size=(200, DIM)).astype(np.float32)

def work(i):
    b = VectorBase.open(folder)
    return [h.source for h in b.search(V[i], k=3)]

base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:64")
base.add_texts([f"t{i}" for i in range(200)], V, [{"source": f"s{i}"} for i in range(200)])
ctx = multiprocessing.get_context("fork")
for r in range(rounds):
    base.add_document(f"round-{r}", ["r"], np.ones((1, DIM)))
    queries = list(range(r, 200, 25))
    want = [[h.source for h in base.search(V[i], k=3)] for i in queries]
    with ctx.Pool(2) as pool:
        got = pool.map(work, queries)
    assert got == want, (r, got, want)
    assert [g[0] for g in got] == [f"s{i}" for i in queries]
print("ok", rounds)
"""


def _env_without_omp_limit() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("OMP_NUM_THREADS", None)  # the suite's conftest sets it; the fix must not need it
    return env


def _run(script: str, location: str, *args: object, timeout: float) -> str:
    """Run `script` in its own process group; kill the whole group if it hangs.

    A server base gets twice the time: every child opens its own connections and builds
    its cache from the server, which a busy 2-core machine makes slow but not hung.
    """
    timeout *= 2 if is_url(location) else 1
    proc = subprocess.Popen(
        [sys.executable, "-c", script, location, *map(str, args)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=_env_without_omp_limit(), start_new_session=True,
    )
    hung = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        hung = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # forked children left behind, if any
        except ProcessLookupError:
            pass
    if hung:
        pytest.fail(f"hung: no result after {timeout:.0f} s (a forked child waits forever)\n"
                    f"stdout: {out[-1500:]}\nstderr: {err[-3000:]}")
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout: {out[-1500:]}\nstderr: {err[-3000:]}"
    return out


@pytest.mark.parametrize("vectors", [2, 2000])
def test_child_forked_after_a_search_can_search(base_location, vectors):
    out = _run(FORK_AFTER_SEARCH, base_location, vectors, 10, timeout=20)
    assert "ok 10" in out


def test_fork_while_another_thread_writes(base_location):
    out = _run(FORK_DURING_WRITES, base_location, 30, timeout=40)
    assert "ok 30" in out


def test_fork_start_multiprocessing_pool_searches_the_parents_base(base_location):
    out = _run(FORK_POOL, base_location, 5, timeout=30)
    assert "ok 5" in out
