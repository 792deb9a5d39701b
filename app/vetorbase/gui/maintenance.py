"""Compact and Check from the window: run on the worker, a busy bar while they run, a result after.

Neither store call reports fractions or can stop half-way (compaction must finish to stay
crash-safe), so the dialog shows an indeterminate bar, the elapsed time, and says why it
cannot be cancelled; closing it early only hides it, the result still arrives as a notice.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.requests import Check, Compact
from vetorbase.gui.worker import Worker


class MaintenanceDialog(QDialog):
    """One run of Compact or Check; `finished_with(level, text)` carries the result for the notice bar."""

    finished_with = Signal(str, str)

    def __init__(self, worker: Worker, operation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if operation not in ("compact", "check"):
            raise ValueError(f"unknown maintenance operation {operation!r}")
        self.operation = operation
        self.result: Any = None
        self.level = ""
        self._worker = worker
        self._started = time.monotonic()
        self.setMinimumWidth(460)
        if operation == "compact":
            self.setWindowTitle(self.tr("Compact base"))
            intro = self.tr("Writing a snapshot, pruning the change log and returning free space to the disk. "
                            "Other programs may keep using the base meanwhile.")
        else:
            self.setWindowTitle(self.tr("Check base"))
            intro = self.tr("Comparing the journal, this window's index and the snapshots. "
                            "Nothing is changed.")
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the store reports no fractions for these
        self.bar.setTextVisible(False)
        self.status = QLabel(self.tr("Waiting for the current task to finish…") if worker.pending else "")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Hide"))
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setToolTip(
            self.tr("It cannot be stopped half-way; it goes on and reports when done."))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self._clock = QTimer(self, interval=500)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        spawn(self._run())

    @property
    def done(self) -> bool:
        return bool(self.level)

    def _tick(self) -> None:
        if self._worker.current is not None and isinstance(self._worker.current, (Check, Compact)):
            seconds = int(time.monotonic() - self._started)
            self.status.setText(self.tr("Working… %1 s").replace("%1", str(seconds)))

    async def _run(self) -> None:
        request = Compact() if self.operation == "compact" else Check()
        try:
            result = await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001 - shown in the dialog and the notice bar
            self._finish("error", self.tr("Failed: %1").replace("%1", fmt.describe(exc)))
            return
        self.result = result
        if self.operation == "compact":
            self._finish("info", self.tr("Compacted in %1 s: %2, snapshot at change #%3, %4 on disk.")
                         .replace("%1", QLocale().toString(float(result.get("seconds", 0)), "f", 1))
                         .replace("%2", self.tr("%Ln log entry(ies) pruned", "", int(result.get("log_rows_pruned", 0))))
                         .replace("%3", fmt.count(result.get("snapshot_seq", 0)))
                         .replace("%4", fmt.size_bytes(result.get("bytes_on_disk"))))
        elif result:
            lines = "\n".join(f"• {p}" for p in result[:20])
            self._finish("warning", self.tr("%Ln problem(s) found:", "", len(result)) + "\n" + lines)
        else:
            self._finish("info", self.tr("The base is consistent: no problems found."))

    def _finish(self, level: str, text: str) -> None:
        self.level = level
        self._clock.stop()
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.status.setText(text)
        self.status.setObjectName("")  # the result is the point of the dialog: not muted any more
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        self.finished_with.emit(level, text.split("\n", 1)[0])
