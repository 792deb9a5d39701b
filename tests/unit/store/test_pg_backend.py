"""What is particular to a base on a PostgreSQL server (the shared contract tests run on
both backends elsewhere): per-host snapshot caches, NOTIFY, names, fork, read-only."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput, NotABase, ReadOnlyBase
from vetorbase.store.locations import parse

DIM = 16


def unit(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def run(script: str, cache: Path, timeout: float = 120) -> str:
    env = {**os.environ, "VETORBASE_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], env=env, text=True,
                         capture_output=True, timeout=timeout)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_each_host_keeps_its_own_snapshots_and_replays_only_the_log_after_them(pg_url, tmp_path):
    host_a, host_b = tmp_path / "host-a", tmp_path / "host-b"
    write = f"""
        import numpy as np
        from vetorbase import VectorBase
        b = VectorBase.open({pg_url!r}, create=True, dim={DIM}, embedder_id="test:16", origin="a@host-a")
        x = np.random.default_rng(1).normal(size=(3000, {DIM})).astype(np.float32)
        for i in range(3):
            b.add_texts([f"t{{j}}" for j in range(1000)], x[i * 1000:(i + 1) * 1000],
                        [{{"source": f"doc{{i}}-{{j // 10}}"}} for j in range(1000)])
        b.search(x[0], k=1)
        print(b.snapshot())
    """
    published = run(write, host_a).strip()
    assert VectorBase.read_info(pg_url)["dim"] == DIM
    assert published.startswith(str(host_a / "servers")), published
    # Host B has nothing locally: it builds from the server, then publishes its own.
    read = f"""
        import numpy as np
        from vetorbase import VectorBase
        b = VectorBase.open({pg_url!r}, origin="b@host-b")
        hits = b.search(np.ones({DIM}, np.float32), k=3)
        print(len(hits), b.count(), b._sync._cache.snapshot_seq, b.check())
        print(b.snapshot())
    """
    first = run(read, host_b).splitlines()
    assert first[0] == "3 3000 -1 []"  # no local snapshot (-1): built from the journal
    assert first[1].startswith(str(host_b / "servers"))
    # Host A writes more; a new process on host B starts from B's snapshot and replays
    # only the commits after it.
    run(f"""
        import numpy as np
        from vetorbase import VectorBase
        b = VectorBase.open({pg_url!r}, origin="a@host-a")
        b.add_document("late.txt", ["late"], np.ones((1, {DIM}), np.float32))
        b.remove_where({{"source": "doc0-0"}})
    """, host_a)
    again = run(read, host_b).splitlines()[0].split(" ", 3)
    assert again[:2] == ["3", str(3000 + 1 - 10)]
    assert int(again[2]) == 3  # mapped B's snapshot at seq 3, replayed seq 4 and 5
    assert again[3] == "[]"


def test_a_commit_on_another_host_wakes_a_waiting_reader(pg_url, tmp_path):
    b = VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:16")
    b.add_document("first.txt", ["one"], unit(1, 0))
    head = b.journal_seq()
    assert b.wait_for_commit(head, 0.2) == head  # nothing new: returns at the timeout
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import time, numpy as np
        from vetorbase import VectorBase
        w = VectorBase.open({pg_url!r}, origin="w@other-host")
        time.sleep(1.0)
        w.add_document("second.txt", ["two"], np.ones((1, {DIM}), np.float32))
    """)], env={**os.environ, "VETORBASE_CACHE_DIR": str(tmp_path / "other")})
    started = time.monotonic()
    got = b.wait_for_commit(head, 30)
    waited = time.monotonic() - started
    writer.wait(60)
    assert got == head + 1
    assert 0.5 < waited < 10, waited  # woken by the commit, not by the 30 s timeout
    assert b.history(1)[0]["origin"] == "w@other-host"
    assert b.count() == 2


@pytest.mark.parametrize("name", ["a'b", 'x";drop schema public;--', "", "a b", "é", "x" * 49])
def test_base_names_that_are_not_plain_words_are_refused(pg_server, name):
    url = pg_server.url() + "?base=" + name
    before = pg_server.psql("SELECT count(*) FROM pg_namespace", database="vetorbase")
    with pytest.raises(InvalidInput, match="base name"):
        VectorBase.open(url, create=True, dim=DIM, embedder_id="test:16")
    assert pg_server.psql("SELECT count(*) FROM pg_namespace", database="vetorbase") == before


