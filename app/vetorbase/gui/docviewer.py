"""The document viewer: one chunk in its context (the chunks around it), its page, the metadata.

A search hit or a dot on the map is a fragment; whether it answers a question often shows
only with the text before and after it.  The viewer loads the document's chunks once
(`DocumentDetail` on the worker) and steps through them without asking again.
"""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.metadataedit import MetadataEditor
from vetorbase.gui.requests import DocumentDetail, SetMetadata
from vetorbase.gui.worker import Worker

CONTEXT = 2  # chunks shown before and after the current one


class DocumentViewer(QDialog):
    """Non-modal; `loaded` fires once the document's chunks arrived (or it turned out gone).
    "Open file" goes through the window's FileOpener (`open_requested`), which says when the
    file is gone and offers Show folder and Locate…"""

    loaded = Signal()
    show_in_list = Signal(int)
    open_requested = Signal(str, object)  # source, doc id
    metadata_saved = Signal()  # after an edit was stored (or refused: see the metadata text)
    metadata_edited = Signal(int, str, dict, dict, tuple)  # doc id, name, before, updates, removed: for Undo

    def __init__(self, worker: Worker, doc_id: int, chunk_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Document"))
        self.resize(760, 620)
        self._worker = worker
        self.doc_id, self.chunk_id = doc_id, chunk_id
        self.doc: Any = None
        self.chunks: list = []
        self.current = 0
        self.title = QLabel(self.tr("Loading…"))
        self.title.setObjectName("baseTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.where = QLabel("")
        self.where.setObjectName("muted")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.position = QLabel("")
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.meta = QLabel("")
        self.meta.setWordWrap(True)
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prev_button = QPushButton(self.tr("◀ Previous chunk"))
        self.prev_button.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Left))
        self.prev_button.clicked.connect(lambda: self.show_chunk(self.current - 1))
        self.next_button = QPushButton(self.tr("Next chunk ▶"))
        self.next_button.setShortcut(QKeySequence(Qt.Modifier.ALT | Qt.Key.Key_Right))
        self.next_button.clicked.connect(lambda: self.show_chunk(self.current + 1))
        self.open_button = QPushButton(self.tr("Open file"))
        self.open_button.clicked.connect(self.open_file)
        self.list_button = QPushButton(self.tr("Show in list"))
        self.list_button.clicked.connect(lambda: self.show_in_list.emit(self.doc_id))
        self.edit_button = QPushButton(self.tr("Edit metadata…"))
        self.edit_button.clicked.connect(lambda: self.edit_metadata())
        close_button = QPushButton(self.tr("Close"))
        close_button.clicked.connect(self.close)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        self.position.setAlignment(Qt.AlignmentFlag.AlignCenter)  # full width: the text grows after loading
        nav.addWidget(self.position, 1)
        nav.addWidget(self.next_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.list_button)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.where)
        layout.addLayout(nav)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.meta)
        layout.addLayout(buttons)
        for button in (self.prev_button, self.next_button, self.open_button, self.list_button, self.edit_button):
            button.setEnabled(False)
        spawn(self._load(), self._failed)

    async def _load(self) -> None:
        doc, chunks = await self._worker.run(DocumentDetail(self.doc_id, purpose="viewer"))
        if doc is None:
            self.title.setText(self.tr("This document is no longer in the base."))
            self.loaded.emit()
            return
        self.doc, self.chunks = doc, list(chunks)
        self.setWindowTitle(self.tr("Document — %1").replace("%1", doc.name))
        self.title.setText(doc.name)
        self.where.setText(doc.source)
        self.meta.setText(self._metadata_html(doc))
        for button in (self.open_button, self.list_button, self.edit_button):
            button.setEnabled(True)
        start = next((i for i, c in enumerate(self.chunks) if c.id == self.chunk_id), 0)
        self.show_chunk(start)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.title.setText(self.tr("Could not load the document: %1").replace("%1", fmt.describe(exc)))
        self.loaded.emit()

    def _metadata_html(self, doc: Any) -> str:
        # Lines, not a <table>: QLabel measures a table's height as one line and cut it off.
        rows = "<br>".join(f"<b>{html.escape(str(k))}</b>: "
                           f"{html.escape(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))}"
                           for k, v in sorted(doc.metadata.items()) if k != "source")
        added = self.tr("Added %1 by %2").replace("%1", fmt.when(doc.added_at)).replace("%2", html.escape(doc.added_by))
        return f"<p>{added}</p>" + (f"<p>{rows}</p>" if rows else "")

    def show_chunk(self, index: int) -> None:
        """Show chunk `index` (0-based) highlighted between its neighbours."""
        if not self.chunks:
            return
        self.current = max(0, min(index, len(self.chunks) - 1))
        chunk = self.chunks[self.current]
        self.chunk_id = chunk.id
        page = fmt.page_of(chunk.metadata)
        position = self.tr("Chunk %1 of %2").replace("%1", fmt.count(self.current + 1)).replace(
            "%2", fmt.count(len(self.chunks)))
        if page:
            position += " · " + self.tr("page %1").replace("%1", page)
        self.position.setText(position)
        self.prev_button.setEnabled(self.current > 0)
        self.next_button.setEnabled(self.current < len(self.chunks) - 1)
        parts = []
        first, last = max(0, self.current - CONTEXT), min(len(self.chunks), self.current + CONTEXT + 1)
        if first > 0:
            parts.append("<p style='color:gray'>…</p>")
        for i in range(first, last):
            body = html.escape(self.chunks[i].text).replace("\n", "<br>")
            if i == self.current:
                parts.append(f"<a name='current'></a><div style='background:#fff3bf;color:#111;padding:6px'>"
                             f"{body}</div>")
            else:
                parts.append(f"<div style='color:gray'>{body}</div>")
        if last < len(self.chunks):
            parts.append("<p style='color:gray'>…</p>")
        self.text.setHtml("<br>".join(parts))
        self.text.scrollToAnchor("current")

    def edit_metadata(self, editor: MetadataEditor | None = None) -> MetadataEditor | None:
        """Ask for the changes (modal), then store them on the worker and show the result.
        Tests pass an `editor` they filled in and accepted."""
        if self.doc is None:
            return None
        if editor is None:
            editor = MetadataEditor(self.doc.name, self.doc.metadata, self)
            if editor.exec() != QDialog.DialogCode.Accepted:
                return editor
        updates, removed = editor.changes()
        if updates or removed:
            spawn(self._save_metadata(SetMetadata(self.doc.id, updates, removed)), self._failed_edit)
        return editor

    async def _save_metadata(self, request: SetMetadata) -> None:
        self.edit_button.setEnabled(False)
        before = dict(self.doc.metadata) if self.doc is not None else {}
        self.doc = await self._worker.run(request)
        self.metadata_edited.emit(request.doc_id, self.doc.name, before, dict(request.updates), tuple(request.remove))
        self.meta.setText(self._metadata_html(self.doc))
        self.edit_button.setEnabled(True)
        self.metadata_saved.emit()

    def refresh_metadata(self) -> None:
        """Show the document's metadata again (an Undo or Redo elsewhere may have changed it)."""
        if self.doc is not None:
            spawn(self._reload_metadata(), self._failed_edit)

    async def _reload_metadata(self) -> None:
        doc, _chunks = await self._worker.run(DocumentDetail(self.doc_id, purpose="viewer"))
        if doc is not None:
            self.doc = doc
            self.meta.setText(self._metadata_html(doc))
        self.metadata_saved.emit()

    def _failed_edit(self, exc: BaseException) -> None:
        self.edit_button.setEnabled(True)
        self.meta.setText(self.tr("The metadata was not changed: %1").replace("%1", html.escape(fmt.describe(exc))))
        self.metadata_saved.emit()

    def open_file(self) -> None:
        if self.doc is not None:
            self.open_requested.emit(self.doc.source, self.doc.id)
