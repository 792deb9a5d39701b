"""The sync pass on both backends (a folder base and a PostgreSQL base on a real server):
passes between which files change, two processes syncing one folder at once (the lease is
a row in the base, so it works across processes and hosts), and a process killed with
kill -9 mid-pass, after which the next pass takes over and finishes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_helpers import HASH_ID, SLOW_ID, assert_matches, env

from vetorbase.embeddings import get_embedder
from vetorbase.ingest.foldersync import sync_folder
from vetorbase.store import VectorBase

pytestmark = [pytest.mark.timeout(300)]
RUNNER = Path(__file__).with_name("sync_pass.py")


@pytest.fixture(params=["folder", "postgresql"])
def location(request, tmp_path):
    return str(tmp_path / "base") if request.param == "folder" else request.getfixturevalue("pg_url")


def _open(location: str, embedder_id: str) -> VectorBase:
    emb = get_embedder(embedder_id)
    return VectorBase.open(location, create=True, dim=emb.dim, embedder_id=emb.embedder_id)


def _write(folder: Path, rel: str, text: str) -> None:
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(text, encoding="utf-8")


def _start(location: str, folder: Path, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(RUNNER), location, str(folder)], env=env(**extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_passes_on_each_backend(location, tmp_path):
    base = _open(location, HASH_ID)
    emb = get_embedder(HASH_ID)
    f = tmp_path / "inbox"
    for i in range(6):
        _write(f, f"n{i}.txt", f"note {i} about lighthouses number {i}")
    assert len(sync_folder(base, emb, f).added) == 6
    ids = [c.id for c in base.chunks(base.get_document(source=str(f / "n0.txt")).id)]
    (f / "kept").mkdir()
    (f / "n0.txt").rename(f / "kept/n0-moved.txt")
    _write(f, "n1.txt", "note 1 rewritten about harbours")
    (f / "n2.txt").unlink()
    r = sync_folder(base, emb, f)
    assert (len(r.added), len(r.replaced), len(r.renamed), len(r.removed), r.unchanged) == (0, 1, 1, 1, 3)
    assert [c.id for c in base.chunks(base.get_document(source=str(f / "kept/n0-moved.txt")).id)] == ids
    assert base.count({"source": str(f / "kept/n0-moved.txt")}) == 1
    assert base.search(text="lighthouses", mode="keyword", k=10)
    assert_matches(base, f, {"kept/n0-moved.txt", "n1.txt", "n3.txt", "n4.txt", "n5.txt"})
    assert sync_folder(base, emb, f).unchanged == 5
    # A file moved over another one keeps its document; the one it replaced goes.
    n3 = base.get_document(source=str(f / "n3.txt"))
    n3_chunks = [c.id for c in base.chunks(n3.id)]
    os.replace(f / "n3.txt", f / "n4.txt")
    r = sync_folder(base, emb, f)
    assert r.renamed == [(str(f / "n3.txt"), str(f / "n4.txt"))] and r.replaced == [str(f / "n4.txt")]
    assert (r.added, r.removed, r.unchanged) == ([], [], 3)
    moved = base.get_document(source=str(f / "n4.txt"))
    assert moved.id == n3.id and [c.id for c in base.chunks(moved.id)] == n3_chunks
    assert_matches(base, f, {"kept/n0-moved.txt", "n1.txt", "n4.txt", "n5.txt"})
    base.close()


def test_two_processes_and_a_kill_9_on_each_backend(location, tmp_path):
    base = _open(location, SLOW_ID)
    f = tmp_path / "inbox"
    rels = {f"doc{i:02d}.txt" for i in range(16)}
    for i, rel in enumerate(sorted(rels)):
        _write(f, rel, f"document {i} [slow]" if i == 4 else f"document {i} words {i * 3}")
    work = {"VBQ_WORK": str(tmp_path), "VBQ_SLOW_SECONDS": "2"}
    procs = [_start(location, f, **work) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    assert sorted(json.loads(o[0])["status"] for o in outs) == ["busy", "done"]
    assert_matches(base, f, rels)
    assert len([c for c in base.history(500) if c["kind"] == "add_document"]) == len(rels)

    # Killed while embedding a slow file: the base is consistent, the next pass finishes.
    for rel in sorted(rels)[:5]:
        _write(f, rel, (f / rel).read_text() + " changed [slow]" if rel == "doc02.txt" else
               (f / rel).read_text() + " changed")
    for p in (tmp_path / "slow-pids").iterdir():
        p.unlink()
    victim = _start(location, f, VBQ_WORK=str(tmp_path), VBQ_SLOW_SECONDS="60")
    deadline = time.monotonic() + 120
    while not any((tmp_path / "slow-pids").iterdir()):
        assert time.monotonic() < deadline and victim.poll() is None, victim.communicate()
        time.sleep(0.05)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    assert base.check() == []
    assert base.folders.list()[0].holder is not None  # the dead pass's lease
    _write(f, "doc02.txt", "document 2 no longer slow")
    resumed = _start(location, f, VBQ_WORK=str(tmp_path), VBQ_SLOW_SECONDS="0")
    out, err = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, err
    r = json.loads(out)
    assert r["status"] == "done" and r["failed"] == 0, r["failures"]
    assert_matches(base, f, rels)
    base.close()
