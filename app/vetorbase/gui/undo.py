"""Edit › Undo / Redo for what this window did: removals, restores and metadata edits.

A `QUndoStack` per open base holds the commands. The store's work is asynchronous (it
runs on the worker), so a command is pushed once its work is done, and its first
redo() does nothing; later undo()/redo() calls are queued here and run one at a time,
each starting from the state the previous one left (a restore gives the chunks new ids,
which the next removal of them needs). A step that fails (the base changed under it,
a source was added again) is shown as an error and the history is cleared, because
the commands left no longer describe the base.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMenu, QWidget
from shiboken6 import isValid

from vetorbase.errors import VetorbaseError
from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.requests import SetMetadata
from vetorbase.gui.trashrequests import RestoreTrash, TrashChunks
from vetorbase.gui.worker import Worker


class Step(QUndoCommand):
    """A command whose undo and redo are requests to the worker."""

    def __init__(self, history: UndoHistory, text: str) -> None:
        super().__init__(text)
        self.history = history
        self._fresh = True  # its work is already done when it is pushed

    def redo(self) -> None:
        if self._fresh:
            self._fresh = False
            return
        self.history.enqueue(lambda: self.forward())

    def undo(self) -> None:
        self.history.enqueue(lambda: self.backward())

    async def forward(self) -> None:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError

    async def backward(self) -> None:  # pragma: no cover
        raise NotImplementedError


class TrashStep(Step):
    """Chunks moved between the base and the trash: a removal (they start in the trash, as
    entry `entry_id`) or a restore (they start live, as `chunk_ids`)."""

    def __init__(self, history: UndoHistory, text: str, *, entry_id: int | None = None,
                 chunk_ids: tuple[int, ...] = (), removal: bool) -> None:
        super().__init__(history, text)
        self.entry_id, self.chunk_ids, self.removal = entry_id, chunk_ids, removal

    async def _to_trash(self) -> None:
        entry = await self.history.worker.run(TrashChunks(self.chunk_ids))
        if entry is None:
            raise VetorbaseError(QCoreApplication.translate("UndoHistory", "those chunks are no longer in the base"))
        self.entry_id = entry.id
        text = QCoreApplication.translate("UndoHistory", "Moved %1 back to the trash.")
        self.history.done.emit("info", text.replace("%1", fmt.plural(entry.documents, "document")))

    async def _restore(self) -> None:
        result = await self.history.worker.run(RestoreTrash((int(self.entry_id or 0),)))
        if not result.chunks:
            raise VetorbaseError(QCoreApplication.translate("UndoHistory", "they are no longer in the trash"))
        self.chunk_ids = tuple(result.chunk_ids)
        text = QCoreApplication.translate("UndoHistory", "Restored %1 (%2).")
        self.history.done.emit("info", text.replace("%1", fmt.plural(result.documents, "document"))
                               .replace("%2", fmt.plural(result.chunks, "chunk")))

    async def forward(self) -> None:
        await (self._to_trash() if self.removal else self._restore())

    async def backward(self) -> None:
        await (self._restore() if self.removal else self._to_trash())


class MetadataStep(Step):
    """A document's own metadata edited in the viewer: `before` holds its previous values."""

    def __init__(self, history: UndoHistory, text: str, doc_id: int, before: dict[str, Any],
                 updates: dict[str, Any], removed: tuple[str, ...]) -> None:
        super().__init__(history, text)
        self.doc_id, self.updates, self.removed = doc_id, dict(updates), tuple(removed)
        touched = set(updates) | set(removed)
        self.restore_values = {k: before[k] for k in touched if k in before}
        self.drop_keys = tuple(sorted(k for k in updates if k not in before))

    async def forward(self) -> None:
        await self.history.worker.run(SetMetadata(self.doc_id, self.updates, self.removed))

    async def backward(self) -> None:
        await self.history.worker.run(SetMetadata(self.doc_id, self.restore_values, self.drop_keys))


