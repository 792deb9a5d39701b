"""The fair write lock: a stopped holder gives a retryable LockTimeout, a killed holder
releases at once, threads of one process queue on it too, and compact() gives space
back to the disk. The first two run on a folder and on a PostgreSQL base (there the lock
is the base's advisory lock, held by the holder's open transaction on the server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import LockTimeout

DIM = 8
HOLDER = """
import sys
from vetorbase import VectorBase
b = VectorBase.open(sys.argv[1])
with b._journal.write():
    print("holding", flush=True)
    sys.stdin.readline()
"""


def vecs(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


def _hold(location):
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(location)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_stopped_holder_gives_a_retryable_timeout_and_a_killed_one_releases(base_location):
    VectorBase.open(base_location, create=True, dim=DIM, embedder_id="t:8").close()
    base = VectorBase.open(base_location, lock_timeout=0.5)
    holder = _hold(base_location)
    os.kill(holder.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        with pytest.raises(LockTimeout) as err:
            base.add_document("blocked", ["x"], vecs(1))
        assert err.value.retryable and 0.4 < time.monotonic() - started < 5
        assert base.search(vecs(1)[0], k=1) == []  # reads never wait for writers
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    started = time.monotonic()
    base.add_document("after", ["x"], vecs(1))  # the dead holder's lock is gone
    assert time.monotonic() - started < 0.5
    assert [d.source for d in base.documents()] == ["after"]
    base.close()


def test_threads_and_processes_all_commit(base_location):
    base = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="t:8")
    code = ("import sys, numpy as np; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
            "[b.add_document(f'p{sys.argv[2]}-{i}', ['x'], np.ones((1, 8))) for i in range(40)]")
    procs = [subprocess.Popen([sys.executable, "-c", code, base_location, str(p)]) for p in range(3)]
    errors = []

    def writer(t):
        try:
            for i in range(40):
                base.add_document(f"t{t}-{i}", ["x"], vecs(1, i))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert not errors
    assert base.document_count() == 240
    assert base.check() == []
    base.close()


def test_compact_gives_the_space_of_removed_chunks_back(base_dir):
    base = VectorBase.open(base_dir, create=True, dim=256, embedder_id="t:256")
    rng = np.random.default_rng(0)
    for i in range(20):
        base.add_texts(["chunk text"] * 500, rng.normal(size=(500, 256)), [{"source": f"d{i}"}] * 500)
    base.compact()
    full = base.stats()
    assert full.journal_bytes > 0 and full.snapshot_bytes > 0
    assert full.bytes_on_disk >= full.journal_bytes + full.snapshot_bytes
    # Deleted for good (a removal to the trash keeps the chunks until the trash is emptied).
    base.remove_where({"source": {"$in": [f"d{i}" for i in range(15)]}}, purge=True)
    report = base.compact()
    after = base.stats()
    assert report["pages_freed"] > 0
    assert after.journal_bytes < full.journal_bytes * 0.45, (full, after)
    assert after.wal_bytes == 0
    assert after.snapshot_bytes < full.snapshot_bytes * 0.45
    # Raw vectors: 5000 x 256 x 4 bytes. Journal + one snapshot stay near 2x that.
    assert after.bytes_on_disk < 2.6 * 5000 * 256 * 4
    assert base.check() == []
    base.close()


def test_compact_behind_another_publisher_is_a_retryable_lock_timeout(base_dir):
    from filelock import FileLock

    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="t:8")
    base.add_document("a", ["x"], vecs(1))
    (base_dir / "snapshots").mkdir(exist_ok=True)
    with FileLock(str(base_dir / "snapshots" / ".publish.lock")):  # another publisher
        with pytest.raises(LockTimeout) as err:
            base.compact(wait=0.3)
    assert err.value.retryable
    assert base.compact()["snapshot_seq"] == base.stats().seq
    base.close()
