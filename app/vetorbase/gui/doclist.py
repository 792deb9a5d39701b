"""The Documents pane: filterable, sortable list on the left, the chosen document's chunks on the right."""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.columns import fit_width
from vetorbase.gui.docmodel import COLUMNS, DOC_ROLE, DocumentModel, chars_text, header_text
from vetorbase.gui.requests import DocumentDetail
from vetorbase.gui.worker import Worker

MAX_CHUNKS_SHOWN = 300
OPTIONAL_COLUMNS = (6, 4, 3)  # By, Pages, Size: hidden in this order when the list is narrow


class EmptyHint(QLabel):
    """What an empty base shows instead of a blank table."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyHint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        title = self.tr("Drop files here to add them")
        body = self.tr("PDF, Word, HTML, Markdown and text files, or whole folders.")
        menu = self.tr("Or use <b>File › Add files…</b> (Ctrl+I).")
        self.setText(f"<div style='font-size:15pt; font-weight:600'>{title}</div>"
                     f"<div style='margin-top:8px'>{body}<br>{menu}</div>")


class DocumentPane(QWidget):
    """Owns the DocumentModel's view; keeps selection and scroll across live reloads."""

    selection_changed = Signal(list)  # selected DocumentInfo objects
    remove_requested = Signal()
    open_requested = Signal(str, object)  # source, doc id

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.model = DocumentModel(worker, self)
        self.filter_edit = QLineEdit(placeholderText=self.tr("Filter by name or path…"), clearButtonEnabled=True)
        self.count_label = QLabel()
        self.count_label.setObjectName("muted")
        self._filter_timer = QTimer(self, singleShot=True, interval=150)
        self._filter_timer.timeout.connect(lambda: self.model.set_filter(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(lambda _t: self._filter_timer.start())

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control, not the next cell
        self.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._widths = self._measure_widths()
        self._apply_widths()
        self.table.installEventFilter(self)
        self.model.modelReset.connect(self._apply_widths)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(lambda index: self.open_file(index.data(DOC_ROLE)))

        self.empty = EmptyHint()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.detail.setPlaceholderText(self.tr("Select a document to see its chunks and metadata."))

        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.count_label)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.stack, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 360])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._keep_ids: set[int] = set()
        self._anchor: int | None = None  # doc at the top of the view, kept in place across reloads
        self._detail_id: int | None = None
        self.pending_select: int | None = None
        self._restoring = False
        self.model.modelAboutToBeReset.connect(self._remember)
        self.model.reloaded.connect(self._restore)

    def _measure_widths(self) -> list[int]:
        sample_date = fmt.when(1798761540.0)  # 2026-12-31 23:59: the widest dates have two-digit fields
        samples = {0: ["Relatório 2026.pdf"], 2: [fmt.count(88888)], 3: [chars_text(888888)],
                   4: [fmt.count(8888)], 5: [sample_date], 6: ["vetorbase@host"]}
        return [0 if col == 1 else fit_width(self.table, header_text(col), samples.get(col, []), cap=200)
                for col in range(len(COLUMNS))]

    def _apply_widths(self) -> None:
        header = self.table.horizontalHeader()
        for col, width in enumerate(self._widths):
            if width:
                self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """In a narrow window drop the least needed columns rather than scroll sideways."""
        room = self.table.width() - 2 * self.table.frameWidth() - self.table.verticalScrollBar().sizeHint().width()
        need = sum(self._widths) + 120  # the Source column keeps at least this much
        for col in OPTIONAL_COLUMNS:
            hide = need > room
            self.table.setColumnHidden(col, hide)
            if hide:
                need -= self._widths[col]

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    # -- live reload with selection kept ------------------------------------------------
    def reload(self) -> None:
        self.model.active = True
        self.model.reload(keep_pages=True)

    def _remember(self) -> None:
        self._keep_ids = {doc.id for doc in self.selected_docs()}
        top = self.table.verticalScrollBar().value()  # ScrollPerItem: the top row's index
        doc = self.model.doc_at(top) if top > 0 and self.model.total else None
        self._anchor = doc.id if doc is not None else None

    def _restore(self) -> None:
        total = self.model.total
        filtered = bool(self.model.text)
        empty = total == 0 and not filtered
        self.stack.setCurrentWidget(self.empty if empty else self.table)
        self.detail.setVisible(not empty)
        self.count_label.setText(fmt.plural(total, "document"))
        missing = [i for i in (self._keep_ids | {self._anchor} - {None}) if self.model.row_of(i) < 0]
        self._reselect()
        if missing:
            self.model.locate(missing, self._after_locate)
        if self.pending_select is not None and self.select_doc(self.pending_select):
            self.pending_select = None
        if self._detail_id is not None:
            self._load_detail(self._detail_id)  # shows the new state, or clears if it was removed
        self.selection_changed.emit(self.selected_docs())

    def _after_locate(self) -> None:
        self._reselect()
        self._keep_ids = {i for i in self._keep_ids if self.model.row_of(i) >= 0}  # gone ones: forget

    def _reselect(self) -> None:
        """Select the kept documents where they are now and put the anchor back on top."""
        selection = self.table.selectionModel()
        self._restoring = True
        try:
            for doc_id in self._keep_ids:
                row = self.model.row_of(doc_id)
                if row >= 0 and not selection.isRowSelected(row):
                    selection.select(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                                     | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._restoring = False
        anchor_row = self.model.row_of(self._anchor) if self._anchor is not None else 0
        self.table.verticalScrollBar().setValue(max(0, anchor_row))

    def context_actions(self) -> list[tuple[str, Any]]:
        """(label, callback) for the list's right-click menu, given the current selection."""
        docs = self.selected_docs()
        if not docs:
            return []
        actions: list[tuple[str, Any]] = []
        if len(docs) == 1:
            actions.append((self.tr("Open file"), lambda: self.open_file(docs[0])))
        actions.append((self.tr("Copy path") if len(docs) == 1 else self.tr("Copy paths"),
                        lambda: QGuiApplication.clipboard().setText("\n".join(d.source for d in docs))))
        actions.append((self.tr("Remove %1…").replace("%1", fmt.plural(len(docs), "document")),
                        self.remove_requested.emit))
        return actions

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        for label, callback in self.context_actions():
            menu.addAction(label).triggered.connect(lambda _c=False, cb=callback: cb())
        if not menu.isEmpty():
            menu.exec(self.table.viewport().mapToGlobal(pos))

    def open_file(self, doc: Any) -> None:
        if doc is not None:
            self.open_requested.emit(doc.source, doc.id)

    # -- selection and detail -------------------------------------------------------------
    def selected_docs(self) -> list:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        docs = [self.model.index(r, 0).data(DOC_ROLE) for r in rows]
        return [d for d in docs if d is not None]

    def select_doc(self, doc_id: int) -> bool:
        row = self.model.row_of(doc_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def _on_selection(self, *_args: Any) -> None:
        if self._restoring:
            return
        docs = self.selected_docs()
        self.selection_changed.emit(docs)
        if len(docs) == 1:
            self._load_detail(docs[0].id)

    def _load_detail(self, doc_id: int) -> None:
        self._detail_id = doc_id
        self._worker.submit(DocumentDetail(doc_id), on_result=self._show_detail)

    def _show_detail(self, result: tuple[Any, list]) -> None:
        doc, chunks = result
        if doc is None:
            self._detail_id = None
            self.detail.clear()
            return
        if doc.id != self._detail_id:
            return
        rows = "".join(f"<tr><td style='padding-right:12px'><b>{html.escape(str(k))}</b></td>"
                       f"<td>{html.escape(json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v)}"
                       f"</td></tr>" for k, v in sorted(doc.metadata.items()))
        added = self.tr("added %1 by %2").replace("%1", fmt.when(doc.added_at)).replace("%2", html.escape(doc.added_by))
        parts = [f"<h3 style='margin:0'>{html.escape(doc.name)}</h3>",
                 (f"<p style='margin-top:2px'>{fmt.plural(doc.chunks, 'chunk')} · {fmt.plural(doc.chars, 'character')}"
                  f" · {added}</p>"),
                 f"<table cellspacing='2'>{rows}</table><hr>"]
        for chunk in chunks[:MAX_CHUNKS_SHOWN]:
            page = fmt.page_of(chunk.metadata)
            label = (self.tr("Chunk %1 · page %2").replace("%2", page) if page
                     else self.tr("Chunk %1")).replace("%1", fmt.count(chunk.ordinal + 1))
            # pre-wrap: the chunk's own line breaks and paragraphs stay as they were in the file
            parts.append(f"<p style='margin-bottom:2px'><b>{label}</b></p>"
                         f"<p style='margin-top:0; white-space:pre-wrap'>{html.escape(chunk.text)}</p>")
        if len(chunks) > MAX_CHUNKS_SHOWN:
            parts.append("<p><i>" + self.tr("… and %1 more").replace(
                "%1", fmt.plural(len(chunks) - MAX_CHUNKS_SHOWN, "chunk")) + "</i></p>")
        self.detail.setHtml("".join(parts))
