"""The window's trash: removals go to it with an Undo (notice button, Edit › Undo, Ctrl+Z),
the Trash tab restores and empties it, metadata edits undo too; every number shown is
the library's own count."""

from __future__ import annotations

import numpy as np
import pytest
from guihelpers import open_window
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtTest import QTest
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
from vetorbase.store import VectorBase

QUERY = np.random.default_rng(42).standard_normal(512).astype(np.float32)


@pytest.fixture
def filled(qtbot, base_dir, qsettings):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(3)
    for i in range(6):
        base.add_document(f"/docs/d{i}.txt", [f"text {i} part {j}" for j in range(i + 1)],
                          rng.standard_normal((i + 1, 512)).astype(np.float32),
                          metadata={"team": "a" if i % 2 else "b", "title": f"Doc {i}"}, sha256=f"{i:064x}")
    window = open_window(qtbot, base_dir, qsettings)
    return window, base


def look(base: VectorBase) -> tuple:
    """What a person sees, without chunk or document ids (restored chunks get new ones)."""
    base.refresh()
    docs = [(d.source, d.chunks, d.sha256, d.metadata, d.added_at, d.added_by, d.chars)
            for d in base.documents(limit=100)]
    hits = [(h.text, round(h.score, 6), h.metadata, h.source) for h in base.search(QUERY, k=30)]
    return docs, hits, base.count()


def answer(qtbot, holder, button_text: str, asked: list[str]) -> None:
    """Answer `holder.last_question` (a modal box) by its button, remembering its text."""
    def attempt() -> None:
        box = holder.last_question
        if box is None:
            QTimer.singleShot(20, attempt)
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()
    QTimer.singleShot(20, attempt)


def test_the_notices_undo_button_restores_exactly_what_the_removal_removed(qtbot, filled):
    window, base = filled
    before = look(base)
    docs = window.view.documents
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        docs.table.selectionModel().select(docs.model.index(row, 0), flags)
    chosen = docs.selected_docs()
    assert len(chosen) == 2
    window.remove_selected()
    qtbot.waitUntil(lambda: docs.model.total == 4 and bool(window.notice_bar.action_buttons), timeout=10000)
    [entry] = base.trash()
    assert (entry.documents, entry.chunks) == (2, sum(d.chunks for d in chosen))
    # The notice's numbers are the library's, and it offers Undo.
    assert window.notice_bar.text == f"Moved 2 documents ({entry.chunks} chunks) to the trash."
    assert [b.text() for b in window.notice_bar.action_buttons] == ["Undo"]
    assert window.undo_actions.undo_action.isEnabled()
    assert window.undo_actions.undo_action.text() == "&Undo Remove 2 documents"

    window.notice_bar.action_buttons[0].click()
    qtbot.waitUntil(lambda: docs.model.total == 6 and not window.view.undo.running, timeout=10000)
    assert base.trash() == [] and look(base) == before
    assert window.undo_actions.redo_action.isEnabled() and not window.undo_actions.undo_action.isEnabled()

    window.undo_actions.redo_action.trigger()  # Edit › Redo: to the trash again
    qtbot.waitUntil(lambda: docs.model.total == 4 and not window.view.undo.running, timeout=10000)
    assert [(e.documents, e.chunks) for e in base.trash()] == [(2, entry.chunks)]
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z
    qtbot.waitUntil(lambda: docs.model.total == 6 and not window.view.undo.running, timeout=10000)
    assert look(base) == before and base.check() == []


