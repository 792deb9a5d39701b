"""Search as you type: ranked hits with highlighted words, filters, "show in list"."""

from __future__ import annotations

from pathlib import Path

import pytest
from guihelpers import record_stall, screenshot, wait_ingested, write_topic_files
from PySide6.QtCore import Qt
from vetorbase.gui.delegates import HTML_ROLE
from vetorbase.gui.probe import StallProbe


@pytest.fixture
def filled(qtbot, window, tmp_path):
    files = write_topic_files(tmp_path / "docs")
    window.add_paths([str(tmp_path / "docs")])
    assert wait_ingested(qtbot, window) == {"added": len(files)}
    return window


def search(qtbot, window, text: str, filter_text: str = "") -> list:
    pane = window.view.search
    pane.filter_edit.setText(filter_text)
    pane.query_edit.setText(text)  # starts the debounce timer; the search fires when it ends
    qtbot.waitUntil(lambda: not pane._timer.isActive() and pane.answered == pane._generation, timeout=10000)
    return pane.model.hits


def test_search_ranks_the_matching_document_first(qtbot, filled, artifacts_dir):
    window = filled
    window.focus_search()
    assert window.view.tabs.currentIndex() == 1 and window.view.search.query_edit.hasFocus()
    hits = search(qtbot, window, "volcano lava eruption")
    assert Path(hits[0].source).name == "volcano.txt"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    html = window.view.search.model.index(0, 3).data(HTML_ROLE)
    assert "<b" in html and "lava" in html.lower()
    assert "result" in window.view.search.status.text()
    window.view.search.table.selectRow(0)
    screenshot(window, artifacts_dir, "03-search-results")

    hits = search(qtbot, window, "chuva em São Paulo")
    assert Path(hits[0].source).name == "chuva.txt"


def test_metadata_filter_restricts_hits(qtbot, filled):
    hits = search(qtbot, filled, "volcano lava", "filename=bread.txt")
    assert hits and {Path(h.source).name for h in hits} == {"bread.txt"}
    hits = search(qtbot, filled, "volcano lava", "filename in bread.txt|tax.txt")
    assert {Path(h.source).name for h in hits} == {"bread.txt", "tax.txt"}
    search(qtbot, filled, "volcano", "this is not a filter")
    assert "cannot read filter" in filled.view.search.status.text()


def test_show_in_list_selects_the_document(qtbot, filled):
    hits = search(qtbot, filled, "kneading dough with yeast")
    assert Path(hits[0].source).name == "bread.txt"
    pane = filled.view.search
    pane.table.selectRow(0)
    qtbot.mouseClick(pane.show_button, Qt.MouseButton.LeftButton)
    docs = filled.view.documents
    assert filled.view.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: [d.name for d in docs.selected_docs()] == ["bread.txt"], timeout=5000)


def test_double_click_opens_the_source_file(qtbot, filled):
    """QDesktopServices routes file URLs to a registered handler: the real call path, no patching."""
    from PySide6.QtCore import QObject, QUrl, Slot
    from PySide6.QtGui import QDesktopServices

    class Catcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot(QUrl)
        def open(self, url) -> None:
            self.urls.append(url.toLocalFile())

    catcher = Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        hits = search(qtbot, filled, "striker scored a goal")
        assert Path(hits[0].source).name == "football.txt"
        pane = filled.view.search
        filled.view.tabs.setCurrentIndex(1)
        rect = pane.table.visualRect(pane.model.index(0, 1))
        # Qt 6's QTest double click lacks the first press item views need: click, then double-click.
        qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.waitUntil(lambda: bool(catcher.urls), timeout=3000)
        assert catcher.urls == [hits[0].source]
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_searching_keeps_the_window_responsive(qtbot, filled, artifacts_dir):
    probe = StallProbe().start()
    for text in ("cats purr", "football goal", "income tax", "molten lava", "bread yeast"):
        hits = search(qtbot, filled, text)
        assert hits
    longest = probe.stop()
    record_stall(artifacts_dir, "search_5_queries", longest, ticks=probe.ticks)


def test_filter_box_offers_real_keys_and_refuses_unknown_ones(qtbot, filled):
    """`type=pdf` was suggested but no such key exists; a bad filter left old results up (item 6)."""
    pane = filled.view.search
    qtbot.waitUntil(lambda: pane.filter_completion.keys is not None and "mime" in pane.filter_completion.keys,
                    timeout=5000)
    assert "type=" not in pane.filter_edit.placeholderText()
    assert "mime=" in pane.filter_edit.placeholderText() or "filename=" in pane.filter_edit.placeholderText()
    pane.filter_completion.suggest("fil", popup=False)
    assert "filename=" in pane.filter_completion.model.stringList()
    pane.filter_completion.suggest("filename=ca", popup=False)
    qtbot.waitUntil(lambda: pane.filter_completion.model.stringList() == ["filename=cats.txt"], timeout=5000)

    hits = search(qtbot, filled, "volcano lava")
    assert hits and not pane.filter_completion.invalid
    search(qtbot, filled, "volcano lava", "type=pdf")
    assert pane.model.hits == [], "results of the previous filter are cleared"
    assert pane.filter_edit.property("invalid") is True and pane.filter_edit.styleSheet()
    assert "no metadata key “type”" in pane.status.text() and "mime" in pane.status.text()
    search(qtbot, filled, "volcano lava", "this is not a filter")
    assert pane.model.hits == [] and pane.filter_completion.invalid
    hits = search(qtbot, filled, "volcano lava", "filename=volcano.txt")
    assert hits and not pane.filter_completion.invalid and pane.filter_edit.styleSheet() == ""


def test_result_count_is_plain_words_and_goes_past_100(qtbot, filled):
    pane = filled.view.search
    assert "k =" not in pane.k_spin.text() and pane.k_spin.maximum() >= 1000
    assert pane.k_label.text() == "Results:"
