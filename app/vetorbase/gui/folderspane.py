"""The Folders view: the folders the base follows (recorded in the base, so folders that
other programs and hosts follow show too), what each one's last sync did, a pause switch,
and the window's own following of this host's folders while it is open.

The window follows a folder the way `vetorbase watch` does: file events (watchdog) mark it
dirty, and once it has been quiet for `DEBOUNCE_MS` a sync pass runs on the worker (a bulk
request: searches are served between its files); a rescan every `RESCAN_MS` catches what
events missed. The pass decides what changed, so a burst of events costs one pass. A folder
another program is syncing comes back "busy" and is left to it. Every number shown is
the library's own count from the pass summary recorded in the base.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.folderrequests import FollowFolder, ListFolders, SetFolderPaused, SyncFolder, UnfollowFolder
from vetorbase.gui.worker import Worker
from vetorbase.ingest.folderscan import Ignore
from vetorbase.ingest.foldersync import SyncProgress, SyncReport
from vetorbase.store.folders import FolderInfo, this_host

DEBOUNCE_MS = 1000
RESCAN_MS = 5 * 60 * 1000
RELOAD_MS = 5000
COUNTS = ("added", "replaced", "renamed", "removed", "unchanged", "failed")


class _Events(QObject):
    """watchdog's thread -> the UI thread: `touched(root)` for an event a folder would hold."""

    touched = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._observer: Any = None
        self._rules: dict[str, Ignore] = {}

    def follow(self, folders: list[FolderInfo]) -> None:
        """Watch exactly these folders (restarts the observer when the set changed)."""
        rules = {f.path: Ignore(f.settings) for f in folders}
        if set(rules) == set(self._rules) and self._observer is not None:
            self._rules = rules
            return
        self.stop()
        self._rules = rules
        if not rules:
            return
        self._observer = Observer()
        for root in rules:
            try:
                self._observer.schedule(_Handler(self, root), root, recursive=True)
            except OSError:
                continue  # gone or unreadable: its pass reports it
        self._observer.start()

    def seen(self, root: str, paths: list[tuple[str, bool]]) -> None:
        """On watchdog's thread: tell the UI thread (queued) unless every path is ignored."""
        rules = self._rules.get(root)
        if rules is not None and not all(rules.ignored_path(root, p, d) for p, d in paths if p):
            self.touched.emit(root)

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
            self._observer = None


class _Handler(FileSystemEventHandler):
    def __init__(self, events: _Events, root: str) -> None:
        super().__init__()
        self.events, self.root = events, root

    def on_any_event(self, event: Any) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return
        self.events.seen(self.root, [(event.src_path, event.is_directory),
                                      (getattr(event, "dest_path", "") or "", event.is_directory)])


