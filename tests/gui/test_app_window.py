"""Starting the app: `run()` under qasync creates the default base; LangChain folders import safely."""

from __future__ import annotations

import os
import subprocess
import sys

from guihelpers import screenshot
from PySide6.QtCore import Qt
from vetorbase.store import VectorBase

RUN_AND_QUIT = """
import sys
from PySide6.QtCore import QTimer
import vetorbase.gui.app as gui_app
app = gui_app.ensure_app()
def check_then_quit():
    window = app.topLevelWidgets()
    title = [w.windowTitle() for w in window if w.windowTitle()]
    print("TITLE", title, flush=True)
    app.quit()
QTimer.singleShot(2500, check_then_quit)
sys.exit(gui_app.run())
"""


def test_run_creates_the_default_base_with_the_offline_embedder(tmp_path):
    base = tmp_path / "home-base"
    env = {**os.environ, "VETORBASE_BASE": str(base), "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", RUN_AND_QUIT], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "home-base — Vetorbase" in done.stdout
    assert VectorBase.exists(base)
    assert VectorBase.read_info(base)["embedder_id"] == "local:use-multilingual-v3"
    assert "Traceback" not in done.stderr


def test_opening_a_langchain_folder_imports_it_into_a_new_base(qtbot, window, tmp_path, artifacts_dir):
    from langchain_community.vectorstores import FAISS
    from vetorbase.embeddings import get_embedder

    folder = tmp_path / "lc-index"
    texts = ["The river floods every spring.", "Coffee grows on hillsides.", "Trains leave at noon."]
    metas = [{"source": "rivers.md"}, {"source": "coffee.md"}, {"source": "rivers.md"}]
    FAISS.from_texts(texts, get_embedder(), metas).save_local(str(folder))
    assert window.offer_langchain_import(folder, ask=False)
    target = folder.with_name("lc-index-vetorbase").resolve()
    qtbot.waitUntil(lambda: window.view.base_path == target and window.view.documents.model.total == 2, timeout=30000)
    view = window.view
    assert sorted(d.name for d in window.view.documents.model.loaded_docs()) == ["coffee.md", "rivers.md"]
    assert "Imported 3 chunks" in " ".join(t for _, t in window.notice_bar.history)
    assert "lc-index-vetorbase" in window.windowTitle()
    assert VectorBase.open(view.base_path).check() == []


def test_dark_scheme_gives_a_dark_palette_and_back(qtbot, window, artifacts_dir):
    """Offscreen Qt reports no system scheme, so the scheme change is handed in directly."""
    from PySide6.QtWidgets import QApplication
    from vetorbase.gui.style import follow_color_scheme

    app = QApplication.instance()
    follow_color_scheme(app, Qt.ColorScheme.Dark)
    try:
        qtbot.waitUntil(lambda: window.palette().window().color().lightness() < 80, timeout=3000)
        assert window.palette().text().color().lightness() > 180
        screenshot(window, artifacts_dir, "07-dark-scheme")
    finally:
        follow_color_scheme(app, Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: window.palette().window().color().lightness() > 180, timeout=3000)


def test_open_errors_stay_in_the_notice_bar(qtbot, window, tmp_path):
    plain = tmp_path / "just-a-folder"
    plain.mkdir()
    window.open_folder(str(plain))
    assert window.notice_bar.level == "error" and "not a Vetorbase base" in window.notice_bar.text
    assert window.view.base_path == (tmp_path / "base").resolve(), "the open base stays open"

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "vetorbase.sqlite").write_bytes(b"this is not a database" * 100)
    view = window.open_base(broken)
    qtbot.waitUntil(lambda: window.notice_bar.level == "error" and "Could not open" in window.notice_bar.text,
                    timeout=10000)
    assert not view.is_open and view.key_stats.text() == "not open"
    assert not window.isHidden(), "a broken base is reported, never a crash or a modal box"


def test_recent_bases_menu_lists_opened_bases(qtbot, window, tmp_path):
    other = tmp_path / "other"
    window.open_base(other, create=True)
    qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
    titles = [a.text() for a in window.recent_menu.actions()]
    assert titles[:2] == [str(other.resolve()), str((tmp_path / "base").resolve())]
    window.recent_menu.actions()[1].trigger()
    qtbot.waitUntil(lambda: window.view.is_open and window.view.base_path == (tmp_path / "base").resolve(),
                    timeout=30000)


def test_langchain_import_asks_for_the_embedder_and_leaves_nothing_on_failure(qtbot, window, tmp_path):
    """A 384-d index under the 512-d default must fail before a base exists (issue 14, item 3)."""
    from guihelpers import Embeddings384
    from langchain_community.vectorstores import FAISS
    from vetorbase.gui.lcimport import LangChainImportDialog, index_dimension

    folder = tmp_path / "lc-384"
    FAISS.from_texts(["Rivers flood in spring.", "Coffee grows on hills."], Embeddings384(),
                     [{"source": "a.md"}, {"source": "b.md"}]).save_local(str(folder))
    assert index_dimension(folder) == 384
    dialog = LangChainImportDialog(folder, folder.with_name("x"), window.prefs, window)
    assert "384" in dialog.dim_label.text() and dialog.embedder_combo.currentData().startswith("ollama:")
    dialog.deleteLater()

    before = window.view.base_path
    assert window.offer_langchain_import(folder, ask=False)  # the offline default: 512-d
    qtbot.waitUntil(lambda: window.notice_bar.level == "error", timeout=30000)
    assert "384" in window.notice_bar.text and "512" in window.notice_bar.text
    assert not folder.with_name("lc-384-vetorbase").exists(), "no empty base is left behind"
    assert window.view.base_path == before and window.view.is_open

    embedder_id = "import:guihelpers:Embeddings384"  # the embedder that built the index
    assert window.offer_langchain_import(folder, ask=False, embedder_id=embedder_id)
    target = folder.with_name("lc-384-vetorbase").resolve()
    qtbot.waitUntil(lambda: window.view.base_path == target and window.view.documents.model.total == 2,
                    timeout=30000)
    assert VectorBase.read_info(target)["embedder_id"] == embedder_id
