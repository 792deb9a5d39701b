"""Processes on one base share its index in memory instead of each holding a copy (issue 10).

Six real processes open one base and search it; the sum of their PSS (from
/proc/<pid>/smaps_rollup, where a shared page counts once in total) must stay under
twice what one process alone costs. A store that copies the index into every process
costs about six times one.

The base is large enough for the index to dominate: each Python process with numpy and
FAISS loaded costs ~35 MB of private memory on its own, so on a small base even a
perfectly shared index could not stay under 2x (6 x 35 MB + index < 2 x (35 MB + index)
needs an index above ~140 MB). 150,000 chunks of 512 floats are 307 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from memprobe import pss_bytes
from vetorbase import VectorBase

WORKER = Path(__file__).with_name("memory_worker.py")
DIM = 512
CHUNKS = 150_000
BATCH = 5_000  # chunks per add_texts call, documents of 10 chunks
PROCESSES = 6
MB = 1024 * 1024


def build(folder: Path) -> None:
    base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:memory-512")
    rng = np.random.default_rng(10)
    centers = rng.standard_normal((64, DIM)).astype(np.float32)
    for start in range(0, CHUNKS, BATCH):
        keys = range(start, start + BATCH)
        vecs = centers[rng.integers(0, len(centers), BATCH)]
        vecs = vecs + rng.standard_normal((BATCH, DIM), dtype=np.float32)
        base.add_texts([f"chunk {k}" for k in keys], vecs, [{"source": f"doc-{k // 10}"} for k in keys])
    base.compact()  # publishes the snapshot every process starts from
    assert base.stats().snapshots >= 1
    base.close()


def start(folder: Path, n: int) -> list[subprocess.Popen]:
    procs = [subprocess.Popen([sys.executable, str(WORKER), str(folder), "3", str(i)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for i in range(n)]
    for p in procs:
        line = p.stdout.readline()
        assert line, p.stderr.read()
        assert json.loads(line)["hits"] == [5, 5, 5]
    return procs


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        try:
            p.stdin.write("\n")
            p.stdin.close()
        except OSError:
            pass
    for p in procs:
        p.wait(timeout=60)
        assert p.returncode == 0, p.stderr.read()


@pytest.mark.slow
def test_six_processes_share_one_copy_of_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "base"
    build(folder)

    alone = start(folder, 1)
    try:
        one = pss_bytes(alone[0].pid)
    finally:
        stop(alone)

    procs = start(folder, PROCESSES)
    try:
        each = [pss_bytes(p.pid) for p in procs]
    finally:
        stop(procs)
    total = sum(each)
    ratio = total / one
    print(f"\nsummed PSS of {PROCESSES} processes: {total / MB:.0f} MB = {ratio:.2f}x one process "
          f"({one / MB:.0f} MB); each: {', '.join(f'{x / MB:.0f}' for x in each)} MB; "
          f"index {CHUNKS * DIM * 4 / MB:.0f} MB")
    assert ratio < 2.0, (
        f"{PROCESSES} processes on one base take {ratio:.2f}x the memory of one "
        f"({total / MB:.0f} MB vs {one / MB:.0f} MB): the index is copied, not shared")
