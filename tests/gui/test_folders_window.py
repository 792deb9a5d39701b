"""The Folders view: following a folder from the window syncs it, the window's own file
events (real watchdog) pick up a new file, the pause switch is recorded in the base and
stops syncing, and folders followed by other programs show with the library's counts."""

from __future__ import annotations

import time
from pathlib import Path

from guihelpers import TOPICS, open_window, screenshot
from vetorbase.gui.aio import spawn
from vetorbase.store import VectorBase
from vetorbase.store.folders import this_host


def _row(pane, path: Path) -> dict[str, str]:
    headers = [pane.table.horizontalHeaderItem(c).text() for c in range(pane.table.columnCount())]
    for r in range(pane.table.rowCount()):
        if pane.table.item(r, 0).text().startswith(str(path)):
            return {h: pane.table.item(r, c).text() for c, h in enumerate(headers)}
    return {}


def test_watch_a_folder_from_the_window(qtbot, base_dir, qsettings, tmp_path, artifacts_dir):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name, text in TOPICS[:2]:
        (inbox / f"{name}.txt").write_text(text, encoding="utf-8")
    (inbox / "~$lock.docx").write_text("office lock", encoding="utf-8")
    window = open_window(qtbot, base_dir, qsettings)
    pane = window.view.folders
    assert window.view.tabs.tabText(window.view.tabs.indexOf(pane.parentWidget())) == "Folders"
    spawn(pane.watch(str(inbox)))  # what File › Watch folder… does once a folder is chosen
    base = VectorBase.open(base_dir)
    qtbot.waitUntil(lambda: base.document_count() == 2, timeout=60000)
    qtbot.waitUntil(lambda: _row(pane, inbox).get("Added") == "2", timeout=15000)
    row = _row(pane, inbox)
    assert row["State"] == "following" and row["Failed"] == "0" and row["Last sync"] != "never"
    assert pane.table.item(0, 0).toolTip() == "Also left out: nothing more; hidden files are left out"

    # A file saved into the folder: the window's own file events sync it.
    (inbox / "third.txt").write_text(TOPICS[2][1], encoding="utf-8")
    qtbot.waitUntil(lambda: base.get_document(source=str(inbox / "third.txt")) is not None, timeout=60000)
    qtbot.waitUntil(lambda: _row(pane, inbox).get("Added") == "1", timeout=15000)
    qtbot.waitUntil(lambda: window.view.documents.model.rowCount() == 3, timeout=15000)

    # The pause switch is recorded in the base; a paused folder is not synced.
    pane.table.selectRow(0)
    assert pane.pause_button.isEnabled() and not pane.pause_button.isChecked()
    pane.pause_button.click()
    qtbot.waitUntil(lambda: base.folders.find(str(inbox)).paused, timeout=10000)
    qtbot.waitUntil(lambda: _row(pane, inbox).get("State") == "paused", timeout=10000)
    (inbox / "fourth.txt").write_text(TOPICS[3][1], encoding="utf-8")
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        qtbot.wait(100)
    assert base.get_document(source=str(inbox / "fourth.txt")) is None
    pane.table.selectRow(0)
    pane.pause_button.click()  # resume: a pass catches up at once
    qtbot.waitUntil(lambda: not base.folders.find(str(inbox)).paused, timeout=10000)
    qtbot.waitUntil(lambda: base.get_document(source=str(inbox / "fourth.txt")) is not None, timeout=60000)

    # A folder another program follows (on another host) shows up, with its own counts.
    window.show_pane("folders")
    other = base.folders.follow("/srv/shared/inbox", host="fileserver")
    base.folders.record_pass(other.id, {"added": 12, "replaced": 0, "renamed": 3, "removed": 1,
                                        "unchanged": 40, "failed": 0, "failures": []})
    qtbot.waitUntil(lambda: bool(_row(pane, Path("/srv/shared/inbox"))), timeout=15000)
    row = _row(pane, Path("/srv/shared/inbox"))
    assert row["Folder"] == "/srv/shared/inbox (on fileserver)" and row["State"] == "followed elsewhere"
    assert (row["Added"], row["Moved"], row["Removed"], row["Unchanged"]) == ("12", "3", "1", "40")
    assert this_host() != "fileserver"
    screenshot(window, artifacts_dir, "folders-view")


def test_file_watch_folder_menu_follows_the_chosen_folder(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    inbox = tmp_path / "chosen"
    inbox.mkdir()
    (inbox / "note.txt").write_text(TOPICS[0][1], encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(inbox)))
    file_menu = window.menuBar().actions()[0].menu()
    (action,) = [a for a in file_menu.actions() if a.text() == "&Watch folder…"]
    assert action.isEnabled()
    action.trigger()
    pane = window.view.folders
    assert window.view.tabs.currentWidget() is pane.parentWidget(), "the Folders tab is shown"
    base = VectorBase.open(window.view.base_path)
    qtbot.waitUntil(lambda: base.get_document(source=str(inbox / "note.txt")) is not None, timeout=60000)
    qtbot.waitUntil(lambda: _row(pane, inbox).get("Added") == "1", timeout=15000)
    assert [f.path for f in base.folders.list()] == [str(inbox)]


def test_a_sync_from_the_window_shows_progress_and_can_be_cancelled(qtbot, window, tmp_path):
    inbox = tmp_path / "many"
    inbox.mkdir()
    for i in range(60):
        name, text = TOPICS[i % len(TOPICS)]
        (inbox / f"{i:03d}-{name}.txt").write_text(f"{text} Number {i}.", encoding="utf-8")
    pane = window.view.folders
    window.show_pane("folders")
    spawn(pane.watch(str(inbox)))
    base = VectorBase.open(window.view.base_path)
    qtbot.waitUntil(lambda: base.document_count() >= 3, timeout=60000)
    assert pane.status.text().startswith("Syncing") and pane.cancel_button.isVisible()
    pane.cancel_button.click()
    qtbot.waitUntil(lambda: not pane._running, timeout=60000)
    last = base.folders.find(str(inbox)).last_pass
    assert last["status"] == "cancelled" and 3 <= last["added"] < 60 and base.document_count() == last["added"]
    qtbot.waitUntil(lambda: _row(pane, inbox).get("Notes") == "the last sync was cancelled", timeout=15000)
    pane.table.selectRow(0)
    pane.sync_selected()
    qtbot.waitUntil(lambda: base.document_count() == 60, timeout=120000)
    qtbot.waitUntil(lambda: _row(pane, inbox).get("Unchanged") == str(last["added"]), timeout=15000)
