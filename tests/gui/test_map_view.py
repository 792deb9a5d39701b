"""The Map tab: a PCA of the chunk vectors, coloured by folder or type, hover, click, hits."""

from __future__ import annotations

import numpy as np
from guihelpers import open_window, screenshot
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
from vetorbase.gui.projection import build_map, fit, group_key, grouped
from vetorbase.store import VectorBase


def _clustered_base(base_dir, per_doc: int = 4, docs: int = 6) -> VectorBase:
    """Two folders whose vectors lie around two different centres (and .txt / .pdf files)."""
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(5)
    centres = {"contratos": rng.standard_normal(512) * 3, "receitas": rng.standard_normal(512) * 3}
    for folder, centre in centres.items():
        for d in range(docs):
            vectors = (centre + rng.standard_normal((per_doc, 512)) * 0.3).astype("float32")
            suffix = "pdf" if d % 2 else "txt"
            base.add_document(f"/dados/{folder}/doc{d}.{suffix}",
                              [f"{folder} documento {d} trecho {i}" for i in range(per_doc)], vectors,
                              [{"page": i + 1} for i in range(per_doc)])
    return base


def test_map_shows_every_chunk_coloured_by_folder_and_type(qtbot, base_dir, qsettings, artifacts_dir):
    base = _clustered_base(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    window.resize(1000, 700)
    view = window.view.map
    window.show_pane("map")
    qtbot.waitUntil(lambda: view.data is not None and not view.data.sampled and len(view.data.ids) == 48,
                    timeout=10000)
    data = view.data
    assert data.xy.min() >= 0.0 and data.xy.max() <= 1.0
    legend = {name: count for name, _colour, count in view.canvas.legend}
    assert legend == {"/dados/contratos": 24, "/dados/receitas": 24}
    folders = np.array(["contratos" in s for s in data.sources])
    gap = abs(data.xy[folders, 0].mean() - data.xy[~folders, 0].mean())
    assert gap > 0.5, "the first axis separates the two clusters"
    assert "48 chunks" in view.summary.text()

    view.colour_combo.setCurrentIndex(view.colour_combo.findData("type"))
    assert {name for name, _c, _n in view.canvas.legend} == {"pdf", "txt"}
    screenshot(window, artifacts_dir, "map-view")

    # Hover shows the chunk's text and page; a click opens its document.
    chunk_id = int(data.ids[7])
    x, y = view.point_of(chunk_id)
    pos = QPoint(round(float(x)), round(float(y)))
    QTest.mouseMove(view.canvas, pos)
    qtbot.waitUntil(lambda: base.get_chunks([chunk_id])[0].text in view.hover_text, timeout=5000)
    assert "page" in view.hover_text
    with qtbot.waitSignal(view.open_chunk, timeout=3000) as opened:
        QTest.mouseClick(view.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert opened.args == [chunk_id, int(data.doc_ids[7])]


def test_map_rings_search_hits_and_follows_changes(qtbot, base_dir, qsettings):
    base = _clustered_base(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    view = window.view.map
    window.show_pane("map")
    qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
    search = window.view.search
    search.k_spin.setValue(5)
    search.query_edit.setText("contratos documento")
    search.search_now()
    qtbot.waitUntil(lambda: len(search.model.hits) == 5, timeout=10000)
    assert len(view.canvas.hits) == 5, "every hit of the latest search is ringed"

    window.show_pane("map")
    rng = np.random.default_rng(9)
    base.add_document("/dados/novo/extra.md", ["novo"], rng.standard_normal((1, 512)).astype("float32"))
    qtbot.waitUntil(lambda: view.data is not None and view.data.total_chunks == 49, timeout=10000)
    assert any(s.endswith("extra.md") for s in view.data.sources)


def test_projection_samples_and_places_outside_points_on_the_same_axes():
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((300, 16)).astype("float32")
    ids = np.arange(1, 301)
    data = build_map(ids[::3], ids[::3], ["/a/x.txt"] * 100, vectors[::3], total_chunks=300, seq=1)
    assert data.sampled and data.xy.shape == (100, 2)
    again = data.projection.project(vectors[::3])
    assert np.allclose(again, data.xy, atol=1e-5), "projecting a sampled vector lands on its dot"
    outside = data.projection.project(vectors[1::3])
    assert outside.shape == (100, 2) and np.isfinite(outside).all()
    assert sum(data.projection.explained) <= 1.0
    tiny = fit(vectors[:2])
    assert tiny.project(vectors[:2]).shape == (2, 2)
    assert group_key("/x/y/z.PDF", "type") == "pdf" and group_key("/x/y/z.PDF", "folder") == "/x/y"
    assert group_key("notes", "type") == "text" and group_key(".bashrc", "type") == "text"
    names, codes = data.groups["folder"]
    assert names == ["/a"] and codes.shape == (100,) and not codes.any(), "grouped on the worker side"
    names, codes = grouped(["/p/a.pdf", "/q/b.txt", "/p/c.pdf"], "type")
    assert names == ["pdf", "txt"] and codes.tolist() == [0, 1, 0]


def test_new_views_follow_the_dark_scheme(qtbot, base_dir, qsettings, artifacts_dir):
    """Map, History and the viewer drawn with the dark palette (screenshots to look at)."""
    from PySide6.QtWidgets import QApplication
    from vetorbase.gui.style import follow_color_scheme

    base = _clustered_base(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    window.resize(1000, 700)
    app = QApplication.instance()
    follow_color_scheme(app, Qt.ColorScheme.Dark)
    try:
        qtbot.waitUntil(lambda: window.palette().window().color().lightness() < 80, timeout=3000)
        window.show_pane("map")
        view = window.view.map
        qtbot.waitUntil(lambda: view.data is not None, timeout=10000)
        image = view.canvas.grab().toImage()
        assert image.pixelColor(3, image.height() - 3).lightness() < 60, "the map's ground is dark"
        legend = view.canvas.legend
        assert all(c.lightness() > 60 for _n, c, _k in legend), "the dots stay visible on it"
        screenshot(window, artifacts_dir, "map-view-dark")
        window.show_pane("history")
        qtbot.waitUntil(lambda: window.view.history.model.rowCount() == 12, timeout=5000)
        screenshot(window, artifacts_dir, "history-view-dark")
        doc = base.documents(limit=1)[0]
        viewer = window.view.open_chunk(base.chunks(doc.id)[1].id, doc.id)
        qtbot.addWidget(viewer)
        qtbot.waitUntil(lambda: viewer.doc is not None, timeout=5000)
        assert viewer.position.width() >= viewer.position.fontMetrics().horizontalAdvance(viewer.position.text())
        screenshot(viewer, artifacts_dir, "document-viewer-dark")
    finally:
        follow_color_scheme(app, Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: window.palette().window().color().lightness() > 180, timeout=3000)
