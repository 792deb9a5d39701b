"""Notice when another process changes the base, cheaply and without missing anything.

QFileSystemWatcher has known pitfalls: after an atomic rename (snapshots, SQLite
checkpoints) the watch is silently dropped or follows the old inode, and one commit
fires a burst of events.  So every event re-adds the paths that exist, bursts go
through a Throttle, and a slow poll of the O(1) journal sequence number catches
whatever the watcher missed.  The watcher only says "look"; the worker decides.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

from vetorbase.gui.throttle import Throttle

WATCHED_FILES = ("vetorbase.sqlite", "vetorbase.sqlite-wal", "vetorbase.sqlite-shm")


class BaseWatcher(QObject):
    """Emits `poke` (throttled) on file events and `poll` on a slow timer."""

    poke = Signal()
    poll = Signal()

    def __init__(self, base_path: Path, *, throttle_ms: int = 100, poll_ms: int = 500,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.base_path = Path(base_path)
        self.events = 0
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_event)
        self._watcher.directoryChanged.connect(self._on_event)
        self._throttle = Throttle(self.poke.emit, throttle_ms, self)
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.poll.emit)

    def start(self) -> None:
        self._rewatch()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._throttle.cancel()
        watched = self._watcher.files() + self._watcher.directories()
        if watched:
            self._watcher.removePaths(watched)

    def _paths(self) -> list[str]:
        paths = [str(self.base_path)]
        paths += [str(self.base_path / name) for name in WATCHED_FILES if (self.base_path / name).exists()]
        return paths

    def _rewatch(self) -> None:
        """Drop and re-add every path: a renamed-over file keeps a stale watch otherwise."""
        current = self._watcher.files() + self._watcher.directories()
        if current:
            self._watcher.removePaths(current)
        paths = self._paths()
        if Path(paths[0]).is_dir():
            self._watcher.addPaths(paths)

    def _on_event(self, _path: str) -> None:
        self.events += 1
        self._rewatch()
        self._throttle()
