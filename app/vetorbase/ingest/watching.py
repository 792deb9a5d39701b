"""Following folders until stopped: the operating system's file events (watchdog) say
when to run a sync pass, and a periodic rescan catches whatever events missed (a
network share, an overflowed inotify queue, changes made while paused).

Events only mark a folder dirty; the pass itself decides what changed (foldersync.py),
so a burst of events costs one pass. A pass runs once the folder has been quiet for
`debounce` seconds, and leaves files modified less than `debounce` seconds ago for a
later pass, so a file still being written is ingested once, complete.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from vetorbase.ingest.folderscan import Ignore
from vetorbase.ingest.folderlease import new_holder
from vetorbase.ingest.foldersync import SyncReport, folder_path, sync_folder
from vetorbase.store.folders import FolderSettings

log = logging.getLogger(__name__)

DEBOUNCE = 0.5
RESCAN = 300.0
#: A folder another process is syncing is tried again after this long.
BUSY_RETRY = 5.0


@dataclass
class _Watched:
    root: str
    rules: Ignore
    dirty_at: float | None = 0.0  # 0: a first pass is due; None: clean
    last_pass: float = 0.0


class FolderWatcher:
    """Runs sync passes for `folders` as events come, until `stop` is set."""

    def __init__(self, base: Any, embedder: Any, folders: Sequence[str], *,
                 settings: FolderSettings | None = None, debounce: float = DEBOUNCE,
                 rescan: float = RESCAN, origin: str | None = None,
                 on_report: Callable[[SyncReport], None] | None = None,
                 stop: threading.Event | None = None, **ingest_options: Any) -> None:
        self.base, self.embedder = base, embedder
        self.settings, self.debounce, self.rescan = settings, debounce, rescan
        self.origin, self.on_report = origin, on_report
        self.stop = stop or threading.Event()
        self.ingest_options = ingest_options
        self.holder = new_holder()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._folders = [folder_path(f) for f in folders]
        self._watched: dict[str, _Watched] = {}

    def _mark(self, root: str, *paths: tuple[str, bool]) -> None:
        w = self._watched[root]
        if all(w.rules.ignored_path(root, p, d) for p, d in paths if p):
            return
        with self._lock:
            w.dirty_at = time.monotonic()
        self._wake.set()

    def run(self) -> None:
        """Follow the folders until `stop` is set (blocks)."""
        observer = Observer()
        for root in self._folders:
            info = self.base.folders.follow(root, origin=self.origin or self.base.origin,
                                            settings=self.settings)
            self._watched[root] = _Watched(root, Ignore(info.settings))
            observer.schedule(_Handler(self, root), root, recursive=True)
        observer.start()
        try:
            while not self.stop.is_set():
                self._wake.wait(0.1)
                self._wake.clear()
                for w in list(self._watched.values()):
                    if self.stop.is_set():
                        break
                    self._maybe_pass(w)
        finally:
            observer.stop()
            observer.join(5)

    def _maybe_pass(self, w: _Watched) -> None:
        now = time.monotonic()
        with self._lock:
            due = w.dirty_at is not None and now - w.dirty_at >= (self.debounce if w.dirty_at else 0)
            if not due and now - w.last_pass < self.rescan:
                return
            w.dirty_at = None
        report = sync_folder(self.base, self.embedder, w.root, cancel=self.stop, origin=self.origin,
                             holder=self.holder, min_age=self.debounce, **self.ingest_options)
        w.last_pass = time.monotonic()
        w.rules = Ignore(self.base.folders.find(w.root).settings)
        if report.status in ("busy", "lost-lease", "paused"):  # paused: notice the resume soon
            self._again(w, BUSY_RETRY)
        elif report.pending:
            self._again(w, self.debounce)
        if self.on_report is not None:
            self.on_report(report)

    def _again(self, w: _Watched, after: float) -> None:
        with self._lock:
            when = time.monotonic() - self.debounce + after
            w.dirty_at = when if w.dirty_at is None else min(w.dirty_at, when)


class _Handler(FileSystemEventHandler):
    """Marks its folder dirty on any event about a file the folder would hold."""

    def __init__(self, watcher: FolderWatcher, root: str) -> None:
        super().__init__()
        self.watcher, self.root = watcher, root

    def on_any_event(self, event: Any) -> None:
        if event.event_type in ("opened", "closed_no_write") or (
                event.is_directory and event.event_type == "modified"):
            return
        dest = getattr(event, "dest_path", "") or ""
        self.watcher._mark(self.root, (event.src_path, event.is_directory), (dest, event.is_directory))
