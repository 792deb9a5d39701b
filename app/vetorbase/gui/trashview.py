"""The Trash tab: what was removed (when, by whom, how much), restore it, or empty the trash.

Every number shown is the library's: the entries' own counts (TrashEntry), and before
emptying, what the library says it would delete (TrashSummary) in the confirmation.
Restores are pushed on the window's undo stack; emptying is permanent, so it asks first
and clears the undo history (a removal whose entry was emptied can no longer be undone).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import TrashConflict
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.questions import ask_yes_no
from vetorbase.gui.trashrequests import EmptyTrash, RestoreTrash, TrashList, TrashSummary
from vetorbase.gui.undo import UndoHistory
from vetorbase.gui.worker import Worker


#: Newest entries listed (listing reads the counts stored with each entry).
LISTED = 500


class TrashPane(QWidget):
    """Entries newest first; `notice(level, text, actions)` goes to the window's notice bar."""

    notice = Signal(str, str, object)
    loaded = Signal()
    changed = Signal()  # this pane changed the base (restore) or the trash (empty)

    def __init__(self, worker: Worker, history: UndoHistory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._history = history
        self.entries: list[Any] = []
        self.totals: Any = None
        self.limit = LISTED  # entries listed; the totals always cover the whole trash
        self.confirm = True  # tests answer the confirmation themselves (last_question)
        self.last_question: QMessageBox | None = None
        self.summary = QLabel(self.tr("Removed documents wait here until the trash is emptied."))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Removed"), self.tr("By"), self.tr("Documents"),
                                              self.tr("Chunks"), self.tr("What")])
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.clicked.connect(lambda: self.restore_selected())
        self.delete_button = QPushButton(self.tr("Delete for good…"))
        self.delete_button.clicked.connect(lambda: self.empty(selected=True))
        self.empty_button = QPushButton(self.tr("Empty trash…"))
        self.empty_button.clicked.connect(lambda: self.empty(selected=False))
        row = QHBoxLayout()
        row.addWidget(self.restore_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        row.addWidget(self.empty_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        self._sync_buttons()

    def reload(self) -> None:
        self._worker.submit(TrashList(self.limit), on_result=self._show)

    def _show(self, listed: tuple[list[Any], Any]) -> None:
        entries, totals = listed
        selected = set(self.selected_ids())
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            what = ", ".join(s.replace("\\", "/").rsplit("/", 1)[-1] for s in e.sources[:3])
            if e.documents > len(e.sources[:3]):
                what += " " + self.tr("and %1 more").replace("%1", fmt.count(e.documents - len(e.sources[:3])))
            cells = (fmt.ago(e.removed_at), e.removed_by, fmt.count(e.documents), fmt.count(e.chunks), what)
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col in (2, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip("\n".join(e.sources) if col == 4 else text)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                self.table.setItem(row, col, item)
            if e.id in selected:
                self.table.selectRow(row)
        self.totals = totals
        text = self.tr("%1 and %2 in the trash.").replace("%1", fmt.plural(totals.documents, "document"))
        text = text.replace("%2", fmt.plural(totals.chunks, "chunk"))
        if len(entries) < totals.entries:
            text += " " + self.tr("(the newest %1 removals are listed)").replace("%1", fmt.count(len(entries)))
        self.summary.setText(text if totals.entries else self.tr("The trash is empty."))
        self._sync_buttons()
        self.loaded.emit()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectedIndexes()})
        return [self.entries[r].id for r in rows if r < len(self.entries)]

    def _sync_buttons(self) -> None:
        chosen = bool(self.selected_ids())
        self.restore_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)
        self.empty_button.setEnabled(bool(self.entries))

    def restore_selected(self, replace: bool = False) -> None:
        ids = tuple(self.selected_ids())
        if ids:
            spawn(self._restore(ids, replace), self._failed)

    async def _restore(self, ids: tuple[int, ...], replace: bool) -> None:
        try:
            result = await self._worker.run(RestoreTrash(ids, replace=replace))
        except TrashConflict as exc:
            self.notice.emit("warning", fmt.describe(exc), [
                (self.tr("Restore, trashing the current version"),
                 lambda: spawn(self._restore(ids, True), self._failed))])
            return
        if not result.chunks:  # another program emptied or restored them meanwhile
            self.notice.emit("info", self.tr("Nothing was restored: those entries are no longer in the trash."), [])
            self.changed.emit()
            return
        self._history.push_restore(result)
        self.notice.emit("info", self.tr("Restored %1 (%2).").replace("%1", fmt.plural(result.documents, "document"))
                         .replace("%2", fmt.plural(result.chunks, "chunk")), [])
        self.changed.emit()

    def empty(self, *, selected: bool) -> None:
        ids = tuple(self.selected_ids()) if selected else None
        if selected and not ids:
            return
        spawn(self._empty(ids), self._failed)

    async def _empty(self, ids: tuple[int, ...] | None) -> None:
        preview = await self._worker.run(TrashSummary(ids, all=ids is None))
        if not preview.chunks:
            return
        if self.confirm:
            # The counts are the library's: what empty_trash() with this choice deletes.
            text = (self.tr("Delete %1 (%2) for good? This cannot be undone.")
                    .replace("%1", fmt.plural(preview.documents, "document"))
                    .replace("%2", fmt.plural(preview.chunks, "chunk")))
            if not ask_yes_no(self, self, self.tr("Delete for good"), text, warning=True):
                return
        done = await self._worker.run(EmptyTrash(ids, all=ids is None))
        self._history.stack.clear()
        self.notice.emit("info", self.tr("Deleted %1 (%2) for good.").replace("%1", fmt.plural(done.documents, "document"))
                         .replace("%2", fmt.plural(done.chunks, "chunk")), [])
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.notice.emit("error", fmt.describe(exc), [])
