"""Re-embedding with real processes: kill -9 at random instants, writers adding meanwhile,
and another process that still holds the old embedder.

Two real embedders: the offline default (`local:use-multilingual-v3`, 512-d) and a
word-hashing one of another size loaded through `import:` (tests/hashembed.py). After
each kill the old base must open and answer; the last run finishes the move, and every
chunk's vector then equals the new embedder's vector of its text, computed directly.
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
import pytest

from hashembed import HASH_ID, SLOW_ID, hash_vector
from vetorbase import VectorBase
from vetorbase.embeddings import get_embedder
from vetorbase.store.reembed import status

WORKER = Path(__file__).with_name("reembed_worker.py")
TESTS = Path(__file__).resolve().parents[1]
LOCAL_ID = "local:use-multilingual-v3"
TOPICS = ["contratos e multas por atraso", "segurança de máquinas NR-12", "notas fiscais de serviço",
          "atas de reunião do condomínio", "relatório de incidente elétrico", "invoices and payment terms",
          "safety of pressure vessels", "meeting minutes of the board"]


def corpus(n_docs: int, per_doc: int) -> dict[str, list[str]]:
    return {
        f"doc-{d:03d}.txt": [f"{TOPICS[d % len(TOPICS)]}: documento {d}, trecho {j}, item {d * 31 + j}"
                             for j in range(per_doc)]
        for d in range(n_docs)
    }


def env() -> dict[str, str]:
    app = Path(__import__("vetorbase").__file__).resolve().parents[1]
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(app), str(TESTS)]), "OMP_NUM_THREADS": "1"}


def start(*args: str, extra: dict[str, str] | None = None, stdin: bool = False) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.PIPE if stdin else subprocess.DEVNULL, text=True, env={**env(), **(extra or {})},
    )


def read_json(proc: subprocess.Popen) -> dict:
    line = proc.stdout.readline()
    if not line:
        raise AssertionError(f"worker ended: {proc.wait()} {proc.stderr.read()[-3000:]}")
    return json.loads(line)


def build(location: str, embedder_id: str, docs: dict[str, list[str]]) -> None:
    embedder = get_embedder(embedder_id)
    base = VectorBase.open(location, create=True, dim=embedder.dim, embedder_id=embedder_id)
    for source, texts in docs.items():
        base.add_document(source, texts, embedder.embed_array(texts))
    base.close()


def stored(location: str) -> tuple[str, int, list[str], np.ndarray, list[str]]:
    """(embedder id, dim, chunk texts, their stored vectors, check() problems) from a fresh open."""
    base = VectorBase.open(location)
    try:
        ids: list[int] = []
        texts: list[str] = []
        for doc in base.documents(limit=100_000):
            for chunk in base.chunks(doc.id):
                ids.append(chunk.id)
                texts.append(chunk.text)
        return base.embedder_id, base.dim, texts, base.vectors(ids), base.check()
    finally:
        base.close()


@pytest.fixture(params=["folder", "postgresql"])
def location(request, tmp_path) -> str:
    """A folder, or a base on the suite's PostgreSQL server."""
    return str(tmp_path / "base") if request.param == "folder" else request.getfixturevalue("pg_url")


