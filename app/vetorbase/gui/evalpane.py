"""The "Test retrieval" pane: run a labelled query set, see hits and misses per mode.

Testing retrieval needs no LLM: each line of the query set names the documents that
should come back for a query (vetorbase.evaluation), the pane runs it on the worker
in the chosen modes and shows the totals per mode and, per query, the rank at which
the first right document came back (or what came back instead).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetorbase.evaluation import short_name
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.filters import parse_filter
from vetorbase.gui.requests import Evaluate
from vetorbase.gui.worker import Worker
from vetorbase.store.hybrid import MODES

MISS_COLOUR = QColor("#f6c9c4")
EXAMPLE = ('{"query": "NR-12 proteções", "relevant": ["nr12_maquinas.txt"]}\n'
           '{"query": "multa por atraso no aluguel", "relevant": ["contrato_aluguel.docx"]}')


class EvalPane(QWidget):
    """Edit or load a query set, run it, read the totals and every query's outcome."""

    finished = Signal(object)  # list of evaluation.ModeReport

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.reports: list = []
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(self.tr("One query per line, as JSON, e.g.") + "\n" + EXAMPLE)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.load_button = QPushButton(self.tr("Load…"))
        self.load_button.clicked.connect(self.choose_file)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.clicked.connect(self.save_file)
        self.mode_combo = QComboBox()
        self.mode_combo.addItem(self.tr("All modes"), MODES)
        for mode, label in zip(MODES, (self.tr("Meaning"), self.tr("Words"), self.tr("Both"))):
            self.mode_combo.addItem(label, (mode,))
        self.k_spin = QSpinBox(minimum=1, maximum=100, value=10)
        self.k_spin.setPrefix("k = ")
        self.k_spin.setToolTip(self.tr("Results per query: recall counts the right documents among them"))
        self.filter_edit = QLineEdit(placeholderText=self.tr("Metadata filter (optional), e.g. lang=pt"),
                                     clearButtonEnabled=True)
        self.run_button = QPushButton(self.tr("Run"))
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.status = QLabel(self.tr("Load or write a query set, then Run."))
        self.status.setObjectName("muted")
        self.totals = _table([self.tr("Mode"), self.tr("Recall@k"), self.tr("MRR"), self.tr("nDCG@10"),
                              self.tr("Missed")])
        self.totals.setMaximumHeight(self.totals.horizontalHeader().sizeHint().height() * 5)
        self.per_query = _table([self.tr("Query"), self.tr("Relevant")])

        top = QHBoxLayout()
        for w in (self.load_button, self.save_button, self.mode_combo, self.k_spin):
            top.addWidget(w)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.run_button)
        results = QWidget()
        lay = QVBoxLayout(results)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.totals)
        lay.addWidget(self.per_query, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.editor)
        split.addWidget(results)
        split.setSizes([160, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

    # -- the query set --------------------------------------------------------------
    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open a query set"), "",
                                              self.tr("Query sets (*.jsonl *.json);;All files (*)"))
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> None:
        try:
            self.editor.setPlainText(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            self.status.setText(self.tr("Cannot read {0}: {1}").format(path, exc))
            return
        self.status.setText(self.tr("Loaded {0}.").format(path))

    def save_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save the query set"), "queries.jsonl",
                                              self.tr("Query sets (*.jsonl)"))
        if name:
            try:
                Path(name).write_text(self.editor.toPlainText().rstrip() + "\n", encoding="utf-8")
            except OSError as exc:
                self.status.setText(self.tr("Cannot save {0}: {1}").format(name, exc))

    # -- running --------------------------------------------------------------------
    def run(self) -> None:
        try:
            where = parse_filter(self.filter_edit.text())
        except Exception as exc:  # noqa: BLE001 - InvalidInput from the filter parser
            self.status.setText(fmt.describe(exc))
            return
        self.run_button.setEnabled(False)
        self.status.setText(self.tr("Running…"))
        spawn(self._evaluate(Evaluate(self.editor.toPlainText(), tuple(self.mode_combo.currentData()),
                                      self.k_spin.value(), where)))

    async def _evaluate(self, request: Evaluate) -> None:
        try:
            reports = await self._worker.run(request)
        except asyncio.CancelledError:
            self.run_button.setEnabled(True)
            return
        except Exception as exc:  # noqa: BLE001 - shown in the status line, whatever it is
            self._on_error(exc)
            return
        self._on_result(reports)

    def _on_error(self, exc: BaseException) -> None:
        self.run_button.setEnabled(True)
        self.status.setText(fmt.describe(exc))

    def _on_result(self, reports: list) -> None:
        self.run_button.setEnabled(True)
        self.reports = reports
        self._fill_totals(reports)
        self._fill_queries(reports)
        n = len(reports[0].results) if reports else 0
        self.status.setText(self.tr("{0} queries run.").format(n))
        self.finished.emit(reports)

    def _fill_totals(self, reports: list) -> None:
        self.totals.setRowCount(len(reports))
        for row, r in enumerate(reports):
            cells = (r.mode, f"{r.recall:.3f}", f"{r.mrr:.3f}", f"{r.ndcg:.3f}",
                     f"{len(r.missed)} / {len(r.results)}")
            for col, text in enumerate(cells):
                self.totals.setItem(row, col, QTableWidgetItem(text))

    def _fill_queries(self, reports: list) -> None:
        headers = [self.tr("Query"), self.tr("Relevant")] + [r.mode for r in reports]
        self.per_query.setColumnCount(len(headers))
        self.per_query.setHorizontalHeaderLabels(headers)
        rows = len(reports[0].results) if reports else 0
        self.per_query.setRowCount(rows)
        for row in range(rows):
            first = reports[0].results[row]
            self.per_query.setItem(row, 0, QTableWidgetItem(first.query))
            self.per_query.setItem(row, 1, QTableWidgetItem(", ".join(first.relevant)))
            for col, report in enumerate(reports, 2):
                self.per_query.setItem(row, col, _outcome_item(report.results[row]))


def _outcome_item(result: Any) -> QTableWidgetItem:
    got = ", ".join(short_name(s) for s in result.retrieved[:5]) or QCoreApplication.translate("EvalPane", "nothing")
    if result.missed:  # nothing relevant within k; it may still come back further down
        later = f" (#{result.first_relevant})" if result.first_relevant else ""
        item = QTableWidgetItem(QCoreApplication.translate("EvalPane", "miss") + later)
        item.setBackground(QBrush(MISS_COLOUR))
        item.setForeground(QBrush(QColor("#111")))
    else:
        item = QTableWidgetItem(f"#{result.first_relevant}  ({result.recall:.0%})")
    item.setToolTip(QCoreApplication.translate("EvalPane", "Came back: {0}").format(got))
    return item


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setAlternatingRowColors(True)
    return table
