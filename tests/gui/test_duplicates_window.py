"""The Duplicates tab: groups from the library, "keep this one", and skipping copies when adding."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from typing import ClassVar

import pytest
from guihelpers import screenshot, wait_ingested, write_topic_files
from PySide6.QtCore import Qt
from vetorbase.gui.requests import Access, Request
from vetorbase.store import VectorBase

CORPUS = __import__("pathlib").Path(__file__).resolve().parents[1] / "corpus" / "docs"


@pytest.fixture
def planted(qtbot, window, tmp_path):
    """Six unrelated notes, black_holes.txt three times (same bytes), git_branching.md and a
    copy of it with three words changed."""
    docs = tmp_path / "docs"
    write_topic_files(docs)
    (docs / "copies").mkdir()
    for name in ("black_holes.txt", "git_branching.md"):
        shutil.copyfile(CORPUS / name, docs / name)
    shutil.copyfile(CORPUS / "black_holes.txt", docs / "copies" / "black_holes (1).txt")
    shutil.copyfile(CORPUS / "black_holes.txt", docs / "copies" / "buracos.txt")
    text = (CORPUS / "git_branching.md").read_text(encoding="utf-8")
    for old, new in (("cheap pointers", "lightweight pointers"), ("teammates", "colleagues"),
                     ("straight line", "linear sequence")):
        text = text.replace(old, new)
    (docs / "copies" / "git-edited.md").write_text(text, encoding="utf-8")
    window.add_paths([str(docs)])
    assert wait_ingested(qtbot, window) == {"added": 11}
    qtbot.waitUntil(lambda: window.view.documents.model.total == 11, timeout=5000)
    return docs


def scan(qtbot, window):
    view = window.view.duplicates
    window.view.tabs.setCurrentWidget(view.parentWidget())
    with qtbot.waitSignal(view.scanned, timeout=30000) as got:
        qtbot.mouseClick(view.find_button, Qt.MouseButton.LeftButton)
    return view, got.args[0]


def test_groups_shown_are_the_librarys_and_keeping_one_moves_the_others_out(qtbot, window, planted, artifacts_dir):
    base = VectorBase.open(window.view.base_path)
    view, report = scan(qtbot, window)
    library = base.duplicates()
    assert [sorted(d.source for d in g.documents) for g in report.groups] == \
        [sorted(d.source for d in g.documents) for g in library.groups]
    assert [g.kind for g in report.groups] == ["exact", "near"]
    assert view.tree.topLevelItemCount() == 2
    assert view.tree.topLevelItem(0).text(0) == "Exact copies: 3 documents, same content"
    assert view.tree.topLevelItem(1).text(0).startswith("Near copies: 2 documents, similarity 0.99")
    assert view.status.text() == "2 groups of duplicates: keeping one of each, 3 documents could go. " \
                                 "11 documents (16 chunks) compared."
    assert library.documents == 11 and library.chunks == base.count() == 16
    assert view.progress.value() == view.progress.maximum()
    screenshot(window, artifacts_dir, "duplicates-view")

    exact = report.groups[0]
    keep = next(d for d in exact.documents if d.source.endswith("buracos.txt"))
    others = exact.others(keep.id)
    assert view.select(keep.id, 0) and view.keep_button.isEnabled()
    asked = []
    view.ask = lambda text: asked.append(text) or True
    chunks = sum(d.chunks for d in others)
    with qtbot.waitSignal(view.removed, timeout=10000) as removed:
        qtbot.mouseClick(view.keep_button, Qt.MouseButton.LeftButton)
    assert asked == [f"Keep buracos.txt and move 2 documents ({chunks} chunks) to the trash?"]
    result = removed.args[0]  # the removal's own answer: chunks removed (an entry with .chunks once trashed)
    assert getattr(result, "chunks", result) == chunks == 4
    for doc in others:
        assert base.get_document(source=doc.source) is None
    assert base.get_document(source=keep.source) is not None
    qtbot.waitUntil(lambda: window.view.documents.model.total == 9, timeout=5000)
    listed = {d.source for d in base.documents(limit=100)}
    assert keep.source in listed and not listed & {d.source for d in others}
    assert view.tree.topLevelItemCount() == 1 and view.groups[0].kind == "near"
    assert "4 chunks" in window.notice_bar.text

    # a second scan agrees: only the near pair is left
    view, again = scan(qtbot, window)
    assert [g.kind for g in again.groups] == ["near"] and again.documents == 9


def test_saying_no_removes_nothing(qtbot, window, planted):
    view, report = scan(qtbot, window)
    view.ask = lambda _text: False
    assert view.select(report.groups[1].documents[0].id, 1)
    view.keep_selected()
    assert "move 1 document (" in view.last_question
    qtbot.wait(200)
    assert VectorBase.open(window.view.base_path).document_count() == 11 and view.tree.topLevelItemCount() == 2


@dataclass(frozen=True)
class Hold(Request[None]):
    """Keeps the worker busy until released, so a cancel lands before the scan starts."""

    access: ClassVar[Access] = Access.WRITE
    release: threading.Event = threading.Event()

    def run(self, session) -> None:
        assert self.release.wait(10)


def test_cancel_stops_the_scan_and_changes_nothing(qtbot, window, planted):
    view = window.view.duplicates
    release = threading.Event()
    window.view.worker.submit(Hold(release))
    view.find()
    assert not view.find_button.isEnabled() and view.cancel_button.isEnabled()
    view.cancel()
    release.set()
    qtbot.waitUntil(lambda: view.find_button.isEnabled(), timeout=10000)
    assert view.status.text() == "Stopped; nothing was changed." and view.report is None
    assert view.tree.topLevelItemCount() == 0


def test_skip_duplicates_in_the_add_pane(qtbot, window, planted, tmp_path):
    pane = window.view.ingest
    pane.skip_duplicates.setChecked(True)
    copy = tmp_path / "again.txt"
    shutil.copyfile(CORPUS / "black_holes.txt", copy)
    window.add_paths([str(copy)])
    assert wait_ingested(qtbot, window) == {"duplicate": 1}
    row = pane.table
    assert row.item(0, 1).text() == "duplicate"
    assert row.item(0, 4).text().startswith("not added: the base holds the same content as ")
    assert VectorBase.open(window.view.base_path).get_document(source=str(copy)) is None
    assert "1 skipped (duplicates)" in pane.summary.text()

    pane.skip_duplicates.setChecked(False)
    window.add_paths([str(copy)])
    assert wait_ingested(qtbot, window) == {"added": 1}
    assert row.item(0, 4).text().startswith("the base also holds the same content as ")
    assert VectorBase.open(window.view.base_path).get_document(source=str(copy)) is not None


def test_the_copies_stay_when_the_one_to_keep_has_gone_since_the_scan(qtbot, window, planted):
    view, report = scan(qtbot, window)
    base = VectorBase.open(window.view.base_path)
    exact = report.groups[0]
    keep = exact.documents[0]
    base.remove_documents([keep.id])  # removed elsewhere after the scan: the window catches up
    qtbot.waitUntil(lambda: view.stale, timeout=10000)
    assert view.status.text().endswith("The base has changed since: find duplicates again to be sure.")
    view.ask = lambda _text: True
    assert view.select(keep.id, 0)
    view.keep_selected()
    qtbot.waitUntil(lambda: view.status.text().startswith("The document to keep is no longer in the base"),
                    timeout=10000)
    for doc in exact.others(keep.id):
        assert base.get_document(source=doc.source) is not None
    assert view.tree.topLevelItemCount() == 2


def test_changes_after_the_scan_are_pointed_out(qtbot, window, planted, tmp_path):
    view, _report = scan(qtbot, window)
    assert not view.stale
    extra = tmp_path / "later.txt"
    extra.write_text("A note about tides and the moon, added after the scan.", encoding="utf-8")
    window.add_paths([str(extra)])
    wait_ingested(qtbot, window)
    qtbot.waitUntil(lambda: view.stale, timeout=5000)
    assert view.status.text().endswith("The base has changed since: find duplicates again to be sure.")
    view, _again = scan(qtbot, window)
    assert not view.stale and "changed since" not in view.status.text()


def test_closing_the_base_cancels_a_scan_in_progress(qtbot, window, planted):
    view = window.view.duplicates
    release = threading.Event()
    window.view.worker.submit(Hold(release))
    view.find()
    flag = view._cancel
    threading.Timer(0.3, release.set).start()  # let the worker finish Hold while shutdown waits for it
    window.view.shutdown()
    assert flag is not None and flag.is_set()
