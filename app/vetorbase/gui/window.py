"""The main window: menus, shortcuts, drop-anywhere, notice bar, and the open base's view."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.baseview import BaseView
from vetorbase.gui.maintenance import MaintenanceDialog
from vetorbase.gui.evalpane import EvalPane
from vetorbase.gui.notice import NoticeBar
from vetorbase.gui.prefs import Preferences
from vetorbase.gui.removal import RemovalDialog
from vetorbase.gui.requests import ImportLangchain, SetPrefs
from vetorbase.gui.settings import SettingsDialog, load_prefs, save_prefs
from vetorbase.gui.style import app_icon


def is_langchain_folder(path: Path) -> bool:
    return (path / "index.faiss").is_file() and (path / "index.pkl").is_file()


class MainWindow(QMainWindow):
    """Holds one BaseView at a time; opening another base swaps it."""

    def __init__(self, settings: QSettings, *, synchronous: bool = False) -> None:
        super().__init__()
        self.settings = settings
        self.synchronous = synchronous
        self.prefs: Preferences = load_prefs(settings)
        self.view: BaseView | None = None
        self.confirm_removals = True
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
        self._build_menus()
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel)
        self.statusBar().showMessage("Ready")

    # -- menus ------------------------------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Any, shortcut: str | QKeySequence | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open base…", self.choose_base, "Ctrl+O")
        self._action(file_menu, "&New base…", self.choose_new_base, "Ctrl+N")
        self.recent_menu = file_menu.addMenu("Open &recent")
        file_menu.addSeparator()
        self._action(file_menu, "&Add files…", self.choose_files, "Ctrl+I")
        self._action(file_menu, "Add &folder…", self.choose_folder)
        self._action(file_menu, "Import &LangChain FAISS folder…", self.choose_langchain)
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self._action(edit_menu, "&Search", self.focus_search)
        self.remove_action = self._action(edit_menu, "&Remove selected documents", self.remove_selected,
                                          QKeySequence(Qt.Key.Key_Delete))
        self._action(edit_menu, "Remove by &metadata…", self.open_removal_dialog, "Ctrl+Shift+Delete")
        edit_menu.addSeparator()
        self._action(edit_menu, "Se&ttings…", self.open_settings, "Ctrl+,")
        tools_menu = self.menuBar().addMenu(self.tr("&Tools"))
        self.check_action = self._action(tools_menu, self.tr("&Check base…"), lambda: self.run_maintenance("check"))
        self.compact_action = self._action(tools_menu, self.tr("C&ompact base…"),
                                           lambda: self.run_maintenance("compact"))
        tools_menu.addSeparator()
        self._action(tools_menu, self.tr("&History"), lambda: self.show_pane("history"), "Ctrl+H")
        self._action(tools_menu, self.tr("&Map of the base"), lambda: self.show_pane("map"))
        self._action(tools_menu, self.tr("Search result in &context"),
                     lambda: self.view.open_current_hit() if self.view is not None else None, "Ctrl+Shift+O")
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Vetorbase", self.show_about)
        self._refresh_recent()

    def show_about(self) -> None:
        from vetorbase.gui.about import show_about

        show_about(self)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.prefs.recent_bases:
            self._action(self.recent_menu, path, lambda p=path: self.open_base(p))
        self.recent_menu.setEnabled(bool(self.prefs.recent_bases))

    # -- bases ------------------------------------------------------------------------------
    def open_base(self, path: str | Path, *, create: bool = False) -> BaseView:
        """Replace the current view with one on `path` (created when asked and missing)."""
        path = Path(path).expanduser().resolve()
        if self.view is not None:
            self.view.shutdown()
            self._layout.removeWidget(self.view)
            self.view.deleteLater()
        view = BaseView(path, self.prefs, create=create, synchronous=self.synchronous)
        self.view = view
        view.notice.connect(self.notify)
        view.opened.connect(lambda _stats: self._remember(path))
        view.documents.selection_changed.connect(self._on_selection)
        view.documents.remove_requested.connect(self.remove_selected)
        view.search.set_mode(self.prefs.search_mode)
        view.search.mode_changed.connect(self._remember_search_mode)
        self.eval_pane = EvalPane(view.worker)
        view.tabs.addTab(self.eval_pane, self.tr("Test retrieval"))
        self._layout.insertWidget(0, view, 1)
        self.setWindowTitle(f"{path.name} — Vetorbase ({path})")
        for child in view.findChildren(QWidget):
            child.setAcceptDrops(False)  # every drop lands on the window
        return view

    def _remember(self, path: Path) -> None:
        self.prefs = self.prefs.with_recent(str(path))
        save_prefs(self.settings, self.prefs)
        self._refresh_recent()
        self.statusBar().showMessage(f"Opened {path}", 4000)

    def _remember_search_mode(self, mode: str) -> None:
        self.prefs = replace(self.prefs, search_mode=mode)
        save_prefs(self.settings, self.prefs)

    def choose_base(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a Vetorbase base or a LangChain FAISS folder")
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
            self.notify("error", f"{path} is not a Vetorbase base. Use File › New base… to create one there.")

    def choose_new_base(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose an empty folder for the new base")
        if folder:
            self.open_base(folder, create=True)

    def choose_langchain(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a LangChain FAISS folder (index.faiss + index.pkl)")
        if folder:
            if is_langchain_folder(Path(folder)):
                self.offer_langchain_import(Path(folder))
            else:
                self.notify("error", f"{folder} holds no index.faiss + index.pkl.")

    def offer_langchain_import(self, folder: Path, *, ask: bool = True) -> BaseView | None:
        """Import into a new base next to the folder; nothing in index.pkl is executed."""
        target = folder.with_name(folder.name + "-vetorbase")
        if ask:
            answer = QMessageBox.question(
                self, "Import LangChain FAISS folder",
                f"{folder} is a LangChain FAISS folder.\n\nImport it safely into a new Vetorbase base at\n"
                f"{target}?\n\nThe pickle is read as plain data; no code in it runs.")
            if answer != QMessageBox.StandardButton.Yes:
                return None
        view = self.open_base(target, create=True)
        view.opened.connect(lambda _s: spawn(self._import(view, ImportLangchain(str(folder)))))
        return view

    async def _import(self, view: BaseView, request: ImportLangchain) -> None:
        try:
            result = await view.worker.run(request)
        except Exception as exc:  # noqa: BLE001 - reported in the notice bar, whatever it is
            self.notify("error", f"Import failed: {fmt.describe(exc)}")
            return
        self._imported(view, result)

    def _imported(self, view: BaseView, result: dict) -> None:
        self.notify("info", f"Imported {fmt.plural(result.get('chunks', 0), 'chunk')} in "
                            f"{fmt.plural(result.get('documents', 0), 'document')} from {result.get('folder')}.")
        view.own_change()

    # -- ingestion --------------------------------------------------------------------------
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Add files to the base")
        if files:
            self.add_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder to the base")
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

    # -- other actions ----------------------------------------------------------------------
    def focus_search(self) -> None:
        if self.view is not None:
            self.view.tabs.setCurrentIndex(1)
            self.view.search.focus_query()

    def cancel(self) -> None:
        if self.view is not None and self.view.ingest.cancel():
            self.notify("info", "Cancelling the ingestion…")

    def _on_selection(self, docs: list) -> None:
        self.statusBar().showMessage(f"{fmt.plural(len(docs), 'document')} selected" if docs else "", 0)

    def remove_selected(self) -> None:
        if self.view is None:
            return
        docs = self.view.documents.selected_docs()
        if not docs:
            self.notify("info", "Select documents in the list first.")
            return
        if self.confirm_removals:
            chunks = sum(d.chunks for d in docs)
            answer = QMessageBox.question(self, "Remove documents",
                                          f"Remove {fmt.plural(len(docs), 'document')} "
                                          f"({fmt.plural(chunks, 'chunk')}) from the base?")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.view.remove_documents([d.id for d in docs])

    def open_removal_dialog(self) -> RemovalDialog | None:
        if self.view is None or not self.view.is_open:
            return None
        view = self.view
        dialog = RemovalDialog(view.worker, self)
        dialog.removed.connect(lambda n: (self.notify("info", f"Removed {fmt.plural(n, 'chunk')}."), view.own_change()))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

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
        self.prefs = prefs
        save_prefs(self.settings, prefs)
        if self.view is not None:
            self.view.worker.submit(SetPrefs(prefs))
        self.notify("info", "Settings saved.")

    def notify(self, level: str, text: str) -> None:
        self.notice_bar.show_notice(level, text)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.view is not None:
            self.view.shutdown()
        super().closeEvent(event)
