"""The document viewer: a chunk between its neighbours, its page, the metadata, stepping through."""

from __future__ import annotations

import numpy as np
from guihelpers import open_window, screenshot
from PySide6.QtGui import QAction
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
from vetorbase.store import VectorBase

TEXTS = [f"Parágrafo {i}: o contrato de locação prevê reajuste anual pelo índice IPCA.\nLinha {i}b."
         for i in range(6)]


def _pdf_document(base_dir):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    vectors = np.random.default_rng(2).standard_normal((6, 512)).astype("float32")
    doc = base.add_document("/dados/relatorio.pdf", TEXTS, vectors, [{"page": 1 + i // 2} for i in range(6)],
                            metadata={"author": "Ana Souza", "mime": "application/pdf"})
    return base, doc, base.chunks(doc.id)


def test_viewer_shows_the_chunk_in_context_with_its_page(qtbot, base_dir, qsettings, artifacts_dir):
    base, doc, chunks = _pdf_document(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    window.view.map.open_chunk.emit(chunks[3].id, doc.id)  # as a click on the map does
    viewer = window.view.viewer
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.doc is not None, timeout=5000)
    assert viewer.isVisible() and viewer.title.text() == "relatorio.pdf"
    assert viewer.position.text() == "Chunk 4 of 6 · page 2"
    shown = viewer.text.toPlainText()
    for i in (1, 2, 3, 4, 5):
        assert f"Parágrafo {i}:" in shown, f"chunk {i} is within two of the current one"
    assert "Parágrafo 0:" not in shown
    assert "Linha 3b." in shown and "\n" in shown.split("Parágrafo 3:")[1][:90], "line breaks kept"
    assert "Ana Souza" in viewer.meta.text() and "author" in viewer.meta.text()
    screenshot(viewer, artifacts_dir, "document-viewer")

    viewer.next_button.click()
    viewer.next_button.click()
    assert viewer.position.text() == "Chunk 6 of 6 · page 3" and not viewer.next_button.isEnabled()
    assert viewer.chunk_id == chunks[5].id
    viewer.prev_button.click()
    assert viewer.position.text().startswith("Chunk 5 of 6") and viewer.prev_button.isEnabled()

    viewer.list_button.click()
    qtbot.waitUntil(lambda: [d.id for d in window.view.documents.selected_docs()] == [doc.id], timeout=5000)
    assert window.view.tabs.currentIndex() == 0


def test_viewer_says_when_the_document_is_gone(qtbot, base_dir, qsettings):
    base, doc, chunks = _pdf_document(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    base.remove_documents([doc.id])
    viewer = window.view.open_chunk(chunks[0].id, doc.id)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: "no longer in the base" in viewer.title.text(), timeout=5000)
    assert not viewer.open_button.isEnabled() and not viewer.next_button.isEnabled()


def test_the_selected_search_hit_opens_in_context(qtbot, base_dir, qsettings):
    base, doc, chunks = _pdf_document(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    search = window.view.search
    search.query_edit.setText("contrato de locação")
    search.search_now()
    qtbot.waitUntil(lambda: len(search.model.hits) == 6, timeout=10000)
    assert window.view.open_current_hit() is None, "nothing selected yet: a notice, no viewer"
    assert "Select a search result" in window.notice_bar.history[-1][1]
    search.table.selectRow(2)
    hit = search.current_hit()
    action = next(a for a in window.findChildren(QAction) if a.text() == "Search result in &context")
    action.trigger()
    viewer = window.view.viewer
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.doc is not None, timeout=5000)
    assert viewer.chunk_id == hit.id
    assert viewer.position.text().startswith(f"Chunk {[c.id for c in chunks].index(hit.id) + 1} of 6")


def test_editing_metadata_in_the_viewer_stores_it_on_every_chunk(qtbot, base_dir, qsettings, artifacts_dir):
    from vetorbase.gui.metadataedit import MetadataEditor

    base, doc, chunks = _pdf_document(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    viewer = window.view.open_chunk(chunks[0].id, doc.id)
    qtbot.addWidget(viewer)
    qtbot.waitUntil(lambda: viewer.doc is not None, timeout=5000)
    assert viewer.edit_button.isEnabled()
    editor = MetadataEditor(viewer.doc.name, viewer.doc.metadata, viewer)
    qtbot.addWidget(editor)
    keys = [editor.table.item(r, 0).text() for r in range(editor.table.rowCount())]
    assert "author" in keys and "mime" not in keys, "what comes from the file is not offered"
    editor.table.item(keys.index("author"), 1).setText("Bia Lima")
    editor.add_row("ano", "2026")
    screenshot(editor, artifacts_dir, "metadata-editor")
    editor._accept()
    assert editor.result() == editor.DialogCode.Accepted
    with qtbot.waitSignal(viewer.metadata_saved, timeout=5000):
        viewer.edit_metadata(editor)
    assert "Bia Lima" in viewer.meta.text()
    stored = base.get_document(doc_id=doc.id)
    assert stored.metadata["author"] == "Bia Lima" and stored.metadata["ano"] == 2026
    assert base.count({"author": "Bia Lima"}) == 6 and base.count({"ano": 2026}) == 6

    refused = MetadataEditor(viewer.doc.name, viewer.doc.metadata, viewer)
    qtbot.addWidget(refused)
    refused.add_row("sha256", "forged")
    refused._accept()
    assert refused.result() != refused.DialogCode.Accepted and "sha256" in refused.error.text()
