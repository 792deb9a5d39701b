"""Re-embedding from the window: Tools › Re-embed base…, and the offer to do it when the open
base was built with another embedder than the one chosen in Settings.

The dialog shows the library's own counts (chunks with their new vector of all chunks), a
Stop button that keeps what was embedded (the next run continues from there), and the
window keeps working meanwhile: searches answer from the old vectors between batches,
until the base switches to the new ones all at once.
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from vetorbase.errors import Cancelled
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.reembedrequests import Reembed, ReembedState
from vetorbase.gui.reembedwork import EmbedderFollowed, ReembedProgress
from vetorbase.gui.worker import Worker


class ReembedDialog(QDialog):
    """One move of the open base; `finished_with(level, text)` carries the outcome to the notice bar."""

    finished_with = Signal(str, str)

    def __init__(self, worker: Worker, target: str | None = None, choices: tuple[str, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._cancel: threading.Event | None = None
        self.state: Any = None
        self.result: Any = None
        self.level = ""
        self.setWindowTitle(self.tr("Re-embed base"))
        self.setMinimumWidth(600)
        intro = QLabel(self.tr(
            "Embeds every chunk again with another embedder, in the background. Searches keep using "
            "the current vectors until the base switches to the new ones, all at once, at the end. "
            "Other programs may keep adding documents meanwhile; they are included. If this is "
            "stopped, the next run continues where it stopped."))
        intro.setWordWrap(True)
        self.current = QLabel(self.tr("Reading the base…"))
        self.current.setWordWrap(True)
        self.target = QComboBox()
        self.target.setEditable(True)
        for embedder_id in dict.fromkeys([*(c for c in (target, *choices) if c)]):
            self.target.addItem(embedder_id)
        self.target.setToolTip(self.tr("local:use-multilingual-v3, ollama:MODEL@URL or import:MODULE:ATTR"))
        form = QFormLayout()
        form.addRow(self.tr("New embedder:"), self.target)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox()
        self.start_button = QPushButton(self.tr("Start"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setToolTip(self.tr("Stops after the current batch; what was embedded is kept."))
        self.close_button = QPushButton(self.tr("Close"))
        self.buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)
        self.stop_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.current)
        layout.addLayout(form)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        worker.progress.connect(self._on_progress)
        spawn(self._load_state())

    @property
    def running(self) -> bool:
        return self._cancel is not None

    async def _load_state(self) -> None:
        try:
            state = await self._worker.run(ReembedState())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog
            self.current.setText(self.tr("Cannot read the base: %1").replace("%1", fmt.describe(exc)))
            return
        self.state = state
        text = self.tr("Now: %1 (%2-d), %3").replace("%1", state.embedder_id).replace("%2", str(state.dim)) \
            .replace("%3", self.tr("%Ln chunk(s)", "", state.chunks))
        if state.target_embedder_id:
            text += "\n" + self.tr("A move to %1 is under way: %2 of %3 chunks embedded.") \
                .replace("%1", state.target_embedder_id).replace("%2", fmt.count(state.staged)) \
                .replace("%3", fmt.count(state.total))
            if self.target.findText(state.target_embedder_id) < 0:
                self.target.addItem(state.target_embedder_id)
            self.target.setCurrentText(state.target_embedder_id)
            self._show_progress(state.staged, state.total)
        self.current.setText(text)
        self.adjustSize()

    def start(self) -> None:
        embedder_id = self.target.currentText().strip()
        if not embedder_id or self.running:
            return
        self._cancel = threading.Event()
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.target.setEnabled(False)
        self.status.setText(self.tr("Loading %1…").replace("%1", embedder_id))
        spawn(self._run(Reembed(embedder_id, self._cancel)))

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.stop_button.setEnabled(False)
            self.status.setText(self.tr("Stopping after the current batch…"))

    def _on_progress(self, item: object) -> None:
        if isinstance(item, ReembedProgress) and self.running:
            self._show_progress(item.done, item.total)
            self.status.setText(self.tr("%1 of %2 chunks embedded with %3")
                                .replace("%1", fmt.count(item.done)).replace("%2", fmt.count(item.total))
                                .replace("%3", item.embedder_id))

    def _show_progress(self, done: int, total: int) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))

    async def _run(self, request: Reembed) -> None:
        try:
            result = await self._worker.run(request)
        except Cancelled:
            await self._load_state()
            state = self.state
            text = self.tr("Stopped. The base still uses %1; %2 of %3 chunks are embedded with %4, "
                           "start again to continue.")
            if state is not None:
                text = text.replace("%1", state.embedder_id).replace("%2", fmt.count(state.staged)) \
                    .replace("%3", fmt.count(state.total)).replace("%4", request.embedder_id)
            self._finish("warning", text)
            return
        except Exception as exc:  # noqa: BLE001 - shown in the dialog and the notice bar
            self._finish("error", self.tr("Re-embedding failed: %1").replace("%1", fmt.describe(exc)))
            return
        self.result = result
        await self._load_state()  # "Now:" names the new embedder
        self._show_progress(result.chunks, result.chunks)
        if result.switched:
            text = self.tr("The base now uses %1 (%2-d): %3 re-embedded in %4 s.") \
                .replace("%1", result.embedder_to).replace("%2", str(result.dim_to)) \
                .replace("%3", self.tr("%Ln chunk(s)", "", result.chunks)) \
                .replace("%4", QLocale().toString(float(result.seconds), "f", 1))
        else:
            text = self.tr("The base already uses %1; nothing to do.").replace("%1", result.embedder_to)
        self._finish("info", text)

    def _finish(self, level: str, text: str) -> None:
        self.level = level
        self._cancel = None
        self.stop_button.setEnabled(False)
        self.start_button.setEnabled(level != "info")
        self.target.setEnabled(level != "info")
        self.status.setText(text)
        self.adjustSize()
        self.finished_with.emit(level, text)


def open_dialog(view: Any, target: str | None = None) -> ReembedDialog:
    """Tools › Re-embed base… on `view` (a BaseView); the outcome goes to its notice bar."""
    choices = (view.session.prefs.embedder_id(), "local:use-multilingual-v3")
    dialog = ReembedDialog(view.worker, target or choices[0], choices, view.window())
    dialog.finished_with.connect(lambda level, text: view.notice.emit(level, text))
    dialog.finished_with.connect(lambda level, _t: view.reload_all() if level == "info" else None)
    view.reembed_dialog = dialog  # kept: closing it early must not lose the result
    dialog.open()
    return dialog


def attach(view: Any) -> None:
    """Hooks on a new BaseView: offer a move after opening, follow another program's move."""
    translate = QCoreApplication.translate

    def offer_to_continue(state: Any) -> None:
        if state.target_embedder_id:  # a move stopped (or killed) earlier: its vectors are kept
            text = translate("Reembedding", "A move of this base to %1 was stopped after %2 of %3 chunks. "
                             "Continue it? Searches keep working meanwhile.")
            text = text.replace("%1", state.target_embedder_id).replace("%2", fmt.count(state.staged)) \
                .replace("%3", fmt.count(state.total))
            view.notice_actions.emit("info", text, [(translate("Reembedding", "Continue…"),
                                                     lambda: open_dialog(view, state.target_embedder_id))])

    def offer(stats: Any) -> None:
        wanted = view.session.prefs.embedder_id()
        view.worker.submit(ReembedState(), on_result=offer_to_continue, on_error=lambda _exc: None)
        if stats.embedder_id != wanted:
            text = translate("Reembedding", "This base was built with %1; your settings choose %2. Re-embed it "
                             "with %2? Searches keep working meanwhile.")
            view.notice_actions.emit("info", text.replace("%1", stats.embedder_id).replace("%2", wanted),
                                     [(translate("Reembedding", "Re-embed…"), lambda: open_dialog(view, wanted))])

    def followed(item: object) -> None:
        # The change notice that follows says it ("… re-embedded the base with X; searches
        # now use it"); here the panes reload (the map's vectors changed).
        if isinstance(item, EmbedderFollowed):
            view.reload_all()

    view.opened.connect(offer)
    view.worker.progress.connect(followed)
