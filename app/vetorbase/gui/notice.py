"""A non-modal message strip: every error and every notice appears here, never in a popup."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

LEVELS = ("info", "change", "warning", "error")


class NoticeBar(QFrame):
    """Shows the latest notice; info-like ones fade after a few seconds, errors stay until closed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("noticeBar")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Dismiss"))
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.addWidget(self.label, 1)
        self._actions_row = QHBoxLayout()
        layout.addLayout(self._actions_row)
        layout.addWidget(close)
        self.action_buttons: list[QPushButton] = []
        self.level = "info"
        self.history: list[tuple[str, str]] = []
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_notice(self, level: str, text: str, seconds: float | None = None,
                    actions: list[tuple[str, Callable[[], object]]] | None = None) -> None:
        """`actions`: (label, callback) buttons offered with the message (e.g. "Locate…")."""
        for button in self.action_buttons:
            self._actions_row.removeWidget(button)
            button.deleteLater()
        self.action_buttons = []
        for label, callback in actions or []:
            button = QPushButton(label)
            button.clicked.connect(lambda _c=False, cb=callback: cb())
            self._actions_row.addWidget(button)
            self.action_buttons.append(button)
        if actions and seconds is None:
            seconds = 20  # time to read it and choose
        self.level = level if level in LEVELS else "info"
        self.history.append((self.level, text))
        self.label.setText(text)
        self.setProperty("level", self.level)
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
        if seconds is None:
            seconds = 0 if self.level == "error" else (10 if self.level == "warning" else 6)
        if seconds:
            self._timer.start(int(seconds * 1000))
        else:
            self._timer.stop()

    @property
    def text(self) -> str:
        return self.label.text()
