"""Helpers shared by the window tests: real drops, corpora of small files, stall records."""

from __future__ import annotations

import json
from pathlib import Path

from langchain_core.embeddings import Embeddings
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from vetorbase.gui.app import build_main_window
from vetorbase.gui.window import MainWindow

TOPICS = [
    ("cats", "Cats are small domestic felines that purr, hunt mice and sleep most of the day."),
    ("volcano", "A volcano erupts molten lava, ash and gases from the magma chamber below the crust."),
    ("bread", "Bake bread by kneading flour, water, yeast and salt, then proofing the dough before the oven."),
    ("football", "The football match ended two to one after a late goal by the striker in extra time."),
    ("tax", "The income tax return must be filed by April with receipts for every deduction claimed."),
    ("chuva", "A chuva forte alagou as ruas de São Paulo e o trânsito ficou parado por horas."),
]


class Embeddings384(Embeddings):
    """A deterministic 384-d LangChain embedder: an index "built by another model"."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        return [np.random.default_rng(sum(map(ord, t))).standard_normal(384).tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def drop_paths(target: QWidget, paths: list[Path]) -> tuple[bool, bool]:
    """A real drag-enter + drop with file URLs on `target`; returns (enter accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    centre = target.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    return enter.isAccepted(), drop.isAccepted()


def write_topic_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, text in TOPICS:
        path = folder / f"{name}.txt"
        path.write_text((text + " ") * 3, encoding="utf-8")
        out[name] = path
    return out


def write_small_files(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name, text = TOPICS[i % len(TOPICS)]
        path = folder / f"note-{i:04d}-{name}.md"
        path.write_text(f"# Note {i}\n\n{text} Number {i}.\n", encoding="utf-8")
        paths.append(path)
    return paths


def record_stall(artifacts_dir: Path, phase: str, longest_ms: float, **extra: object) -> None:
    """Append one measurement to artifacts/gui_stalls.json (a report, never an assertion)."""
    path = artifacts_dir / "gui_stalls.json"
    try:
        data = json.loads(path.read_text())
    except (FileNotFoundError, ValueError):
        data = {}
    data[phase] = {"longest_stall_ms": round(longest_ms, 1), "target_ms": 50, **extra}
    path.write_text(json.dumps(data, indent=2, sort_keys=True))
    print(f"\n[stall probe] {phase}: longest event-loop stall {longest_ms:.1f} ms {extra or ''}")


def screenshot(widget: QWidget, artifacts_dir: Path, name: str) -> Path:
    folder = artifacts_dir / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), f"could not save {path}"
    return path


def open_window(qtbot, base_path: Path, settings: QSettings) -> MainWindow:
    window = build_main_window(base_path, settings=settings)
    window.confirm_removals = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.view.is_open and window.view.documents.model.loaded_once, timeout=30000)
    return window


def wait_ingested(qtbot, window: MainWindow, timeout: int = 60000) -> dict:
    pane = window.view.ingest
    qtbot.waitUntil(lambda: not pane.busy and bool(pane.counts), timeout=timeout)
    return dict(pane.counts)
