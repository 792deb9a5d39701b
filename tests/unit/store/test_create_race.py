"""Issue 16, item 4: several processes creating the same base at once must all succeed.

`PRAGMA journal_mode=WAL` returned BUSY without waiting, so 33 of 50 trials ended in a
false `LockTimeout` after 2 ms ("held the write lock for more than 30 s"). Here six
long-lived worker processes are released together by a barrier on a fresh folder,
trial after trial; each calls `VectorBase.open(create=True)` and adds one document.
Exactly one base must result, holding all six documents, with `check()` clean.
"""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from threading import BrokenBarrierError
from typing import Any

import numpy as np

from vetorbase import VectorBase

WORKERS = 6
TRIALS = 50
BUDGET_S = 30.0
MIN_TRIALS = 15


def _worker(index: int, tasks: Any, results: Any, barrier: Any) -> None:
    """One racer: for every folder handed over, wait for the others, then create + add."""
    vector = np.random.default_rng(index).normal(size=(1, 8))
    while True:
        task = tasks.get()
        if task is None:
            return
        folder, start_at = task
        try:
            barrier.wait(timeout=60)
        except BrokenBarrierError:
            results.put((folder, index, "the start barrier broke"))
            continue
        _wait_until(start_at)
        try:
            base = VectorBase.open(folder, create=True, dim=8, embedder_id="t:8")
            base.add_document(f"worker-{index}", [f"from worker {index}"], vector)
            base.close()
            results.put((folder, index, None))
        except Exception as exc:  # noqa: BLE001 - every failure is reported to the test
            results.put((folder, index, f"{type(exc).__name__}: {exc}"))


def _wait_until(start_at: float) -> None:
    """Sleep, then spin, until the shared monotonic start time: release within ~1 ms."""
    while (left := start_at - time.monotonic()) > 0.003:
        time.sleep(left - 0.003)
    while time.monotonic() < start_at:
        pass


def test_processes_creating_one_base_together_all_succeed(tmp_path):
    ctx = multiprocessing.get_context("spawn")  # no fork: item 2 is tested elsewhere
    tasks = [ctx.Queue() for _ in range(WORKERS)]
    results = ctx.Queue()
    barrier = ctx.Barrier(WORKERS)
    procs = [ctx.Process(target=_worker, args=(i, tasks[i], results, barrier), daemon=True)
             for i in range(WORKERS)]
    for p in procs:
        p.start()
    failures: list[str] = []
    bad_bases: list[str] = []
    trials = 0
    started = time.monotonic()
    try:
        while trials < TRIALS and time.monotonic() - started < BUDGET_S:
            folder = str(tmp_path / f"trial-{trials:02d}" / "base")
            start_at = time.monotonic() + 0.1  # CLOCK_MONOTONIC is shared by all processes
            for q in tasks:
                q.put((folder, start_at))
            failed_before = len(failures)
            for _ in range(WORKERS):
                got_folder, index, error = results.get(timeout=120)
                assert got_folder == folder
                if error:
                    failures.append(f"trial {trials}, worker {index}: {error}")
            all_added = len(failures) == failed_before
            trials += 1
            base = VectorBase.open(folder)
            sources = sorted(d.source for d in base.documents(limit=100))
            problems = base.check()
            base.close()
            journals = sorted(p.name for p in Path(folder).parent.rglob("vetorbase.sqlite"))
            if journals != ["vetorbase.sqlite"] or problems or (
                all_added and sources != [f"worker-{i}" for i in range(WORKERS)]
            ):
                bad_bases.append(f"trial {trials - 1}: journals {journals}, sources {sources}, "
                                 f"check {problems}")
    finally:
        for q in tasks:
            q.put(None)
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.kill()
    failed_trials = len({f.split(",")[0] for f in failures})
    assert not failures, (
        f"{failed_trials} of {trials} trials had a failing creator ({len(failures)} failures), "
        f"e.g. {failures[:3]}"
    )
    assert not bad_bases, bad_bases[:3]
    assert trials >= MIN_TRIALS, f"only {trials} trials fit in {BUDGET_S:.0f} s"
