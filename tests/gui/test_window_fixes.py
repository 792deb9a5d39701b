"""Stale messages, quitting mid-ingestion, recent bases, new bases, keyboard (issue 14, items 5, 7, 9, 10)."""

from __future__ import annotations

from guihelpers import open_window, wait_ingested, write_small_files, write_topic_files
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from vetorbase.gui.ingestpane import COL_PROGRESS, COL_STATUS, PROGRESS_ROLE
from vetorbase.gui.session import IngestProgress
from vetorbase.gui.settings import load_pending
from vetorbase.store import VectorBase


def click_when_asked(window, button_text: str) -> None:
    """Answer the window's next question box (it runs its own modal loop) by its button."""
    def attempt() -> None:
        box = window.last_question
        if box is None:
            QTimer.singleShot(20, attempt)
            return
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return
        raise AssertionError(f"no button {button_text!r} in {[b.text() for b in box.buttons()]}")
    QTimer.singleShot(20, attempt)


def test_quitting_mid_ingestion_asks_and_resumes_the_rest_next_time(qtbot, window, tmp_path, qsettings):
    write_small_files(tmp_path / "many", 40)
    window.add_paths([str(tmp_path / "many")])
    pane = window.view.ingest
    qtbot.waitUntil(lambda: pane.counts.get("added", 0) >= 2, timeout=30000)
    click_when_asked(window, "Keep adding")
    assert not window.quit_interactively(), "'Keep adding' keeps the window open"
    assert pane.busy or pane.counts.get("added", 0) == 40
    click_when_asked(window, "Quit and resume later")
    assert window.quit_interactively()
    base_path = str(window.view.base_path)
    pending = load_pending(QSettings(qsettings.fileName(), QSettings.Format.IniFormat)).get(base_path, [])
    added = VectorBase.open(base_path).document_count()
    assert pending and added + len(pending) >= 40, "nothing is dropped silently"
    assert added < 40

    again = open_window(qtbot, tmp_path / "base", QSettings(qsettings.fileName(), QSettings.Format.IniFormat))
    qtbot.waitUntil(lambda: VectorBase.open(base_path).document_count() == 40 and not again.view.ingest.busy,
                    timeout=60000)
    assert any("Resuming" in t for _, t in again.notice_bar.history)
    assert load_pending(QSettings(qsettings.fileName(), QSettings.Format.IniFormat)).get(base_path) is None


def test_a_program_closing_the_window_keeps_the_queue_without_asking(qtbot, window, tmp_path, qsettings):
    write_small_files(tmp_path / "many", 40)
    window.add_paths([str(tmp_path / "many")])
    qtbot.waitUntil(lambda: window.view.ingest.counts.get("added", 0) >= 2, timeout=30000)
    assert window.close(), "no question blocks a programmatic close (session end, tests)"
    base_path = str(window.view.base_path)
    pending = load_pending(QSettings(qsettings.fileName(), QSettings.Format.IniFormat)).get(base_path, [])
    assert VectorBase.open(base_path).document_count() + len(pending) >= 40


def test_cancel_reads_as_cancelled_and_a_new_run_replaces_the_rows(qtbot, window, tmp_path):
    write_small_files(tmp_path / "many", 30)
    window.add_paths([str(tmp_path / "many")])
    pane = window.view.ingest
    qtbot.waitUntil(lambda: pane.counts.get("added", 0) >= 2, timeout=30000)
    pane.cancel()
    counts = wait_ingested(qtbot, window)
    done = counts.get("added", 0)
    assert counts.get("cancelled")
    assert pane.overall.text() == f"Stopped: {done} of 30 files done"
    assert "Ingestion cancelled" in window.notice_bar.text and "Ingestion finished" not in window.notice_bar.text
    files = write_topic_files(tmp_path / "docs")
    window.add_paths([str(tmp_path / "docs")])
    wait_ingested(qtbot, window)
    assert pane.table.rowCount() == len(files), "the old run's rows are gone"


def test_a_failing_file_never_shows_done_100(qtbot, window, tmp_path):
    pane = window.view.ingest
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    window.add_paths([str(bad)])
    wait_ingested(qtbot, window)
    pane._on_progress(IngestProgress(str(bad), "done", 1.0))  # the pipeline's late "done" tick
    assert pane.table.item(0, COL_STATUS).text() == "failed"
    assert pane.table.item(0, COL_PROGRESS).data(PROGRESS_ROLE) is None


def test_too_large_names_a_setting_that_exists(qtbot, window, tmp_path):
    from dataclasses import replace

    window.apply_prefs(replace(window.prefs, max_file_mb=0.5))
    qtbot.waitUntil(lambda: window.view.session.prefs.max_file_mb == 0.5, timeout=5000)
    big = tmp_path / "big.txt"
    big.write_text("word " * 150_000)
    window.add_paths([str(big)])
    wait_ingested(qtbot, window)
    reason = window.view.ingest.table.item(0, 4).text()
    assert "max_file_mb" not in reason and "Largest file" in reason
    dialog = window.open_settings()
    assert dialog.max_file_spin.value() == 0.5
    dialog.reject()


