"""A PostgreSQL base when things go wrong: the server stops mid-write, restarts, refuses a
password, or is handed a base name with SQL in it.

The stop/restart tests use their own throw-away server (tests/pgserver.py), never the
session's, so no other test sees the outage. An outage must surface as the library's
retryable `ServerUnavailable`, leave nothing half-written, and processes that were open
through it must reconnect and catch up by themselves (their LISTEN too).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest
from pgserver import PASSWORD, PgServer, free_port

from vetorbase import VectorBase
from vetorbase.errors import AuthenticationFailed, ConnectionFailed, InvalidInput, ServerUnavailable
from vetorbase.store.locations import redact

WORKER = Path(__file__).with_name("outage_worker.py")
DIM = 32
WRONG = "Wr0ng-Pa55-x9"


@pytest.fixture(scope="module")
def own_server():
    """A server of this module's own, stopped and restarted by its tests."""
    server = PgServer()
    try:
        yield server
    finally:
        server.destroy()


@pytest.fixture
def own_url(own_server, tmp_path, monkeypatch):
    """`own_url(name)`: a base URL on the module's server; this process's instances of
    those bases are closed after the test (their LISTEN threads would otherwise go on
    reconnecting to a server that is gone). Snapshot caches go in the test's folder."""
    from vetorbase.store import registry
    from vetorbase.store.opening import location_key

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    urls: list[str] = []

    def make(name: str) -> str:
        urls.append(own_server.url(name))
        return urls[-1]

    yield make
    for url in urls:
        base = registry.get(location_key(url))
        if base is not None:
            base.close()


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def no_secret(exc: BaseException, *secrets: str) -> None:
    """Neither the message, the repr nor the whole traceback chain holds a password."""
    text = str(exc) + repr(exc) + "".join(traceback.format_exception(exc))
    for secret in secrets:
        assert secret not in text, f"a password leaked into {type(exc).__name__}: {text[:500]}"


def _writing(server: PgServer) -> int:
    """Sessions holding an advisory lock: a write transaction of the store has begun (it
    takes the base's advisory lock first, then inserts)."""
    return int(server.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted",
                           database="vetorbase"))


def test_a_write_in_flight_when_the_server_stops_raises_retryable_and_leaves_nothing(own_server, own_url):
    """Deterministic: a 20,000-chunk document is being inserted when the server stops."""
    url = own_url("inflight")
    base = VectorBase.open(url, create=True, dim=DIM, embedder_id="test:32")
    base.add_document("small", ["small"], np.ones((1, DIM)))
    base.refresh()
    n = 20_000
    vectors = np.random.default_rng(5).normal(size=(n, DIM))
    outcome: list[BaseException | str] = []

    def huge() -> None:
        try:
            base.add_document("huge", [f"huge part {i}" for i in range(n)], vectors)
            outcome.append("returned")
        except BaseException as exc:  # noqa: BLE001 - the test looks at what it was
            outcome.append(exc)

    thread = threading.Thread(target=huge)
    thread.start()
    wait_for(lambda: _writing(own_server) > 0 or not thread.is_alive(), 30,
             "the write's transaction to begin")
    time.sleep(0.3)  # rows are being inserted
    assert thread.is_alive(), f"the write ended before the server stopped: {outcome}"
    own_server.stop("fast")
    thread.join(60)
    try:  # while the server is down, reads say so the same way
        for read in (base.count, base.refresh, lambda: base.search(np.ones(DIM), k=1),
                     lambda: base.documents(limit=5)):
            with pytest.raises(ServerUnavailable) as down:
                read()
            assert down.value.retryable
            no_secret(down.value, PASSWORD)
    finally:
        own_server.start()
    assert outcome and isinstance(outcome[0], ServerUnavailable), outcome
    exc = outcome[0]
    assert exc.retryable and "inflight" in str(exc)
    assert "may or may not" not in str(exc)  # it failed before COMMIT: nothing was written
    no_secret(exc, PASSWORD)

    assert base.get_document(source="huge") is None
    assert base.count() == 1 and base.document_count() == 1
    assert base.check() == []
    assert not base.refresh().changed
    base.add_document("after", ["after"], np.full((1, DIM), -1.0))  # this process writes again
    assert base.count() == 2


