"""The real qcluster on PostgreSQL: Django's database (the ORM broker) and the base both live
on the suite's server.

Django's DATABASES["default"] is a fresh PostgreSQL database; Django-Q's ORM broker queues
tasks in it, and the tasks write a base named by `VETORBASE = {"BASE": <server URL>}`, or
by `{"BASE": "django"}` (the base "default" in Django's own database, reached with
Django's connection settings: the password is written only in DATABASES).
The qcluster parent opens the base before Django-Q forks its workers (the workers must
use their own server connections). Two producer processes enqueue ingest and removal
tasks while this process plays the window on the same base (adds, removes, refreshes).
The final state must equal the acknowledged tasks and the window's own writes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pgserver import PASSWORD, USER

PROJECT = Path(__file__).resolve().parent / "django_q"
sys.path.insert(0, str(PROJECT))

import vbq_harness as h  # noqa: E402
from vbq_embedders import hash_vector  # noqa: E402

from vetorbase.embeddings import get_embedder  # noqa: E402
from vetorbase.store import VectorBase  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

import vetorbase.integrations.django_database  # noqa: E402,F401 - VETORBASE["BASE"] = URL / "django"

HASH_ID = "import:vbq_embedders:HashEmbedder"
PRODUCERS = {"p0": "text", "p1": "file"}
PER_PRODUCER = 30
SEEDS = 4


class PgEnv:
    """A Django project on a PostgreSQL database of its own, its cluster, and the window's base."""

    def __init__(self, work: Path, pg_server, kind: str) -> None:
        self.work = work
        self.dbname = f"vbq_{kind}_{time.time_ns() % 10**9}"
        pg_server.psql(f"CREATE DATABASE {self.dbname} OWNER {USER}")
        self.db_url = pg_server.url(None, database=self.dbname)  # Django's own tables
        self.base_url = pg_server.url("vbq" if kind == "url" else "default", database=self.dbname)
        setting = self.base_url if kind == "url" else "django"
        db = {"VBQ_DB_NAME": self.dbname, "VBQ_DB_HOST": "127.0.0.1", "VBQ_DB_PORT": str(pg_server.port),
              "VBQ_DB_USER": USER, "VBQ_DB_PASSWORD": PASSWORD, "VBQ_BASE": setting,
              "XDG_CACHE_HOME": str(work / "cache-workers")}
        self.env = h.django_env(work, **db)
        self.emb = get_embedder(HASH_ID)
        self.base = VectorBase.open(self.base_url, create=True, dim=self.emb.dim,
                                    embedder_id=self.emb.embedder_id, origin="window@tests")
        self.cluster = h.Cluster(h.django_env(work, VBQ_PREOPEN="1", **db), work / "qcluster.log")


@pytest.fixture(params=["url", "django"])
def pgq(request, pg_server, tmp_path_factory: pytest.TempPathFactory, monkeypatch):
    work = tmp_path_factory.mktemp("vbqpg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(work / "cache-window"))
    e = PgEnv(work, pg_server, request.param)
    for name in PRODUCERS:
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
        e.base.close()
        assert strays == [], f"stray cluster processes had to be killed: {strays}"


def test_qcluster_with_the_orm_broker_on_postgresql_writes_a_postgresql_base(pgq: PgEnv) -> None:
    base, work = pgq.base, pgq.work
    assert base.backend == "postgresql"
    procs = {
        name: subprocess.Popen(
            [sys.executable, str(PROJECT / "vbq_producer.py"), "--name", name, "--mode", mode,
             "--count", str(PER_PRODUCER), "--out", str(work / f"{name}.json")],
            env=pgq.env, cwd=work, stdout=(work / f"{name}.log").open("wb"), stderr=subprocess.STDOUT,
        )
        for name, mode in PRODUCERS.items()
    }
    added, removed, seen = [], [], set()
    try:
        outs = None
        deadline = time.monotonic() + 200
        last_op = 0.0
        while True:
            seen.update(base.refresh().added_documents)
            if time.monotonic() - last_op > 0.2:  # the window's own writes, interleaved
                last_op = time.monotonic()
                k = len(added)
                src, text = f"window/w-{k:03d}.txt", f"window note {k} w{k}x"
                base.add_document(src, [text], [hash_vector(text)], metadata={"owner": "window"})
                added.append(src)
                if k % 3 == 2:
                    assert base.remove_where({"source": added[k - 1]}) == 1
                    removed.append(added[k - 1])
            if outs is None and all(p.poll() is not None for p in procs.values()):
                for name, p in procs.items():
                    assert p.returncode == 0, (work / f"{name}.log").read_text(errors="replace")[-3000:]
                outs = {n: json.loads((work / f"{n}.json").read_text()) for n in PRODUCERS}
            if outs is not None:
                ids = [t["task_id"] for o in outs.values() for t in o["ingest"] + o["remove"]]
                states = h.task_states(work, pgq.db_url)
                if all(states.get(i, (False, 0))[0] for i in ids):
                    break
            assert time.monotonic() < deadline, f"tasks not done in time\n{pgq.cluster.log()[-3000:]}"
            time.sleep(0.05)
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
                p.wait(10)

    tasks = h.all_tasks(pgq.env)
    worker_docs: dict[str, dict] = {}
    gone: set[str] = set()
    for o in outs.values():
        for item in o["ingest"]:
            t = tasks[item["task_id"]]
            assert t["success"], t["result"]
            res = t["result"]
            worker_docs[res["source"] if res["task"] == "ingest_text" else res["files"][0]["source"]] = res
        for item in o["remove"]:
            t = tasks[item["task_id"]]
            assert t["success"], t["result"]
            if item["kind"] == "own":
                gone.add(item["where"]["source"])
                assert t["result"]["removed_chunks"] == worker_docs[item["where"]["source"]]["chunks"]
            else:
                assert t["result"]["removed_chunks"] == SEEDS
    assert len(worker_docs) == len(PRODUCERS) * PER_PRODUCER

    base.refresh()
    sources = [d.source for d in base.documents(limit=100_000)]
    assert len(sources) == len(set(sources)), "a document is present twice"
    expected = (set(worker_docs) - gone) | (set(added) - set(removed))
    assert set(sources) == expected
    assert base.document_count() == len(expected)
    for src in set(worker_docs) - gone:
        assert base.count(where={"source": src}) == worker_docs[src]["chunks"], src
    assert base.count(where={"tag": {"$in": [f"seed-{n}" for n in PRODUCERS]}}) == 0
    assert base.check() == []
    # The workers wrote from other processes with their own origin; this instance caught up.
    assert {"qcluster@tests", "window@tests"} <= {c["origin"] for c in base.history(100_000)}
    assert (set(worker_docs) - gone) <= seen
    for src in sorted(set(worker_docs) - gone)[::10]:
        chunk = base.chunks(base.get_document(source=src).id)[0]
        assert base.search(hash_vector(chunk.text), k=1)[0].id == chunk.id
    # Workers were forked from a parent that had the base open, and wrote anyway.
    parent = int((work / "preopened.pid").read_text())
    assert parent == pgq.cluster.proc.pid
    assert parent not in {r["pid"] for r in worker_docs.values()}
    assert not (work / "django.sqlite3").exists()  # Django-Q's queue lived on the server
    # Results and logs name the base without its password.
    assert PASSWORD not in json.dumps(tasks, default=str) and PASSWORD not in pgq.cluster.log()
