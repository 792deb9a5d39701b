"""Notices of other programs' changes: one growing sentence per burst, with names and the program."""

from __future__ import annotations

import numpy as np
from guihelpers import open_window, wait_ingested
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
from vetorbase.gui.changes import ChangeDigest, DigestWords, window_origin
from vetorbase.store import VectorBase

CLI = "vetorbase@testhost"  # what clihelp.cli_origin() writes


def _add(base: VectorBase, source: str, rng: np.random.Generator, text: str = "text") -> None:
    base.add_document(source, [text], rng.standard_normal((1, 512)).astype("float32"), origin=CLI)


def _notice(window) -> str:
    return window.notice_bar.text if window.notice_bar.level == "change" else ""


def test_a_burst_is_counted_whole_and_names_the_program(qtbot, base_dir, qsettings):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    window = open_window(qtbot, base_dir, qsettings)
    rng = np.random.default_rng(3)
    _add(base, "/docs/first.txt", rng)
    qtbot.waitUntil(lambda: "first.txt" in _notice(window), timeout=5000)
    assert "The command line (vetorbase@testhost)" in _notice(window)
    for i in range(4):  # the rest of the same `vetorbase add`, caught by a later refresh
        _add(base, f"/docs/more-{i}.txt", rng)
    qtbot.waitUntil(lambda: "5 documents" in _notice(window), timeout=5000)
    assert "1 document" not in _notice(window) and "4 documents" not in _notice(window)


def test_a_reingested_file_is_named_as_replaced(qtbot, base_dir, qsettings):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(4)
    _add(base, "/docs/report.pdf", rng)
    window = open_window(qtbot, base_dir, qsettings)
    _add(base, "/docs/report.pdf", rng, "the new version")
    qtbot.waitUntil(lambda: "report.pdf" in _notice(window), timeout=5000)
    assert "replaced report.pdf" in _notice(window)
    assert "chunk" not in _notice(window)


def test_a_moved_file_is_named_as_moved_in_the_notice_and_the_history(qtbot, base_dir, qsettings):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(5)
    _add(base, "/docs/draft.txt", rng)
    window = open_window(qtbot, base_dir, qsettings)
    doc = base.get_document(source="/docs/draft.txt")
    base.rename_document(doc.id, "/docs/final/report.txt", origin=CLI)  # what a sync pass does
    qtbot.waitUntil(lambda: "moved" in _notice(window), timeout=5000)
    assert _notice(window) == "The command line (vetorbase@testhost): moved draft.txt to /docs/final/report.txt."
    window.show_pane("history")
    history = window.view.history
    qtbot.waitUntil(lambda: history.model.rowCount() == 2, timeout=5000)
    assert history.model.index(0, 3).data() == "Moved draft.txt to /docs/final/report.txt"


def test_the_window_writes_under_its_own_program_name(qtbot, window, tmp_path):
    (tmp_path / "a.txt").write_text("A note written through the window about rivers.")
    window.add_paths([str(tmp_path / "a.txt")])
    assert wait_ingested(qtbot, window) == {"added": 1}
    doc = VectorBase.open(window.view.base_path).documents()[0]
    assert doc.added_by == window_origin() and doc.added_by.startswith("vetorbase-window@")
    words = DigestWords()
    assert words.author(window_origin()).startswith("Another Vetorbase window")
    assert words.author("qcluster@srv").startswith("A worker (qcluster)")


def test_digest_of_many_documents_counts_and_drops_names():
    digest = ChangeDigest()
    digest.add([{"seq": i, "origin": CLI, "documents_added": 1, "sources_added": [f"/d/{i}.txt"],
                 "sources": [f"/d/{i}.txt"], "chunks_added": 3} for i in range(1, 8)])
    digest.add([{"seq": 9, "origin": "qcluster@srv", "documents_removed": 2, "sources_removed": ["/d/1.txt", "/d/2.txt"],
                 "chunks_removed": 6}])
    digest.add([{"seq": 3, "origin": CLI, "documents_added": 1, "sources_added": ["/d/3.txt"]}])  # seen: ignored
    text = digest.text()
    assert "added 7 documents" in text and "1.txt" not in text.split("A worker")[0]
    assert "removed 1.txt, 2.txt" in text


def test_another_programs_restore_and_emptying_are_named_as_such(qtbot, base_dir, qsettings):
    base = VectorBase.open(base_dir, create=True, dim=512, embedder_id=DEFAULT_EMBEDDER_ID)
    rng = np.random.default_rng(5)
    _add(base, "/docs/contract.txt", rng)
    _add(base, "/docs/old.txt", rng)
    base.remove_where({"source": {"$in": ["/docs/contract.txt", "/docs/old.txt"]}}, origin=CLI)
    window = open_window(qtbot, base_dir, qsettings)
    base.restore(source="/docs/contract.txt", origin=CLI)
    qtbot.waitUntil(lambda: "contract.txt" in _notice(window), timeout=5000)
    assert _notice(window) == "The command line (vetorbase@testhost): restored contract.txt from the trash."
    base.empty_trash(all=True, origin="qcluster@srv")
    qtbot.waitUntil(lambda: "for good" in _notice(window), timeout=5000)
    assert "A worker (qcluster) (qcluster@srv): deleted 1 document from the trash for good." in _notice(window)
