"""Opening moved files (item 4) and the layout fixes (item 8): units, line breaks, no clipping."""

from __future__ import annotations

import shutil

from guihelpers import wait_ingested
from PySide6.QtGui import QFont, QFontMetrics
from vetorbase.gui.docmodel import COLUMNS, header_text
from vetorbase.store import VectorBase


def _add_one(qtbot, window, tmp_path, text: str = "First line.\nSecond line.\n\nA new paragraph."):
    path = tmp_path / "docs" / "notes.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    window.add_paths([str(path)])
    assert wait_ingested(qtbot, window) == {"added": 1}
    qtbot.waitUntil(lambda: window.view.documents.model.total == 1, timeout=5000)
    return path


def test_a_moved_file_is_reported_and_can_be_relinked_without_embedding(qtbot, window, tmp_path):
    path = _add_one(qtbot, window, tmp_path)
    base = VectorBase.open(window.view.base_path)
    doc = base.get_document(source=str(path))
    chunk_ids = [c.id for c in base.chunks(doc.id)]
    vectors = base.vectors(chunk_ids)
    moved = tmp_path / "archive" / "notes.txt"
    moved.parent.mkdir()
    shutil.move(path, moved)

    window.view.documents.open_file(doc)
    bar = window.notice_bar
    assert bar.level == "warning" and "not there any more" in bar.text
    assert [b.text() for b in bar.action_buttons] == ["Show folder", "Locate…"]

    (tmp_path / "other.txt").write_text("different content")
    window.view.opener.relink(doc.id, str(tmp_path / "other.txt"))
    qtbot.waitUntil(lambda: bar.level == "error", timeout=5000)
    assert "not the same file" in bar.text and base.get_document(source=str(path)) is not None

    window.view.opener.relink(doc.id, str(moved))
    qtbot.waitUntil(lambda: "now points to" in bar.text, timeout=5000)
    new = base.get_document(source=str(moved))
    assert new is not None and base.get_document(source=str(path)) is None and base.document_count() == 1
    assert new.metadata["filename"] == "notes.txt" and new.metadata["source"] == str(moved)
    assert (base.vectors([c.id for c in base.chunks(new.id)]) == vectors).all(), "vectors reused, not re-embedded"
    assert new.id == doc.id and [c.id for c in base.chunks(new.id)] == chunk_ids, "the same document, moved"
    assert base.trash() == [], "the old path lives on under the new one: nothing to restore"
    assert base.check() == []


def test_chunk_text_keeps_its_line_breaks(qtbot, window, tmp_path):
    _add_one(qtbot, window, tmp_path)
    pane = window.view.documents
    pane.table.selectRow(0)
    qtbot.waitUntil(lambda: "Second line" in pane.detail.toPlainText(), timeout=5000)
    assert "First line.\nSecond line." in pane.detail.toPlainText()


def test_size_has_a_unit_and_headers_fit_their_text(qtbot, window, tmp_path):
    _add_one(qtbot, window, tmp_path)
    pane = window.view.documents
    model = pane.model
    size_col = [key for _, key in COLUMNS].index("chars")
    assert model.index(0, size_col).data().endswith("chars")
    bold = QFont(pane.table.font())
    bold.setWeight(QFont.Weight.DemiBold)
    big = QFont(bold)
    for col in range(len(COLUMNS)):
        if col == 1:
            continue
        need = QFontMetrics(big).horizontalAdvance(header_text(col))
        assert pane._widths[col] >= need + 20, f"{header_text(col)!r} would be clipped"
    added = [key for _, key in COLUMNS].index("added_at")
    shown = model.index(0, added).data()
    assert pane.table.fontMetrics().horizontalAdvance(shown) < pane._widths[added], "the date is not elided"
    search = window.view.search
    for col in (0, 1, 2):
        text = search.model.headerData(col, 1)
        assert search.table.columnWidth(col) >= QFontMetrics(bold).horizontalAdvance(text) + 20


def test_no_sideways_scrolling_at_800_by_600(qtbot, window, tmp_path):
    _add_one(qtbot, window, tmp_path)
    window.resize(800, 600)
    qtbot.wait(100)
    table = window.view.documents.table
    qtbot.waitUntil(lambda: table.horizontalScrollBar().maximum() == 0, timeout=3000)
    window.view.tabs.setCurrentIndex(3)
    qtbot.waitUntil(lambda: window.view.stats.values["documents"].text() == "1", timeout=5000)
    stats = window.view.stats
    for label in stats.findChildren(type(stats.values["documents"])):
        if label.text() and label.isVisible() and not label.wordWrap():
            assert label.width() >= label.fontMetrics().horizontalAdvance(label.text()) - 1, label.text()


def test_a_file_nothing_opens_is_reported_with_show_in_folder(qtbot, window, tmp_path):
    """The offscreen platform has no program for any file: the real "nothing opens it" case."""
    path = _add_one(qtbot, window, tmp_path)
    doc = VectorBase.open(window.view.base_path).get_document(source=str(path))
    assert window.view.opener.open(doc.source, doc.id) is False
    bar = window.notice_bar
    assert bar.level == "warning" and "No program on this computer opens notes.txt" in bar.text
    assert [b.text() for b in bar.action_buttons] == ["Show in folder"]
