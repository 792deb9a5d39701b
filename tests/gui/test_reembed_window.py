"""Re-embedding from the window: the offer after opening a base built with another embedder,
Tools › Re-embed base… with progress and Stop (then resume), searching meanwhile, and a move
made by another program followed by the open window."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from guihelpers import open_window, screenshot
from hashembed import HASH_ID, SLOW_ID, hash_vector
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
from vetorbase.gui.reembedview import ReembedDialog
from vetorbase.gui.requests import Search
from vetorbase.store import VectorBase
from vetorbase.store.reembed import status

SALTED64 = "import:hashembed:salted64"
TESTS = Path(__file__).resolve().parents[1]


def _base(base_dir: Path, docs: int = 6, per_doc: int = 100) -> None:
    emb = get_embedder(HASH_ID)
    base = VectorBase.open(base_dir, create=True, dim=96, embedder_id=HASH_ID)
    for d in range(docs):
        texts = [f"documento {d} trecho {j} assunto{d} palavra{j}" for j in range(per_doc)]
        base.add_document(f"/docs/doc-{d}.txt", texts, emb.embed_array(texts))


def _run_search(qtbot, window, query: str) -> list:
    results: list = []
    window.view.worker.submit(Search(query, 3), on_result=results.append, on_error=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20000)
    return results[0]


def test_opening_offers_a_move_and_the_dialog_runs_it_with_stop_and_resume(qtbot, base_dir, qsettings, artifacts_dir,
                                                                           monkeypatch):
    _base(base_dir)
    window = open_window(qtbot, base_dir, qsettings)
    # Built with another embedder than the Settings' (the offline default): offered.
    bar = window.notice_bar
    qtbot.waitUntil(lambda: any(b.text() == "Re-embed…" for b in bar.action_buttons), timeout=10000)
    assert HASH_ID in bar.label.text() and DEFAULT_EMBEDDER_ID in bar.label.text()
    next(b for b in bar.action_buttons if b.text() == "Re-embed…").click()
    dialog = window.view.reembed_dialog
    assert isinstance(dialog, ReembedDialog) and dialog.target.currentText() == DEFAULT_EMBEDDER_ID
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10000)
    assert dialog.current.text() == f"Now: {HASH_ID} (96-d), 600 chunks"

    # A slow embedder of the same vectors, so Stop lands between batches.
    monkeypatch.setenv("HASH_SLOW_SECONDS", "0.1")
    dialog.target.setCurrentText(SLOW_ID)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.bar.value() > 0, timeout=30000)
    # The window keeps answering from the old vectors meanwhile.
    result = _run_search(qtbot, window, "documento 2 trecho 5 assunto2 palavra5")
    assert result.hits[0].source == "/docs/doc-2.txt"
    dialog.stop()
    qtbot.waitUntil(lambda: dialog.level == "warning", timeout=30000)
    staged = status(VectorBase.open(base_dir)).staged
    assert 0 < staged < 600
    assert dialog.status.text() == (f"Stopped. The base still uses {HASH_ID}; {staged} of 600 chunks are "
                                    f"embedded with {SLOW_ID}, start again to continue.")
    assert dialog.bar.value() == staged and dialog.bar.maximum() == 600
    screenshot(dialog, artifacts_dir, "reembed-dialog-stopped")

    monkeypatch.setenv("HASH_SLOW_SECONDS", "0")
    dialog.start()
    qtbot.waitUntil(lambda: dialog.level == "info", timeout=60000)
    assert dialog.result.resumed == staged and dialog.result.chunks == 600
    assert dialog.current.text() == f"Now: {SLOW_ID} (96-d), 600 chunks"
    assert dialog.status.text().startswith(f"The base now uses {SLOW_ID} (96-d): 600 chunks re-embedded in ")
    assert bar.label.text() == dialog.status.text()
    assert window.view.session.embedder.embedder_id == SLOW_ID
    result = _run_search(qtbot, window, "documento 4 trecho 9 assunto4 palavra9")
    assert result.hits[0].source == "/docs/doc-4.txt"
    np_vectors = VectorBase.open(base_dir).vectors([result.hits[0].id])
    assert abs(float(np_vectors[0] @ hash_vector(result.hits[0].text)) - 1.0) < 1e-5
    screenshot(dialog, artifacts_dir, "reembed-dialog-done")


def test_a_move_by_another_program_is_followed(qtbot, base_dir, qsettings):
    _base(base_dir, docs=3, per_doc=20)
    window = open_window(qtbot, base_dir, qsettings)
    assert _run_search(qtbot, window, "documento 1 trecho 3 assunto1 palavra3").hits[0].source == "/docs/doc-1.txt"
    app = Path(__import__("vetorbase").__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(app), str(TESTS)])}
    out = subprocess.run([sys.executable, "-m", "vetorbase", "reembed", "--embedder", SALTED64, "--base",
                          str(base_dir)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    bar = window.notice_bar
    qtbot.waitUntil(lambda: "re-embedded the base" in bar.label.text(), timeout=15000)
    assert bar.label.text().startswith("The command line (")
    assert bar.label.text().endswith(f": re-embedded the base with {SALTED64} (64-d); searches now use it.")
    assert window.view.session.embedder.embedder_id == SALTED64
    hits = _run_search(qtbot, window, "documento 2 trecho 7 assunto2 palavra7").hits
    assert hits[0].source == "/docs/doc-2.txt"


def test_a_search_right_after_another_programs_move_follows_it(base_dir):
    """The window's session searches before any catch-up told it of the move: it loads the
    new embedder and answers, instead of showing the store's "moved" error."""
    from vetorbase.gui.reembedwork import EmbedderFollowed
    from vetorbase.gui.session import Session

    _base(base_dir, docs=3, per_doc=20)
    seen: list = []
    session = Session(base_dir, progress_sink=seen.append)
    session.open_base()
    assert session.search("documento 1 trecho 3 assunto1 palavra3", 3, None).hits[0].source == "/docs/doc-1.txt"
    app = Path(__import__("vetorbase").__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(app), str(TESTS)])}
    out = subprocess.run([sys.executable, "-m", "vetorbase", "reembed", "--embedder", SALTED64, "--base",
                          str(base_dir)], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    result = session.search("documento 2 trecho 7 assunto2 palavra7", 3, None)
    assert result.hits[0].source == "/docs/doc-2.txt"
    assert session.embedder.embedder_id == SALTED64
    assert [s for s in seen if isinstance(s, EmbedderFollowed)] == [EmbedderFollowed(HASH_ID, SALTED64, 64)]


def test_opening_a_base_with_a_stopped_move_offers_to_continue_it(qtbot, base_dir, qsettings):
    import threading

    from vetorbase.errors import Cancelled
    from vetorbase.store.reembed import reembed

    _base(base_dir, docs=3, per_doc=100)
    base = VectorBase.open(base_dir)
    cancel = threading.Event()
    try:
        reembed(base, get_embedder(SALTED64), batch_size=100, cancel=cancel,
                progress=lambda done, _t: cancel.set() if done >= 100 else None)
    except Cancelled:
        pass
    base.close()
    window = open_window(qtbot, base_dir, qsettings)
    bar = window.notice_bar
    qtbot.waitUntil(lambda: any(b.text() == "Continue…" for b in bar.action_buttons), timeout=10000)
    assert bar.label.text() == (f"A move of this base to {SALTED64} was stopped after 100 of 300 chunks. "
                                "Continue it? Searches keep working meanwhile.")
    next(b for b in bar.action_buttons if b.text() == "Continue…").click()
    dialog = window.view.reembed_dialog
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=10000)
    assert dialog.target.currentText() == SALTED64 and dialog.bar.value() == 100
    dialog.start()
    qtbot.waitUntil(lambda: dialog.level == "info", timeout=30000)
    assert (dialog.result.resumed, dialog.result.embedded, dialog.result.chunks) == (100, 200, 300)
