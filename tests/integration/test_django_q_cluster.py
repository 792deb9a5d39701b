"""Django-Q workers share a base with the window: a real qcluster, real producers, kill -9.

The test process plays the window: it keeps one `VectorBase` open the whole time, adds,
removes and searches its own documents, and sees the workers' documents only through
incremental `refresh()`. Two producer processes enqueue 200 ingest tasks and removals.
"""

from __future__ import annotations

import json
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent / "django_q"
sys.path.insert(0, str(PROJECT))

import vbq_harness as h  # noqa: E402
from vbq_embedders import hash_vector  # noqa: E402

from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder  # noqa: E402
from vetorbase.errors import IngestError, InvalidInput  # noqa: E402
from vetorbase.integrations import django_q as vq  # noqa: E402
from vetorbase.store import VectorBase  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

HASH_ID = "import:vbq_embedders:HashEmbedder"
SLOW_ID = "import:vbq_embedders:SlowHashEmbedder"
PRODUCERS = {"p0": "text", "p1": "file"}
PER_PRODUCER = 100
SEEDS = 8


class Env:
    """The cluster and the window's base, shared by the tests of this module (in order)."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.env = h.django_env(work)
        self.emb = get_embedder(HASH_ID)
        self.base = VectorBase.open(work / "base", create=True, dim=self.emb.dim,
                                    embedder_id=self.emb.embedder_id, origin="window@tests")
        self.cluster = h.Cluster(h.django_env(work, VBQ_PREOPEN="1"), work / "qcluster.log")


@pytest.fixture(scope="module")
def vbq(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("vbq")
    e = Env(work)
    for name in PRODUCERS:  # seeded by the window; each producer's removal task deletes them
        for j in range(SEEDS):
            text = f"seed {name} {j} to be removed by a worker"
            e.base.add_document(f"seed/{name}-{j}.txt", [text], [hash_vector(text)],
                                metadata={"tag": f"seed-{name}"})
    h.run_django(e.env, "migrate", "--noinput")
    try:
        e.cluster.start()
        yield e
    finally:
        strays = e.cluster.stop()
        assert strays == [], f"stray cluster processes had to be killed: {strays}"


def test_producers_workers_and_window_share_one_base(vbq: Env) -> None:
    base, work = vbq.base, vbq.work
    base.refresh()
    procs = {
        name: subprocess.Popen(
            [sys.executable, str(PROJECT / "vbq_producer.py"), "--name", name, "--mode", mode,
             "--count", str(PER_PRODUCER), "--out", str(work / f"{name}.json")],
            env=vbq.env, cwd=work, stdout=(work / f"{name}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for name, mode in PRODUCERS.items()
    }
    try:
        outs, w = _play_window(vbq, procs)
    finally:
        for p in procs.values():  # never leave a producer waiting on a stopped cluster
            if p.poll() is None:
                p.kill()
                p.wait(10)
    seen, changes = w.seen, w.changes

    tasks = h.all_tasks(vbq.env)
    worker_docs: dict[str, dict] = {}  # source -> result of its (acknowledged) ingest task
    removed: set[str] = set()
    t_first_enqueue = min(o["t_start"] for o in outs.values())
    for o in outs.values():
        for item in o["ingest"]:
            t = tasks[item["task_id"]]
            assert t["success"], t["result"]
            res = t["result"]
            src = res["source"] if res["task"] == "ingest_text" else res["files"][0]["source"]
            assert res["chunks"] >= 1
            worker_docs[src] = res
        for item in o["remove"]:
            t = tasks[item["task_id"]]
            assert t["success"], t["result"]
            if item["kind"] == "own":
                removed.add(item["where"]["source"])
                assert t["result"]["removed_chunks"] == worker_docs[item["where"]["source"]]["chunks"]
            else:
                assert t["result"]["removed_chunks"] == SEEDS
    assert len(worker_docs) == len(PRODUCERS) * PER_PRODUCER
    # CHUNK_SIZE=400 came from settings.VETORBASE: at the default 1000 every text is 1 chunk.
    assert max(r["chunks"] for r in worker_docs.values()) >= 2

    # Every acknowledged document present exactly once; removed ones absent.
    docs = base.documents(limit=100_000)
    sources = [d.source for d in docs]
    assert len(sources) == len(set(sources)), "a document is present twice"
    expected = (set(worker_docs) - removed) | (set(w.added) - set(w.removed))
    assert set(sources) == expected
    assert base.document_count() == len(expected)
    for src in set(worker_docs) - removed:
        assert base.count(where={"source": src}) == worker_docs[src]["chunks"], src
    assert base.count(where={"tag": {"$in": [f"seed-{n}" for n in PRODUCERS]}}) == 0
    # The workers' removals went to the trash (remove_where does unless purge=True).
    seed_entries = [e for e in base.trash() if e.where and str(e.where.get("tag", "")).startswith("seed-")]
    assert sorted(e.chunks for e in seed_entries) == [SEEDS] * len(PRODUCERS)
    assert all(e.removed_by == "qcluster@tests" for e in seed_entries)
    assert all(tasks[i["task_id"]]["result"]["trash_entry"] for o in outs.values() for i in o["remove"])
    assert base.check() == []

    # Seen by incremental catch-up in this same, never reopened, instance.
    assert VectorBase.open(work / "base") is base
    assert base.seq == base.journal_seq()
    assert changes and not any(c.full_reload for c in changes)
    assert any("qcluster@tests" in c.origins for c in changes)
    surviving = sorted(set(worker_docs) - removed)
    assert set(surviving) <= set(seen), "worker documents never reported by refresh()"
    for src in surviving[::20]:  # the workers' chunks are searchable here, exactly
        chunk = base.chunks(base.get_document(source=src).id)[0]
        hit = base.search(hash_vector(chunk.text), k=1)[0]
        assert hit.id == chunk.id and hit.source == src

    # The base was opened in the qcluster parent before Django-Q forked its workers.
    parent = int((work / "preopened.pid").read_text())
    assert parent == vbq.cluster.proc.pid
    assert parent not in {r["pid"] for r in worker_docs.values()}

    # Latency: from the commit row's time (written inside the worker's transaction, so an
    # upper bound) and from the worker's clock after the call returned (a lower bound).
    commit_at = {}
    for c in base.history(limit=100_000):
        if c["origin"] == "qcluster@tests":
            for src in c.get("sources_added", []):
                commit_at[src] = c["at"]
    lat = [seen[s] - commit_at[s] for s in surviving]
    lat_ret = [seen[s] - worker_docs[s]["committed_at"] for s in surviving]
    stopped = [tasks[i["task_id"]]["stopped"] for o in outs.values() for i in o["ingest"]]
    rate = len(stopped) / (max(stopped) - t_first_enqueue)
    print(f"\n[django-q] {len(stopped)} ingest tasks, {PER_PRODUCER} per producer, 2 workers: "
          f"{rate:.1f} tasks/s (first enqueue -> last done)")
    print(f"[django-q] worker commit -> window refresh() sees it: median "
          f"{statistics.median(lat) * 1000:.0f} ms, worst {max(lat) * 1000:.0f} ms (n={len(lat)}; "
          f"from the worker's return: median {statistics.median(lat_ret) * 1000:.0f} ms, "
          f"worst {max(lat_ret) * 1000:.0f} ms)")
    ms = lambda xs: f"median {statistics.median(xs) * 1000:.1f} ms, worst {max(xs) * 1000:.0f} ms"  # noqa: E731
    print(f"[django-q] window: {len(w.added)} adds, {len(w.removed)} removes, {w.searches} "
          f"searches, {len(changes)} incremental refreshes; refresh() {ms(w.refresh_s)}; "
          f"window writes {ms(w.write_s)}; searches {ms(w.search_s)}")
    assert statistics.median(lat) < 1.0 and max(lat) < 5.0


def test_kill_9_worker_mid_task_loses_nothing_and_retry_completes(vbq: Env) -> None:
    work = vbq.work
    slow = get_embedder(SLOW_ID)
    kbase = VectorBase.open(work / "slowbase", create=True, dim=slow.dim,
                            embedder_id=slow.embedder_id)
    common = {"base_dir": str(work / "slowbase"), "embedder": SLOW_ID}
    fast = h.enqueue(vbq.env, [
        {"func": vq.INGEST_TEXT, "args": [f"fast document {i}"],
         "kwargs": {"source": f"k/fast-{i}.txt", **common}} for i in range(3)])
    h.wait_tasks(work, fast, 60)
    (victim,) = h.enqueue(vbq.env, [
        {"func": vq.INGEST_TEXT, "args": ["[slow] the victim document"],
         "kwargs": {"source": "k/victim.txt", **common}}])
    pid_dir = work / "slow-pids"
    deadline = time.monotonic() + 60
    while not (pid_dir.exists() and any(pid_dir.iterdir())):
        assert time.monotonic() < deadline, "the slow task never started"
        time.sleep(0.05)
    pid = int(next(pid_dir.iterdir()).read_text())
    assert pid in vbq.cluster.members(), "the task did not run in a cluster worker"
    time.sleep(0.5)
    os.kill(pid, signal.SIGKILL)
    t_kill = time.monotonic()
    while h.alive(pid):
        time.sleep(0.05)
    assert victim not in h.task_states(work), "a killed task must not be recorded as done"

    # Nothing acknowledged is lost, in either base.
    kbase.refresh()
    assert {d.source for d in kbase.documents()} == {f"k/fast-{i}.txt" for i in range(3)}
    assert kbase.check() == [] and vbq.base.check() == []

    h.wait_tasks(work, [victim], 60)
    took = time.monotonic() - t_kill
    task = h.all_tasks(vbq.env)[victim]
    assert task["success"] and task["result"]["status"] in ("added", "replaced")
    retry_pids = {int(p.read_text()) for p in pid_dir.iterdir()} - {pid}
    assert retry_pids and pid not in retry_pids
    kbase.refresh()
    sources = [d.source for d in kbase.documents()]
    assert sorted(sources) == sorted([f"k/fast-{i}.txt" for i in range(3)] + ["k/victim.txt"])
    assert kbase.count(where={"source": "k/victim.txt"}) == 1
    assert kbase.check() == []
    assert "reincarnated worker" in vbq.cluster.log()
    print(f"\n[django-q] worker {pid} killed mid-task; retry completed {took:.1f} s later "
          f"in worker {sorted(retry_pids)}")


def test_real_embedder_errors_and_compact(vbq: Env) -> None:
    work = vbq.work
    inbox = work / "real"
    inbox.mkdir()
    texts = {
        "pao.txt": "Receita de pão caseiro: farinha, água, sal e fermento. Sove a massa "
                   "e deixe crescer antes de assar no forno.",
        "rocket.txt": "The rocket engine burns liquid oxygen and kerosene to reach orbit; "
                      "the second stage separates after launch.",
        "cats.txt": "Cats sleep most of the day and purr when they are content; kittens "
                    "play with yarn.",
    }
    for name, text in texts.items():
        (inbox / name).write_text(text, encoding="utf-8")
    rbase = str(work / "realbase")
    ok = h.enqueue(vbq.env, [
        {"func": vq.INGEST_PATH, "args": [str(inbox / n)],
         "kwargs": {"base_dir": rbase, "embedder": DEFAULT_EMBEDDER_ID}} for n in texts])
    bad = h.enqueue(vbq.env, [
        {"func": vq.INGEST_PATH, "args": [str(work / "missing.txt")],
         "kwargs": {"ack_failure": True}},
        {"func": vq.INGEST_TEXT, "args": ["wrong embedder"],
         "kwargs": {"source": "x.txt", "embedder": DEFAULT_EMBEDDER_ID, "ack_failure": True}},
        {"func": vq.REMOVE_WHERE, "args": [{"source": "x"}],
         "kwargs": {"base_dir": str(work / "nobase"), "ack_failure": True}},
        {"func": vq.REMOVE_WHERE, "args": [{}], "kwargs": {"ack_failure": True}},
    ])
    before = sorted(d.source for d in vbq.base.documents(limit=100_000))
    (compact_id,) = h.enqueue(vbq.env, [{"func": vq.COMPACT}])
    h.wait_tasks(work, ok + [compact_id], 120)
    h.wait_tasks(work, bad, 60, success=False)
    tasks = h.all_tasks(vbq.env)

    # Three workers' worth of the real default embedder, created by racing tasks.
    real = VectorBase.open(rbase)
    assert real.embedder_id == DEFAULT_EMBEDDER_ID and real.document_count() == 3
    emb = get_embedder(DEFAULT_EMBEDDER_ID)
    for query, name in [("como fazer pão em casa", "pao.txt"),
                        ("spaceflight launch vehicle", "rocket.txt"),
                        ("gatinhos dormindo", "cats.txt")]:
        assert real.search(emb.embed_query(query), k=1)[0].source.endswith(name), query
    assert real.check() == []

    # Failures are recorded by Django-Q with the error's type and a clear message.
    msgs = [tasks[i]["result"] for i in bad]
    assert not any(tasks[i]["success"] for i in bad)
    assert "IngestError" in msgs[0] and "does not exist" in msgs[0]
    assert "EmbedderMismatch" in msgs[1] and HASH_ID in msgs[1]
    assert "NotABase" in msgs[2]
    assert "InvalidInput" in msgs[3] and "allow_empty" in msgs[3]

    # Compaction by a worker changes nothing the window sees, and needs no full reload.
    assert tasks[compact_id]["success"]
    ch = vbq.base.refresh()
    assert not ch.full_reload
    assert sorted(d.source for d in vbq.base.documents(limit=100_000)) == before
    assert vbq.base.check() == []


def test_sync_folder_task_runs_in_a_worker_and_follows_moves(vbq: Env) -> None:
    work = vbq.work
    inbox = work / "followed"
    inbox.mkdir()
    for i in range(5):
        (inbox / f"s{i}.txt").write_text(f"synced note {i} about herons and egrets", encoding="utf-8")
    task = {"func": vq.SYNC_FOLDER, "args": [str(inbox)],
            "kwargs": {"base_dir": str(work / "syncbase"), "embedder": HASH_ID}}
    (first,) = h.enqueue(vbq.env, [task])
    h.wait_tasks(work, [first], 60)
    base = VectorBase.open(work / "syncbase")
    moved_ids = [c.id for c in base.chunks(base.get_document(source=str(inbox / "s0.txt")).id)]
    (inbox / "s0.txt").rename(inbox / "moved.txt")
    (inbox / "s1.txt").unlink()
    (inbox / "s5.txt").write_text("a new note about cranes", encoding="utf-8")
    (second,) = h.enqueue(vbq.env, [task])
    h.wait_tasks(work, [second], 60)
    tasks = h.all_tasks(vbq.env)
    r1, r2 = tasks[first]["result"], tasks[second]["result"]
    assert r1["task"] == "sync_folder" and (r1["added"], r1["failed"]) == (5, 0)
    assert (r2["added"], r2["renamed"], r2["removed"], r2["unchanged"]) == (1, 1, 1, 3)
    assert r2["pid"] in vbq.cluster.members(), "run by a cluster worker"
    assert sorted(d.source for d in base.documents()) == sorted(
        str(inbox / n) for n in ("moved.txt", "s2.txt", "s3.txt", "s4.txt", "s5.txt"))
    assert [c.id for c in base.chunks(base.get_document(source=str(inbox / "moved.txt")).id)] == moved_ids
    assert [f.path for f in base.folders.list()] == [str(inbox)] and base.folders.list()[0].holder is None
    assert base.check() == []


def test_cluster_stops_cleanly(vbq: Env) -> None:
    members = vbq.cluster.members()
    assert len(members) >= 6  # qcluster, sentinel, monitor, pusher, 2 workers
    strays = vbq.cluster.stop()
    assert strays == []
    assert not any(h.alive(p) for p in members)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass
class WindowLog:
    """What the window did and saw while the workers ran."""

    seen: dict[str, float] = field(default_factory=dict)  # source -> when refresh() showed it
    changes: list = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    searches: int = 0
    refresh_s: list[float] = field(default_factory=list)
    write_s: list[float] = field(default_factory=list)
    search_s: list[float] = field(default_factory=list)


def _play_window(vbq: Env, procs: dict[str, subprocess.Popen]) -> tuple[dict, WindowLog]:
    """Refresh every 10 ms, write and search every 100 ms, until every task succeeded."""
    base, work = vbq.base, vbq.work
    w = WindowLog()
    seen, changes = w.seen, w.changes
    window_added, window_removed = w.added, w.removed
    refresh_s, write_s, search_s = w.refresh_s, w.write_s, w.search_s
    last_op = last_poll = 0.0
    expected_ids: list[str] | None = None
    deadline = time.monotonic() + 150
    while True:
        t_r = time.perf_counter()
        ch = base.refresh()
        refresh_s.append(time.perf_counter() - t_r)
        now = time.time()
        if ch.changed:
            changes.append(ch)
            for src in ch.added_documents:
                seen.setdefault(src, now)
        if now - last_op > 0.1:  # the window's own work, interleaved with the workers'
            last_op = now
            k = len(window_added)
            src = f"window/w-{k:03d}.txt"
            text = f"window note {k} " + " ".join(f"w{k}x{j}" for j in range(6))
            t_w = time.perf_counter()
            base.add_document(src, [text], [hash_vector(text)], metadata={"owner": "window"})
            write_s.append(time.perf_counter() - t_w)
            window_added.append(src)
            if k % 3 == 2:
                victim = window_added[k - 1]
                t_w = time.perf_counter()
                assert base.remove_where({"source": victim}) == 1
                write_s.append(time.perf_counter() - t_w)
                window_removed.append(victim)
            t_w = time.perf_counter()
            hits = base.search(hash_vector(text), k=3)
            search_s.append(time.perf_counter() - t_w)
            assert hits and hits[0].source == src
            w.searches += 1
        if now - last_poll > 0.5:
            last_poll = now
            if expected_ids is None and all(p.poll() is not None for p in procs.values()):
                for name, p in procs.items():
                    log = (work / f"{name}.log").read_text(errors="replace")
                    assert p.returncode == 0, f"producer {name} failed:\n{log[-3000:]}"
                outs = {n: _load(work / f"{n}.json") for n in PRODUCERS}
                expected_ids = [t["task_id"] for o in outs.values()
                                for t in o["ingest"] + o["remove"]]
            if expected_ids is not None:
                states = h.task_states(work)
                if all(states.get(i, (False, 0))[0] for i in expected_ids):
                    break
        assert time.monotonic() < deadline, f"tasks not done in time\n{vbq.cluster.log()[-3000:]}"
        time.sleep(0.01)
    ch = base.refresh()
    if ch.changed:
        changes.append(ch)
        for src in ch.added_documents:
            seen.setdefault(src, time.time())
    return outs, w

# -- the same task functions called in-process (no Django settings: arguments only) -----

def test_tasks_without_django_need_explicit_base_dir() -> None:
    with pytest.raises(InvalidInput, match="'BASE'"):
        vq.ingest_text("some text", source="a.txt")


def test_a_retried_ingest_is_idempotent(tmp_path: Path) -> None:
    kw = {"source": "ticket:42", "base_dir": str(tmp_path / "b"), "embedder": HASH_ID}
    first = vq.ingest_text("the ticket text", metadata={"team": "ops"}, **kw)
    again = vq.ingest_text("the ticket text", metadata={"team": "ops"}, **kw)
    assert first["status"] == "added" and again["status"] == "skipped"
    changed = vq.ingest_text("the ticket text, edited", **kw)
    assert changed["status"] == "replaced"
    base = VectorBase.open(tmp_path / "b")
    assert base.document_count() == 1 and base.check() == []
    json.dumps([first, again, changed])  # results are JSON-able


def test_ingest_path_raises_naming_failed_files_after_committing_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("a perfectly fine text file", encoding="utf-8")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(IngestError, match="bad.pdf") as err:
        vq.ingest_path(folder, base_dir=tmp_path / "b", embedder=HASH_ID)
    assert "The other 1 are stored in" in str(err.value)
    base = VectorBase.open(tmp_path / "b")
    assert [d.name for d in base.documents()] == ["good.txt"]
