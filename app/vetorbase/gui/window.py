"""The main window: menus, shortcuts, drop-anywhere, notice bar, and the open base's view."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.about import show_about
from vetorbase.gui.baseview import BaseView
from vetorbase.gui.evalpane import EvalPane
from vetorbase.gui.filetypes import document_filter
from vetorbase.gui.i18n import install_language
from vetorbase.gui.keys import install_shortcuts
from vetorbase.gui.lcimport import LangChainImportDialog, import_then_open, is_langchain_folder
from vetorbase.gui.maintenance import MaintenanceDialog
from vetorbase.gui.notice import NoticeBar
from vetorbase.gui.passwords import Secret
from vetorbase.gui.pendingqueue import ask_to_quit_during_ingestion, keep_pending, resume_pending
from vetorbase.gui.prefs import Preferences
from vetorbase.gui.removal import RemovalDialog
from vetorbase.gui.questions import ask_yes_no
from vetorbase.gui.requests import ImportLangchainNew, SetPrefs
from vetorbase.gui.serverconnect import connect_to_server, on_open_failed, reopen_recent, split_location
from vetorbase.gui.settings import SettingsDialog, load_prefs, save_prefs
from vetorbase.gui.style import app_icon
from vetorbase.gui.undo import UndoActions

__all__ = ["MainWindow", "is_langchain_folder"]


class MainWindow(QMainWindow):
    """Holds one BaseView at a time; opening another base swaps it."""

    def __init__(self, settings: QSettings, *, synchronous: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.synchronous = synchronous
        self.prefs: Preferences = load_prefs(settings)
        self.view: BaseView | None = None
        self.confirm_removals = True
        self.last_question: QMessageBox | None = None  # the open question box, for tests
        self.setWindowIcon(app_icon())
        self.resize(1180, 760)
        self.setAcceptDrops(True)
        self.notice_bar = NoticeBar()
        self._holder = QWidget()
        self._layout = QVBoxLayout(self._holder)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.notice_bar)
        self.setCentralWidget(self._holder)
        self._base_actions: list[QAction] = []  # enabled only while a base is open
        self._build_menus()
        install_shortcuts(self)
        self.statusBar().showMessage(self.tr("Ready"))

    # -- menus ------------------------------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Any, shortcut: str | QKeySequence | None = None,
                *, needs_base: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        if needs_base:
            self._base_actions.append(action)
        return action

    def _build_menus(self) -> None:
        self.menuBar().clear()
        self._base_actions = []
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&Open base…"), self.choose_base, "Ctrl+O")
        self._action(file_menu, self.tr("&New base…"), self.choose_new_base, "Ctrl+N")
        self._action(file_menu, self.tr("Connect to &server…"), lambda: connect_to_server(self))
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Add files…"), self.choose_files, "Ctrl+I", needs_base=True)
        self._action(file_menu, self.tr("Add &folder…"), self.choose_folder, needs_base=True)
        self._action(file_menu, self.tr("&Watch folder…"), lambda: self.view.watch_folder(), needs_base=True)
        self._action(file_menu, self.tr("Import &LangChain FAISS folder…"), self.choose_langchain)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Quit"), self.quit_interactively, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_actions = UndoActions(self, edit_menu, self.view)
        self._action(edit_menu, self.tr("&Search"), self.focus_search, needs_base=True)
        self.remove_action = self._action(edit_menu, self.tr("&Remove selected documents"), self.remove_selected,
                                          QKeySequence(Qt.Key.Key_Delete), needs_base=True)
        self._action(edit_menu, self.tr("Remove by &metadata…"), self.open_removal_dialog, "Ctrl+Shift+Delete",
                     needs_base=True)
        edit_menu.addSeparator()
        self._action(edit_menu, self.tr("Se&ttings…"), self.open_settings, "Ctrl+,")
        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        self.check_action = self._action(tools_menu, self.tr("&Check base…"), lambda: self.run_maintenance("check"),
                                         needs_base=True)
        self.compact_action = self._action(tools_menu, self.tr("C&ompact base…"),
                                           lambda: self.run_maintenance("compact"), needs_base=True)
        self._action(tools_menu, self.tr("&Re-embed base…"), lambda: self.view and self.view.open_reembed_dialog(), needs_base=True)
        tools_menu.addSeparator()
        self._action(tools_menu, self.tr("&History"), lambda: self.show_pane("history"), "Ctrl+H", needs_base=True)
        self._action(tools_menu, self.tr("&Map of the base"), lambda: self.show_pane("map"), needs_base=True)
        self._action(tools_menu, self.tr("&Trash"), lambda: self.show_pane("trash"), needs_base=True)
        self._action(tools_menu, self.tr("Search result in &context"),
                     lambda: self.view.open_current_hit() if self.view is not None else None, "Ctrl+Shift+O",
                     needs_base=True)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&About Vetorbase"), lambda: show_about(self))
        self._refresh_recent()
        self._sync_actions()

    def _sync_actions(self) -> None:
        is_open = self.view is not None and self.view.is_open
        for action in self._base_actions:
            action.setEnabled(is_open)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.prefs.recent_bases:
            self._action(self.recent_menu, path.replace("&", "&&"), lambda p=path: self.open_recent(p))  # "&" of a URL
        if self.prefs.recent_bases:
            self.recent_menu.addSeparator()
            self._action(self.recent_menu, self.tr("Clear recent bases"), self.clear_recent)
        self.recent_menu.setEnabled(bool(self.prefs.recent_bases))

    def _set_prefs(self, prefs: Preferences) -> None:
        self.prefs = prefs
        save_prefs(self.settings, prefs)
        self._refresh_recent()

    def clear_recent(self) -> None:
        self._set_prefs(self.prefs.without_recent())

    # -- bases ------------------------------------------------------------------------------
    def open_base(self, path: str | Path, *, create: bool = False, password: Secret | None = None) -> BaseView:
        """Replace the current view with one on `path`, a folder or a server URL (created when asked and missing)."""
        path, password = split_location(path, password)
        if self.view is not None:
            self.view.shutdown()
            self._layout.removeWidget(self.view)
            self.view.deleteLater()
        view = BaseView(path, self.prefs, create=create, synchronous=self.synchronous, password=password)
        self.view = view
        self.undo_actions.attach(view.undo)
        view.notice.connect(self.notify)
        view.notice_actions.connect(lambda level, text, actions: self.notice_bar.show_notice(level, text, actions=actions))
        view.opened.connect(lambda _stats: self._on_opened(view))
        view.open_failed.connect(lambda exc: (self._sync_actions(), on_open_failed(self, view, exc)))
        view.documents.selection_changed.connect(lambda _docs: self._show_selection())
        view.tabs.currentChanged.connect(lambda _i: self._show_selection())
        view.documents.remove_requested.connect(self.remove_selected)
        view.search.set_mode(self.prefs.search_mode)
        view.search.mode_changed.connect(self._remember_search_mode)
        self.eval_pane = EvalPane(view.worker)
        view.tabs.insertTab(view.tabs.indexOf(view.duplicates.parentWidget()), self.eval_pane, self.tr("Test retrieval"))
        view.add_pane(view.trash, self.tr("Trash"))
        self._layout.insertWidget(0, view, 1)
        self.setWindowTitle(f"{view.title.text()} — Vetorbase ({view.location})")
        for child in view.findChildren(QWidget):
            child.setAcceptDrops(False)  # every drop lands on the window
        self._sync_actions()
        if view.is_open:  # synchronous mode: it opened inside the constructor
            self._on_opened(view)
        return view

    def _on_opened(self, view: BaseView) -> None:
        if view is not self.view:
            return
        if self.notice_bar.level == "error":
            self.notice_bar.hide()  # "no base is open" and failures of the previous base are over
        self._set_prefs(self.prefs.with_recent(str(view.base_path)))
        self._sync_actions()
        self.statusBar().showMessage(self.tr("Opened %1").replace("%1", view.location), 4000)
        resume_pending(self, view)

    def open_recent(self, path: str) -> None:
        reopen_recent(self, path)  # a server base through the connect dialog (serverconnect.py)

    def _remember_search_mode(self, mode: str) -> None:
        self.prefs = replace(self.prefs, search_mode=mode)
        save_prefs(self.settings, self.prefs)

    def choose_base(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a Vetorbase base or a LangChain FAISS folder"))
        if folder:
            self.open_folder(folder)

    def open_folder(self, folder: str) -> None:
        from vetorbase.store import VectorBase

        path = Path(folder)
        if VectorBase.exists(path):
            self.open_base(path)
        elif is_langchain_folder(path):
            self.offer_langchain_import(path)
        else:
            self.notify("error", self.tr("%1 is not a Vetorbase base. Use File › New base… to create one there.")
                        .replace("%1", str(path)))

    def choose_new_base(self) -> None:
        """A new folder name (or an empty folder): the dialog accepts names that do not exist yet."""
        path, _ = QFileDialog.getSaveFileName(self, self.tr("New base: choose a folder name"),
                                              str(Path.home() / "vetorbase-base"), "",
                                              options=QFileDialog.Option.ShowDirsOnly)
        if path:
            self.create_base_at(path)

    def create_base_at(self, path: str | Path) -> BaseView | None:
        from vetorbase.store import VectorBase

        target = Path(path).expanduser()
        if target.exists() and not target.is_dir():
            self.notify("error", self.tr("%1 is a file; choose a new folder name.").replace("%1", str(target)))
            return None
        if target.is_dir() and any(target.iterdir()) and not VectorBase.exists(target):
            self.notify("error", self.tr("%1 already holds other files; choose a new or empty folder.")
                        .replace("%1", str(target)))
            return None
        return self.open_base(target, create=True)

    def choose_langchain(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a LangChain FAISS folder (index.faiss + index.pkl)"))
        if folder:
            if is_langchain_folder(Path(folder)):
                self.offer_langchain_import(Path(folder))
            else:
                self.notify("error", self.tr("%1 holds no index.faiss + index.pkl.").replace("%1", folder))

    def offer_langchain_import(self, folder: Path, *, ask: bool = True, embedder_id: str | None = None) -> bool:
        """Ask for the embedder that built the index, then import into a new base beside the folder.

        Runs on the current view's worker; the new base is opened only once the import
        succeeded, and a failed import removes it again (lcimport.import_into_new_base)."""
        target = folder.with_name(folder.name + "-vetorbase")
        if ask:
            dialog = LangChainImportDialog(folder, target, self.prefs, self)
            if dialog.exec() != LangChainImportDialog.DialogCode.Accepted:
                return False
            embedder_id = dialog.embedder_id()
        if self.view is None:
            return False
        from vetorbase.embeddings import DEFAULT_EMBEDDER_ID

        self.notify("info", self.tr("Importing %1…").replace("%1", str(folder)))
        request = ImportLangchainNew(str(folder), str(target), embedder_id or DEFAULT_EMBEDDER_ID)
        spawn(import_then_open(self, self.view.worker, request, target))
        return True

    # -- ingestion --------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files to the base"), "", document_filter())
        if files:
            self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a folder to the base"))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> None:
        if self.view is not None:
            self.view.add_paths(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Only turns URLs into paths and hands them on (napari's rule)."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    # -- keyboard ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        if self.view is not None:
            self.view.tabs.setCurrentIndex(1)
            self.view.search.focus_query()

    def cancel(self) -> None:
        if self.view is not None and self.view.ingest.cancel():
            self.notify("info", self.tr("Cancelling the ingestion…"))

    # -- other actions ----------------------------------------------------------------------
    def _show_selection(self) -> None:
        """"N documents selected" belongs to the Documents tab only."""
        docs = self.view.documents.selected_docs() if self.view is not None else []
        on_list = self.view is not None and self.view.tabs.currentIndex() == 0
        self.statusBar().showMessage(self.tr("%1 selected").replace("%1", fmt.plural(len(docs), "document"))
                                     if docs and on_list else "", 0)

    def remove_selected(self) -> None:
        if self.view is None or not self.view.is_open:
            return
        docs = self.view.documents.selected_docs()
        if not docs:
            self.notify("info", self.tr("Select documents in the list first."))
            return
        if self.confirm_removals:
            chunks = sum(d.chunks for d in docs)  # each document's own count, as the library listed it
            text = self.tr("Move %1 (%2) to the trash?").replace("%1", fmt.plural(len(docs), "document"))
            if not ask_yes_no(self, self, self.tr("Remove documents"), text.replace("%2", fmt.plural(chunks, "chunk"))):
                return
        self.view.remove_documents([d.id for d in docs])

    def open_removal_dialog(self) -> RemovalDialog | None:
        return self.view.open_removal_dialog(self) if self.view is not None and self.view.is_open else None

    def run_maintenance(self, operation: str) -> MaintenanceDialog | None:
        """Check or Compact the open base on its worker, in a dialog that shows it is busy."""
        if self.view is None or not self.view.is_open:
            self.notify("error", self.tr("No base is open."))
            return None
        view = self.view
        dialog = MaintenanceDialog(view.worker, operation, self)
        dialog.finished_with.connect(lambda level, text: self.notify(level, text))
        if operation == "compact":
            dialog.finished_with.connect(lambda level, _t: view.own_change() if level == "info" else None)
        self.maintenance_dialog = dialog  # kept: hiding it early must not delete it before the result
        dialog.open()
        return dialog

    def show_pane(self, name: str) -> None:
        if self.view is not None:
            self.view.tabs.setCurrentWidget(getattr(self.view, name).parentWidget())

    def open_settings(self) -> SettingsDialog | None:
        if self.view is None:
            return None
        dialog = SettingsDialog(self.prefs, self.view.worker, self)
        dialog.accepted.connect(lambda: self.apply_prefs(dialog.prefs()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def apply_prefs(self, prefs: Preferences) -> None:
        language_changed = prefs.language != self.prefs.language
        self._set_prefs(prefs)
        if self.view is not None:
            self.view.worker.submit(SetPrefs(prefs))
        if language_changed:
            self.retranslate()
        self.notify("info", self.tr("Settings saved."))

    def retranslate(self) -> None:
        """Switch language now: new translators, then menus and the base's view rebuilt in it."""
        install_language(self.prefs.language)
        self._build_menus()
        self.statusBar().showMessage(self.tr("Ready"))
        if self.view is not None and not self.view.ingest.busy:
            self.open_base(self.view.base_path, password=self.view.session.password)

    def notify(self, level: str, text: str) -> None:
        self.notice_bar.show_notice(level, text)

    def quit_interactively(self) -> bool:
        """File › Quit: a person is there to answer if files are still being added."""
        self._asked_close = True
        try:
            return self.close()
        finally:
            self._asked_close = False

    def closeEvent(self, event: QCloseEvent) -> None:
        """A person closing the window (title bar, File › Quit) is asked while files are being
        added; a program closing it (session end, tests) gets the answer that loses nothing:
        the files not yet added stay queued for the next start."""
        if self.view is not None and self.view.ingest.busy:
            if event.spontaneous() or getattr(self, "_asked_close", False):
                if not ask_to_quit_during_ingestion(self):
                    event.ignore()
                    return
            else:
                keep_pending(self)
        if self.view is not None:
            self.view.shutdown()
        super().closeEvent(event)