def test_server_stopped_mid_write_raises_retryable_and_leaves_nothing_half_written(tmp_path, own_server,
                                                                                 own_url):
    url = own_url("outage")
    base = VectorBase.open(url, create=True, dim=DIM, embedder_id="test:32")
    log, stop = tmp_path / "ops.jsonl", tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, str(WORKER), url, str(log), str(stop), "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acks = lambda after=0.0: [r for r in read_log(log) if r["state"] == "ack" and r["t"] > after]  # noqa: E731
    errors = lambda: [r for r in read_log(log) if r["state"] == "error"]  # noqa: E731
    try:
        wait_for(lambda: len(acks()) >= 10 or writer.poll() is not None, 60, "the writer's first writes")
        for mode in ("fast", "immediate"):  # a clean shutdown, then a crash of the server
            seen = len(errors())
            own_server.stop(mode)
            wait_for(lambda: len(errors()) > seen or writer.poll() is not None, 30, f"an error ({mode})")
            time.sleep(1.0)  # a few more failed attempts while it is down
            own_server.start()
            restarted = time.time()
            wait_for(lambda: len(acks(restarted)) >= 5 or writer.poll() is not None, 60,
                     f"the writer to reconnect after the {mode} stop")
        stop.touch()
        _, err = writer.communicate(timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, f"the writer died on something else than a Vetorbase error:\n{err[-3000:]}"

    records = read_log(log)
    errs = [r for r in records if r["state"] == "error"]
    assert len(errs) >= 2
    for r in errs:
        assert r["type"] == "ServerUnavailable" and r["retryable"], r
        assert PASSWORD not in r["message"] + r["repr"]
        assert "outage" in r["message"], f"the error does not name the base: {r['message']}"
    intended = {r["source"]: r["chunks"] for r in records if r["state"] == "intent"}
    acked = {r["source"] for r in records if r["state"] == "ack"}

    # This instance was open through both outages: it reconnects and catches up.
    base.refresh()
    present = {d.source: d.chunks for d in base.documents(limit=100_000)}
    assert acked <= set(present), f"lost: {sorted(acked - set(present))[:5]}"
    assert set(present) <= set(intended), "a document that was never attempted"
    half = {s: (n, intended[s]) for s, n in present.items() if n != intended[s]}
    assert not half, f"half-written documents (present, intended): {half}"
    assert base.count() == sum(present.values())
    assert base.check() == []
    assert {h.source for h in base.search(np.ones(DIM), k=10_000)} == set(present)
    lost = sum("was lost" in r["message"] for r in errs)
    print(f"\n[outage] {len(acked)} writes acknowledged, {len(errs)} ServerUnavailable "
          f"({lost} with the connection lost mid-call), "
          f"{len(set(present) - acked)} unacknowledged writes committed")


WRITE_AFTER = (
    "import sys, time, numpy as np; from vetorbase import VectorBase;"
    "b = VectorBase.open(sys.argv[1], origin='late@other-host');"
    "print(time.time(), flush=True);"
    "[b.add_document(f'after-{i}', [f'after {i}'], np.eye(32)[[i + 1]]) for i in range(3)]"
)


def test_a_process_open_through_a_restart_reconnects_is_woken_and_catches_up(own_server, own_url):
    url = own_url("restart")
    reader = VectorBase.open(url, create=True, dim=DIM, embedder_id="test:32")
    reader.add_document("before", ["before"], np.ones((1, DIM)))
    assert [h.source for h in reader.search(np.ones(DIM), k=1)] == ["before"]
    reader.refresh()  # what the next refresh() reports starts here
    seq = reader.journal_seq()
    own_server.restart()

    # The first thing this process does after the restart is wait for a commit: its
    # LISTEN connection died with the server and must be re-established.
    woke: list[float] = []
    heads: list[int] = []
    waiter = threading.Thread(target=lambda: (heads.append(reader.wait_for_commit(seq, 20.0)),
                                              woke.append(time.time())))
    waiter.start()
    time.sleep(0.5)
    out = subprocess.run([sys.executable, "-c", WRITE_AFTER, url], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    t_first_commit = float(out.stdout.split()[0])
    waiter.join(30)
    assert heads and heads[0] > seq, "wait_for_commit returned without a newer commit"
    assert woke[0] - t_first_commit < 2.0, f"woken {woke[0] - t_first_commit:.2f} s after the commit"

    changes = reader.refresh()
    assert changes.added_documents == ["after-0", "after-1", "after-2"]
    assert "late@other-host" in changes.origins
    assert reader.search(np.eye(DIM)[3], k=1)[0].source == "after-2"
    assert reader.document_count() == 4 and reader.count() == 4
    assert reader.check() == []


def _auth_failures(location: str) -> list:
    return [
        lambda: VectorBase.open(location.replace(f":{PASSWORD}@", f":{WRONG}@")),
        lambda: VectorBase.open(redact(location), password=WRONG),
        lambda: VectorBase.read_info(location.replace(f":{PASSWORD}@", f":{WRONG}@")),
        lambda: VectorBase.open(location.replace(f":{PASSWORD}@", f":{WRONG}@"), create=True, dim=DIM,
                                embedder_id="test:32"),
    ]


def test_wrong_password_is_authentication_failed_without_the_password(pg_url, caplog):
    caplog.set_level(logging.DEBUG)
    good = VectorBase.open(pg_url, create=True, dim=DIM, embedder_id="test:32")
    good.add_document("kept", ["kept"], np.ones((1, DIM)))
    good.close()
    for attempt in _auth_failures(pg_url):
        with pytest.raises(AuthenticationFailed) as info:
            attempt()
        exc = info.value
        assert isinstance(exc, ConnectionFailed) and not exc.retryable
        assert "password" in str(exc).lower() and "127.0.0.1" in str(exc), str(exc)
        no_secret(exc, WRONG, PASSWORD)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert WRONG not in logged and PASSWORD not in logged
    # Nothing of the failed attempts sticks: the right password still opens the base.
    again = VectorBase.open(pg_url)
    assert again.count() == 1 and again.check() == []


def test_a_server_that_is_not_there_is_server_unavailable(tmp_path):
    url = f"postgresql://vetorbase:{PASSWORD}@127.0.0.1:{free_port()}/vetorbase?base=nobody"
    t0 = time.monotonic()
    with pytest.raises(ServerUnavailable) as info:
        VectorBase.open(url, create=True, dim=DIM, embedder_id="test:32")
    assert info.value.retryable and time.monotonic() - t0 < 30
    assert "127.0.0.1" in str(info.value)
    no_secret(info.value, PASSWORD)


HOSTILE = ['x";drop schema public;--', "a'b", 'x"; DROP SCHEMA public CASCADE; --', "b'; DROP TABLE t; --"]


def _schemas(pg_server) -> str:
    return pg_server.psql("\\dn", database="vetorbase")


@pytest.mark.parametrize("encode", [False, True], ids=["raw", "percent-encoded"])
def test_base_names_with_quotes_or_sql_are_refused_and_create_nothing(pg_server, encode):
    pg_server.psql("CREATE TABLE IF NOT EXISTS public.t (x int)", database="vetorbase")
    before = _schemas(pg_server)
    tables = pg_server.psql("SELECT count(*) FROM pg_tables", database="vetorbase")
    for name in HOSTILE:
        url = pg_server.url() + "?base=" + (quote(name, safe="") if encode else name)
        with pytest.raises(InvalidInput) as info:
            VectorBase.open(url, create=True, dim=DIM, embedder_id="test:32")
        assert "base name" in str(info.value)
        no_secret(info.value, PASSWORD)
    assert _schemas(pg_server) == before
    assert "public" in before
    assert pg_server.psql("SELECT count(*) FROM pg_tables", database="vetorbase") == tables


def test_a_base_name_that_needs_quoting_works(pg_server):
    url = pg_server.url("Mixed-Case_9")
    base = VectorBase.open(url, create=True, dim=DIM, embedder_id="test:32")
    base.add_document("a", ["a"], np.ones((1, DIM)))
    assert "Mixed-Case_9" in _schemas(pg_server)
    assert VectorBase.open(url).count() == 1 and VectorBase.exists(url)
    base.close()
