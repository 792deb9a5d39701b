"""Importing a LangChain FAISS folder from the window: embedder first, nothing left on failure.

A base records the embedder that made its vectors, and searches embed the query with it;
an index made by a 384-d model imported under the 512-d offline default could never be
searched. So the window asks which embedder built the index (as the CLI's `--embedder`
does), checks the dimensions before anything is created, and removes the new base again
if the import fails, so a failed import never leaves an empty base to stumble on.
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import DimensionMismatch
from vetorbase.gui import formatting as fmt
from vetorbase.gui.prefs import Preferences


def is_langchain_folder(path: Path) -> bool:
    return (path / "index.faiss").is_file() and (path / "index.pkl").is_file()


def index_dimension(folder: Path) -> int | None:
    """The vectors' dimension from index.faiss's header (fourcc, then d as int32), or None.

    Flat, IVF, HNSW and ID-map indexes all start so; reading the header is instant even for
    a large index, so the dialog can show it before anything is loaded.
    """
    try:
        with open(folder / "index.faiss", "rb") as f:
            head = f.read(8)
    except OSError:
        return None
    if len(head) < 8 or not head[:1] == b"I":
        return None
    (dim,) = struct.unpack("<i", head[4:8])
    return dim if 0 < dim <= 65536 else None


def import_into_new_base(folder: str, target: str, embedder_id: str, origin: str | None) -> dict[str, Any]:
    """Read, check the embedder's dimension, create the base, import; undo the creation on failure."""
    from vetorbase.bases import open_base
    from vetorbase.integrations.langchain_faiss import import_langchain_folder, read_langchain_folder
    from vetorbase.store import VectorBase

    data = read_langchain_folder(folder)  # refuses unsafe pickles before anything is created
    path = Path(target)
    existed = path.exists()
    if VectorBase.exists(path):
        raise DimensionMismatch(f"{path} already holds a Vetorbase base; choose another name for the import")
    path.mkdir(parents=True, exist_ok=True)
    before = set(path.iterdir())
    base = None
    try:
        base = open_base(path, create=True, embedder=embedder_id, vectors_dim=data.dim, vectors_from=folder,
                         origin=origin, mismatch_hint="Choose the embedder that built the LangChain index.").base
        result = import_langchain_folder(data, base, origin=origin)
        if not result.get("chunks"):
            raise DimensionMismatch(f"{folder} holds no text to import")
        return result
    except BaseException:
        if base is not None:
            base.close()
        if existed:
            for created in set(path.iterdir()) - before:
                shutil.rmtree(created) if created.is_dir() else created.unlink()
        else:
            shutil.rmtree(path, ignore_errors=True)
        raise


async def import_then_open(window: Any, worker: Any, request: Any, target: Path) -> None:
    """Run the import (an ImportLangchainNew request) on `worker`; switch to the new base only
    once it holds the index, so a failure leaves the window on the base it was showing."""
    try:
        result = await worker.run(request)
    except Exception as exc:  # noqa: BLE001 - reported in the notice bar, whatever it is
        window.notify("error", QCoreApplication.translate("MainWindow", "Import failed: %1")
                      .replace("%1", fmt.describe(exc)))
        return
    window.open_base(target)
    window.notify("info", QCoreApplication.translate("MainWindow", "Imported %1 in %2 from %3.")
                  .replace("%1", fmt.plural(result.get("chunks", 0), "chunk"))
                  .replace("%2", fmt.plural(result.get("documents", 0), "document"))
                  .replace("%3", str(result.get("folder"))))


class LangChainImportDialog(QDialog):
    """Where to, and which embedder built the index (pre-selected by its dimension)."""

    def __init__(self, folder: Path, target: Path, prefs: Preferences, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, LOCAL_DIM

        self.setWindowTitle(self.tr("Import a LangChain FAISS folder"))
        self.setMinimumWidth(560)
        dim = index_dimension(folder)
        intro = QLabel(self.tr("%1 is a LangChain FAISS folder. It will be imported into a new base at %2. "
                               "The pickle is read as plain data; no code in it runs.")
                       .replace("%1", str(folder)).replace("%2", str(target)))
        intro.setWordWrap(True)
        self.embedder_combo = QComboBox()
        self.embedder_combo.setEditable(True)
        self.embedder_combo.addItem(self.tr("Offline default (512 dimensions)"), DEFAULT_EMBEDDER_ID)
        try:
            ollama = Preferences(embedder="ollama", ollama_url=prefs.ollama_url,
                                 ollama_model=prefs.ollama_model).embedder_id()
            self.embedder_combo.addItem(self.tr("Ollama: %1").replace("%1", ollama), ollama)
        except Exception:  # noqa: BLE001 - an unusable Ollama setting just offers no Ollama entry
            pass
        if dim is not None and dim != LOCAL_DIM and self.embedder_combo.count() > 1:
            self.embedder_combo.setCurrentIndex(1)
        dims = (self.tr("The index holds %1-dimensional vectors; choose the embedder that made them "
                        "(searches embed your questions with it).").replace("%1", str(dim)) if dim
                else self.tr("Choose the embedder that made the index (searches embed your questions with it)."))
        self.dim_label = QLabel(dims)
        self.dim_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Embedder"), self.embedder_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.dim_label)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def embedder_id(self) -> str:
        """The chosen entry's id, or what was typed (any id `get_embedder` accepts)."""
        index = self.embedder_combo.currentIndex()
        if index >= 0 and self.embedder_combo.itemText(index) == self.embedder_combo.currentText():
            return str(self.embedder_combo.itemData(index))
        return self.embedder_combo.currentText().strip()
