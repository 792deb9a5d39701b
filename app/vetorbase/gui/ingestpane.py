"""The ingestion queue: one row per file with its progress, then its outcome and the reason.

Files are sent to the worker one request each (low priority), so a search typed during
a long ingestion still answers at once; cancel stops the file in progress without
committing half of it and turns the rest of the queue into "cancelled".
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.columns import fit_width
from vetorbase.gui.reasons import explain
from vetorbase.gui.session import FileOutcome, IngestProgress
from vetorbase.gui.aio import spawn
from vetorbase.gui.requests import ExpandPaths, IngestFile
from vetorbase.gui.worker import Worker

COL_FILE, COL_STATUS, COL_PROGRESS, COL_CHUNKS, COL_DETAIL = range(5)
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 5
STATUS_COLORS = {"added": "#2e7d32", "replaced": "#1565c0", "skipped": "#757575", "duplicate": "#757575",
                 "failed": "#c62828", "cancelled": "#9e6a00"}


class ProgressDelegate(QStyledItemDelegate):
    """A native progress bar drawn in a cell, cheap for hundreds of rows."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(PROGRESS_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(4, 5, -4, -5)
        bar.minimum, bar.maximum, bar.progress = 0, 100, int(value)
        bar.text = f"{int(value)}%"
        bar.textVisible = True
        bar.state = option.state | QStyle.StateFlag.State_Horizontal
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter, option.widget)