def test_kill_minus_9_at_random_instants_then_resume_completes(location):
    docs = corpus(40, 30)  # 1,200 chunks
    build(location, LOCAL_ID, docs)
    local = get_embedder(LOCAL_ID)
    probe_text = docs["doc-007.txt"][4]
    probe_old = local.embed_array([probe_text])[0]
    rng = random.Random(1)
    slow = {"HASH_SLOW_SECONDS": "0.1", "REEMBED_BATCH": "64"}
    kills, outcomes = 0, []
    for _attempt in range(40):
        if kills >= 14 or (outcomes and outcomes[-1][0] == "new"):
            break
        proc = start("reembed", str(location), SLOW_ID, extra=slow)
        assert read_json(proc).get("ready")
        if kills < 10:
            time.sleep(rng.uniform(0.0, 0.3))  # while staging
        else:
            # Near the end: during the last batches, the switch, or the snapshot after it.
            while True:
                rec = read_json(proc)
                if "result" in rec or rec.get("done", 0) >= rec.get("total", 1):
                    break
            time.sleep(rng.uniform(0.0, 0.15))
        alive = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        kills += alive
        # The base opens, is consistent and answers, on whichever embedder it is now.
        base = VectorBase.open(location)
        try:
            assert base.count() == 1200
            assert base.check() == []
            if base.embedder_id == LOCAL_ID:
                hit = base.search(probe_old, k=1)[0]
                outcomes.append(("old", status(base).staged))
            else:
                assert base.embedder_id == SLOW_ID and base.dim == 96
                hit = base.search(hash_vector(probe_text), k=1)[0]
                outcomes.append(("new", 0))
            assert hit.text == probe_text
        finally:
            base.close()
    print("kills", kills, "outcomes (embedder, staged)", outcomes)
    assert kills >= 10, f"only {kills} kills landed while a run was alive: {outcomes}"
    staged = [n for state, n in outcomes if state == "old"]
    assert staged and staged == sorted(staged), f"staging went backwards: {outcomes}"
    assert any(0 < n < 1200 for n in staged), f"no kill landed mid-way: {outcomes}"
    # The next run resumes: only the chunks not staged yet are embedded.
    before = staged[-1] if outcomes[-1][0] == "old" else None
    proc = start("reembed", str(location), SLOW_ID, extra={"HASH_SLOW_SECONDS": "0"})
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])["result"]
    if before is not None:
        assert result["switched"] and result["resumed"] == before
        assert result["embedded"] == 1200 - before
    embedder_id, dim, texts, vectors, problems = stored(location)
    assert (embedder_id, dim, problems) == (SLOW_ID, 96, [])
    assert len(texts) == 1200
    expected = np.stack([hash_vector(t) for t in texts])
    np.testing.assert_allclose(vectors, expected, atol=1e-6)


@pytest.mark.parametrize("point", ["switch", "tidy"])
def test_kill_minus_9_inside_the_switch_or_right_after_it(location, point):
    """Deterministic kills at the two instants a random kill rarely hits: with every chunk
    updated inside the switch transaction (not committed), and just after the commit."""
    docs = corpus(10, 30)
    build(location, HASH_ID, docs)
    proc = start("reembed", location, "import:hashembed:salted64", extra={"REEMBED_PAUSE_AT": point})
    while "paused" not in (rec := read_json(proc)):
        pass
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    base = VectorBase.open(location)
    try:
        assert base.count() == 300 and base.check() == []
        probe = docs["doc-003.txt"][7]
        if point == "switch":  # rolled back: the old base, its staging kept for the next run
            assert (base.embedder_id, base.dim, status(base).staged) == (HASH_ID, 96, 300)
            assert base.search(hash_vector(probe), k=1)[0].text == probe
        else:  # committed: the new base, with no snapshot of the old vectors left behind
            assert (base.embedder_id, base.dim, status(base).target_embedder_id) == (
                "import:hashembed:salted64", 64, None)
            assert base.search(hash_vector("salt " + probe, 64), k=1)[0].text == probe
    finally:
        base.close()
    out = subprocess.run([sys.executable, str(WORKER), "reembed", location, "import:hashembed:salted64"],
                         env=env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])["result"]
    assert result["switched"] is (point == "switch")
    if point == "switch":
        assert (result["resumed"], result["embedded"]) == (300, 0)
    embedder_id, dim, texts, vectors, problems = stored(location)
    assert (embedder_id, dim, problems) == ("import:hashembed:salted64", 64, [])
    np.testing.assert_allclose(vectors, np.stack([hash_vector("salt " + t, 64) for t in texts]), atol=1e-6)