def test_removal_by_metadata_says_trash_and_edit_undo_brings_it_back(qtbot, filled):
    window, base = filled
    before = look(base)
    dialog = window.open_removal_dialog()
    qtbot.waitUntil(lambda: dialog.key_combo.count() > 0, timeout=5000)
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.set_filter("team", "equals", "a")
    documents, chunks = base.count_matching({"team": "a"})
    assert dialog.summary.text() == f"<b>{chunks} chunks</b> in <b>{documents} documents</b> will be moved to the trash."
    assert "cannot be undone" not in dialog.summary.text()
    with qtbot.waitSignal(dialog.trashed, timeout=10000) as trashed:
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    entry = trashed.args[0]
    assert (entry.documents, entry.chunks) == (documents, chunks) == (3, 12)
    qtbot.waitUntil(lambda: window.view.documents.model.total == 3, timeout=10000)
    assert window.notice_bar.text == "Moved 3 documents (12 chunks) to the trash."
    window.undo_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: window.view.documents.model.total == 6 and not window.view.undo.running, timeout=10000)
    assert look(base) == before and base.trash() == []


def test_trash_tab_lists_restores_and_empties_with_the_librarys_counts(qtbot, filled):
    window, base = filled
    base.remove_where({"team": "b"}, origin="cli@elsewhere")  # another program's removal
    base.remove_where({"source": "/docs/d5.txt"}, origin="cli@elsewhere")
    pane = window.view.trash
    window.show_pane("trash")
    qtbot.waitUntil(lambda: len(pane.entries) == 2, timeout=10000)
    entries = base.trash()
    assert [(e.id, e.documents, e.chunks) for e in pane.entries] == [(e.id, e.documents, e.chunks) for e in entries]
    assert [(pane.table.item(r, 2).text(), pane.table.item(r, 3).text()) for r in range(2)] == [
        (str(e.documents), str(e.chunks)) for e in entries]
    assert pane.table.item(0, 1).text() == "cli@elsewhere" and pane.table.item(0, 4).text() == "d5.txt"
    total_docs, total_chunks = sum(e.documents for e in entries), sum(e.chunks for e in entries)
    assert pane.summary.text() == f"{total_docs} documents and {total_chunks} chunks in the trash."
    pane.limit = 1  # more entries than listed: the totals still cover the whole trash
    with qtbot.waitSignal(pane.loaded, timeout=10000):
        pane.reload()
    assert pane.table.rowCount() == 1 and pane.summary.text() == (
        f"{total_docs} documents and {total_chunks} chunks in the trash. (the newest 1 removals are listed)")
    pane.limit = 500
    with qtbot.waitSignal(pane.loaded, timeout=10000):
        pane.reload()

    pane.table.selectRow(0)  # d5: restore it, then Ctrl+Z puts it back in the trash
    pane.restore_selected()
    qtbot.waitUntil(lambda: len(pane.entries) == 1 and window.view.documents.model.total == 3, timeout=10000)
    assert base.get_document(source="/docs/d5.txt").chunks == 6
    assert window.view.history.model.describe(base.history(1)[0]) == "Restored d5.txt (+6 chunks)"
    assert window.undo_actions.undo_action.text() == "&Undo Restore 1 document"
    window.undo_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: len(pane.entries) == 2 and not window.view.undo.running, timeout=10000)
    assert base.get_document(source="/docs/d5.txt") is None

    summary = base.trash_summary(all=True)
    asked: list[str] = []
    answer(qtbot, pane, "&Yes", asked)
    pane.empty(selected=False)
    qtbot.waitUntil(lambda: not pane.entries and "for good." in window.notice_bar.text, timeout=10000)
    assert asked == [f"Delete {summary.documents} documents ({summary.chunks} chunks) for good? "
                     "This cannot be undone."]
    assert window.notice_bar.text == f"Deleted {summary.documents} documents ({summary.chunks} chunks) for good."
    assert base.trash() == [] and base.count() == 6
    assert not window.undo_actions.undo_action.isEnabled(), "an emptied removal cannot be undone"
    assert pane.summary.text() == "The trash is empty." and base.check() == []
    assert window.view.history.model.describe(base.history(1)[0]) == (
        f"Deleted from the trash for good: {summary.documents} documents")


