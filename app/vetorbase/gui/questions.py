"""Asking a yes/no question before something destructive, the one way the window does it.

The box is kept on its holder as `last_question` while it is open, so tests (and only
they) can read its text and press a button; the holder's text is the caller's, built
from the library's own counts.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget


def ask_yes_no(holder: Any, parent: QWidget, title: str, text: str, *, warning: bool = False) -> bool:
    """True when the person answers Yes to `text` (a modal box on `parent`)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    holder.last_question = box
    try:
        return box.exec() == QMessageBox.StandardButton.Yes
    finally:
        holder.last_question = None
