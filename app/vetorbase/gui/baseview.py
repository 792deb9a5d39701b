"""Everything the window shows for one open base: header, panes, worker, watcher.

Opening another base replaces this whole view, so no pane ever mixes two bases.
Changes made elsewhere arrive through the watcher (or the slow poll), are caught up on
the worker, and reload the panes in place with a short notice saying who changed what.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget
from shiboken6 import isValid

from vetorbase.gui import formatting as fmt
from vetorbase.gui import reembedview
from vetorbase.gui.aio import spawn
from vetorbase.gui.changes import BURST_SECONDS, ChangeDigest, window_origin
from vetorbase.gui.doclist import DocumentPane
from vetorbase.gui.docviewer import DocumentViewer
from vetorbase.gui.duplicatesview import DuplicatesView
from vetorbase.gui.elided import ElidedLabel
from vetorbase.gui.folderspane import FoldersPane
from vetorbase.gui.history import HistoryView
from vetorbase.gui.ingestpane import IngestPane
from vetorbase.gui.mapview import MapView
from vetorbase.gui.opener import FileOpener
from vetorbase.gui.passwords import Secret
from vetorbase.gui.prefs import Preferences
from vetorbase.gui.reasons import explain
from vetorbase.gui.removal import RemovalDialog
from vetorbase.gui.requests import (
    ChangeLog,
    DocumentDetail,
    GetOverview,
    JournalSeq,
    OpenBase,
    Refresh,
    RemoveDocuments,
)
from vetorbase.gui.searchpane import SearchPane
from vetorbase.gui.serverconnect import title_parts
from vetorbase.gui.serverwatch import CommitListener
from vetorbase.gui.session import ExternalChanges, Session
from vetorbase.gui.statspane import StatsPane
from vetorbase.gui.throttle import Throttle
from vetorbase.gui.trashview import TrashPane
from vetorbase.gui.undo import UndoHistory
from vetorbase.gui.watcher import BaseWatcher
from vetorbase.gui.worker import Worker
from vetorbase.store.locations import is_url


class BaseView(QWidget):
    """One base in the window; `notice(level, text)` feeds the window's notice bar."""

    notice = Signal(str, str)
    notice_actions = Signal(str, str, object)  # level, text, [(label, callback)]
    opened = Signal(object)  # Stats
    open_failed = Signal(object)  # exception
    overview_shown = Signal()
    external_change = Signal(object)  # Changes

    def __init__(self, base_path: Path | str, prefs: Preferences, *, create: bool = False, synchronous: bool = False,
                 password: Secret | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.is_server = is_url(str(base_path))  # base_path is then its URL without the password
        self.base_path: Path | str = str(base_path) if self.is_server else Path(base_path)
        self.is_open = False
        self.known_seq = -1
        self.overview: Any = None
        self.session = Session(self.base_path, prefs, origin=window_origin(), password=password or Secret(None))
        self._burst: ChangeDigest | None = None
        self.worker = Worker(self.session, synchronous=synchronous, parent=self)
        self.worker.error.connect(lambda exc: self.notice.emit("error", fmt.describe(exc)))
        self.worker.progress.connect(self._on_worker_progress)

        name, self.location = title_parts(self.base_path)
        self.title = QLabel(name)
        self.title.setObjectName("baseTitle")
        self.subtitle = ElidedLabel(self.location)
        self.subtitle.setToolTip(self.location)
        self.subtitle.setObjectName("muted")
        self.key_stats = QLabel(self.tr("Opening…"))
        self.key_stats.setObjectName("keyStats")
        self.busy_label = QLabel("")
        self.busy_label.setObjectName("muted")
        working = self.tr("working…")
        self.worker.busy_changed.connect(lambda busy: self.busy_label.setText(working if busy else ""))
        # Fixed minimum widths: changing texts must not change the window's minimum size
        # (each change would re-negotiate the top-level size hints with the window system).
        self.busy_label.setMinimumWidth(self.busy_label.fontMetrics().horizontalAdvance(working) + 4)
        self.key_stats.setMinimumWidth(120)
        self.subtitle.setMinimumWidth(80)
        self.title.setMinimumWidth(80)
        names = QVBoxLayout()
        names.setSpacing(0)
        names.addWidget(self.title)
        names.addWidget(self.subtitle)
        header = QWidget()
        header.setObjectName("header")
        head = QHBoxLayout(header)
        head.setContentsMargins(16, 10, 16, 10)
        head.addLayout(names, 1)
        head.addWidget(self.busy_label)
        head.addSpacing(12)
        head.addWidget(self.key_stats)

        self.documents = DocumentPane(self.worker)
        self.search = SearchPane(self.worker)
        self.ingest = IngestPane(self.worker)
        self.stats = StatsPane()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for pane, label in ((self.documents, self.tr("Documents")), (self.search, self.tr("Search")),
                            (self.ingest, self.tr("Add files")), (self.stats, self.tr("Stats"))):
            holder = QWidget()
            lay = QVBoxLayout(holder)
            lay.setContentsMargins(12, 10, 12, 10)
            lay.addWidget(pane)
            self.tabs.addTab(holder, label)
        self._stats_tab = self.tabs.widget(3)
        self.history = HistoryView()
        self.add_pane(self.history, self.tr("History"))
        self.map = MapView(self.worker)
        self.add_pane(self.map, self.tr("Map"))
        self.map.open_chunk.connect(self.open_chunk)
        self.viewer: DocumentViewer | None = None  # the latest document viewer opened
        self.undo = UndoHistory(self.worker, self)
        self.undo.changed.connect(self.own_change)
        self.undo.changed.connect(lambda: self.viewer.refresh_metadata() if self.viewer is not None
                                  and isValid(self.viewer) else None)
        self.undo.done.connect(self.notice)
        self.trash = TrashPane(self.worker, self.undo)  # its tab is the last: the window adds it
        self.trash.notice.connect(self.notice_actions)
        self.trash.changed.connect(self.own_change)
        self.duplicates = DuplicatesView(self.worker)
        self.add_pane(self.duplicates, self.tr("Duplicates"))
        self.duplicates.removed.connect(self.trashed)  # "keep this one" is undoable like any removal
        self.external_change.connect(lambda _changes: self.duplicates.mark_stale())
        self.folders = FoldersPane(self.worker)  # followed folders, synced while the window is open
        self.add_pane(self.folders, self.tr("Folders"))
        self.folders.synced.connect(lambda _report: self.own_change())
        self.folders.notice.connect(self.notice)
        self.tabs.currentChanged.connect(lambda i: self.request_overview() if self.is_open and i == 3 else None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.tabs, 1)

        self.search.notice.connect(self.notice)
        self.opener = FileOpener(self.worker, self)
        self.opener.notice.connect(self.notice_actions)
        self.opener.relinked.connect(lambda _id: self.own_change())
        self.documents.open_requested.connect(self.opener.open)
        self.search.open_requested.connect(self.opener.open)
        self.search.show_in_list.connect(self.show_in_list)
        self.search.searched.connect(lambda: self.map.set_hits([h.id for h in self.search.model.hits]))
        self.ingest.file_done.connect(self._on_file_done)
        self.ingest.batch_done.connect(self._on_batch_done)
        # While a queue commits file after file, reload the panes a few times a second, not per file.
        self._own_reload = Throttle(self.reload_all, 400, self)
        self.watcher = (self._listen_to_server() if self.is_server
                        else BaseWatcher(Path(self.base_path), parent=self))
        self.watcher.poke.connect(self.check_changes)
        self.watcher.poll.connect(self._poll)
        self.reembed_dialog: reembedview.ReembedDialog | None = None
        reembedview.attach(self)  # offer a move to the Settings' embedder; follow other programs' moves
        spawn(self._open(create))

    def watch_folder(self) -> None:
        """File › Watch folder…: the Folders tab, and the folder chooser over it."""
        self.tabs.setCurrentWidget(self.folders.parentWidget())
        self.folders.choose_folder()

    def add_pane(self, pane: QWidget, label: str) -> int:
        """A further tab after the four main ones (History, Map), with the same margins."""
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.setContentsMargins(12, 10, 12, 10)
        lay.addWidget(pane)
        return self.tabs.addTab(holder, label)

    def _listen_to_server(self) -> CommitListener:
        """Other hosts' commits, told by the server (LISTEN/NOTIFY), instead of file events."""
        listener = CommitListener(lambda: self.session.base, parent=self)
        listener.connection_lost.connect(lambda text: self.notice.emit("warning", self.tr(
            "Lost the connection to the server (%1); reconnecting…").replace("%1", text)))
        listener.connection_back.connect(lambda: self.notice.emit("info", self.tr("Connected to the server again.")))
        return listener

    # -- opening ----------------------------------------------------------------------------
    async def _open(self, create: bool) -> None:
        try:
            stats = await self.worker.run(OpenBase(create))
        except Exception as exc:  # noqa: BLE001 - any failure to open is shown, never raised
            self._on_open_error(exc)
            return
        self._on_open(stats)

    def _on_open(self, stats: Any) -> None:
        self.is_open = True
        self.known_seq = stats.seq
        self.watcher.start()
        self.documents.reload()
        self.search.filter_completion.load_keys()
        self.request_overview()
        self.map.active = True
        self.map.mark_stale()
        self.trash.reload()
        self.opened.emit(stats)
        self.folders.start()

    def _on_open_error(self, exc: BaseException) -> None:
        self.key_stats.setText(self.tr("not open"))
        self.open_failed.emit(exc)
        self.notice.emit("error", self.tr("Could not open %1: %2").replace("%1", self.location)
                         .replace("%2", fmt.describe(exc)))

    def shutdown(self) -> None:
        """Stop watching and end the worker thread (the shared base stays open for others)."""
        self.watcher.stop()
        self.folders.shutdown()
        self._own_reload.cancel()
        self.ingest.cancel()
        self.duplicates.cancel()  # a scan of a big base would hold the closing window for seconds
        self.worker.stop()

    # -- live updates -----------------------------------------------------------------------
    def _poll(self) -> None:
        if self.is_open:
            spawn(self._poll_seq(), lambda _exc: None)  # a failed poll is retried by the next one

    async def _poll_seq(self) -> None:
        self._on_seq(await self.worker.run(JournalSeq()))

    def _on_seq(self, seq: int) -> None:
        if seq != self.known_seq:
            self.check_changes()

    def check_changes(self) -> None:
        if self.is_open:
            self.worker.submit(Refresh(), on_result=self._on_changes)

    def _on_changes(self, changes: Any, own: bool = False) -> None:
        self.known_seq = max(self.known_seq, changes.to_seq)
        if not changes.changed and not changes.full_reload:
            return
        self.reload_all()
        if not own:
            self.external_change.emit(changes)
            # A full reload too (a compaction passed us, a re-embedding switched the base):
            # the commits are kept after their change rows are pruned, so say what they did.
            spawn(self._tell_changes(ChangeLog(changes.from_seq, changes.to_seq)), self.worker.error.emit)

    async def _tell_changes(self, request: ChangeLog) -> None:
        """One notice per burst of others' changes, growing as its commits arrive."""
        commits = await self.worker.run(request)
        if not commits:
            return
        if self._burst is None or time.monotonic() - self._burst.last_at > BURST_SECONDS:
            self._burst = ChangeDigest()
        self._burst.add(commits)
        self.notice.emit("change", self._burst.text())

    def _on_worker_progress(self, item: Any) -> None:
        if isinstance(item, ExternalChanges):
            self._on_changes(item.changes)

    def reload_all(self) -> None:
        self.documents.reload()
        self.search.filter_completion.load_keys()
        self.request_overview()
        self.search.rerun()
        self.map.mark_stale()
        self.trash.reload()

    def own_change(self) -> None:
        """After our own write (already absorbed by the session): reload without a notice."""
        self._own_reload()

    def request_overview(self) -> None:
        with_types = self.tabs.currentWidget() is self._stats_tab
        self.worker.submit(GetOverview(with_types), on_result=self._show_overview)

    def _show_overview(self, overview: Any) -> None:
        self.overview = overview
        s = overview.stats
        self.key_stats.setText(" · ".join((
            self.tr("<b>%Ln</b> document(s)", "", s.documents), self.tr("<b>%Ln</b> chunk(s)", "", s.chunks),
            self.tr("%1 dimensions").replace("%1", str(s.dimension)), fmt.size_bytes(s.bytes_on_disk),
            self.tr("updated %1").replace("%1", fmt.ago(s.last_change_at)))))
        self.key_stats.setToolTip(self.tr("Embedder: %1\nVersion: %2").replace("%1", s.embedder_id)
                                  .replace("%2", fmt.count(s.seq)))
        self.stats.show_overview(overview, with_types=bool(overview.per_type) or overview.stats.documents == 0)
        self.history.show_commits(overview.history)
        self.overview_shown.emit()

    # -- actions ----------------------------------------------------------------------------
    def add_paths(self, paths: list[str]) -> None:
        if not self.is_open:
            self.notice.emit("error", self.tr("No base is open; open or create one first."))
            return
        self.tabs.setCurrentIndex(2)
        self.ingest.add_paths(paths)

    def _on_file_done(self, outcome: Any) -> None:
        if outcome.status in ("added", "replaced"):
            self.own_change()
        elif outcome.status == "failed":
            self.notice.emit("warning", f"{Path(outcome.path).name}: {explain(outcome.reason)}")

    def _on_batch_done(self, counts: dict) -> None:
        self._own_reload.cancel()
        self.duplicates.mark_stale()
        self.reload_all()  # the final state at once, not after the throttle's pause
        level = "warning" if counts.get("failed") else "info"
        parts = self.ingest.counts_text(counts)
        if not parts:
            self.notice.emit(level, self.tr("Nothing was added."))
        elif counts.get("cancelled"):
            self.notice.emit("warning", self.tr("Ingestion cancelled: %1").replace("%1", parts))
        else:
            self.notice.emit(level, self.tr("Ingestion finished: %1").replace("%1", parts))

    def remove_documents(self, doc_ids: list[int]) -> None:
        self.worker.submit(RemoveDocuments(tuple(doc_ids)), on_result=self.trashed)

    def trashed(self, entry: Any) -> None:
        """After a removal to the trash made here: an Undo on the stack and in the notice."""
        if entry is None:
            self.notice.emit("info", self.tr("Nothing was removed: those documents are no longer in the base."))
            return
        step = self.undo.push_removal(entry)
        text = self.tr("Moved %1 (%2) to the trash.").replace("%1", fmt.plural(entry.documents, "document"))
        self.notice_actions.emit("info", text.replace("%2", fmt.plural(entry.chunks, "chunk")),
                                 [(self.tr("Undo"), lambda: self.undo.undo_step(step))])
        self.own_change()

    def open_removal_dialog(self, parent: QWidget) -> RemovalDialog:
        """Edit › Remove by metadata: its removal goes to the trash with an Undo, like any here."""
        dialog = RemovalDialog(self.worker, parent)
        dialog.trashed.connect(self.trashed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_chunk(self, chunk_id: int, doc_id: int) -> DocumentViewer:
        """A chunk picked on the map: its document in the viewer, at that chunk, in context."""
        viewer = DocumentViewer(self.worker, doc_id, chunk_id, self)
        viewer.show_in_list.connect(self.show_in_list)
        viewer.open_requested.connect(self.opener.open)
        viewer.metadata_edited.connect(self.undo.push_metadata)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.viewer = viewer
        viewer.show()
        return viewer

    def open_reembed_dialog(self, target: str | None = None) -> reembedview.ReembedDialog:
        """Tools › Re-embed base…: move this base to another embedder, in the background."""
        return reembedview.open_dialog(self, target)

    def open_current_hit(self) -> DocumentViewer | None:
        """The selected search hit in the viewer, between the chunks around it."""
        hit = self.search.current_hit()
        if hit is None:
            self.notice.emit("info", self.tr("Select a search result first."))
            return None
        return self.open_chunk(hit.id, hit.doc_id)

    def show_in_list(self, doc_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        if not self.documents.select_doc(doc_id):
            self.documents.filter_edit.clear()
            self.worker.submit(DocumentDetail(doc_id, purpose="show-in-list"), on_result=self._filter_to)

    def _filter_to(self, result: tuple[Any, list]) -> None:
        doc, _chunks = result
        if doc is None:
            self.notice.emit("warning", self.tr("That document is no longer in the base."))
            return
        self.documents.pending_select = doc.id
        self.documents.filter_edit.setText(doc.source)
        self.documents.model.set_filter(doc.source)
