"""Many real processes and threads writing, removing and reading one base at once.

Runs on both backends (a folder, and a base on the suite's PostgreSQL server). The final state must equal exactly the acknowledged operations, `check()` must be
clean, and readers must never fail or see their sequence number move backwards. Every
writer also keeps replacing one shared document: it must end as exactly one whole
version (the one written last), never two versions' chunks mixed or a writer's failure.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

from vetorbase import VectorBase

WORKER = Path(__file__).with_name("store_worker.py")
HOT = "shared/hot"
DIM = 32


def spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(WORKER), *args], stderr=subprocess.PIPE, text=True)


def test_writers_and_readers_in_many_processes_lose_nothing(tmp_path, base_location):
    base = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:32")
    stop = tmp_path / "stop"
    acks = tmp_path / "acks"
    acks.mkdir()
    # 4 writer processes (two of them with 2 threads), 2 reader processes with 2 threads.
    writers = [
        spawn("writer", base_location, str(acks / f"w{p}"), str(2 if p < 2 else 1), "60", "4")
        for p in range(4)
    ]
    readers = [spawn("reader", base_location, str(acks / f"r{p}"), "2", str(stop)) for p in range(2)]
    # The test process reads too, like the window would.
    seen_seq = 0
    while any(w.poll() is None for w in writers):
        base.refresh()
        assert base.seq >= seen_seq
        seen_seq = base.seq
        base.search(np.ones(DIM), k=3)
        time.sleep(0.01)
    stop.touch()
    for p in writers + readers:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err

    expected: Counter[str] = Counter()
    removed: set[str] = set()
    reads = []
    hot: dict[tuple[str, int], int] = {}  # (writer, i) -> chunks of that version
    for f in acks.iterdir():
        for line in f.read_text().splitlines():
            rec = json.loads(line)
            if rec["op"] == "hot":
                hot[(rec["writer"], rec["i"])] = rec["chunks"]
            elif rec["op"] == "add":
                expected[rec["source"]] = rec["chunks"]
            elif rec["op"] == "append":
                expected[rec["source"]] += rec["chunks"]
            elif rec["op"] == "remove":
                assert rec["chunks"] == expected.pop(rec["source"])
                removed.add(rec["source"])
            else:
                reads.append(rec)
    assert len(reads) == 4 and all(r["check"] == [] and r["count"] > 0 for r in reads)
    base.refresh()
    # The shared document: one version, whole, and the last one committed.
    doc = base.get_document(source=HOT)
    versions = {(c.metadata["writer"], c.metadata["i"]) for c in base.chunks(doc.id)}
    assert len(versions) == 1, f"chunks of several versions mixed: {versions}"
    (winner,) = versions
    assert doc.chunks == hot[winner]
    last = next(c for c in base.history(100_000) if HOT in c.get("sources", []))
    assert last["origin"] == winner[0]
    assert len(hot) >= 80
    expected[HOT] = doc.chunks
    actual = {d.source: d.chunks for d in base.documents(limit=100_000)}
    assert actual == dict(expected)
    assert not removed & set(actual)
    assert base.count() == sum(expected.values())
    assert len(expected) > 250 and len(removed) > 50
    assert base.check() == []
    assert {h.source for h in base.search(np.ones(DIM), k=10_000)} == set(expected)
