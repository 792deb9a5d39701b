"""Dropping files on the window: they appear, failures say why, unchanged files are skipped."""

from __future__ import annotations

from guihelpers import (
    drop_paths,
    record_stall,
    screenshot,
    wait_ingested,
    write_small_files,
    write_topic_files,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from vetorbase.gui.ingestpane import COL_DETAIL, COL_FILE, COL_STATUS
from vetorbase.gui.probe import StallProbe
from vetorbase.store import VectorBase


def table_rows(window) -> dict[str, tuple[str, str]]:
    table = window.view.ingest.table
    return {table.item(r, COL_FILE).text(): (table.item(r, COL_STATUS).text(), table.item(r, COL_DETAIL).text())
            for r in range(table.rowCount())}


def test_drop_adds_files_reports_failures_and_skips_unchanged(qtbot, window, tmp_path, artifacts_dir):
    pane = window.view.documents
    assert pane.stack.currentWidget() is pane.empty, "an empty base shows the drop hint"
    screenshot(window, artifacts_dir, "01-empty-base")
    files = write_topic_files(tmp_path / "docs")
    (tmp_path / "docs" / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    unsupported = tmp_path / "notes.xyz"
    unsupported.write_text("some text")

    # Dropped on the list's viewport: the drop travels up to the window ("anywhere").
    entered, dropped = drop_paths(pane.table.viewport(), [tmp_path / "docs", unsupported])
    assert entered and dropped
    counts = wait_ingested(qtbot, window)
    assert counts == {"added": len(files), "failed": 2}
    rows = table_rows(window)
    assert rows["notes.xyz"][0] == "failed" and "unsupported file type .xyz" in rows["notes.xyz"][1]
    assert rows["broken.pdf"][0] == "failed" and rows["broken.pdf"][1].strip(), "a failure must say why"
    assert "failed" in window.notice_bar.text or "broken.pdf" in " ".join(t for _, t in window.notice_bar.history)
    window.view.tabs.setCurrentIndex(2)
    qtbot.waitUntil(lambda: f"<b>{len(files)}</b> documents" in window.view.key_stats.text(), timeout=3000)
    screenshot(window, artifacts_dir, "02-ingest-queue")

    qtbot.waitUntil(lambda: pane.model.total == len(files), timeout=5000)
    window.view.tabs.setCurrentIndex(0)
    assert pane.stack.currentWidget() is pane.table
    assert {d.name for d in pane.model.loaded_docs()} == {p.name for p in files.values()}
    pane.table.selectRow(0)
    qtbot.waitUntil(lambda: "Chunk 1" in pane.detail.toPlainText(), timeout=5000)
    screenshot(window, artifacts_dir, "02-after-ingest")

    drop_paths(window, [files["cats"]])
    drop_paths(window, [files["cats"]])  # dropped twice while queued: handled once
    assert wait_ingested(qtbot, window) == {"skipped": 1}
    status, reason = table_rows(window)["cats.txt"]
    assert status == "skipped" and "unchanged" in reason
    assert VectorBase.open(window.view.base_path).document_count() == len(files)


def test_ingesting_many_small_files_keeps_the_window_responsive(qtbot, window, tmp_path, artifacts_dir):
    paths = write_small_files(tmp_path / "many", 200)
    probe = StallProbe().start()
    drop_paths(window, [tmp_path / "many"])
    # A search typed during the ingestion is answered before the queue ends.
    qtbot.waitUntil(lambda: window.view.ingest.counts.get("added", 0) >= 5, timeout=30000)
    window.view.search.query_edit.setText("volcano lava")
    window.view.search.search_now()
    qtbot.waitUntil(lambda: bool(window.view.search.model.hits), timeout=30000)
    answered_while_busy = window.view.ingest.busy
    counts = wait_ingested(qtbot, window, timeout=120000)
    longest = probe.stop()
    record_stall(artifacts_dir, "ingest_200_files", longest, files=len(paths), ticks=probe.ticks)
    assert counts == {"added": 200}
    assert answered_while_busy, "searches must not wait for the whole ingestion queue"
    qtbot.waitUntil(lambda: window.view.documents.model.total == 200, timeout=5000)


def test_escape_cancels_the_queue_without_half_documents(qtbot, window, tmp_path):
    write_small_files(tmp_path / "many", 60)
    drop_paths(window, [tmp_path / "many"])
    qtbot.waitUntil(lambda: window.view.ingest.counts.get("added", 0) >= 2, timeout=30000)
    QTest.keyClick(window, Qt.Key.Key_Escape)
    counts = wait_ingested(qtbot, window)
    assert counts.get("cancelled", 0) > 0
    assert counts.get("added", 0) + counts["cancelled"] == 60
    base = VectorBase.open(window.view.base_path)
    assert base.document_count() == counts["added"]
    assert base.check() == []