def test_bases_in_one_database_are_separate(pg_server):
    one = VectorBase.open(pg_server.url("sep_one"), create=True, dim=DIM, embedder_id="test:16")
    two = VectorBase.open(pg_server.url("sep_two"), create=True, dim=DIM, embedder_id="test:16")
    one.add_document("a.txt", ["a"], unit(1, 1))
    assert (one.count(), two.count()) == (1, 0)
    with pytest.raises(NotABase, match="no base named 'sep_three'"):
        VectorBase.open(pg_server.url("sep_three"))
    assert one.location == parse(pg_server.url("sep_one", password=False)).display
    assert "s3cret-pg-pass" not in one.location and "s3cret-pg-pass" not in repr(one)


def test_a_read_only_open_refuses_writes(pg_url):
    writer = VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:16")
    writer.add_document("a.txt", ["a"], unit(1, 2))
    writer.close()  # else this process's writable instance would serve the read-only open
    ro = VectorBase.open(pg_url, read_only=True)
    assert ro.count() == 1
    with pytest.raises(ReadOnlyBase):
        ro.remove_where({"source": "a.txt"})


def test_a_forked_child_neither_uses_nor_closes_the_parents_connection(pg_url, tmp_path):
    VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:16").close()
    out = run(f"""
        import os, sys, numpy as np
        from vetorbase import VectorBase
        b = VectorBase.open({pg_url!r})
        b.add_document("parent.txt", ["p"], np.ones((1, {DIM}), np.float32))
        b.search(np.ones({DIM}, np.float32), k=1)
        b.wait_for_commit(b.journal_seq(), 0.1)  # a listening connection too
        pid = os.fork()
        if pid == 0:
            b.add_document("child.txt", ["c"], np.ones((1, {DIM}), np.float32))
            assert b.count() == 2
            sys.exit(0)  # a normal exit: the child's garbage collection runs
        _, status = os.waitpid(pid, 0)
        assert status == 0, status
        # The parent's connections still work (the child never said goodbye on them).
        print(b.count(), sorted(d.source for d in b.documents()), b.check())
    """, tmp_path)
    assert out.strip() == "2 ['child.txt', 'parent.txt'] []"


def test_any_libpq_url_works_unix_socket_pgpassword_and_pgpass(pg_server, tmp_path, monkeypatch):
    from pgserver import PASSWORD, USER

    tcp = f"postgresql://{USER}@127.0.0.1:{pg_server.port}/vetorbase?base=libpq&sslmode=disable"
    with pytest.raises(Exception, match="password"):
        VectorBase.open(tcp, create=True, dim=DIM, embedder_id="test:16")
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    VectorBase.open(tcp, create=True, dim=DIM, embedder_id="test:16").add_document("a.txt", ["a"], unit(1, 3))
    monkeypatch.delenv("PGPASSWORD")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_server.port}:vetorbase:{USER}:{PASSWORD}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    VectorBase.open(tcp).close()
    assert VectorBase.open(tcp).count() == 1
    # A Unix socket folder as host= (the server trusts local connections here).
    socket_url = f"postgresql://{USER}@/vetorbase?host={pg_server.sockets}&port={pg_server.port}&base=libpq"
    assert VectorBase.read_info(socket_url)["dim"] == DIM
    assert VectorBase.open(socket_url, read_only=True).count() == 1


def test_short_lived_threads_do_not_pile_up_server_sessions(pg_server, pg_url):
    import gc
    import threading

    b = VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:16")
    b.add_document("a.txt", ["a"], unit(1, 4))

    def sessions() -> int:
        return int(pg_server.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'vetorbase' "
            f"AND pid != pg_backend_pid()", database="vetorbase"))

    before = sessions()
    for _ in range(3):
        threads = [threading.Thread(target=b.count) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    gc.collect()
    time.sleep(0.5)  # the server notices closed sessions asynchronously
    assert sessions() <= before + 1, (before, sessions())
    assert b.count() == 1


def test_a_conflict_the_server_reports_is_a_retryable_conflict_not_a_lost_connection():
    import psycopg
    from psycopg import errors as pgerrors

    from vetorbase.errors import ServerUnavailable, WriteConflict
    from vetorbase.store.pgconn import translate

    conflict = translate(pgerrors.SerializationFailure("could not serialize access"), "postgresql://h/db?base=x")
    assert isinstance(conflict, WriteConflict) and conflict.retryable
    assert "conflicted" in str(conflict) and "connection" not in str(conflict)
    deadlock = translate(pgerrors.DeadlockDetected("deadlock detected"), "postgresql://h/db?base=x")
    assert isinstance(deadlock, WriteConflict)
    lost = translate(psycopg.OperationalError("server closed the connection unexpectedly"), "postgresql://h/db?base=x")
    assert isinstance(lost, ServerUnavailable) and "lost" in str(lost)
    shutdown = translate(pgerrors.AdminShutdown("terminating connection"), "postgresql://h/db?base=x")
    assert isinstance(shutdown, ServerUnavailable)
