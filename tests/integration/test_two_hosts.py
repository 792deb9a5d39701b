"""Two "hosts" share one PostgreSQL base; a long-lived reader is woken by the other's commit.

A host here is a process with its own user cache folder (XDG_CACHE_HOME: a server base
keeps this host's snapshot cache there) and its own origin; both write the same base at
the same time and each must see the other's writes, by search too (its FAISS cache caught
up from the server's change log). A reader blocked in `wait_for_commit` must be woken by
a commit made elsewhere (PostgreSQL: NOTIFY; a folder: its polling) well before its
timeout — on the folder backend only within one host, which is all a folder can offer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from vetorbase import VectorBase

WORKER = Path(__file__).with_name("host_worker.py")
DIM = 16
PER_HOST = 25
WAIT_TIMEOUT = 30.0
WAKE_LIMIT = 2.0


def host_env(cache: Path) -> dict[str, str]:
    cache.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "XDG_CACHE_HOME": str(cache)}


def test_two_hosts_write_one_base_and_see_each_others_writes(tmp_path, pg_url):
    VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:16").close()
    hosts = {"hosta": ("alice@host-a", "hostb"), "hostb": ("bob@host-b", "hosta")}
    procs = {
        tag: subprocess.Popen(
            [sys.executable, str(WORKER), "write", pg_url, origin, tag, str(PER_HOST), other, str(PER_HOST)],
            env=host_env(tmp_path / f"cache-{tag}"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for tag, (origin, other) in hosts.items()
    }
    seen = {}
    for tag, proc in procs.items():
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err[-3000:]
        seen[tag] = json.loads(out.strip().splitlines()[-1])

    expected = sorted(f"{tag}/doc{i}" for tag in hosts for i in range(PER_HOST))
    for tag, (origin, other) in hosts.items():
        s = seen[tag]
        assert s["backend"] == "postgresql"
        # This host's snapshot cache is under its own cache folder, not the other's.
        assert Path(s["path"]).is_relative_to(tmp_path / f"cache-{tag}"), s["path"]
        assert s["sources"] == expected, f"{tag} did not see everything"
        assert s["count"] == 2 * len(expected)
        assert {"alice@host-a", "bob@host-b"} <= set(s["origins"])
        assert s["probe_hit"] == f"{other}/doc{PER_HOST - 1}", "the other host's chunk is not searchable"
        assert s["check"] == []
    assert seen["hosta"]["path"] != seen["hostb"]["path"]

    # A third host with an empty cache folder starts from nothing and sees it all.
    code = ("import sys, json; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
            "print(json.dumps([b.count(), b.document_count(), str(b.path)]))")
    out = subprocess.run([sys.executable, "-c", code, pg_url], env=host_env(tmp_path / "cache-c"),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    count, docs, path = json.loads(out.stdout)
    assert (count, docs) == (2 * len(expected), len(expected))
    assert Path(path).is_relative_to(tmp_path / "cache-c")


def _activity(pg_server) -> dict[str, str]:
    """Every client session on the tests' database: pid -> its last statement and when it began."""
    rows = pg_server.psql(
        "SELECT pid, query_start, query FROM pg_stat_activity WHERE datname = 'vetorbase' "
        "AND backend_type = 'client backend' AND pid <> pg_backend_pid()", database="vetorbase")
    return {line.split("|", 1)[0]: line.split("|", 1)[1] for line in rows.splitlines() if line}


def test_a_blocked_reader_is_woken_by_another_hosts_commit(tmp_path, base_location, monkeypatch, request):
    """Three rounds: each commit, made in this process (another host), wakes the reader.

    On PostgreSQL the blocked reader must be LISTENing, not polling: for a whole second
    no session on the server runs a statement, and one session's last statement is the
    LISTEN on this base's channel.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-writer"))
    base = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:16",
                           origin="writer@host-w")
    base.add_document("first", ["first"], np.ones((1, DIM), np.float32))
    reader = subprocess.Popen(
        [sys.executable, str(WORKER), "wait", base_location, "3", str(WAIT_TIMEOUT)],
        env=host_env(tmp_path / "cache-reader"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for r in range(3):
            line = reader.stdout.readline()
            assert line.startswith("ready "), reader.stderr.read()[-3000:]
            seq = int(line.split()[1])
            time.sleep(0.5)  # the reader is blocked in wait_for_commit by now
            if base.backend == "postgresql":
                pg_server = request.getfixturevalue("pg_server")
                before = _activity(pg_server)
                time.sleep(1.0)
                after = _activity(pg_server)
                assert before == after, "a session ran statements while the reader waited (polling?)"
                channel = "vetorbase_" + base.location.rsplit("base=", 1)[1]
                assert sum(q.endswith(f'LISTEN "{channel}"') for q in after.values()) == 1, after
            assert reader.poll() is None
            t_commit = time.time()
            base.add_document(f"round-{r}", [f"round {r}"], np.full((1, DIM), r + 1.0, np.float32))
            t_acked = time.time()
            got = json.loads(reader.stdout.readline())
            assert got["seq"] == seq
            assert got["head"] > seq, got
            assert got["woke"] - got["t0"] < WAIT_TIMEOUT - 1, "wait_for_commit ran into its timeout"
            latency = got["woke"] - t_commit
            assert latency < WAKE_LIMIT, f"round {r}: woken {latency:.3f} s after the commit began"
            assert got["woke"] >= t_commit
            assert got["newest"] == f"round-{r}"
            print(f"\n[{base.backend}] round {r}: woken {1000 * (got['woke'] - t_acked):.0f} ms "
                  f"after the commit returned ({1000 * latency:.0f} ms after it began)")
        _, err = reader.communicate(timeout=60)
        assert reader.returncode == 0, err[-3000:]
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()


def test_wait_for_commit_returns_at_its_timeout_when_nothing_is_committed(base_location):
    timeout = 0.3
    base = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:16")
    base.add_document("only", ["only"], np.ones((1, DIM), np.float32))
    seq = base.journal_seq()
    t0 = time.monotonic()
    assert base.wait_for_commit(seq, timeout) == seq
    took = time.monotonic() - t0
    assert timeout - 0.05 <= took < timeout + 1.0
    # Something already newer than `after_seq`: no wait at all.
    t0 = time.monotonic()
    assert base.wait_for_commit(seq - 1, 10.0) == seq
    assert time.monotonic() - t0 < 1.0
