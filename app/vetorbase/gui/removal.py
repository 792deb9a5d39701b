"""Remove by metadata: key, operator and value, with a live preview before anything is deleted.

The preview and the removal use the very same `where` dict, so what the dialog shows is
what goes.  Everything runs on the worker; the dialog only builds the filter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import InvalidInput
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.filters import OPERATORS, clause, operator_label
from vetorbase.gui.requests import MetadataKeys, MetadataValues, PreviewWhere, RemoveWhere
from vetorbase.gui.worker import Worker

PREVIEW_DELAY_MS = 120
VALUES_PAGE = 200  # Session.metadata_values asks the store for this many


class RemovalDialog(QDialog):
    """Modal only while open; `removed(int)` reports the chunk count the worker moved to the
    trash, `trashed(TrashEntry)` the trash entry itself (for Undo)."""

    removed = Signal(int)
    trashed = Signal(object)
    preview_ready = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Remove documents by metadata"))
        self.setMinimumWidth(560)
        self._worker = worker
        self._generation = 0
        self._closed = False
        self.where: dict[str, Any] | None = None
        self.preview_chunks = -1
        self.preview_documents = -1
        self.preview_docs: list = []

        self.key_combo = QComboBox()
        self.key_combo.setEditable(True)
        self.key_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.op_combo = QComboBox()
        for op in OPERATORS:
            self.op_combo.addItem(operator_label(op), op)
        self.value_edit = QLineEdit(placeholderText=self.tr("value (for “is one of”: a|b|c)"))
        self._values = QStringListModel(self)
        completer = QCompleter(self._values, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.value_edit.setCompleter(completer)
        self.summary = QLabel(self._hint())
        self.summary.setWordWrap(True)
        self.summary.setObjectName("previewSummary")
        self.docs_list = QListWidget()
        self.docs_list.setMinimumHeight(180)
        self.docs_list.setAlternatingRowColors(True)
        self.docs_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.docs_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = self.buttons.addButton(self.tr("Move to trash"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(self.tr("Metadata key"), self.key_combo)
        form.addRow(self.tr("Condition"), self.op_combo)
        form.addRow(self.tr("Value"), self.value_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.docs_list, 1)
        layout.addWidget(self.buttons)

        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.preview_now)
        self.key_combo.currentTextChanged.connect(self._on_key)
        self.op_combo.currentIndexChanged.connect(lambda _i: self._timer.start())
        self.value_edit.textChanged.connect(lambda _t: self._timer.start())
        self.value_edit.textEdited.connect(self._narrow_values)
        worker.submit(MetadataKeys(), on_result=self._set_keys)

    def done(self, result: int) -> None:
        self._closed = True  # answers still on their way from the worker find no widgets to fill
        super().done(result)

    def _set_keys(self, keys: list[str]) -> None:
        if self._closed:
            return
        current = self.key_combo.currentText()
        self.key_combo.blockSignals(True)
        self.key_combo.clear()
        self.key_combo.addItems(keys)
        self.key_combo.setCurrentText(current or ("source" if "source" in keys else (keys[0] if keys else "")))
        self.key_combo.blockSignals(False)
        self._on_key(self.key_combo.currentText())

    def _on_key(self, key: str) -> None:
        if key:
            self._worker.submit(MetadataValues(key), on_result=self._set_values)
        self._timer.start()

    def _narrow_values(self, text: str) -> None:
        """With many values only the first page was fetched: ask again for those starting with `text`."""
        if len(self._values.stringList()) >= VALUES_PAGE and self.operator() != "in":
            self._worker.submit(MetadataValues(self.key_combo.currentText(), text), on_result=self._set_values)

    def _set_values(self, result: tuple[str, list]) -> None:
        key, values = result
        if self._closed:
            return
        if key == self.key_combo.currentText():
            self._values.setStringList([str(v) for v in values])

    def operator(self) -> str:
        """The chosen condition as filters.OPERATORS names it (the combo shows it translated)."""
        return str(self.op_combo.currentData() or OPERATORS[0])

    def _hint(self) -> str:
        return self.tr("Choose a key and a value to see what would be removed.")

    def set_filter(self, key: str, operator: str, value: str) -> None:
        self.key_combo.setCurrentText(key)
        self.op_combo.setCurrentIndex(max(0, self.op_combo.findData(operator)))
        self.value_edit.setText(value)
        self.preview_now()

    def preview_now(self) -> None:
        self._timer.stop()
        self._generation += 1
        self.remove_button.setEnabled(False)
        self.where = None
        self.docs_list.clear()
        if not self.key_combo.currentText().strip() or not self.value_edit.text().strip():
            self.summary.setText(self._hint())  # not finished yet: a hint, not an error
            return
        try:
            self.where = clause(self.key_combo.currentText(), self.operator(), self.value_edit.text())
        except InvalidInput as exc:
            self.summary.setText(fmt.describe(exc))
            return
        self.summary.setText(self.tr("Counting…"))
        spawn(self._preview(PreviewWhere(dict(self.where)), self._generation))

    async def _preview(self, request: PreviewWhere, generation: int) -> None:
        try:
            result = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, whatever it is
            if generation == self._generation:
                self._on_error(exc)
            return
        if generation == self._generation and not self._closed:
            self._show_preview(result)

    def _show_preview(self, result: tuple[list, int, int]) -> None:
        docs, documents, chunks = result
        self.preview_docs, self.preview_documents, self.preview_chunks = docs, documents, chunks
        self.docs_list.clear()
        for doc in docs:
            self.docs_list.addItem(f"{doc.name}  ·  {fmt.plural(doc.chunks, 'chunk')}  ·  {doc.source}")
            self.docs_list.item(self.docs_list.count() - 1).setToolTip(doc.source)
        if chunks:
            # Both counts come from the library's exact count, never from the list's length.
            text = self.tr("<b>%1</b> in <b>%2</b> will be moved to the trash.").replace(
                "%1", fmt.plural(chunks, "chunk")).replace("%2", fmt.plural(documents, "document"))
            if len(docs) < documents:
                text += " " + self.tr("(the first %1 are listed)").replace("%1", fmt.count(len(docs)))
            self.summary.setText(text)
        else:
            self.summary.setText(self.tr("Nothing matches this filter."))
        self.remove_button.setEnabled(chunks > 0)
        self.preview_ready.emit()

    def _on_error(self, exc: BaseException) -> None:
        if not self._closed:
            self.summary.setText(fmt.describe(exc))

    def confirm(self) -> None:
        if not self.where:
            return
        self.remove_button.setEnabled(False)
        self.summary.setText(self.tr("Removing…"))
        spawn(self._remove(RemoveWhere(dict(self.where))))

    async def _remove(self, request: RemoveWhere) -> None:
        try:
            entry = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, whatever it is
            self._on_error(exc)
            return
        self._done(entry)

    def _done(self, entry: Any) -> None:
        self.removed.emit(entry.chunks if entry is not None else 0)
        self.trashed.emit(entry)
        self.accept()
