"""Measure how long the UI event loop was unable to run (the "stall" the user feels).

A 10 ms timer should fire every 10 ms; the longest gap beyond that is the worst freeze.
Used by tests and the benchmark to report numbers, never as a timed assertion.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer


class StallProbe(QObject):
    """Records the longest gap between ticks of a fast timer while it runs."""

    def __init__(self, interval_ms: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = 0.0
        self.longest_ms = 0.0
        self.ticks = 0
        self.started = 0.0
        self.gaps: list[tuple[float, float]] = []  # (seconds since start, stall ms) above 20 ms

    def start(self) -> StallProbe:
        self.longest_ms = 0.0
        self.ticks = 0
        self.gaps = []
        self._last = self.started = time.perf_counter()
        self._timer.start()
        return self

    def stop(self) -> float:
        """Stop and return the longest stall in ms (gap minus the timer interval)."""
        self._timer.stop()
        self._tick()
        return self.longest_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        gap_ms = (now - self._last) * 1000.0 - self.interval_ms
        self.longest_ms = max(self.longest_ms, gap_ms)
        if gap_ms > 20:
            self.gaps.append((round(self._last - self.started, 3), round(gap_ms, 1)))
        self._last = now
        self.ticks += 1
