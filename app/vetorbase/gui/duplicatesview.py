"""The Duplicates tab: exact and near copies as groups, and "keep this one".

The scan is the library's (`base.duplicates`, store/duplicates.py) run on the worker
with progress and cancel; picking a document of a group and "Keep this one, move the
others to the trash" removes the group's other documents through the normal removal
request, after a confirmation whose counts are the library's own (the group's documents
and their chunk counts, as the scan read them in one transaction).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import Cancelled, InvalidInput
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.duplicaterequests import DuplicateScanProgress, FindDuplicates, KeepOne
from vetorbase.gui.worker import Worker
from vetorbase.store.duplicates import DEFAULT_NEAR, DuplicateGroup, DuplicateReport, redundant

DOC_ROLE = Qt.ItemDataRole.UserRole + 7


class DuplicatesView(QWidget):
    """Find duplicates, read the groups, keep one document of a group."""

    removed = Signal(object)  # what the removal of "keep this one" answered
    scanned = Signal(object)  # DuplicateReport

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._cancel: threading.Event | None = None
        self.report: DuplicateReport | None = None
        self.groups: list[DuplicateGroup] = []
        self.stale = False  # the base changed (elsewhere, or files were added) since the scan
        #: Asks a person to confirm (text) -> yes; tests answer it themselves.
        self.ask: Callable[[str], bool] = self._ask
        self.last_question = ""
        self.near_spin = QDoubleSpinBox(minimum=0.80, maximum=1.0, singleStep=0.005, decimals=3, value=DEFAULT_NEAR)
        self.near_spin.setPrefix(self.tr("Near copies from cosine "))
        self.near_spin.setToolTip(self.tr("Two chunks count as copies from this similarity on; two documents are "
                                          "near copies when most chunks of each have a copy in the other"))
        self.find_button = QPushButton(self.tr("Find duplicates"))
        self.find_button.setDefault(True)
        self.find_button.clicked.connect(self.find)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar(maximum=1000, value=0, textVisible=False)
        self.status = QLabel(self.tr("Find documents that copy each other: the same file under another name, "
                                     "or the same text with a few words changed."))
        self.status.setWordWrap(True)
        self.status.setObjectName("muted")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Document"), self.tr("Chunks"), self.tr("Added")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.tree.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.itemSelectionChanged.connect(self._sync_buttons)
        self.tree.itemDoubleClicked.connect(lambda _item, _col: self.keep_selected())
        self.keep_button = QPushButton(self.tr("Keep this one, move the others to the trash"))
        self.keep_button.setEnabled(False)
        self.keep_button.clicked.connect(self.keep_selected)

        top = QHBoxLayout()
        top.addWidget(self.near_spin)
        top.addWidget(self.find_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.tree, 1)
        layout.addLayout(bottom)
        worker.progress.connect(self._on_progress)

    # -- scanning ---------------------------------------------------------------------------
    def find(self) -> None:
        if self._cancel is not None:
            return
        self._cancel = threading.Event()
        self.find_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText(self.tr("Looking for duplicates…"))
        spawn(self._find(FindDuplicates(round(self.near_spin.value(), 3), self._cancel)))

    async def _find(self, request: FindDuplicates) -> None:
        try:
            report = await self._worker.run(request)
        except Cancelled:
            self.status.setText(self.tr("Stopped; nothing was changed."))
            return
        except Exception as exc:  # noqa: BLE001 - shown in the pane, whatever it is
            self.status.setText(fmt.describe(exc))
            return
        finally:
            self._cancel = None
            self.find_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        self.show_report(report)

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.status.setText(self.tr("Stopping…"))

    def _on_progress(self, item: Any) -> None:
        if isinstance(item, DuplicateScanProgress) and self._cancel is not None:
            self.progress.setValue(round(item.fraction * self.progress.maximum()))

    # -- showing ----------------------------------------------------------------------------
    def show_report(self, report: DuplicateReport) -> None:
        self.report = report
        self.stale = False
        self.groups = list(report.groups)
        self._fill()
        self.scanned.emit(report)

    def _fill(self) -> None:
        self.tree.clear()
        for group in self.groups:
            head = QTreeWidgetItem([self.group_title(group), fmt.count(group.chunks), ""])
            head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for doc in group.documents:
                item = QTreeWidgetItem([doc.source, fmt.count(doc.chunks), fmt.when(doc.added_at)])
                item.setToolTip(0, doc.source)
                item.setData(0, DOC_ROLE, doc.id)
                head.addChild(item)
            self.tree.addTopLevelItem(head)
            head.setExpanded(True)
        self.status.setText(self.summary())
        self._sync_buttons()

    def group_title(self, group: DuplicateGroup) -> str:
        docs = fmt.plural(len(group.documents), "document")
        if group.kind == "exact":
            return self.tr("Exact copies: %1, same content").replace("%1", docs)
        return (self.tr("Near copies: %1, similarity %2, %3 of the chunks match").replace("%1", docs)
                .replace("%2", QLocale().toString(group.similarity, "f", 3))
                .replace("%3", QLocale().toString(round(group.shared * 100)) + "%"))

    def mark_stale(self) -> None:
        """The base changed other than by "keep this one": say so (the groups may be outdated)."""
        if self.report is not None and not self.stale:
            self.stale = True
            self.status.setText(self.summary())

    def summary(self) -> str:
        if self.report is None:
            return ""
        if self.stale:
            return self._summary() + " " + self.tr("The base has changed since: find duplicates again to be sure.")
        return self._summary()

    def _summary(self) -> str:
        assert self.report is not None
        scanned = self.tr("%1 (%2) compared.").replace("%1", fmt.plural(self.report.documents, "document")) \
            .replace("%2", fmt.plural(self.report.chunks, "chunk"))
        if not self.groups:
            return self.tr("No duplicates found.") + " " + scanned
        return (self.tr("%1 of duplicates: keeping one of each, %2 could go.")
                .replace("%1", self.tr("%Ln group(s)", "", len(self.groups)))
                .replace("%2", fmt.plural(redundant(self.groups), "document")) + " " + scanned)

    def _sync_buttons(self) -> None:
        self.keep_button.setEnabled(self.selected() is not None and self._cancel is None)

    def selected(self) -> tuple[DuplicateGroup, int] | None:
        """(group, document id) of the selected document row, or None."""
        items = self.tree.selectedItems()
        if not items or items[0].parent() is None:
            return None
        item = items[0]
        group = self.groups[self.tree.indexOfTopLevelItem(item.parent())]
        return group, int(item.data(0, DOC_ROLE))

    def select(self, doc_id: int, group_index: int = 0) -> bool:
        head = self.tree.topLevelItem(group_index)
        for i in range(head.childCount() if head is not None else 0):
            if int(head.child(i).data(0, DOC_ROLE)) == doc_id:
                self.tree.setCurrentItem(head.child(i))
                return True
        return False

    # -- keeping one ------------------------------------------------------------------------
    def confirmation(self, group: DuplicateGroup, keep_id: int) -> str:
        keep = next(d for d in group.documents if d.id == keep_id)
        others = group.others(keep_id)
        return (self.tr("Keep %1 and move %2 (%3) to the trash?").replace("%1", keep.name)
                .replace("%2", fmt.plural(len(others), "document"))
                .replace("%3", fmt.plural(sum(d.chunks for d in others), "chunk")))

    def keep_selected(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        group, keep_id = picked
        text = self.confirmation(group, keep_id)
        self.last_question = text
        if not self.ask(text):
            return
        spawn(self._remove(KeepOne(keep_id, tuple(d.id for d in group.others(keep_id)))))

    async def _remove(self, request: KeepOne) -> None:
        self.keep_button.setEnabled(False)
        try:
            result = await self._worker.run(request)
        except InvalidInput:  # KeepOne's refusal: the one to keep went since the scan
            self.status.setText(self.tr("The document to keep is no longer in the base, so its copies were left "
                                        "alone; find duplicates again."))
            self._sync_buttons()
            return
        except Exception as exc:  # noqa: BLE001 - shown in the pane
            self.status.setText(fmt.describe(exc))
            self._sync_buttons()
            return
        self.forget(set(request.others))
        self.removed.emit(result)

    def forget(self, doc_ids: set[int]) -> None:
        """Drop removed documents from the groups shown; a group left with one document goes."""
        self.groups = [g for g in (group.without(doc_ids) for group in self.groups) if g is not None]
        self._fill()

    def _ask(self, text: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Keep one, move the others to the trash"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        return box.exec() == QMessageBox.StandardButton.Yes
