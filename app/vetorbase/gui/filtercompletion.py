"""The search filter box's help: the base's real keys and values, and a red frame when wrong.

Suggesting keys that do not exist (`type=pdf`, where the base says `mime`) teaches a filter
that silently matches nothing, so suggestions come only from the base (as in the removal
dialog), and a filter naming an unknown key is refused with the keys that do exist.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QObject, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from vetorbase.errors import InvalidInput
from vetorbase.gui.aio import spawn
from vetorbase.gui.requests import MetadataKeys, MetadataValues
from vetorbase.gui.worker import Worker

INVALID_STYLE = "QLineEdit { border: 2px solid #d32f2f; border-radius: 3px; }"
_KEY_OP = re.compile(r"^\s*([^=^\s]+)\s*(\^=|=|\s+in\s+)(.*)$", re.IGNORECASE)


def split_last_clause(text: str) -> tuple[str, str]:
    """("a=1; b", "b"): what comes before the clause being typed, and that clause."""
    cut = text.rfind(";")
    return (text[:cut + 1] + " ", text[cut + 1:].lstrip()) if cut >= 0 else ("", text.lstrip())


class FilterCompletion(QObject):
    """Completer of `key=value` clauses for a QLineEdit, fed by the worker."""

    keys_changed = Signal(list)

    def __init__(self, edit: QLineEdit, worker: Worker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._edit = edit
        self._worker = worker
        self.keys: list[str] | None = None  # None until the base answered
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit.setCompleter(self.completer)
        edit.textEdited.connect(self.suggest)
        self.invalid = False

    def load_keys(self) -> None:
        spawn(self._load_keys(), self._worker.error.emit)

    async def _load_keys(self) -> None:
        keys = await self._worker.run(MetadataKeys(purpose="filter"))
        changed = keys != self.keys
        self.keys = list(keys)
        if changed:
            self.keys_changed.emit(self.keys)
            self.suggest(self._edit.text(), popup=False)

    def suggest(self, text: str, popup: bool = True) -> None:
        """Keys while a key is typed; the key's values (from the base) once its operator is there."""
        head, clause = split_last_clause(text)
        match = _KEY_OP.match(clause)
        if match is None:
            self._show([f"{head}{key}=" for key in self.keys or []], popup)
            return
        key, op, value = match.groups()
        if self.keys is not None and key not in self.keys:
            return
        prefix = f"{head}{key}{op.strip() if op.strip() != 'in' else ' in '}"
        request = MetadataValues(key, value.strip() if op.strip() != "in" else "", purpose="filter")
        spawn(self._suggest_values(request, prefix, popup), self._worker.error.emit)

    async def _suggest_values(self, request: MetadataValues, prefix: str, popup: bool) -> None:
        _key, values = await self._worker.run(request)
        self._show([f"{prefix}{v}" for v in values], popup)

    def _show(self, candidates: list[str], popup: bool) -> None:
        self.model.setStringList(candidates)
        if popup and self._edit.hasFocus() and candidates:
            self.completer.setCompletionPrefix(self._edit.text())
            self.completer.complete()

    def check_keys(self, where: dict[str, Any] | None) -> None:
        """Refuse keys the base does not have (a typo would otherwise match nothing, silently)."""
        if not where or self.keys is None:
            return
        unknown = [k for k in where if k not in self.keys]
        if unknown:
            raise InvalidInput(self.tr("this base has no metadata key “%1”; its keys are: %2").replace(
                "%1", unknown[0]).replace("%2", ", ".join(self.keys) or "—"))

    def mark_invalid(self, invalid: bool) -> None:
        if invalid == self.invalid:
            return
        self.invalid = invalid
        self._edit.setProperty("invalid", invalid)
        self._edit.setStyleSheet(INVALID_STYLE if invalid else "")
