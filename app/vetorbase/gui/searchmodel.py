"""Search hits as a small table model (k rows at most, so no paging)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.delegates import HTML_ROLE, SCORE_ROLE

_ROOT = QModelIndex()
HIT_ROLE = Qt.ItemDataRole.UserRole + 4
HEADERS = (QT_TRANSLATE_NOOP("SearchResultModel", "Score"), QT_TRANSLATE_NOOP("SearchResultModel", "Document"),
           QT_TRANSLATE_NOOP("SearchResultModel", "Page"), QT_TRANSLATE_NOOP("SearchResultModel", "Text"))


def header_text(section: int) -> str:
    return QCoreApplication.translate("SearchResultModel", HEADERS[section])


class SearchResultModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.hits: list = []
        self.query = ""
        self.mode = "semantic"  # keyword/hybrid scores are shown relative to the best hit

    def set_hits(self, hits: list, query: str) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.query = query
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return header_text(section)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        col = index.column()
        source = hit.source or str(hit.metadata.get("source", ""))
        if role == HIT_ROLE:
            return hit
        if role == SCORE_ROLE:
            if self.mode != "semantic" and self.hits and self.hits[0].score > 0:
                return hit.score / self.hits[0].score
            return hit.score
        if role == HTML_ROLE and col == 3:
            return fmt.highlight(hit.text, self.query)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0 and getattr(hit, "ranks", None):
                return ", ".join(f"{name} #{rank}" for name, rank in hit.ranks.items())
            return source if col == 1 else (hit.text[:1500] if col == 3 else None)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return QLocale().toString(float(hit.score), "f", 3)
            if col == 1:
                return source.replace("\\", "/").rsplit("/", 1)[-1]
            if col == 2:
                return fmt.page_of(hit.metadata)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
