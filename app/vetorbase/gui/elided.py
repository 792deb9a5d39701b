"""A label for a base's location that shortens in the middle instead of being cut."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """A path that shortens in the middle ("/home/…/base") when space is short, instead of being cut."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.full_text = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # width from the layout

    def resizeEvent(self, event: Any) -> None:
        shown = self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideMiddle, max(20, self.width()))
        if shown != self.text():
            self.setText(shown)
        super().resizeEvent(event)
