"""Randomized `kill -9` of writers during add, snapshot publication and compaction.

After every kill the base must open without repair and hold every acknowledged
write; nothing that was never attempted may appear; `check()` stays clean (it also
compares the keyword index with the chunks), and survivors are keyword-searchable.
Runs on both backends: on PostgreSQL the server sees the killed client's connection
drop mid-transaction; snapshots are this host's local cache (`base.path`).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from vetorbase import VectorBase
from vetorbase.store.locations import is_url

WORKER = Path(__file__).with_name("crash_worker.py")
DIM = 64
KILLS = {"folder": 54, "postgresql": 30}

FRESH_OPEN = (
    "import sys, numpy as np; from vetorbase import VectorBase;"
    "b = VectorBase.open(sys.argv[1]); b.search(np.ones(64, dtype=np.float32), k=3);"
    "p = b.check(); print('problems', p); sys.exit(1 if p else 0)"
)


def replay(log: Path) -> tuple[set[str], set[str], set[str]]:
    """(acknowledged live documents, acknowledged removed, every source ever attempted)."""
    live, removed, attempted = set(), set(), set()
    if not log.exists():
        return live, removed, attempted
    for line in log.read_text().splitlines():
        rec = json.loads(line)
        attempted.add(rec["source"])
        if rec["state"] == "ack" and rec["op"] == "add":
            live.add(rec["source"])
        elif rec["op"] == "remove":
            # From its intent on, a removal may have committed: a kill between the
            # commit and the acknowledgement leaves it done but unacknowledged.
            live.discard(rec["source"])
            if rec["state"] == "ack":
                removed.add(rec["source"])
    return live, removed, attempted


def test_kill_minus_9_at_random_instants_loses_nothing_acknowledged(tmp_path, base_location):
    base = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:64")
    kills = KILLS["postgresql" if is_url(base_location) else "folder"]
    snapshots = base.path / "snapshots"
    rng = np.random.default_rng(0)
    for i in range(20):  # some bulk, so snapshots and compaction take real time
        base.add_document(f"seed-{i}", ["seed"] * 200, rng.normal(size=(200, DIM)))
    log = tmp_path / "ops.jsonl"
    chooser = random.Random(1234)
    modes = {"add": 0, "snapshot": 0, "compact": 0}
    mid_publication = 0  # kills that left a half-written snapshot behind
    for kill in range(kills):
        mode = ("add", "snapshot", "compact")[kill % 3]
        proc = subprocess.Popen(
            [sys.executable, str(WORKER), mode, base_location, str(log), str(kill)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        time.sleep(chooser.uniform(0.0, 0.35))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
        modes[mode] += 1
        if list(snapshots.glob("*.tmp-*")):
            mid_publication += 1

        live, removed, attempted = replay(log)
        base.refresh()
        present = {d.source for d in base.documents(limit=1_000_000)} - {f"seed-{i}" for i in range(20)}
        assert live <= present, f"kill {kill} ({mode}): lost {sorted(live - present)[:5]}"
        assert not (removed & present), f"kill {kill}: removed documents came back"
        assert present <= attempted, f"kill {kill}: phantom documents {sorted(present - attempted)[:5]}"
        # The keyword index is written in the same transactions: what survived is found
        # by its words, what was removed is not.
        for source in sorted(live)[-3:]:
            assert [h.source for h in base.search(text=source, mode="keyword", k=1)] == [source], kill
        for source in sorted(removed - present)[-3:]:
            assert source not in {h.source for h in base.search(text=source, mode="keyword", k=5)}, kill
        if kill % 9 == 8:
            assert base.check() == []
            out = subprocess.run([sys.executable, "-c", FRESH_OPEN, base_location],
                                 capture_output=True, text=True, timeout=120)
            assert out.returncode == 0, out.stdout + out.stderr

    print(f"\n[crash] {kills} kills {modes}, {mid_publication} during a snapshot's publication")
    assert min(modes.values()) >= kills // 3
    assert mid_publication >= 3, "no kill landed while a snapshot was being written"
    assert base.check() == []
    assert not list(snapshots.glob("*.json")) or base.stats().snapshots <= 3
    out = subprocess.run([sys.executable, "-c", FRESH_OPEN, base_location],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
