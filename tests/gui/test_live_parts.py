"""The parts behind live updates: throttle, watcher after atomic renames, probe, lazy paging."""

from __future__ import annotations

import os
import time

import numpy as np
from guihelpers import open_window
from PySide6.QtCore import Qt
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
from vetorbase.gui.docmodel import PAGE_SIZE
from vetorbase.gui.probe import StallProbe
from vetorbase.gui.throttle import Throttle
from vetorbase.gui.watcher import BaseWatcher
from vetorbase.store import VectorBase


def test_throttle_merges_a_burst_into_two_calls(qtbot):
    calls: list[float] = []
    throttle = Throttle(lambda: calls.append(time.monotonic()), 100)
    for _ in range(50):
        throttle()
    assert len(calls) == 1, "the first call goes through at once"
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=1000)
    qtbot.wait(250)
    assert len(calls) == 2, "the rest of the burst is one deferred call"


def test_watcher_keeps_watching_a_file_replaced_by_rename(qtbot, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    wal = folder / "vetorbase.sqlite-wal"
    wal.write_bytes(b"1")
    watcher = BaseWatcher(folder, throttle_ms=10, poll_ms=60000)
    watcher.start()
    pokes: list[int] = []
    watcher.poke.connect(lambda: pokes.append(1))
    for i in range(3):
        tmp = folder / f"new-{i}"
        tmp.write_bytes(b"x" * (i + 2))
        os.replace(tmp, wal)  # atomic rename over the watched file
        qtbot.waitUntil(lambda n=i: len(pokes) > n, timeout=3000)
        assert str(wal) in watcher._watcher.files(), "the path is watched again after the rename"
    before = len(pokes)
    with open(wal, "ab") as f:  # an in-place write to the renamed-in file is still seen
        f.write(b"more")
    qtbot.waitUntil(lambda: len(pokes) > before, timeout=3000)
    watcher.stop()


def test_stall_probe_measures_a_blocked_loop(qtbot):
    probe = StallProbe().start()
    qtbot.wait(50)
    time.sleep(0.15)  # the UI thread is blocked: the probe must see it
    qtbot.wait(30)
    longest = probe.stop()
    assert 120 <= longest < 1000


def test_document_list_pages_lazily_sorts_and_filters(qtbot, base_dir, qsettings):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(1)
    n = PAGE_SIZE * 2 + 50
    for i in range(n):
        folder = "alpha" if i % 2 else "beta"
        base.add_document(f"/data/{folder}/doc-{i:04d}.txt", [f"text {i}"], rng.standard_normal((1, 512)).astype("float32"))
    window = open_window(qtbot, base_dir, qsettings)
    pane = window.view.documents
    model = pane.model
    assert model.total == n
    assert set(model._pages) == {0}, "only the first page is loaded at first"
    pane.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.doc_at(n - 1) is not None, timeout=5000)
    assert model.doc_at(n - 1).name.startswith("doc-")

    pane.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: model.sort_key == "name" and model.doc_at(0) is not None
                    and model.doc_at(0).name == "doc-0000.txt", timeout=5000)
    pane.filter_edit.setText("/alpha/")
    qtbot.waitUntil(lambda: model.total == n // 2, timeout=5000)
    assert all("/alpha/" in d.source for d in model.loaded_docs())


def test_synchronous_switch_runs_requests_inline(qtbot, base_dir, qsettings, tmp_path):
    """Tests (and debugging) can run the worker inline: results exist as soon as calls return."""
    from vetorbase.gui.app import build_main_window

    window = build_main_window(base_dir, settings=qsettings, synchronous=True)
    qtbot.addWidget(window)
    assert window.view.is_open, "open_base ran inline"
    assert window.view.worker.synchronous and window.view.worker._thread is None
    (tmp_path / "a.txt").write_text("Inline ingestion of one small file about volcanoes.")
    window.add_paths([str(tmp_path / "a.txt")])
    assert window.view.ingest.outcomes[-1].status == "added", "the file was ingested before add_paths returned"
    qtbot.waitUntil(lambda: window.view.documents.model.total == 1, timeout=3000)
    window.view.search.query_edit.setText("volcano")
    window.view.search.search_now()
    assert window.view.search.model.hits and window.view.search.model.hits[0].source.endswith("a.txt")


def test_requests_can_be_awaited_under_qasync(qtbot, window):
    """UI actions may be coroutines: `worker.run(request)` resolves on Qt's loop driven by qasync."""
    import asyncio
    import gc

    import qasync
    from vetorbase.gui.requests import JournalSeq, MetadataKeys
    from PySide6.QtWidgets import QApplication

    loop = qasync.QEventLoop(QApplication.instance(), already_running=False)
    asyncio.set_event_loop(loop)
    try:
        async def flow() -> tuple[int, list]:
            seq = await window.view.worker.run(JournalSeq())
            keys = await window.view.worker.run(MetadataKeys())
            return seq, keys

        seq, keys = loop.run_until_complete(asyncio.wait_for(flow(), 10))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
        del loop
        # qasync's loop leaves QObjects (timers, notifiers) in reference cycles; collect them
        # here, on the GUI thread: if the cyclic GC ran later on a worker thread, Qt would
        # destroy them there ("Timers cannot be stopped from another thread").
        gc.collect()
    assert seq == VectorBase.open(window.view.base_path).journal_seq()
    assert isinstance(keys, list)
