"""The document list as a lazily paged table model: 100k documents never load at once.

Rows are fetched a page at a time through the worker as the view asks for them.  A
reload (after a change elsewhere, a new sort or filter) asks for the pages the view had
and swaps them in at once, so nothing flickers and the pane can restore its selection.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.session import Page
from vetorbase.gui.aio import spawn
from vetorbase.gui.requests import DocumentsPage, Locate
from vetorbase.gui.worker import Worker

_ROOT = QModelIndex()
PAGE_SIZE = 200
COLUMNS: list[tuple[str, str | None]] = [  # (header, sort key); headers translated when shown
    (QT_TRANSLATE_NOOP("DocumentModel", "Name"), "name"), (QT_TRANSLATE_NOOP("DocumentModel", "Source"), "source"),
    (QT_TRANSLATE_NOOP("DocumentModel", "Chunks"), "chunks"), (QT_TRANSLATE_NOOP("DocumentModel", "Size"), "chars"),
    (QT_TRANSLATE_NOOP("DocumentModel", "Pages"), None), (QT_TRANSLATE_NOOP("DocumentModel", "Added"), "added_at"),
    (QT_TRANSLATE_NOOP("DocumentModel", "By"), "added_by"),
]
DOC_ROLE = Qt.ItemDataRole.UserRole + 1
_NUMERIC = {2, 3, 4}


def header_text(section: int) -> str:
    return QCoreApplication.translate("DocumentModel", COLUMNS[section][0])


def chars_text(n: int) -> str:
    """The Size column: characters of text, with the unit (a bare number read as bytes)."""
    return QCoreApplication.translate("DocumentModel", "%1 chars").replace("%1", fmt.count(n))


class DocumentModel(QAbstractTableModel):
    """Table of DocumentInfo rows; `reloaded` fires after every swap of data."""

    reloaded = Signal()

    def __init__(self, worker: Worker, parent: Any = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.total = 0
        self.sort_key = "added_at"
        self.descending = True
        self.text = ""
        self._pages: dict[int, list] = {}
        self._requested: set[int] = set()
        self._generation = 0
        self._incoming: dict[int, Page] = {}
        self._wanted: set[int] = set()
        self.loaded_once = False
        self.active = False  # nothing is asked of the worker before the base is open

    # -- Qt model API ----------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header_text(section)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self.doc_at(index.row())
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col in _NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if doc is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and col == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(doc, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return doc.source
        if role == DOC_ROLE:
            return doc
        return None

    def _display(self, doc: Any, col: int) -> str:
        return [
            doc.name, doc.source, fmt.count(doc.chunks), chars_text(doc.chars),
            fmt.pages_of(doc.metadata), fmt.when(doc.added_at), doc.added_by,
        ][col]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][1]
        if key is None:
            return
        self.sort_key = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload(keep_pages=False)

    # -- paging ----------------------------------------------------------------------
    def doc_at(self, row: int) -> Any:
        page = row // PAGE_SIZE
        docs = self._pages.get(page)
        if docs is None:
            self._fetch(page)
            return None
        offset = row - page * PAGE_SIZE
        return docs[offset] if offset < len(docs) else None

    def row_of(self, doc_id: int) -> int:
        for page, docs in self._pages.items():
            for i, doc in enumerate(docs):
                if doc.id == doc_id:
                    return page * PAGE_SIZE + i
        return -1

    def loaded_docs(self) -> list:
        return [doc for page in sorted(self._pages) for doc in self._pages[page]]

    def locate(self, doc_ids: list[int], done: Any) -> None:
        """Load the pages holding `doc_ids` (wherever they moved), then call `done()`."""
        spawn(self._locate(doc_ids, done), self._worker.error.emit)

    async def _locate(self, doc_ids: list[int], done: Any) -> None:
        generation = self._generation
        pages = await self._worker.run(Locate(tuple(doc_ids), self.sort_key, self.descending, self.text,
                                              page_size=PAGE_SIZE))
        if generation != self._generation or self._wanted:
            return
        for result in pages:
            page = result.offset // PAGE_SIZE
            self._pages[page] = result.docs
            first = page * PAGE_SIZE
            last = min(self.total, first + len(result.docs)) - 1
            if last >= first:
                self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        done()

    def set_filter(self, text: str) -> None:
        self.text = text.strip()
        self.reload(keep_pages=False)

    def reload(self, keep_pages: bool = True) -> None:
        """Fetch again the pages we hold (or the first one) and swap them in together."""
        if not self.active:
            return
        self._generation += 1
        self._incoming.clear()
        pages = sorted(self._pages)[:6] if keep_pages and self._pages else [0]
        self._wanted = set(pages)
        for page in pages:
            self._submit(page, self._generation)

    def _fetch(self, page: int) -> None:
        if not self.active or page in self._requested or self._wanted:
            return
        self._requested.add(page)
        self._submit(page, self._generation)

    def _submit(self, page: int, generation: int) -> None:
        spawn(self._load(page, generation), self._worker.error.emit)

    async def _load(self, page: int, generation: int) -> None:
        result = await self._worker.run(DocumentsPage(page * PAGE_SIZE, PAGE_SIZE, self.sort_key, self.descending,
                                                      self.text))
        self._on_page(result, generation)

    def _on_page(self, result: Page, generation: int) -> None:
        if generation != self._generation:
            return
        page = result.offset // PAGE_SIZE
        if self._wanted:
            self._incoming[page] = result
            if set(self._incoming) >= self._wanted:
                self._swap(list(self._incoming.values()))
            return
        self._pages[page] = result.docs
        self._requested.discard(page)
        if result.total != self.total:
            self._swap([result, *[Page(p * PAGE_SIZE, d, result.total)
                                  for p, d in self._pages.items() if p != page]])
            return
        first = page * PAGE_SIZE
        last = min(self.total, first + len(result.docs)) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _swap(self, results: list[Page]) -> None:
        self.beginResetModel()
        self._wanted = set()
        self._incoming.clear()
        self._requested.clear()
        total = max((r.total for r in results), default=0)
        self._pages = {r.offset // PAGE_SIZE: r.docs for r in results if r.offset < max(total, 1)}
        self.total = total
        self.loaded_once = True
        self.endResetModel()
        self.reloaded.emit()