def test_writers_adding_during_the_move_are_included_and_stale_processes_refuse_old_vectors(location, tmp_path):
    docs = corpus(12, 20)
    build(location, HASH_ID, docs)
    log = tmp_path / "writer.jsonl"
    stale = start("stale", str(location), HASH_ID, stdin=True)
    assert read_json(stale)["hits"] == 3
    writer = start("writer", str(location), HASH_ID, str(log))
    assert read_json(writer).get("ready")
    time.sleep(0.5)  # some documents before the move starts
    mover = start("reembed", str(location), LOCAL_ID, extra={"REEMBED_BATCH": "32"})
    out, err = mover.communicate(timeout=300)
    assert mover.returncode == 0, err
    result = json.loads(out.strip().splitlines()[-1])["result"]
    refused = read_json(writer)
    writer.wait(timeout=60)
    assert refused["embedder_id"] == LOCAL_ID and refused["dim"] == 512
    assert "moved to embedder 'local:use-multilingual-v3'" in refused["refused"]
    records = [json.loads(line) for line in log.read_text().splitlines()]
    acked = [r["source"] for r in records if r["state"] == "ack"]
    assert len(acked) >= 10, "the writer hardly ran during the move"
    assert records[-1]["state"] == "refused"

    # Every acknowledged document is there, with the new embedder's vector of each chunk.
    embedder_id, dim, texts, vectors, problems = stored(location)
    assert (embedder_id, dim, problems) == (LOCAL_ID, 512, [])
    assert result["chunks"] == len(texts) == 12 * 20 + 3 * len(acked)
    local = get_embedder(LOCAL_ID)
    expected = local.embed_array(texts)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(vectors, expected, atol=2e-5)
    base = VectorBase.open(location, embedder_id=LOCAL_ID)
    sources = {d.source for d in base.documents(limit=10_000)}
    assert set(acked) <= sources and set(docs) <= sources
    hit = base.search(local.embed_query("relatório de incidente elétrico"), k=1)[0]
    assert hit.source in {s for s, t in docs.items() if t[0].startswith("relatório de incidente")}
    base.close()

    # The process that opened the base with the old embedder refuses its old vectors...
    stale.stdin.write("search\n")
    stale.stdin.flush()
    answer = read_json(stale)
    assert answer["ok"] is False and answer["error"] == "EmbedderMismatch"
    assert "moved to embedder 'local:use-multilingual-v3' (512-d)" in answer["message"]
    assert "Reopen" in answer["message"]
    assert (answer["embedder_id"], answer["dim"]) == (LOCAL_ID, 512)
    # ... keeps answering keyword searches, and works again once reopened with the new one.
    for command, ok in (("keyword", True), ("search", False), (f"reopen {LOCAL_ID}", True)):
        stale.stdin.write(command + "\n")
        stale.stdin.flush()
        assert read_json(stale)["ok"] is ok, command
    stale.stdin.close()
    stale.wait(timeout=30)


@pytest.mark.parametrize("target", ["import:hashembed:salted96", "import:hashembed:salted64"])
def test_another_process_notices_a_move_even_to_the_same_dimension(location, target):
    docs = corpus(6, 10)
    build(location, HASH_ID, docs)
    stale = start("stale", str(location), HASH_ID, stdin=True)
    assert read_json(stale)["hits"] == 3
    mover = start("reembed", str(location), target)
    _out, err = mover.communicate(timeout=120)
    assert mover.returncode == 0, err
    stale.stdin.write("search\n")
    stale.stdin.flush()
    answer = read_json(stale)
    stale.stdin.write("reopen\n")  # open() again, the embedder built from base.embedder_id
    stale.stdin.flush()
    reopened = read_json(stale)
    assert reopened["ok"] is True and reopened["hits"] and reopened["embedder_id"] == target
    dim = 96 if target.endswith("96") else 64
    assert answer["ok"] is False and answer["error"] == "EmbedderMismatch", answer
    assert f"moved to embedder '{target}' ({dim}-d)" in answer["message"]
    assert (answer["embedder_id"], answer["dim"]) == (target, dim)
    stale.stdin.close()
    stale.wait(timeout=30)
