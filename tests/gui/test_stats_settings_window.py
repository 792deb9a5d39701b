"""Stats follow the base live; settings persist in QSettings and reach the worker."""

from __future__ import annotations

from guihelpers import open_window, screenshot, wait_ingested, write_topic_files
from ollama_fake import OllamaFake
from PySide6.QtCore import QSettings
from vetorbase.gui.prefs import OLLAMA_EMBEDDER
from vetorbase.gui.settings import load_prefs
from vetorbase.store import VectorBase


def test_stats_pane_updates_after_ingest_and_removal(qtbot, window, tmp_path, artifacts_dir):
    stats = window.view.stats
    qtbot.waitUntil(lambda: window.view.overview is not None, timeout=5000)
    assert stats.values["chunks"].text() == "0"
    files = write_topic_files(tmp_path / "docs")
    window.add_paths([str(tmp_path / "docs")])
    wait_ingested(qtbot, window)
    base = VectorBase.open(window.view.base_path)
    window.view.tabs.setCurrentIndex(3)  # the per-type scan runs only while the Stats pane shows
    qtbot.waitUntil(lambda: stats.values["documents"].text() == str(len(files)) and bool(stats.types.items), timeout=5000)
    s = base.stats()
    assert stats.values["chunks"].text() == f"{s.chunks:,}"
    assert stats.values["dimension"].text() == "512"
    assert stats.values["embedder"].text() == s.embedder_id
    assert stats.values["seq"].text() == f"{s.seq:,}"
    assert ("txt", len(files)) in stats.types.items
    assert len(stats.growth.points) >= 2 and stats.growth.points[-1][1] == s.chunks
    assert f"{len(files)}</b> documents" in window.view.key_stats.text()
    screenshot(window, artifacts_dir, "05-stats")

    window.view.remove_documents([base.get_document(source=str(files["cats"])).id])
    qtbot.waitUntil(lambda: stats.values["documents"].text() == str(len(files) - 1), timeout=5000)


def test_settings_persist_and_test_connection_reaches_the_server(qtbot, window, qsettings, tmp_path):
    dialog = window.open_settings()
    dialog.ollama_radio.setChecked(True)
    assert dialog.url_edit.isEnabled()
    with OllamaFake(models=["nomic-embed-text"]) as fake:
        dialog.url_edit.setText(fake.url)
        dialog.model_edit.setText("nomic-embed-text")
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.test_result.text().startswith(("✓", "✗")), timeout=15000)
        assert dialog.test_result.text() == "✓ connected: the model returns 512-dimensional vectors"
        dialog.model_edit.setText("missing-model")
        dialog.test_button.click()
        qtbot.waitUntil(lambda: dialog.test_result.text().startswith("✗"), timeout=15000)
        assert "missing-model" in dialog.test_result.text()
        dialog.model_edit.setText("nomic-embed-text")
        url = fake.url
    dialog.size_spin.setValue(600)
    dialog.overlap_spin.setValue(80)
    dialog.accept()
    qtbot.waitUntil(lambda: window.view.session.prefs.chunk_size == 600, timeout=5000)

    reread = load_prefs(QSettings(qsettings.fileName(), QSettings.Format.IniFormat))
    assert (reread.embedder, reread.ollama_url, reread.ollama_model) == (OLLAMA_EMBEDDER, url, "nomic-embed-text")
    assert (reread.chunk_size, reread.chunk_overlap) == (600, 80)
    assert str(window.view.base_path) in reread.recent_bases
    window.close()

    again = open_window(qtbot, tmp_path / "base", QSettings(qsettings.fileName(), QSettings.Format.IniFormat))
    dialog = again.open_settings()
    assert dialog.ollama_radio.isChecked() and dialog.size_spin.value() == 600 and dialog.url_edit.text() == url
    dialog.reject()


def test_a_new_base_uses_the_ollama_embedder_from_settings(qtbot, window, tmp_path):
    from dataclasses import replace

    with OllamaFake(models=["nomic-embed-text"]) as fake:
        window.apply_prefs(replace(window.prefs, embedder=OLLAMA_EMBEDDER, ollama_url=fake.url,
                                   ollama_model="nomic-embed-text"))
        new = tmp_path / "ollama-base"
        window.open_base(new, create=True)
        qtbot.waitUntil(lambda: window.view.is_open, timeout=30000)
        assert VectorBase.read_info(new)["embedder_id"] == f"ollama:nomic-embed-text@{fake.url}"
        (tmp_path / "in.txt").write_text("Ollama embeds this sentence about mountains.")
        window.add_paths([str(tmp_path / "in.txt")])
        assert wait_ingested(qtbot, window) == {"added": 1}
        assert any(path == "/api/embed" for path, _ in fake.requests)
