"""The Search pane: search as you type (debounced), k, a metadata filter, ranked hits."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import InvalidInput
from vetorbase.gui import formatting as fmt
from vetorbase.gui.delegates import HtmlDelegate, ScoreDelegate
from vetorbase.gui.filtercompletion import FilterCompletion
from vetorbase.gui.filters import parse_filter
from vetorbase.gui.aio import spawn
from vetorbase.gui.columns import fit_width
from vetorbase.gui.requests import Search
from vetorbase.gui.searchmodel import HIT_ROLE, SearchResultModel, header_text
from vetorbase.gui.worker import Worker

DEBOUNCE_MS = 250
MAX_RESULTS = 1000


class SearchPane(QWidget):
    """Sends at most one search per pause in typing; late answers to old queries are dropped."""

    show_in_list = Signal(int)  # doc id
    notice = Signal(str, str)  # level, text
    open_requested = Signal(str, object)  # source, doc id
    searched = Signal()
    mode_changed = Signal(str)  # semantic / keyword / hybrid, chosen by the user

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._generation = 0
        self.answered = 0  # generation of the last search that got an answer (or an error)
        self.query_edit = QLineEdit(placeholderText=self.tr("Search the base — type a question or a few words (Ctrl+F)"),
                                    clearButtonEnabled=True)
        self.query_edit.setObjectName("searchBox")
        self.k_label = QLabel(self.tr("Results:"))
        self.k_spin = QSpinBox(minimum=1, maximum=MAX_RESULTS, value=10)
        self.k_spin.setToolTip(self.tr("How many passages (chunks) to show, best first"))
        self.k_label.setBuddy(self.k_spin)
        self.filter_edit = QLineEdit(placeholderText=self.tr("Filter by metadata, e.g. mime=application/pdf; page>2; "
                                                             "lang!=en; source^=/docs/"), clearButtonEnabled=True)
        self.filter_edit.setToolTip(self.tr("Clauses separated by ; — key=value, key!=value, key>value, key>=value, "
                                            "key<value, key<=value, key^=prefix, key in a|b, key not in a|b. "
                                            "Dates as 2026-03-01 (added_at is when a document was added)."))
        self.filter_completion = FilterCompletion(self.filter_edit, worker, self)
        self.filter_completion.keys_changed.connect(self._on_keys)
        self.mode = "semantic"
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QToolButton] = {}
        for name, label, tip in (
            ("semantic", self.tr("Meaning"), self.tr("Semantic search: chunks closest in meaning to the question")),
            ("keyword", self.tr("Words"), self.tr("Keyword search: chunks with these words, codes or numbers "
                                                  "(accents ignored)")),
            ("hybrid", self.tr("Both"), self.tr("Hybrid search: meaning and words together, fused by rank")),
        ):
            button = QToolButton(text=label, checkable=True, toolTip=tip)
            button.setObjectName(f"mode_{name}")
            button.toggled.connect(lambda on, n=name: self._on_mode(n) if on else None)
            self.mode_group.addButton(button)
            self.mode_buttons[name] = button
        self.mode_buttons["semantic"].setChecked(True)
        self.status = QLabel(self.tr("Type to search."))
        self.status.setObjectName("muted")
        self.model = SearchResultModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the next control, not the next cell
        self.table.setItemDelegateForColumn(0, ScoreDelegate(self.table))
        self.table.setItemDelegateForColumn(3, HtmlDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(66)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self._apply_widths()
        self.model.modelReset.connect(self._apply_widths)
        self.table.doubleClicked.connect(self.open_source)
        self.show_button = QPushButton(self.tr("Show in list"))
        self.show_button.setEnabled(False)
        self.show_button.clicked.connect(self._show_in_list)
        self.open_button = QPushButton(self.tr("Open file"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(lambda: self.open_source(self.table.currentIndex()))
        self.table.selectionModel().currentRowChanged.connect(self._on_current)

        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.query_edit.textChanged.connect(lambda _t: self._timer.start())
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        self.k_spin.valueChanged.connect(lambda _v: self._timer.start())
        self.query_edit.returnPressed.connect(self.search_now)

        row = QHBoxLayout()
        row.addWidget(self.query_edit, 3)
        for button in self.mode_buttons.values():
            row.addWidget(button)
        row.addWidget(self.k_label)
        row.addWidget(self.k_spin)
        row.addWidget(self.filter_edit, 2)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

    def _apply_widths(self) -> None:
        samples = {0: ["0.888"], 1: ["Relatório anual 2026.pdf"], 2: ["888"]}
        for col in (0, 1, 2):
            self.table.setColumnWidth(col, max(110 if col == 0 else 0,
                                               fit_width(self.table, header_text(col), samples[col], cap=240)))
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

    def set_mode(self, mode: str) -> None:
        """Show `mode` as chosen (from the saved preferences) without re-announcing it."""
        if mode in self.mode_buttons and mode != self.mode:
            self.blockSignals(True)
            try:
                self.mode_buttons[mode].setChecked(True)
            finally:
                self.blockSignals(False)

    def _on_mode(self, mode: str) -> None:
        self.mode = mode
        self.mode_changed.emit(mode)
        if self.query_edit.text().strip():
            self._timer.start()

    def focus_query(self) -> None:
        self.query_edit.setFocus()
        self.query_edit.selectAll()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.query_edit.text().strip()
        self._generation += 1
        try:
            where = parse_filter(self.filter_edit.text())
            self.filter_completion.check_keys(where)
        except InvalidInput as exc:  # the filter cannot be read, or names a key the base lacks
            self.filter_completion.mark_invalid(True)
            self.model.set_hits([], "")  # results of an older filter must not stay on screen
            self.status.setText(fmt.describe(exc))
            self.answered = self._generation
            return
        self.filter_completion.mark_invalid(False)
        if not query:
            self.model.set_hits([], "")
            self.status.setText(self.tr("Type to search."))
            return
        self.status.setText(self.tr("Searching…"))
        spawn(self._search(Search(query, self.k_spin.value(), where, self.mode), self._generation))

    def _on_keys(self, keys: list[str]) -> None:
        """Examples in the placeholder use keys this base really has."""
        examples = [f"{k}=…" for k in keys if k in ("mime", "filename", "source")][:2] or [f"{k}=…" for k in keys[:2]]
        if examples:
            self.filter_edit.setPlaceholderText(self.tr("Filter by metadata, e.g. %1").replace("%1", "; ".join(examples)))

    async def _search(self, request: Search, generation: int) -> None:
        """A newer search cancels this one while it waits (its await raises CancelledError)."""
        try:
            result = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown in the status line, whatever it is
            if generation == self._generation:
                self._on_error(exc)
            return
        if generation != self._generation:
            return  # it ran before the newer one was typed; its answer is stale
        self.answered = generation
        self.model.mode = self.mode
        self.model.set_hits(result.hits, result.query)
        n = len(result.hits)
        self.status.setText(self.tr("%1 in %2 ms").replace("%1", fmt.plural(n, "result")).replace(
            "%2", fmt.count(round(result.elapsed_ms))) if n else self.tr("No matching chunks."))
        self.searched.emit()

    def rerun(self) -> None:
        """Search again after the base changed, so results never show deleted chunks."""
        if self.query_edit.text().strip():
            self.search_now()

    def _on_error(self, exc: BaseException) -> None:
        self.answered = self._generation
        self.status.setText(fmt.describe(exc))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        has = current.isValid()
        self.show_button.setEnabled(has)
        self.open_button.setEnabled(has)

    def current_hit(self) -> Any:
        index = self.table.currentIndex()
        return index.data(HIT_ROLE) if index.isValid() else None

    def _show_in_list(self) -> None:
        hit = self.current_hit()
        if hit is not None:
            self.show_in_list.emit(hit.doc_id)

    def open_source(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE) if index.isValid() else None
        if hit is None:
            return
        self.open_requested.emit(hit.source or str(hit.metadata.get("source", "")), hit.doc_id or None)
