"""Preferences persisted with QSettings, and the Settings dialog that edits them."""

from __future__ import annotations

import re
from dataclasses import replace

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from vetorbase.embeddings import ollama_id
from vetorbase.errors import VetorbaseError
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.i18n import LANGUAGES
from vetorbase.gui.prefs import LOCAL_EMBEDDER, OLLAMA_EMBEDDER, Preferences
from vetorbase.gui.requests import TestConnection
from vetorbase.gui.worker import Worker
from vetorbase.store.hybrid import MODES as SEARCH_MODES


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "vetorbase", "vetorbase")


def load_prefs(settings: QSettings) -> Preferences:
    d = Preferences()

    def get(key: str, default: object, kind: type) -> object:
        value = settings.value(key, default)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    recent = settings.value("recent_bases", [])
    if isinstance(recent, str):
        recent = [recent] if recent else []
    mode = str(get("search/mode", d.search_mode, str))
    return Preferences(
        embedder=str(get("embedder/kind", d.embedder, str)),
        ollama_url=str(get("embedder/ollama_url", d.ollama_url, str)),
        ollama_model=str(get("embedder/ollama_model", d.ollama_model, str)),
        chunk_size=int(get("ingest/chunk_size", d.chunk_size, int)),  # type: ignore[arg-type]
        chunk_overlap=int(get("ingest/chunk_overlap", d.chunk_overlap, int)),  # type: ignore[arg-type]
        recent_bases=tuple(str(p) for p in (recent or [])),
        search_mode=mode if mode in SEARCH_MODES else d.search_mode,
        language=str(get("ui/language", d.language, str)),
        max_file_mb=float(get("ingest/max_file_mb", d.max_file_mb, float)),  # type: ignore[arg-type]
    )


def save_prefs(settings: QSettings, prefs: Preferences) -> None:
    settings.setValue("embedder/kind", prefs.embedder)
    settings.setValue("embedder/ollama_url", prefs.ollama_url)
    settings.setValue("embedder/ollama_model", prefs.ollama_model)
    settings.setValue("ingest/chunk_size", prefs.chunk_size)
    settings.setValue("ingest/chunk_overlap", prefs.chunk_overlap)
    settings.setValue("recent_bases", list(prefs.recent_bases))
    settings.setValue("search/mode", prefs.search_mode)
    settings.setValue("ui/language", prefs.language)
    settings.setValue("ingest/max_file_mb", prefs.max_file_mb)
    settings.sync()