class FoldersPane(QWidget):
    """The followed folders, their state, and the actions on them."""

    synced = Signal(object)  # a SyncReport of this window's own pass
    notice = Signal(str, str)

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.folders: list[FolderInfo] = []
        self._dirty: dict[str, float] = {}
        self._running: dict[str, threading.Event] = {}
        self.last_report: SyncReport | None = None
        self._closed = False  # the view was shut down: answers still arriving are dropped
        self._events = _Events(self)
        self._events.touched.connect(self._touched, Qt.ConnectionType.QueuedConnection)
        self.watch_button = QPushButton(self.tr("Watch folder…"))
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.pause_button = QPushButton(self.tr("Paused"))
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(self.tr("A paused folder is not synced by any program until it is resumed"))
        self.forget_button = QPushButton(self.tr("Stop following"))
        self.forget_button.setToolTip(self.tr("Its documents stay in the base"))
        self.cancel_button = QPushButton(self.tr("Cancel sync"))
        self.status = QLabel(self.tr("Folders followed by this base: new files are added, changed ones "
                                     "replaced, moved ones renamed, deleted ones removed."))
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.table = QTableWidget(0, 3 + len(COUNTS) + 1)
        self.table.setHorizontalHeaderLabels([
            self.tr("Folder"), self.tr("State"), self.tr("Last sync"), self.tr("Added"), self.tr("Replaced"),
            self.tr("Moved"), self.tr("Removed"), self.tr("Unchanged"), self.tr("Failed"), self.tr("Notes")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        buttons = QHBoxLayout()
        for b in (self.watch_button, self.sync_button, self.pause_button, self.forget_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.watch_button.clicked.connect(self.choose_folder)
        self.sync_button.clicked.connect(lambda: self.sync_selected())
        self.pause_button.clicked.connect(lambda checked: self.set_paused(checked))
        self.forget_button.clicked.connect(self.forget_selected)
        self.cancel_button.clicked.connect(self.cancel_all)
        worker.progress.connect(self._progress)
        self._tick = QTimer(self, interval=250)
        self._tick.timeout.connect(self._run_due)
        self._rescan = QTimer(self, interval=RESCAN_MS)
        self._rescan.timeout.connect(self._rescan_all)
        # Other programs' passes and pauses show up within RELOAD_MS while the tab is shown
        # (one cheap read; none while hidden, where our own passes still reload it).
        self._reload = QTimer(self, interval=RELOAD_MS)
        self._reload.timeout.connect(lambda: spawn(self.reload()) if self.isVisible() else None)
        self._selection_changed()

    # -- starting and stopping -----------------------------------------------------------
    def start(self) -> None:
        """The base is open: list its folders, follow this host's, and sync them once."""
        self._tick.start()
        self._rescan.start()
        self._reload.start()
        spawn(self.reload(sync_after=True))

    def shutdown(self) -> None:
        self._closed = True
        self._tick.stop()
        self._rescan.stop()
        self._reload.stop()
        self.cancel_all()
        self._events.stop()

    async def reload(self, sync_after: bool = False) -> None:
        if self._closed:
            return
        try:
            folders = await self._worker.run(ListFolders())
        except Exception as exc:  # noqa: BLE001 - a closed base, an old schema: said in the pane
            if not self._closed:
                self.status.setText(fmt.describe(exc))
            return
        if self._closed:
            return
        self.show_folders(folders)
        mine = [f for f in folders if f.host == this_host() and not f.paused]
        self._events.follow(mine)
        if sync_after:
            for f in mine:
                self._dirty.setdefault(f.path, 0.0)

    def show_folders(self, folders: list[FolderInfo]) -> None:
        selected = self.selected()
        self.folders = folders
        self.table.setRowCount(len(folders))
        for row, f in enumerate(folders):
            last = f.last_pass or {}
            name = f.path if f.host == this_host() else self.tr("%1 (on %2)").replace("%1", f.path).replace("%2", f.host)
            cells = [name, self._state(f), fmt.when(f.last_pass_at) if f.last_pass_at else self.tr("never"),
                     *[fmt.count(int(last.get(k, 0))) if f.last_pass_at else "" for k in COUNTS],
                     self._notes(last)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setToolTip(self._settings_text(f))
                if 3 <= col < 3 + len(COUNTS):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
            if selected is not None and f.id == selected.id:
                self.table.selectRow(row)
        self._selection_changed()

    def _state(self, f: FolderInfo) -> str:
        if f.paused:
            return self.tr("paused")
        if f.path in self._running:
            return self.tr("syncing")
        if f.syncing():
            return self.tr("synced by %1").replace("%1", str(f.holder).rsplit(":", 2)[0])
        return self.tr("following") if f.host == this_host() else self.tr("followed elsewhere")

    def _settings_text(self, f: FolderInfo) -> str:
        """The folder's own settings, for the tooltip (the defaults are in the README)."""
        ignore = ", ".join(f.settings.ignore) if f.settings.ignore else self.tr("nothing more")
        hidden = self.tr("hidden files are taken") if f.settings.hidden else self.tr("hidden files are left out")
        return self.tr("Also left out: %1; %2").replace("%1", ignore).replace("%2", hidden)

    def _notes(self, last: dict[str, Any]) -> str:
        failures = last.get("failures") or []
        if failures:
            first = failures[0]
            return self.tr("%Ln file(s) failed; first: %1", "", len(failures)).replace(
                "%1", f"{first.get('path', '')}: {first.get('reason', '')}")
        if last.get("status") == "cancelled":
            return self.tr("the last sync was cancelled")
        return ""

    # -- actions --------------------------------------------------------------------------
    def selected(self) -> FolderInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.folders[rows[0].row()] if rows and rows[0].row() < len(self.folders) else None

    def _selection_changed(self) -> None:
        f = self.selected()
        mine = f is not None and f.host == this_host()
        self.sync_button.setEnabled(mine and not f.paused)
        self.pause_button.setEnabled(f is not None)
        self.pause_button.setChecked(bool(f and f.paused))
        self.forget_button.setEnabled(f is not None)
        self.cancel_button.setVisible(bool(self._running))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Watch a folder: its files are added and kept in sync"))
        if folder:
            spawn(self.watch(folder))

    async def watch(self, path: str) -> FolderInfo | None:
        """Follow `path` (recorded in the base) and sync it now."""
        try:
            info = await self._worker.run(FollowFolder(path))
        except Exception as exc:  # noqa: BLE001 - shown as a notice
            self.notice.emit("error", fmt.describe(exc))
            return None
        if self._closed:
            return info
        self._dirty[info.path] = 0.0
        await self.reload()
        return info

    def sync_selected(self) -> None:
        f = self.selected()
        if f is not None:
            self._dirty[f.path] = 0.0

    def set_paused(self, paused: bool) -> None:
        f = self.selected()
        if f is not None:
            spawn(self._write(SetFolderPaused(f.id, paused)))
            if not paused and f.host == this_host():
                self._dirty[f.path] = 0.0  # resumed: catch up with what changed meanwhile

    def forget_selected(self) -> None:
        f = self.selected()
        if f is not None:
            spawn(self._write(UnfollowFolder(f.id)))

    async def _write(self, request: Any) -> None:
        try:
            await self._worker.run(request)
        except Exception as exc:  # noqa: BLE001
            if not self._closed:
                self.notice.emit("error", fmt.describe(exc))
        await self.reload()

    def cancel_all(self) -> None:
        for event in self._running.values():
            event.set()

    # -- syncing --------------------------------------------------------------------------
    def _touched(self, root: str) -> None:
        self._dirty[root] = time.monotonic()

    def _rescan_all(self) -> None:
        for f in self.folders:
            if f.host == this_host() and not f.paused:
                self._dirty.setdefault(f.path, 0.0)

    def _run_due(self) -> None:
        """Start the passes that are due: asked for (at 0.0: now, every file) or marked by
        file events (at their time: after a quiet spell, leaving files still being written)."""
        if self._closed:
            return
        now = time.monotonic()
        for root, at in list(self._dirty.items()):
            if root in self._running or now - at < DEBOUNCE_MS / 1000:
                continue
            del self._dirty[root]
            spawn(self._sync(root, min_age=DEBOUNCE_MS / 1000 if at else 0.0))

    async def _sync(self, root: str, min_age: float) -> None:
        cancel = threading.Event()
        self._running[root] = cancel
        self._selection_changed()
        try:
            report = await self._worker.run(SyncFolder(root, cancel, min_age=min_age))
        except Exception as exc:  # noqa: BLE001 - a vanished folder, a read-only base: one notice
            if not self._closed:
                self.notice.emit("error", fmt.describe(exc))
            return
        finally:
            self._running.pop(root, None)
        if self._closed:
            return
        self.last_report = report
        if report.pending:
            self._dirty.setdefault(root, time.monotonic())
        if report.changed:
            self.synced.emit(report)
        self.status.setText(self._summary(report))
        await self.reload()

    def _summary(self, r: SyncReport) -> str:
        if r.status == "busy":
            return self.tr("%1 is being synced by another program.").replace("%1", r.folder)
        if r.status == "paused":
            return self.tr("%1 is paused.").replace("%1", r.folder)
        if r.status == "read-only":
            return self.tr("This base is open read-only: its folders are shown, not synced.")
        return self.tr("%1 synced: %2 added, %3 replaced, %4 moved, %5 removed, %6 failed.").replace(
            "%1", r.folder).replace("%2", fmt.count(len(r.added))).replace("%3", fmt.count(len(r.replaced))).replace(
            "%4", fmt.count(len(r.renamed))).replace("%5", fmt.count(len(r.removed))).replace(
            "%6", fmt.count(len(r.failed)))

    def _progress(self, item: Any) -> None:
        if isinstance(item, SyncProgress) and item.stage in ("hashing", "ingesting"):
            self.status.setText(self.tr("Syncing %1: file %2 of %3").replace("%1", item.folder).replace(
                "%2", fmt.count(item.done + 1)).replace("%3", fmt.count(item.total)))