def test_a_metadata_edit_is_undone_and_redone(qtbot, filled):
    from vetorbase.gui.metadataedit import MetadataEditor

    window, base = filled
    doc = base.get_document(source="/docs/d2.txt")
    viewer = window.view.open_chunk(base.chunks(doc.id)[0].id, doc.id)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.doc is not None, timeout=5000)
    editor = MetadataEditor(viewer.doc.name, viewer.doc.metadata, viewer)
    qtbot.addWidget(editor)
    keys = [editor.table.item(r, 0).text() for r in range(editor.table.rowCount())]
    editor.table.item(keys.index("title"), 1).setText("Relatório final")
    editor.add_row("ano", "2026")
    editor._accept()
    with qtbot.waitSignal(viewer.metadata_saved, timeout=5000):
        viewer.edit_metadata(editor)
    edited = {"team": "b", "title": "Relatório final", "ano": 2026}
    assert base.get_document(doc_id=doc.id).metadata == edited
    assert window.undo_actions.undo_action.text() == "&Undo Edit the metadata of d2.txt"

    window.undo_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: not window.view.undo.running, timeout=10000)
    assert base.get_document(doc_id=doc.id).metadata == {"team": "b", "title": "Doc 2"}
    qtbot.waitUntil(lambda: "Doc 2" in viewer.meta.text(), timeout=5000)  # the open viewer follows
    assert "Relatório final" not in viewer.meta.text()
    assert base.count({"ano": 2026}) == 0 and base.count({"title": "Doc 2"}) == 3
    window.undo_actions.redo_action.trigger()
    qtbot.waitUntil(lambda: not window.view.undo.running, timeout=10000)
    assert base.get_document(doc_id=doc.id).metadata == edited and base.count({"ano": 2026}) == 3


def test_restoring_over_a_source_added_again_asks_and_can_trash_the_newer_version(qtbot, filled):
    window, base = filled
    base.remove_where({"source": "/docs/d1.txt"})
    base.add_document("/docs/d1.txt", ["a newer d1"], np.ones((1, 512), np.float32), sha256="new")
    pane = window.view.trash
    window.view.check_changes()
    qtbot.waitUntil(lambda: len(pane.entries) == 1, timeout=10000)
    pane.table.selectRow(0)
    pane.restore_selected()
    qtbot.waitUntil(lambda: bool(window.notice_bar.action_buttons), timeout=10000)
    assert window.notice_bar.level == "warning" and "added again" in window.notice_bar.text
    assert base.get_document(source="/docs/d1.txt").sha256 == "new", "nothing overwritten without asking"
    [replace] = window.notice_bar.action_buttons
    assert replace.text() == "Restore, trashing the current version"
    replace.click()
    qtbot.waitUntil(lambda: base.get_document(source="/docs/d1.txt").sha256 == f"{1:064x}", timeout=10000)
    qtbot.waitUntil(lambda: [e.kind for e in pane.entries] == ["replaced_by_restore"], timeout=10000)
    assert base.check() == []


def test_an_undo_that_can_no_longer_happen_says_why_and_clears_the_history(qtbot, filled):
    window, base = filled
    docs = window.view.documents
    docs.table.selectRow(0)
    window.remove_selected()
    qtbot.waitUntil(lambda: docs.model.total == 5 and window.undo_actions.undo_action.isEnabled(), timeout=10000)
    base.empty_trash(all=True, origin="cli@elsewhere")  # another program empties the trash
    window.undo_actions.undo_action.trigger()
    qtbot.waitUntil(lambda: window.notice_bar.level == "error", timeout=10000)
    assert window.notice_bar.text == ("Could not undo or redo: they are no longer in the trash. "
                                      "The undo history was cleared.")
    qtbot.waitUntil(lambda: not window.undo_actions.undo_action.isEnabled()
                    and not window.undo_actions.redo_action.isEnabled(), timeout=5000)
    # The newest document (the list's first row) stays removed; nothing else changed.
    assert docs.model.total == 5 and base.get_document(source="/docs/d5.txt") is None and base.count() == 15
