"""Removal by metadata: the preview shows exactly what the confirmed removal deletes."""

from __future__ import annotations

import pytest
from guihelpers import screenshot, wait_ingested, write_topic_files
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from vetorbase.store import VectorBase

PREVIEW_WAIT_MS = 400  # longer than the dialog's preview debounce


@pytest.fixture
def filled(qtbot, window, tmp_path):
    files = write_topic_files(tmp_path / "docs")
    (tmp_path / "docs" / "long.txt").write_text(("Long text about gardens and soil and compost. " * 40 + "\n\n") * 6)
    window.add_paths([str(tmp_path / "docs")])
    assert wait_ingested(qtbot, window) == {"added": len(files) + 1}
    qtbot.waitUntil(lambda: window.view.documents.model.total == len(files) + 1, timeout=5000)
    return window


def test_removal_preview_count_equals_what_is_removed(qtbot, filled, artifacts_dir):
    base = VectorBase.open(filled.view.base_path)
    dialog = filled.open_removal_dialog()
    qtbot.waitUntil(lambda: dialog.key_combo.count() > 0, timeout=5000)
    assert "filename" in [dialog.key_combo.itemText(i) for i in range(dialog.key_combo.count())]
    dialog.key_combo.setCurrentText("filename")
    qtbot.waitUntil(lambda: "long.txt" in dialog._values.stringList(), timeout=5000)  # completion values

    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.set_filter("filename", "in", "long.txt|cats.txt")
    where = {"filename": {"$in": ["long.txt", "cats.txt"]}}
    expected = base.count(where)
    assert expected > 2, "long.txt spans several chunks"
    assert dialog.preview_chunks == expected
    assert sorted(d.name for d in dialog.preview_docs) == ["cats.txt", "long.txt"]
    assert str(expected) in dialog.summary.text() and dialog.remove_button.isEnabled()
    screenshot(dialog, artifacts_dir, "04-removal-preview")

    before = base.count()
    with qtbot.waitSignal(dialog.removed, timeout=10000) as removed:
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert removed.args == [expected]
    assert base.count() == before - expected
    qtbot.waitUntil(lambda: filled.view.documents.model.total == 5, timeout=5000)
    assert base.check() == []


def test_preview_updates_live_and_empty_match_cannot_be_confirmed(qtbot, filled):
    dialog = filled.open_removal_dialog()
    qtbot.waitUntil(lambda: dialog.key_combo.count() > 0, timeout=5000)
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.set_filter("filename", "equals", "no-such-file.txt")
    assert dialog.preview_chunks == 0 and not dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.value_edit.setText("bread.txt")  # typing: debounced live preview
    assert dialog.preview_chunks == 1 and dialog.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.set_filter("source", "starts with", str(filled.view.base_path.parent / "docs"))
    assert dialog.preview_chunks == VectorBase.open(filled.view.base_path).count()
    dialog.reject()


def test_delete_key_removes_the_selected_documents(qtbot, filled):
    docs = filled.view.documents
    docs.table.setFocus()
    docs.table.selectRow(0)
    selected = {d.source for d in docs.selected_docs()}
    assert len(selected) == 1
    QTest.keyClick(docs.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: docs.model.total == 6, timeout=5000)
    docs.table.selectRow(0)
    labels = dict(docs.context_actions())
    assert "Remove 1 document…" in labels and "Copy path" in labels
    labels["Copy path"]()
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == docs.selected_docs()[0].source
    labels["Remove 1 document…"]()
    qtbot.waitUntil(lambda: docs.model.total == 5, timeout=5000)
    base = VectorBase.open(filled.view.base_path)
    assert all(base.get_document(source=s) is None for s in selected)


def test_value_completion_narrows_by_prefix_when_there_are_many_values(qtbot, base_dir, qsettings):
    import numpy as np
    from guihelpers import open_window
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID

    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(5)
    for i in range(260):
        base.add_document(f"/lib/book-{i:03d}.txt", [f"text {i}"], rng.standard_normal((1, 512)).astype("float32"),
                          metadata={"shelf": f"s{i:03d}"})
    window = open_window(qtbot, base_dir, qsettings)
    dialog = window.open_removal_dialog()
    qtbot.waitUntil(lambda: dialog.key_combo.count() > 0, timeout=5000)
    dialog.key_combo.setCurrentText("shelf")
    qtbot.waitUntil(lambda: len(dialog._values.stringList()) == 200, timeout=5000)
    assert "s259" not in dialog._values.stringList()
    QTest.keyClicks(dialog.value_edit, "s25")
    qtbot.waitUntil(lambda: "s259" in dialog._values.stringList(), timeout=5000)
    assert all(v.startswith("s25") for v in dialog._values.stringList())
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        QTest.keyClicks(dialog.value_edit, "9")
    assert dialog.preview_chunks == 1 and [d.name for d in dialog.preview_docs] == ["book-259.txt"]
    dialog.reject()


def test_confirmation_counts_are_exact_beyond_the_listed_documents(qtbot, base_dir, qsettings):
    """300 documents match but only the first 200 are listed: the summary says 300 (issue 14, item 1)."""
    import numpy as np
    from guihelpers import open_window
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID

    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(7)
    for i in range(320):
        folder = "/shared/reports/" if i < 300 else "/other/"
        base.add_document(f"{folder}r-{i:03d}.txt", ["one", "two"], rng.standard_normal((2, 512)).astype("float32"))
    window = open_window(qtbot, base_dir, qsettings)
    dialog = window.open_removal_dialog()
    qtbot.waitUntil(lambda: dialog.key_combo.count() > 0, timeout=5000)
    with qtbot.waitSignal(dialog.preview_ready, timeout=5000):
        dialog.set_filter("source", "starts with", "/shared/reports/")
    documents, chunks = base.count_matching({"source": {"$prefix": "/shared/reports/"}})
    assert (documents, chunks) == (300, 600)
    assert (dialog.preview_documents, dialog.preview_chunks) == (300, 600)
    assert dialog.docs_list.count() == 200
    text = dialog.summary.text()
    assert "600 chunks" in text and "300 documents" in text and "first 200" in text
    dialog.reject()


def test_an_unfinished_form_shows_a_hint_not_an_error(qtbot, filled):
    dialog = filled.open_removal_dialog()
    qtbot.waitUntil(lambda: dialog.key_combo.count() > 0, timeout=5000)
    qtbot.wait(PREVIEW_WAIT_MS)
    assert "Invalid" not in dialog.summary.text() and "Choose a key and a value" in dialog.summary.text()
    dialog.reject()