def test_no_stale_base_error_and_selection_only_on_the_list(qtbot, window, tmp_path):
    (tmp_path / "a.txt").write_text("Some text about rivers and floods in the spring.")
    window.add_paths([str(tmp_path / "a.txt")])
    wait_ingested(qtbot, window)
    window.notify("error", "No base is open; open or create one first.")
    window.open_base(tmp_path / "other", create=True)
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    assert window.notice_bar.isHidden(), "the error about no base goes once one opens"
    window.open_base(tmp_path / "base")
    qtbot.waitUntil(lambda: window.view.is_open and window.view.documents.model.total == 1, timeout=30000)
    window.view.documents.table.selectRow(0)
    qtbot.waitUntil(lambda: "1 document selected" in window.statusBar().currentMessage(), timeout=3000)
    window.view.tabs.setCurrentIndex(1)
    assert window.statusBar().currentMessage() == ""
    window.view.tabs.setCurrentIndex(3)
    assert window.statusBar().currentMessage() == ""
    window.view.tabs.setCurrentIndex(0)
    assert "1 document selected" in window.statusBar().currentMessage()


def test_a_deleted_recent_base_keeps_the_current_one_and_the_list_can_be_cleared(qtbot, window, tmp_path):
    import shutil

    gone = tmp_path / "gone"
    window.open_base(gone, create=True)
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    window.open_base(tmp_path / "base")
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    shutil.rmtree(gone)
    item = next(a for a in window.recent_menu.actions() if a.text() == str(gone.resolve()))
    item.trigger()
    assert window.view.is_open and window.view.base_path == (tmp_path / "base").resolve()
    assert window.notice_bar.level == "error" and "no longer" in window.notice_bar.text
    assert str(gone.resolve()) not in window.prefs.recent_bases
    assert all(a.isEnabled() for a in window._base_actions)
    clear = next(a for a in window.recent_menu.actions() if a.text() == "Clear recent bases")
    clear.trigger()
    assert window.prefs.recent_bases == () and not window.recent_menu.isEnabled()


def test_actions_that_need_a_base_are_disabled_when_none_is_open(qtbot, window, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "vetorbase.sqlite").write_bytes(b"not a database" * 100)
    window.open_base(broken)
    qtbot.waitUntil(lambda: window.notice_bar.level == "error", timeout=10000)
    assert window._base_actions and not any(a.isEnabled() for a in window._base_actions)


def test_new_base_accepts_a_folder_that_does_not_exist_yet(qtbot, window, tmp_path):
    target = tmp_path / "projects" / "new-base"
    view = window.create_base_at(target)
    assert view is not None
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    assert VectorBase.exists(target)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("x")
    assert window.create_base_at(tmp_path / "busy") is None and "other files" in window.notice_bar.text


def test_keyboard_switches_tabs_leaves_tables_and_clears_the_search(qtbot, window):
    tabs = window.view.tabs
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 2
    assert tabs.tabBar().hasFocus(), "the tab bar takes the focus, so its outline shows where it is"
    QTest.keyClick(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 3
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 4, "History"
    QTest.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 5, "Map"
    QTest.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 6, "Test retrieval"
    QTest.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 7, "Duplicates"
    QTest.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 8, "Folders"
    QTest.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.AltModifier)
    assert tabs.currentIndex() == 9 == tabs.count() - 1, "Trash, the last tab"
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == 0, "wraps around"
    QTest.keyClick(window, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentIndex() == tabs.count() - 1
    for table in (window.view.documents.table, window.view.search.table, window.view.ingest.table):
        assert not table.tabKeyNavigation(), "Tab moves focus out of the table"
    window.focus_search()
    search = window.view.search.query_edit
    QTest.keyClicks(search, "volcano")
    QTest.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == ""


def test_removal_confirmation_counts_come_from_the_library(qtbot, window, tmp_path):
    files = write_topic_files(tmp_path / "docs")
    (tmp_path / "docs" / "long.txt").write_text(("Long text about gardens and soil and compost. " * 40 + "\n\n") * 6)
    window.add_paths([str(tmp_path / "docs")])
    wait_ingested(qtbot, window)
    pane = window.view.documents
    qtbot.waitUntil(lambda: pane.model.total == len(files) + 1, timeout=5000)
    pane.table.selectAll()
    base = VectorBase.open(window.view.base_path)
    window.confirm_removals = True
    asked: list[str] = []

    def answer_no() -> None:
        if window.last_question is None:
            QTimer.singleShot(20, answer_no)
            return
        asked.append(window.last_question.text())
        window.last_question.button(window.last_question.StandardButton.No).click()
    QTimer.singleShot(20, answer_no)
    window.remove_selected()
    assert asked == [f"Move {base.document_count()} documents ({base.count()} chunks) to the trash?"]
    assert base.count() > base.document_count(), "long.txt has several chunks"
    assert base.document_count() == len(files) + 1, "No keeps everything"
