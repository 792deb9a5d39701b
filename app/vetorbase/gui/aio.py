"""Coroutine UI actions on Qt's loop: `spawn(coro)` runs `async def` handlers that await the worker.

The app runs a qasync loop (app.py), so request futures are asyncio futures and a UI action
reads top to bottom: ask, await, show.  `spawn` steps the coroutine itself instead of making
an asyncio Task, for two reasons: it starts *eagerly* (with the worker's synchronous switch
the whole action has finished when `spawn` returns, as tests expect), and it needs no
*running* asyncio loop, only Qt's (pytest-qt and the benchmark drive Qt's loop directly;
future callbacks are then delivered by an idle qasync loop's Qt timers).
"""

from __future__ import annotations

import asyncio
import atexit
import sys
from collections.abc import Callable, Coroutine
from typing import Any

_idle_loop: asyncio.AbstractEventLoop | None = None


def ui_loop() -> asyncio.AbstractEventLoop:
    """The running loop (qasync in the app), else one idle qasync loop over Qt's event loop."""
    global _idle_loop
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        pass
    if _idle_loop is None or _idle_loop.is_closed():
        import qasync
        from PySide6.QtWidgets import QApplication

        _idle_loop = qasync.QEventLoop(QApplication.instance())
        atexit.register(_close_idle_loop)  # while Qt still exists (qasync's close() needs it)
    return _idle_loop


def _close_idle_loop() -> None:
    if _idle_loop is not None and not _idle_loop.is_closed():
        try:
            _idle_loop.close()
        except RuntimeError:  # Qt already tore its objects down
            pass


class UiTask:
    """A coroutine driven on the UI thread; `cancel()` cancels what it is awaiting."""

    def __init__(self, coro: Coroutine[Any, Any, Any],
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        self._coro = coro
        self._on_error = on_error
        self._waiting: asyncio.Future | None = None
        self.done = False
        self.result: Any = None
        self._step()

    def _step(self, _future: asyncio.Future | None = None) -> None:
        self._waiting = None
        try:
            yielded = self._coro.send(None)
        except StopIteration as stop:
            self.done, self.result = True, stop.value
            return
        except asyncio.CancelledError:
            self.done = True
            return
        except Exception as exc:  # noqa: BLE001 - a UI action failed: to its handler, else like a slot's error
            self.done = True
            if self._on_error is not None:
                self._on_error(exc)
            else:
                sys.excepthook(*sys.exc_info())
            return
        if not isinstance(yielded, asyncio.Future):
            self._coro.close()
            raise TypeError(f"spawn() can only await asyncio futures, got {yielded!r}")
        self._waiting = yielded
        yielded.add_done_callback(self._step)

    def cancel(self) -> None:
        if self._waiting is not None:
            self._waiting.cancel()


def spawn(coro: Coroutine[Any, Any, Any], on_error: Callable[[BaseException], None] | None = None) -> UiTask:
    """Start a coroutine UI action now; it runs until its first pending await.  An exception
    it lets escape goes to `on_error` (e.g. the worker's `error` signal, shown as a notice)."""
    return UiTask(coro, on_error)