class UndoHistory(QObject):
    """The open base's undo stack and the queue that runs its steps one at a time."""

    changed = Signal()  # a step changed the base: reload the panes
    done = Signal(str, str)  # level, text: what a step did, or why it failed

    def __init__(self, worker: Worker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = worker
        self.stack = QUndoStack(self)
        self._queue: list[Callable[[], Any]] = []
        self.running = False

    def push_removal(self, entry: Any) -> TrashStep:
        step = TrashStep(self, self.tr("Remove %1").replace("%1", fmt.plural(entry.documents, "document")),
                         entry_id=entry.id, removal=True)
        self.stack.push(step)
        return step

    def push_restore(self, result: Any) -> TrashStep:
        step = TrashStep(self, self.tr("Restore %1").replace("%1", fmt.plural(result.documents, "document")),
                         chunk_ids=tuple(result.chunk_ids), removal=False)
        self.stack.push(step)
        return step

    def push_metadata(self, doc_id: int, name: str, before: dict, updates: dict, removed: tuple) -> MetadataStep:
        step = MetadataStep(self, self.tr("Edit the metadata of %1").replace("%1", name), doc_id, before,
                            updates, removed)
        self.stack.push(step)
        return step

    def undo_step(self, step: QUndoCommand) -> bool:
        """Undo `step` if it is still the latest thing done (the notice's Undo button)."""
        if self.stack.index() > 0 and self.stack.command(self.stack.index() - 1) is step:
            self.stack.undo()
            return True
        self.done.emit("info", self.tr("That was already undone or followed by other changes; "
                                       "use Edit › Undo or the Trash tab."))
        return False

    def enqueue(self, run: Callable[[], Any]) -> None:
        self._queue.append(run)
        if not self.running:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self.running = False
            return
        self.running = True
        spawn(self._run(self._queue.pop(0)), self._failed)

    async def _run(self, run: Callable[[], Any]) -> None:
        await run()
        self.changed.emit()
        self._next()

    def _failed(self, exc: BaseException) -> None:
        self._queue.clear()
        self.running = False
        self.changed.emit()
        self.done.emit("error", self.tr("Could not undo or redo: %1. The undo history was cleared.").replace(
            "%1", fmt.describe(exc)))
        QTimer.singleShot(0, self.stack.clear)  # not from inside the stack's own undo()/redo()


class UndoActions(QObject):
    """Edit › Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) for the window's current base."""

    def __init__(self, window: QWidget, menu: QMenu, view: Any = None) -> None:
        super().__init__(window)
        self.undo_action = QAction(self.tr("&Undo"), window)
        self.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.redo_action = QAction(self.tr("&Redo"), window)
        self.redo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        self.undo_action.triggered.connect(lambda _c=False: self._live() and self.stack.undo())
        self.redo_action.triggered.connect(lambda _c=False: self._live() and self.stack.redo())
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        self.stack: QUndoStack | None = None
        self.attach(view.undo if view is not None else None)

    def _live(self) -> bool:
        return self.stack is not None and isValid(self.stack)

    def attach(self, history: UndoHistory | None) -> None:
        if self._live():
            self.stack.indexChanged.disconnect(self._update)
        self.stack = history.stack if history is not None else None
        if self.stack is not None:
            self.stack.indexChanged.connect(self._update)
        self._update()

    def _update(self, *_args: Any) -> None:
        stack = self.stack if self.stack is not None and isValid(self.stack) else None
        can_undo, can_redo = bool(stack and stack.canUndo()), bool(stack and stack.canRedo())
        self.undo_action.setEnabled(can_undo)
        self.redo_action.setEnabled(can_redo)
        self.undo_action.setText(self.tr("&Undo %1").replace("%1", stack.undoText()) if can_undo else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo %1").replace("%1", stack.redoText()) if can_redo else self.tr("&Redo"))
