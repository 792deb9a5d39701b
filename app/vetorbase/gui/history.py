"""The History view: the base's commit log as a table (when, who, which program, what changed).

The rows come with every overview the window already asks for after a change (the newest
500 commits, `VectorBase.history`), so the view follows other processes' writes live
without a request of its own.  Filtering by origin happens here, over those rows.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.changes import DigestWords

_ROOT = QModelIndex()
ALL_ORIGINS = ""
MAX_NAMES = 3


def program_of(commit: dict[str, Any]) -> str:
    """The program that wrote a commit: its own field when the store records one, else the
    `program@host` origin's first part."""
    return str(commit.get("program") or str(commit.get("origin", "")).split("@", 1)[0])


def _names(sources: list[str]) -> list[str]:
    return [s.replace("\\", "/").rsplit("/", 1)[-1] for s in sources]


class HistoryModel(QAbstractTableModel):
    """Commit dicts as rows; `describe` turns one into the "what changed" sentence."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.commits: list[dict[str, Any]] = []
        self.headers = [self.tr("When"), self.tr("Who"), self.tr("Program"), self.tr("What changed")]
        self._words = DigestWords(self)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.commits)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.commits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return [fmt.when(c.get("at")), str(c.get("origin", "")), self._words.program(program_of(c)),
                    self.describe(c)][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            sources = c.get("sources") or []
            return "\n".join([self.tr("Change #%1").replace("%1", str(c.get("seq", ""))), *sources])
        return None

    def set_commits(self, commits: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.commits = list(commits)
        self.endResetModel()

    def describe(self, c: dict[str, Any]) -> str:
        """ "Added a.txt, b.pdf (+12 chunks)", "Replaced notes.md (+3 / −4 chunks)", ..."""
        added, removed = c.get("sources_added") or [], c.get("sources_removed") or []
        n_replaced = int(c.get("documents_replaced", 0))
        # A replacement is recorded as touched, neither added nor removed (store/base.add_document).
        replaced = [s for s in c.get("sources") or [] if s not in added and s not in removed] if n_replaced else []
        parts = []
        for label, sources, total in (
            (self.tr("Restored") if c.get("kind") == "restore" else self.tr("Added"), added,
             int(c.get("documents_added", 0))),
            (self.tr("Replaced"), replaced, n_replaced),
            (self.tr("Removed"), removed, int(c.get("documents_removed", 0))),
        ):
            if not sources and total <= 0:
                continue
            names = _names(sources[:MAX_NAMES])
            more = max(total, len(sources)) - len(names)
            text = f"{label} {', '.join(names)}"
            if more > 0:
                text += " " + self.tr("and %1 more").replace("%1", fmt.count(more))
            parts.append(text.strip())
        n_add, n_del = int(c.get("chunks_added", 0)), int(c.get("chunks_removed", 0))
        counts = " / ".join(x for x in (f"+{fmt.count(n_add)}" if n_add else "",
                                        f"−{fmt.count(n_del)}" if n_del else "") if x)
        if not parts and c.get("kind") == "empty_trash":
            parts.append(self.tr("Deleted from the trash for good: %1").replace(
                "%1", fmt.plural(int(c.get("trash_documents", 0)), "document")))
        if c.get("renamed_to"):  # a moved file kept its document: no chunk changed
            parts.append(self.tr("Moved %1 to %2").replace("%1", _names([str(c.get("renamed_from") or "")])[0])
                         .replace("%2", str(c["renamed_to"])))
        if not parts:
            parts.append(self.tr("Changed chunks") if counts else str(c.get("kind", "")))
        unit = self.tr("chunk") if n_add + n_del == 1 else self.tr("chunks")
        return "; ".join(parts) + (f" ({counts} {unit})" if counts else "")


class HistoryView(QWidget):
    """Table of the newest commits with an origin filter; `filtered` fires after each refill."""

    filtered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all_commits: list[dict[str, Any]] = []
        self.model = HistoryModel(self)
        self.origin_combo = QComboBox()
        self.origin_combo.setMinimumContentsLength(18)
        self.origin_combo.addItem(self.tr("Everyone"), ALL_ORIGINS)
        self.origin_combo.currentIndexChanged.connect(lambda _i: self._apply())
        self.summary = QLabel(self.tr("No changes yet."))
        self.summary.setObjectName("muted")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Widths from the font, not ResizeToContents: measuring 500 rows on every refresh
        # stalled the window for 160 ms while others were writing.
        metrics = self.table.fontMetrics()
        for col, sample in ((0, "2026-12-31 23:59"), (1, "vetorbase-window@servidor"), (2, "vetorbase-window")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 24)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        row = QHBoxLayout()
        label = QLabel(self.tr("Changes by:"))
        label.setBuddy(self.origin_combo)
        row.addWidget(label)
        row.addWidget(self.origin_combo)
        row.addStretch(1)
        row.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

    @property
    def origin(self) -> str:
        return str(self.origin_combo.currentData() or ALL_ORIGINS)

    def show_commits(self, commits: list[dict[str, Any]]) -> None:
        """Newest first, as `VectorBase.history` gives them; keeps the chosen origin."""
        if [c.get("seq") for c in commits[:1]] == [c.get("seq") for c in self.all_commits[:1]] \
                and len(commits) == len(self.all_commits) and self.all_commits:
            return  # the same log (an overview after a change elsewhere in the window)
        self.all_commits = list(commits)
        current = self.origin
        origins = sorted({str(c.get("origin", "")) for c in commits} | ({current} - {ALL_ORIGINS}))
        self.origin_combo.blockSignals(True)
        while self.origin_combo.count() > 1:
            self.origin_combo.removeItem(1)
        for origin in origins:
            self.origin_combo.addItem(origin, origin)
        self.origin_combo.setCurrentIndex(max(0, self.origin_combo.findData(current)))
        self.origin_combo.blockSignals(False)
        self._apply()

    def set_origin(self, origin: str) -> None:
        self.origin_combo.setCurrentIndex(max(0, self.origin_combo.findData(origin)))

    def _apply(self) -> None:
        origin = self.origin
        rows = [c for c in self.all_commits if not origin or c.get("origin") == origin]
        self.model.set_commits(rows)
        if not self.all_commits:
            self.summary.setText(self.tr("No changes yet."))
        elif origin:
            self.summary.setText(self.tr("%Ln change(s) by this origin", "", len(rows)))
        else:
            self.summary.setText(self.tr("%Ln recent change(s)", "", len(rows)))
        self.filtered.emit()