class SettingsDialog(QDialog):
    """Embedder for new bases (offline default or Ollama) and chunking for ingestion."""

    def __init__(self, prefs: Preferences, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(520)
        self._worker = worker
        self._prefs = prefs
        self.local_radio = QRadioButton(self.tr("Offline default (Universal Sentence Encoder, multilingual, 512 dimensions)"))
        self.ollama_radio = QRadioButton(self.tr("Ollama server"))
        group = QButtonGroup(self)
        group.addButton(self.local_radio)
        group.addButton(self.ollama_radio)
        self.url_edit = QLineEdit(prefs.ollama_url)
        self.model_edit = QLineEdit(prefs.ollama_model)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_result = QLabel("")
        self.test_result.setWordWrap(True)
        self.test_button.clicked.connect(self.test_connection)
        (self.ollama_radio if prefs.embedder == OLLAMA_EMBEDDER else self.local_radio).setChecked(True)
        self.ollama_radio.toggled.connect(self._sync_enabled)

        emb_box = QGroupBox(self.tr("Embedder for new bases"))
        emb = QVBoxLayout(emb_box)
        emb.addWidget(self.local_radio)
        emb.addWidget(self.ollama_radio)
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.url_edit)
        form.addRow(self.tr("Model"), self.model_edit)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form.addRow("", test_row)
        emb.addLayout(form)
        note = QLabel(self.tr("An existing base always uses the embedder that built it."))
        note.setWordWrap(True)
        note.setObjectName("muted")
        emb.addWidget(note)

        chars = self.tr(" characters")
        self.size_spin = QSpinBox(minimum=100, maximum=20000, singleStep=100, value=prefs.chunk_size, suffix=chars)
        self.overlap_spin = QSpinBox(minimum=0, maximum=5000, singleStep=25, value=prefs.chunk_overlap, suffix=chars)
        # The ingestion refuses larger files and its message names this setting ("Largest file").
        self.max_file_spin = QDoubleSpinBox(minimum=0.5, maximum=2048.0, singleStep=5.0, decimals=1,
                                            value=prefs.max_file_mb, suffix=" MB")
        self.max_file_spin.setToolTip(self.tr("Files larger than this are not added (PDF and Word files may be "
                                              "a few times larger, as most of their bytes are not text)."))
        chunk_box = QGroupBox(self.tr("Adding files"))
        chunk_form = QFormLayout(chunk_box)
        chunk_form.addRow(self.tr("Passage (chunk) size"), self.size_spin)
        chunk_form.addRow(self.tr("Overlap between passages"), self.overlap_spin)
        chunk_form.addRow(self.tr("Largest file"), self.max_file_spin)

        self.language_combo = QComboBox()
        for code, name in LANGUAGES:
            self.language_combo.addItem(name or self.tr("System language"), code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(prefs.language)))
        lang_box = QGroupBox(self.tr("Language"))
        lang_form = QFormLayout(lang_box)
        lang_form.addRow(self.tr("Window language"), self.language_combo)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(emb_box)
        layout.addWidget(chunk_box)
        layout.addWidget(lang_box)
        layout.addWidget(buttons)
        self._sync_enabled()

    def _sync_enabled(self) -> None:
        on = self.ollama_radio.isChecked()
        for widget in (self.url_edit, self.model_edit, self.test_button):
            widget.setEnabled(on)

    def prefs(self) -> Preferences:
        """The edited preferences (recent bases untouched); overlap is kept below the size."""
        size = self.size_spin.value()
        return replace(self._prefs,
                       embedder=OLLAMA_EMBEDDER if self.ollama_radio.isChecked() else LOCAL_EMBEDDER,
                       ollama_url=self.url_edit.text().strip(), ollama_model=self.model_edit.text().strip(),
                       chunk_size=size, chunk_overlap=min(self.overlap_spin.value(), size // 2),
                       max_file_mb=float(self.max_file_spin.value()),
                       language=str(self.language_combo.currentData() or "system"))

    def test_connection(self) -> None:
        self.test_result.setText(self.tr("Testing…"))
        try:
            embedder_id = ollama_id(self.model_edit.text().strip(), self.url_edit.text().strip())
        except VetorbaseError as exc:  # e.g. an empty model name
            self.test_result.setText(f"✗ {fmt.describe(exc)}")
            return
        spawn(self._test(TestConnection(embedder_id)))

    async def _test(self, request: TestConnection) -> None:
        try:
            message = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown next to the button, whatever it is
            self.test_result.setText(f"✗ {fmt.describe(exc)}")
            return
        self._connected(message)

    def _connected(self, message: str) -> None:
        match = re.fullmatch(r"connected: the model returns (\d+)-dimensional vectors", message)
        if match:
            message = self.tr("connected: the model returns %1-dimensional vectors").replace("%1", match.group(1))
        self.test_result.setText(f"✓ {message}")


def load_pending(settings: QSettings) -> dict[str, list[str]]:
    """Files a quit left in the ingestion queue, per base path (resumed at the next start)."""
    import json

    try:
        data = json.loads(str(settings.value("ingest/pending", "{}")))
    except ValueError:
        return {}
    return {str(k): [str(p) for p in v] for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}


def save_pending(settings: QSettings, base_path: str, paths: list[str]) -> None:
    import json

    pending = load_pending(settings)
    if paths:
        pending[base_path] = list(paths)
    else:
        pending.pop(base_path, None)
    settings.setValue("ingest/pending", json.dumps(pending))
    settings.sync()
