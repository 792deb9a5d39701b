"""Opening a document's file, and what to do when that fails: say so, show the folder, relink.

A file moved since it was added must not fail silently. "Locate…" points the document at
the file's new place without embedding it again (its vectors are copied), and only when
the located file has the very same content (sha256), so the base never describes a file
with another file's text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.requests import RelinkDocument
from vetorbase.gui.worker import Worker


def nearest_folder(path: str) -> Path | None:
    """The file's folder, or the closest ancestor that still exists."""
    for parent in Path(path).parents:
        if parent.is_dir():
            return parent
    return None


class FileOpener(QObject):
    """`notice(level, text, actions)`: actions are (label, callback) pairs for the notice bar."""

    notice = Signal(str, str, object)
    relinked = Signal(int)  # the document's new id

    def __init__(self, worker: Worker, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self._worker = worker
        self._widget = parent_widget

    def open(self, source: str, doc_id: int | None) -> bool:
        if not source or not Path(source).exists():
            actions = [(self.tr("Show folder"), lambda: self.show_in_folder(source))]
            if doc_id is not None:
                actions.append((self.tr("Locate…"), lambda: self.locate(doc_id, source)))
            self.notice.emit("warning", self.tr("%1 is not there any more (moved, renamed or deleted).")
                             .replace("%1", source or "?"), actions)
            return False
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(source)):
            self.notice.emit("warning", self.tr("No program on this computer opens %1.").replace("%1", Path(source).name),
                             [(self.tr("Show in folder"), lambda: self.show_in_folder(source))])
            return False
        return True

    def show_in_folder(self, source: str) -> bool:
        folder = nearest_folder(source)
        if folder is None or not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            self.notice.emit("warning", self.tr("Could not open the folder of %1.").replace("%1", source), [])
            return False
        return True

    def locate(self, doc_id: int, source: str) -> None:
        folder = nearest_folder(source)
        name = Path(source).name
        path, _ = QFileDialog.getOpenFileName(self._widget, self.tr("Where is %1 now?").replace("%1", name),
                                              str(folder or Path.home()), f"{name} (*{Path(name).suffix});;* (*)")
        if path:
            self.relink(doc_id, path)

    def relink(self, doc_id: int, path: str) -> None:
        spawn(self._relink(RelinkDocument(doc_id, path)))

    async def _relink(self, request: RelinkDocument) -> None:
        try:
            doc = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown in the notice bar, whatever it is
            self.notice.emit("error", fmt.describe(exc), [])
            return
        self.notice.emit("info", self.tr("%1 now points to %2 (nothing was embedded again).")
                         .replace("%1", doc.name).replace("%2", doc.source), [])
        self.relinked.emit(doc.id)
