"""Editing a document's own metadata (author, title, tags…) from the document viewer.

What ingestion derives from the file and its place (source, checksum, pages, when and by
whom it was added) is shown but not editable: changing it would make the base lie about
the file. Values are typed as in the filter box (numbers and true/false stay numbers and
booleans), so filters such as `year>=2024` keep working on edited values.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui.filters import typed
from vetorbase.ingest.metadata import RESERVED_KEYS

#: Derived by ingestion from the file, never typed by a person.
DERIVED_KEYS = RESERVED_KEYS | {"pages", "chars"}


def editable(metadata: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in metadata.items() if k not in DERIVED_KEYS}


def as_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


class MetadataEditor(QDialog):
    """Key/value rows; `changes()` gives (updates, removed keys) against the original."""

    def __init__(self, name: str, metadata: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Metadata of %1").replace("%1", name))
        self.resize(520, 360)
        self.original = editable(metadata)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Value")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for key, value in sorted(self.original.items()):
            self.add_row(key, as_text(value))
        add = QPushButton(self.tr("Add a key"))
        add.clicked.connect(lambda: self.add_row("", ""))
        remove = QPushButton(self.tr("Remove the key"))
        remove.clicked.connect(self.remove_selected)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        hint = QLabel(self.tr("The document's own keys; what comes from the file itself is not "
                              "editable. Numbers and true/false are stored as such."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def add_row(self, key: str, value: str) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(key))
        self.table.setItem(row, 1, QTableWidgetItem(value))

    def remove_selected(self) -> None:
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)

    def rows(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for row in range(self.table.rowCount()):
            key = (self.table.item(row, 0).text() if self.table.item(row, 0) else "").strip()
            value = self.table.item(row, 1).text() if self.table.item(row, 1) else ""
            if key:
                out[key] = typed(value)
        return out

    def changes(self) -> tuple[dict[str, Any], tuple[str, ...]]:
        rows = self.rows()
        updates = {k: v for k, v in rows.items() if self.original.get(k, object()) != v}
        return updates, tuple(sorted(set(self.original) - set(rows)))

    def _accept(self) -> None:
        derived = sorted(set(self.rows()) & DERIVED_KEYS)
        if derived:
            self.error.setText(self.tr("These keys come from the file and cannot be set: %1").replace(
                "%1", ", ".join(derived)))
            return
        self.accept()
