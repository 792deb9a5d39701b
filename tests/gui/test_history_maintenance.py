"""History view (who changed what, filtered by origin) and Compact / Check from the window."""

from __future__ import annotations

import numpy as np
from guihelpers import open_window, screenshot
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
from vetorbase.gui.history import HistoryModel, program_of
from vetorbase.store import VectorBase


def _vectors(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((n, 512)).astype("float32")


def _populated(base_dir) -> VectorBase:
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    base.add_document("/docs/contrato.pdf", ["a", "b", "c"], _vectors(3, 1), origin="vetorbase-cli@vm")
    base.add_document("/docs/notas.md", ["n"], _vectors(1, 2), origin="qcluster@srv")
    base.add_document("/docs/notas.md", ["n1", "n2"], _vectors(2, 3), origin="qcluster@srv")  # a replacement
    base.remove_where({"source": "/docs/contrato.pdf"}, origin="vetorbase-cli@vm")
    return base


def test_history_lists_who_changed_what_and_filters_by_origin(qtbot, base_dir, qsettings, artifacts_dir):
    _populated(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    window.show_pane("history")
    view = window.view.history
    qtbot.waitUntil(lambda: view.model.rowCount() == 4, timeout=5000)
    rows = [[view.model.index(r, c).data() for c in range(4)] for r in range(4)]
    assert rows[0][1] == "vetorbase-cli@vm" and rows[0][2] == "vetorbase-cli"
    assert rows[0][3].startswith("Removed contrato.pdf") and "−3" in rows[0][3], "newest first"
    assert rows[1][3].startswith("Replaced notas.md") and "+2 / −1" in rows[1][3]
    assert rows[3][3].startswith("Added contrato.pdf") and "+3" in rows[3][3]
    assert view.origin_combo.count() == 3, "everyone + the two origins"
    screenshot(window, artifacts_dir, "history-view")

    view.set_origin("qcluster@srv")
    assert view.model.rowCount() == 2 and all(c["origin"] == "qcluster@srv" for c in view.model.commits)
    assert "2" in view.summary.text()

    # Another write arrives: the view follows it and keeps the chosen origin.
    VectorBase.open(base_dir).add_document("/docs/novo.txt", ["x"], _vectors(1, 4), origin="qcluster@srv")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=5000)
    assert view.origin == "qcluster@srv" and view.model.commits[0]["sources_added"] == ["/docs/novo.txt"]


def test_describe_names_few_documents_and_counts_the_rest():
    model = HistoryModel()
    many = {"origin": "w@h", "kind": "add", "documents_added": 7, "chunks_added": 30,
            "sources_added": [f"/x/f{i}.txt" for i in range(7)], "sources_removed": []}
    text = model.describe(many)
    assert text.startswith("Added f0.txt, f1.txt, f2.txt and 4 more") and "+30" in text
    assert program_of({"origin": "qcluster@srv"}) == "qcluster"
    assert program_of({"origin": "vetorbase@vm", "program": "window"}) == "window"


def test_check_and_compact_run_on_the_worker_and_report(qtbot, base_dir, qsettings, artifacts_dir):
    _populated(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    check = window.run_maintenance("check")
    assert check is not None and check.isVisible() and check.bar.maximum() == 0, "busy while it runs"
    qtbot.waitUntil(lambda: check.done, timeout=30000)
    assert check.level == "info" and check.result == [] and "consistent" in check.status.text()
    assert "consistent" in window.notice_bar.history[-1][1]
    screenshot(check, artifacts_dir, "check-dialog")
    check.close()

    compact = window.run_maintenance("compact")
    qtbot.waitUntil(lambda: compact.done, timeout=60000)
    assert compact.level == "info", compact.status.text()
    assert compact.result["log_rows_pruned"] >= 1 and "Compacted" in compact.status.text()
    assert compact.bar.maximum() == 1 and compact.bar.value() == 1
    screenshot(compact, artifacts_dir, "compact-dialog")
    assert VectorBase.open(base_dir).check() == [], "the compacted base is still consistent"
    assert [m.text().replace("&", "") for m in window.menuBar().actions()][-2:] == ["Tools", "Help"]
