"""The trash across real processes: another process's view, and kill -9 mid-restore/empty."""

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
import pytest

from vetorbase import VectorBase

WORKER = Path(__file__).with_name("trash_worker.py")
DIM = 32
GROUPS, DOCS, CHUNKS = 6, 4, 60
KILLS = 12

CHECK_FRESH = (
    "import sys; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
    "p = b.check(); print(p); sys.exit(1 if p else 0)"
)


@pytest.fixture(params=["folder", "postgresql"])
def location(tmp_path, request) -> str:
    """A fresh base's location on each backend: a folder, or a PostgreSQL URL."""
    return str(tmp_path / "base") if request.param == "folder" else request.getfixturevalue("pg_url")


def seed(base: VectorBase) -> None:
    rng = np.random.default_rng(0)
    words = ["multa por atraso", "prazo de entrega", "quarterly revenue", "safety incident", "nota fiscal"]
    for i in range(12):
        k = 2 + i % 3
        base.add_document(
            f"/docs/{'pt' if i % 2 else 'en'}/d{i}.txt",
            # Every chunk a different length: no two keyword scores tie (ties are
            # ordered by chunk id, and restored chunks have new ids).
            [f"{words[(i + j) % 5]} {i} {j}" + " ipsum" * (4 * i + j) for j in range(k)],
            rng.normal(size=(k, DIM)),
            [{"page": j + 1} for j in range(k)], metadata={"lang": "pt" if i % 2 else "en", "i": i},
            sha256=f"{i:064x}",
        )


class Looker:
    """The other process: a warm cache that learns of every change through the log."""

    def __init__(self, location: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(WORKER), "look", location],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def look(self) -> dict:
        self.proc.stdin.write("look\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def test_another_process_stops_seeing_removed_documents_and_sees_them_restored_identically(location):
    base = VectorBase.open(location, create=True, dim=DIM, embedder_id="test:32")
    seed(base)
    other = Looker(location)
    try:
        before = other.look()
        assert before["count"] == 36 and before["document_count"] == 12
        assert before["keyword"] and before["hybrid"] and before["filtered"]

        removed = base.remove_where({"lang": "pt"})
        assert removed == 18
        during = other.look()
        for mode in ("semantic", "keyword", "hybrid", "filtered"):
            assert all(h[2]["lang"] == "en" for h in during[mode]), mode
        assert during["filtered"] == []
        assert [d[0] for d in during["documents"]] == [d[0] for d in before["documents"] if d[3]["lang"] == "en"]
        assert (during["count"], during["document_count"]) == (18, 6)

        entry = base.trash()[0]
        assert (entry.documents, entry.chunks) == (6, 18)
        base.restore([entry.id])
        after = other.look()
        assert after["seq"] > during["seq"] > before["seq"]
        for key in ("semantic", "keyword", "hybrid", "filtered", "documents", "count", "document_count"):
            assert after[key] == before[key], key
    finally:
        other.close()
    assert base.check() == []


def _group_state(base: VectorBase) -> tuple[dict[int, str], dict[str, int]]:
    """Where each seeded group is (live / trash entry id) and each scratch source."""
    live = {d.source: d for d in base.documents(limit=100_000)}
    where: dict[int, str] = {}
    for g in range(GROUPS):
        mine = [live.get(f"/g{g}/d{j}") for j in range(DOCS)]
        if all(mine):
            assert all(d.chunks == CHUNKS for d in mine), f"group {g} half restored"
            where[g] = "live"
        else:
            assert not any(mine), f"group {g} is partly live"
    scratch: dict[str, int] = {}
    for entry in base.trash():
        if entry.kind != "remove_where":
            continue
        source = entry.where["source"] if "source" in entry.where else None
        if source and source.startswith("scratch-"):
            assert (entry.documents, entry.chunks) == (1, 400), "a scratch entry half emptied"
            scratch[source] = entry.id
            continue
        g = entry.where["group"]
        assert g not in where, f"group {g} is both {where[g]} and in trash entry {entry.id}"
        assert (entry.documents, entry.chunks) == (DOCS, DOCS * CHUNKS), f"group {g}'s entry is partial"
        where[g] = f"trash {entry.id}"
    for source, d in live.items():
        if source.startswith("scratch-"):
            assert d.chunks == 400 and source not in scratch
    return where, scratch


def test_kill_minus_9_during_restore_and_empty_leaves_a_consistent_base(tmp_path, location):
    base_dir = location
    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:32")
    rng = np.random.default_rng(1)
    for g in range(GROUPS):
        for j in range(DOCS):
            base.add_document(f"/g{g}/d{j}", [f"group {g} doc {j} part {c}" for c in range(CHUNKS)],
                              rng.normal(size=(CHUNKS, DIM)), metadata={"group": g})
        base.remove_where({"group": g})
    log = tmp_path / "ops.jsonl"
    chooser = random.Random(4321)
    in_flight = {"restore": 0, "remove": 0, "add": 0, "empty": 0}
    for kill in range(KILLS):
        mode = ("restore", "empty")[kill % 2]
        proc = subprocess.Popen([sys.executable, str(WORKER), mode, str(base_dir), str(log), str(kill)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        # Aim at the call itself: wait until the worker says it starts one (after a random
        # number of them), then kill within the next few milliseconds.
        for _ in range(chooser.randint(1, 3)):
            assert proc.stdout.readline().strip() == mode, proc.stderr.read()
        time.sleep(chooser.uniform(0.0, 0.004 if mode == "empty" else 0.02))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
        last = json.loads(log.read_text().splitlines()[-1])
        if last["state"] == "intent":
            in_flight[last["op"]] += 1

        base.refresh()
        where, _scratch = _group_state(base)
        assert len(where) == GROUPS, f"a group vanished: {where}"
        live_main = sum(d.chunks for d in base.documents(limit=100_000) if d.source.startswith("/g"))
        trashed_main = sum(e.chunks for e in base.trash() if e.where and "group" in e.where)
        assert live_main + trashed_main == GROUPS * DOCS * CHUNKS
        assert base.check() == [], f"after kill {kill}"
        fresh = subprocess.run([sys.executable, "-c", CHECK_FRESH, str(base_dir)], capture_output=True, text=True)
        assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    print("kills in flight by operation:", in_flight)
    assert in_flight["restore"] >= 1 and in_flight["empty"] >= 1, in_flight
