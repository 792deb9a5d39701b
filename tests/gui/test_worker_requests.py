"""Typed worker requests: priority, coalescing, cancellation, and no write nested in a bulk job.

The queue rules are checked on `JobQueue` alone; the worker's are checked on the real worker
thread with small test requests (a gate that holds the thread, a bulk job that yields), so
no widget and no base are needed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

import pytest
from vetorbase.gui.aio import spawn
from vetorbase.gui.jobqueue import Job, JobQueue
from vetorbase.gui.requests import (
    BACKGROUND,
    BULK,
    INTERACTIVE,
    Access,
    ChangeLog,
    DocumentDetail,
    GetOverview,
    ImportLangchainNew,
    IngestFile,
    JournalSeq,
    MetadataKeys,
    MetadataValues,
    PreviewWhere,
    RelinkDocument,
    RemoveWhere,
    Request,
    Search,
    TestConnection,
)
from vetorbase.gui.session import Session
from vetorbase.gui.worker import Worker


@dataclass(frozen=True)
class Gate(Request[str]):
    """Holds the worker thread until released (a write: it must not nest)."""

    access: ClassVar[Access] = Access.WRITE
    started: threading.Event = field(default_factory=threading.Event, compare=False)
    release: threading.Event = field(default_factory=threading.Event, compare=False)

    def run(self, session: Session) -> str:
        self.started.set()
        assert self.release.wait(10), "the test never released the gate"
        return "gate"


@dataclass(frozen=True)
class Probe(Request[int]):
    """A quick read that records that it ran; `tag` coalesces probes with the same tag."""

    value: int = 0
    ran: list = field(default_factory=list, compare=False)
    tag: str | None = "probe"

    def key(self) -> str | None:
        return self.tag

    def run(self, session: Session) -> int:
        self.ran.append(self.value)
        return self.value


@dataclass(frozen=True)
class Write(Probe):
    access: ClassVar[Access] = Access.WRITE


@dataclass(frozen=True)
class Bulk(Request[int]):
    """Like one file of an ingestion: long, a write, yielding to waiting reads as it goes."""

    access: ClassVar[Access] = Access.WRITE
    priority: ClassVar[int] = BULK
    started: threading.Event = field(default_factory=threading.Event, compare=False)
    release: threading.Event = field(default_factory=threading.Event, compare=False)

    def run(self, session: Session) -> int:
        self.started.set()
        deadline = time.monotonic() + 10
        yields = 0
        while not self.release.is_set() and time.monotonic() < deadline:
            session.yield_point(0.02)
            yields += 1
        return yields


@dataclass(frozen=True)
class OneYield(Request[str]):
    """Bulk work with a single yield point, then a long stretch without one."""

    access: ClassVar[Access] = Access.WRITE
    priority: ClassVar[int] = BULK
    started: threading.Event = field(default_factory=threading.Event, compare=False)
    go: threading.Event = field(default_factory=threading.Event, compare=False)

    def run(self, session: Session) -> str:
        self.started.set()
        assert self.go.wait(10)
        session.yield_point(0.5)
        time.sleep(1.0)
        return "done"


@dataclass(frozen=True)
class Changed(Probe):
    """Like a Refresh that found changes: the UI will ask for more right after."""

    def follow_up(self, result: object) -> float:
        return 0.5


@pytest.fixture
def worker(qtbot, tmp_path: Path):
    w = Worker(Session(tmp_path / "no-base"))
    w.record = True
    yield w
    w.stop()


def job(request: Request) -> Job:
    return Job(request)


# -- the queue alone ---------------------------------------------------------------------------
def test_queue_serves_interactive_before_background_before_bulk_and_fifo_within_a_level():
    q = JobQueue()
    bulk, back, first, second = (job(IngestFile("/a", threading.Event())), job(GetOverview()),
                                 job(Probe(1, tag=None)), job(Probe(2, tag=None)))
    for j in (bulk, back, first, second):
        q.put(j)
    assert [q.take(timeout=0) for _ in range(4)] == [first, second, back, bulk]
    assert q.take(timeout=0) is None


def test_a_newer_request_with_the_same_key_supersedes_the_queued_one():
    q = JobQueue()
    old, other = job(Search("cats", 10)), job(DocumentDetail(3, purpose="show-in-list"))
    q.put(old)
    q.put(other)
    new = job(Search("cats purring", 10))
    assert q.put(new) == [old] and old.state == "superseded"
    assert DocumentDetail(1).key() != DocumentDetail(1, purpose="show-in-list").key()
    assert [q.take(timeout=0), q.take(timeout=0), q.take(timeout=0)] == [other, new, None]


def test_a_cancelled_request_leaves_the_queue_but_a_running_one_cannot_be_withdrawn():
    q = JobQueue()
    a, b = job(Probe(1, tag=None)), job(Probe(2, tag=None))
    q.put(a)
    q.put(b)
    assert q.cancel(b) and b.state == "cancelled"
    assert q.take(timeout=0) is a and a.state == "running"
    assert not q.cancel(a), "a running request is not withdrawn"
    assert q.take(timeout=0) is None


def test_at_a_yield_point_only_quick_reads_are_taken_even_behind_a_more_urgent_write():
    q = JobQueue()
    write, seq, bulk_read = job(RemoveWhere({"source": "x"})), job(JournalSeq()), job(IngestFile("/b", threading.Event()))
    for j in (write, seq, bulk_read):
        q.put(j)
    assert q.take(nested=True, timeout=0) is seq
    assert q.take(nested=True, timeout=0) is None, "neither the write nor bulk work nests"
    assert q.take(timeout=0) is write


def test_requests_declare_how_they_may_run():
    assert Search("q", 5).may_nest and JournalSeq().may_nest
    assert not RemoveWhere({"a": 1}).may_nest and not TestConnection("ollama:m@http://h").may_nest
    assert IngestFile("/f", threading.Event()).priority == BULK and GetOverview().priority == BACKGROUND
    assert Search("q", 5).priority == INTERACTIVE
    with pytest.raises(AttributeError):
        Search("q", 5).query = "changed"  # frozen: the UI cannot alter a request in flight


def test_the_change_notice_relink_and_import_requests_declare_reads_and_writes():
    """Reads may answer inside an ingestion; a relink (a rename) and an import (creates
    a base) are writes and wait for the file being added."""
    assert ChangeLog(3, 9).access is Access.READ and ChangeLog(3, 9).may_nest
    assert ChangeLog(3, 9).key() is None, "each catch-up's commits are news: never superseded"
    assert PreviewWhere({"source": "a"}).access is Access.READ  # its counts come from count_matching
    assert RelinkDocument(1, "/new/a.pdf").access is Access.WRITE and not RelinkDocument(1, "/a").may_nest
    lc = ImportLangchainNew("/lc", "/lc-vetorbase", "local:use-multilingual-v3")
    assert lc.access is Access.WRITE and not lc.may_nest
    # The search filter box and the removal dialog ask for values independently.
    assert MetadataValues("mime", purpose="filter").key() != MetadataValues("mime").key()
    assert MetadataKeys(purpose="filter").key() != MetadataKeys().key()


# -- the worker thread ---------------------------------------------------------------------
def test_a_write_sent_during_a_bulk_job_waits_for_it_while_reads_run_inside(qtbot, worker):
    bulk = Bulk()
    bulk_future = worker.run(bulk)
    assert bulk.started.wait(5)
    ran: list = []
    write_future = worker.run(Write(1, ran, tag=None))
    read_future = worker.run(Probe(2, ran, tag=None))
    qtbot.waitUntil(read_future.done, timeout=5000)
    assert ran == [2] and not write_future.done(), "the read ran at a yield point, the write waits"
    bulk.release.set()
    qtbot.waitUntil(lambda: write_future.done() and bulk_future.done(), timeout=5000)
    assert ran == [2, 1] and write_future.result() == 1
    log = worker.log
    assert log.index(("start", "Probe")) > log.index(("start", "Bulk"))
    assert log.index(("end", "Probe")) < log.index(("end", "Bulk")), "the read ran nested"
    assert log.index(("start", "Write")) > log.index(("end", "Bulk")), "the write did not nest"


def test_a_yield_point_waits_for_the_ui_reaction_to_a_change(qtbot, worker):
    """After a nested catch-up that found changes, the list reload the UI sends in reaction
    is served in the same yield, not after the rest of the bulk job."""
    bulk = OneYield()
    done = worker.run(bulk)
    assert bulk.started.wait(5)
    ran: list = []
    worker.submit(Changed(1, ran, tag=None), on_result=lambda _r: worker.submit(Probe(2, ran, tag=None)))
    bulk.go.set()
    qtbot.waitUntil(lambda: len(ran) == 2, timeout=5000)
    assert not done.done(), "both ran while the bulk job was still in its long stretch"
    qtbot.waitUntil(done.done, timeout=5000)


def test_superseded_requests_are_cancelled_and_never_run(qtbot, worker):
    gate = Gate()
    worker.run(gate)
    assert gate.started.wait(5)
    ran: list = []
    futures = [worker.run(Probe(i, ran)) for i in range(5)]
    assert all(f.cancelled() for f in futures[:-1]), "each newer probe cancelled the queued older one"
    gate.release.set()
    qtbot.waitUntil(lambda: futures[-1].done() and worker.pending == 0, timeout=5000)
    assert ran == [4] and futures[-1].result() == 4


def test_cancelling_a_queued_request_withdraws_it(qtbot, worker):
    gate = Gate()
    worker.run(gate)
    assert gate.started.wait(5)
    ran: list = []
    doomed, kept = worker.run(Probe(1, ran, tag=None)), worker.run(Probe(2, ran, tag=None))
    doomed.cancel()
    qtbot.waitUntil(lambda: len(worker._queue) == 1, timeout=5000)  # the cancel reached the queue
    gate.release.set()
    qtbot.waitUntil(lambda: kept.done() and worker.pending == 0, timeout=5000)
    assert ran == [2]


def test_a_coroutine_ui_action_awaits_requests_in_order(qtbot, worker):
    seen: list = []

    async def action() -> None:
        seen.append(await worker.run(Probe(1, tag=None)))
        seen.append(await worker.run(Probe(2, tag=None)))

    task = spawn(action())
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert seen == [1, 2]


def test_errors_reach_the_awaiting_action(qtbot, worker, tmp_path):
    caught: list = []

    async def action() -> None:
        try:
            await worker.run(JournalSeq())  # the session has no base open
        except Exception as exc:  # noqa: BLE001
            caught.append(exc)

    task = spawn(action())
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert len(caught) == 1 and "not open" in str(caught[0])


def test_after_stop_queued_and_new_requests_are_cancelled_not_left_pending(qtbot, worker):
    gate = Gate()
    worker.run(gate)
    assert gate.started.wait(5)
    queued = worker.run(Probe(1, tag=None))
    threading.Timer(0.2, gate.release.set).start()
    worker.stop()
    late = worker.run(Probe(2, tag=None))
    assert queued.cancelled() and late.cancelled()
    qtbot.waitUntil(lambda: worker.pending == 0, timeout=5000)


def test_the_worker_refuses_string_operations(worker):
    with pytest.raises(TypeError, match="Request objects"):
        worker.submit("journal_seq")  # type: ignore[arg-type]


def test_real_ingestion_serves_a_search_inside_and_runs_a_removal_after(qtbot, window, tmp_path):
    """The same rule with the real session: one big file embedding, a search and a removal sent
    meanwhile; the search answers during the file, the removal waits for it to be committed."""
    from guihelpers import wait_ingested

    small = tmp_path / "small.txt"
    small.write_text("Um arquivo pequeno sobre vulcões e lava.", encoding="utf-8")
    window.add_paths([str(small)])
    wait_ingested(qtbot, window)
    qtbot.waitUntil(lambda: len(window.view.documents.model.loaded_docs()) == 1, timeout=5000)
    doc_id = window.view.documents.model.loaded_docs()[0].id
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(f"Parágrafo {i}: a chuva forte alagou as ruas e o trânsito parou por horas."
                               for i in range(1500)), encoding="utf-8")
    worker = window.view.worker
    worker.record = True
    window.add_paths([str(big)])
    qtbot.waitUntil(lambda: type(worker.current).__name__ == "IngestFile", timeout=20000)
    window.view.remove_documents([doc_id])
    window.view.search.query_edit.setText("chuva")
    window.view.search.search_now()
    assert type(worker.current).__name__ == "IngestFile", "both were sent while the big file was running"
    qtbot.waitUntil(lambda: ("end", "RemoveDocuments") in worker.log and not window.view.ingest.busy,
                    timeout=120000)
    log = worker.log
    ingest_start = max(i for i, e in enumerate(log) if e == ("start", "IngestFile"))
    ingest_end = max(i for i, e in enumerate(log) if e == ("end", "IngestFile"))
    assert log.index(("start", "RemoveDocuments")) > ingest_end, "the removal did not nest in the ingestion"
    searches = [i for i, e in enumerate(log) if e == ("start", "Search")]
    assert any(ingest_start < i < ingest_end for i in searches), "the search was served at a yield point"
    assert window.view.ingest.counts.get("added") == 1