class IngestPane(QWidget):
    """Queue, overall progress, cancel, and results where every failure says why."""

    file_done = Signal(object)  # FileOutcome
    batch_done = Signal(dict)  # counts per status
    started = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._cancel = threading.Event()
        self._rows: dict[str, int] = {}
        self._outstanding = 0
        self._total = 0
        self._done = 0
        self.counts: dict[str, int] = {}
        self.outcomes: list[FileOutcome] = []
        # Outcomes arrive every few ms during a queue of small files; the table is updated
        # in batches so the UI thread does one short burst of work per interval, not per file.
        self._unshown: list[FileOutcome] = []
        self._queued: set[str] = set()
        self._flush_timer = QTimer(self, singleShot=True, interval=100)
        self._flush_timer.timeout.connect(self._flush)

        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Status"), self.tr("Progress"),
                                              self.tr("Chunks"), self.tr("Details")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control, not the next cell
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self.table))
        statuses = [self.status_label(s) for s in ("queued", "reading", "ocr", "splitting", "embedding", "storing",
                                                    "added", "replaced", "skipped", "duplicate", "failed",
                                                    "cancelled")]
        widths = ((COL_FILE, 220), (COL_STATUS, fit_width(self.table, self.tr("Status"), statuses)),
                  (COL_PROGRESS, 130), (COL_CHUNKS, fit_width(self.table, self.tr("Chunks"), ["8888"])))
        for col, width in widths:
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setSectionResizeMode(COL_DETAIL, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.overall = QProgressBar()
        self.overall.setFormat(self._running_format())
        self.overall.setValue(0)
        self.overall.setMaximum(1)
        self.summary = QLabel(self.tr("Drop files or folders anywhere on the window, or use File › Add files… (Ctrl+I)."))
        self.summary.setWordWrap(True)
        self.summary.setObjectName("muted")
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.clear_button = QPushButton(self.tr("Clear list"))
        self.clear_button.clicked.connect(self.clear_finished)
        self.skip_duplicates = QCheckBox(self.tr("Skip duplicates"))
        self.skip_duplicates.setToolTip(self.tr("Do not add a file whose content the base already holds under "
                                                "another name (otherwise it is added and the copy is noted)"))
        row = QHBoxLayout()
        row.addWidget(self.overall, 1)
        row.addWidget(self.skip_duplicates)
        row.addWidget(self.cancel_button)
        row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        worker.progress.connect(self._on_progress)

    @property
    def busy(self) -> bool:
        return self._outstanding > 0 or bool(self._unshown)

    def add_paths(self, paths: list[str]) -> None:
        """Expand folders on the worker, then queue each file."""
        if not paths:
            return
        if not self.busy:  # a new run: the previous run's rows go, so its rows are not mixed in
            self.clear_finished()
        self._outstanding += 1
        self._begin()
        spawn(self._expand(ExpandPaths(tuple(paths))))

    async def _expand(self, request: ExpandPaths) -> None:
        try:
            entries = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown in the pane's summary, whatever it is
            self._expand_failed(exc)
            return
        self._enqueue(entries)

    def _begin(self) -> None:
        if self._outstanding == 1 and self._cancel.is_set():
            self._cancel = threading.Event()
        self.cancel_button.setEnabled(True)
        self.started.emit()

    def _expand_failed(self, exc: BaseException) -> None:
        self._outstanding -= 1
        self.summary.setText(fmt.describe(exc))
        self._maybe_finish()

    def _enqueue(self, entries: list[tuple[str, FileOutcome | None]]) -> None:
        """Rows for every file; the expand request's own count is released at the end."""
        if not entries:
            self.summary.setText(self.tr("Nothing to add: the folders dropped hold no files."))
        # A file already waiting in the queue is not queued twice (its row would never finish).
        entries = [(p, o) for p, o in entries if p not in self._queued]
        decided: list[FileOutcome] = []
        first = self.table.rowCount()
        self.table.setUpdatesEnabled(False)
        self.table.setRowCount(first + len(entries))
        for row, (path, outcome) in enumerate(entries, start=first):
            name = QTableWidgetItem(Path(path).name)
            name.setToolTip(path)
            self.table.setItem(row, COL_FILE, name)
            self.table.setItem(row, COL_STATUS, QTableWidgetItem(self.status_label("queued")))
            progress = QTableWidgetItem()
            progress.setData(PROGRESS_ROLE, 0)
            self.table.setItem(row, COL_PROGRESS, progress)
            self.table.setItem(row, COL_CHUNKS, QTableWidgetItem(""))
            self.table.setItem(row, COL_DETAIL, QTableWidgetItem(""))
            self._rows[path] = row
            self._outstanding += 1
            self._total += 1
            if outcome is not None:
                decided.append(outcome)
                continue
            self._queued.add(path)
            spawn(self._ingest(IngestFile(path, self._cancel, self.skip_duplicates.isChecked())))
        self.table.setUpdatesEnabled(True)
        self.overall.setMaximum(max(1, self._total))
        for outcome in decided:
            self._on_outcome(outcome)
        self._outstanding -= 1
        self._update_summary()
        self._maybe_finish()

    async def _ingest(self, request: IngestFile) -> None:
        try:
            outcome = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - this file failed; the queue goes on
            outcome = FileOutcome(request.path, "failed", 0, fmt.describe(exc))
        self._on_outcome(outcome)

    def _on_progress(self, item: Any) -> None:
        if not isinstance(item, IngestProgress):
            return
        row = self._rows.get(item.path)
        if row is None or item.stage == "done":  # "done" only means the pipeline moved on: the outcome says how
            return
        self.table.item(row, COL_STATUS).setText(self.status_label(item.stage or "working"))
        self.table.item(row, COL_PROGRESS).setData(PROGRESS_ROLE, round(item.fraction * 100))

    def _on_outcome(self, outcome: FileOutcome) -> None:
        self._queued.discard(outcome.path)
        self._outstanding -= 1
        self._done += 1
        self.outcomes.append(outcome)
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        self._unshown.append(outcome)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        outcomes, self._unshown = self._unshown, []
        self.table.setUpdatesEnabled(False)
        try:
            for outcome in outcomes:
                self._show_outcome(outcome)
        finally:
            self.table.setUpdatesEnabled(True)
        self.overall.setValue(self._done - self.counts.get("cancelled", 0))
        for outcome in outcomes:
            self.file_done.emit(outcome)
        self._update_summary()
        self._maybe_finish()

    def _show_outcome(self, outcome: FileOutcome) -> None:
        row = self._rows.get(outcome.path)
        if row is None:
            return
        status = QTableWidgetItem(self.status_label(outcome.status))
        status.setForeground(QColor(STATUS_COLORS.get(outcome.status, "#000")))
        self.table.setItem(row, COL_STATUS, status)
        done = outcome.status in ("added", "replaced", "skipped", "duplicate")
        self.table.item(row, COL_PROGRESS).setData(PROGRESS_ROLE, 100 if done else None)
        self.table.item(row, COL_CHUNKS).setText(str(outcome.chunks) if outcome.chunks else "")
        reason = explain(outcome.reason)
        detail = QTableWidgetItem(reason)
        detail.setToolTip(reason)
        self.table.setItem(row, COL_DETAIL, detail)

    def _update_summary(self) -> None:
        waiting = self._total - self._done
        text = self.counts_text(self.counts) or self.tr("Starting…")
        if waiting:
            text += " — " + fmt.plural(waiting, "waiting")
        self.summary.setText(text)

    def _maybe_finish(self) -> None:
        if self.busy:
            return
        self.cancel_button.setEnabled(False)
        if self.counts.get("cancelled"):
            self.overall.setFormat(self.tr("Stopped: %v of %m files done"))
        self.batch_done.emit(dict(self.counts))

    def cancel(self) -> bool:
        """Stop the queue; returns False when nothing was running."""
        if not self.busy:
            return False
        self._cancel.set()
        self.summary.setText(self.tr("Cancelling… the file in progress is rolled back."))
        return True

    def clear_finished(self) -> None:
        if self.busy:
            return
        self.table.setRowCount(0)
        self._rows.clear()
        self._total = self._done = 0
        self.counts = {}
        self.overall.setMaximum(1)
        self.overall.setValue(0)
        self.overall.setFormat(self._running_format())

    def _running_format(self) -> str:
        return self.tr("%v of %m files")

    def pending_paths(self) -> list[str]:
        """Files queued and not finished (the one in progress included), in queue order."""
        return sorted(self._queued, key=lambda p: self._rows.get(p, 0))

    def status_label(self, status: str) -> str:
        """A file's state in the window's language (the program's names stay English)."""
        labels = {"queued": self.tr("queued"), "working": self.tr("working"), "reading": self.tr("reading"),
                  "ocr": self.tr("reading scans (OCR)"),
                  "splitting": self.tr("splitting"), "embedding": self.tr("embedding"), "storing": self.tr("storing"),
                  "added": self.tr("added"), "replaced": self.tr("replaced"), "skipped": self.tr("skipped"),
                  "duplicate": self.tr("duplicate"),
                  "failed": self.tr("failed"), "cancelled": self.tr("cancelled")}
        return labels.get(status, status)

    def counts_text(self, counts: dict[str, int]) -> str:
        """"3 added, 1 failed" in the window's language, in a fixed order."""
        forms = {"added": lambda n: self.tr("%Ln added", "", n), "replaced": lambda n: self.tr("%Ln replaced", "", n),
                 "skipped": lambda n: self.tr("%Ln skipped (unchanged)", "", n),
                 "duplicate": lambda n: self.tr("%Ln skipped (duplicates)", "", n),
                 "failed": lambda n: self.tr("%Ln failed", "", n),
                 "cancelled": lambda n: self.tr("%Ln not added (cancelled)", "", n)}
        return ", ".join(forms[k](counts[k]) for k in forms if counts.get(k))
