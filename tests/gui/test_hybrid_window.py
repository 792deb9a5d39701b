"""The search pane's mode toggle (remembered) and the "Test retrieval" pane."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from guihelpers import open_window, screenshot, wait_ingested, write_topic_files
from vetorbase.gui.delegates import HTML_ROLE
from vetorbase.gui.settings import load_prefs
from vetorbase.highlight import MARK_OPEN

CODES = {
    "nr12.txt": "Treinamento obrigatório da NR-12 para quem opera prensas. Região Sudeste.",
    "nota.txt": "Nota fiscal 004471 emitida pela empresa de limpeza do prédio.",
}


@pytest.fixture
def filled(qtbot, window, tmp_path):
    files = write_topic_files(tmp_path / "docs")
    for name, text in CODES.items():
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    window.add_paths([str(tmp_path / "docs")])
    assert wait_ingested(qtbot, window) == {"added": len(files) + len(CODES)}
    return window


def search(qtbot, pane, text: str) -> list:
    pane.query_edit.setText(text)
    qtbot.waitUntil(lambda: not pane._timer.isActive() and pane.answered == pane._generation, timeout=10000)
    return pane.model.hits


def test_mode_toggle_searches_by_words_and_is_remembered(qtbot, filled, qsettings, base_dir, artifacts_dir):
    pane = filled.view.search
    filled.focus_search()
    assert pane.mode == "semantic" and pane.mode_buttons["semantic"].isChecked()
    pane.mode_buttons["keyword"].click()
    hits = search(qtbot, pane, "NR-12 sudeste de")
    assert pane.mode == "keyword" and Path(hits[0].source).name == "nr12.txt"
    assert all(h.rankers == ("keyword",) for h in hits)
    html = pane.model.index(0, 3).data(HTML_ROLE)
    assert f"{MARK_OPEN}NR-12</b>" in html and f"{MARK_OPEN}Sudeste</b>" in html
    assert f"{MARK_OPEN}de</b>" not in html
    assert load_prefs(qsettings).search_mode == "keyword"
    pane.mode_buttons["hybrid"].click()
    qtbot.waitUntil(lambda: not pane._timer.isActive() and pane.answered == pane._generation, timeout=10000)
    assert Path(pane.model.hits[0].source).name == "nr12.txt"
    assert "keyword #1" in pane.model.index(0, 0).data(0x0003)  # ToolTipRole: which rankers found it
    screenshot(filled, artifacts_dir, "08-hybrid-search")
    assert load_prefs(qsettings).search_mode == "hybrid"
    filled.close()
    again = open_window(qtbot, base_dir, qsettings)
    assert again.view.search.mode == "hybrid" and again.view.search.mode_buttons["hybrid"].isChecked()


def test_test_retrieval_pane_runs_a_query_set(qtbot, filled, tmp_path, artifacts_dir):
    pane = filled.eval_pane
    filled.view.tabs.setCurrentWidget(pane)
    lines = [{"query": "NR-12", "relevant": ["nr12.txt"]},
             {"query": "004471", "relevant": ["nota.txt"]},
             {"query": "lava and ash from the crater", "relevant": ["volcano.txt"]}]
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    pane.load(path)
    assert pane.editor.toPlainText().count("\n") == 2
    with qtbot.waitSignal(pane.finished, timeout=30000) as signal:
        pane.run_button.click()
    reports = {r.mode: r for r in signal.args[0]}
    assert set(reports) == {"semantic", "keyword", "hybrid"}
    assert reports["keyword"].results[0].first_relevant == 1 and reports["hybrid"].recall == 1.0
    assert pane.totals.rowCount() == 3 and pane.totals.item(2, 0).text() == "hybrid"
    assert pane.per_query.rowCount() == 3 and pane.per_query.columnCount() == 5
    assert pane.per_query.item(0, 3).text().startswith("#1")
    screenshot(filled, artifacts_dir, "09-test-retrieval")
    pane.editor.setPlainText('{"query": "x"}')
    pane.run_button.click()
    qtbot.waitUntil(lambda: pane.run_button.isEnabled(), timeout=10000)
    assert "line 1" in pane.status.text()


def test_filter_box_takes_comparisons(qtbot, filled):
    pane = filled.view.search
    pane.mode_buttons["keyword"].click()
    pane.filter_edit.setText("filename!=nr12.txt")
    hits = search(qtbot, pane, "NR-12 nota 004471")
    assert [Path(h.source).name for h in hits] == ["nota.txt"]
    pane.filter_edit.setText("chunk>=0; filename in nr12.txt|nota.txt")
    hits = search(qtbot, pane, "prensas limpeza")
    assert {Path(h.source).name for h in hits} == {"nr12.txt", "nota.txt"}
    pane.filter_edit.setText("chunk>>0")
    search(qtbot, pane, "prensas")
    assert "cannot read filter" in pane.status.text()
