"""The window's one background thread (napari-style request/result threading).

The UI thread builds a small immutable `Request`, the worker thread runs it against the
`Session` (which alone touches the base, the embedder and files), and the result comes
back through a queued signal so callbacks always run on the UI thread.  Interactive
requests (search, a page of the list) jump ahead of bulk ones (one file of an ingestion),
so the window stays responsive while a long queue is processed.  Requests with a `key`
are coalesced: only the newest pending one with that key runs.
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

INTERACTIVE = 0
BACKGROUND = 5
BULK = 10
_STOP = -100


@dataclass(frozen=True)
class Request:
    """What the UI asks for: a Session method name and its arguments."""

    op: str
    args: tuple = ()
    kwargs: tuple = ()
    priority: int = INTERACTIVE
    key: str | None = None


@dataclass
class _Job:
    id: int
    request: Request
    on_result: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    meta: dict = field(default_factory=dict)


class Worker(QObject):
    """Runs Session operations one at a time on a private thread (or inline when synchronous)."""

    _finished = Signal(object, object, object)  # job, result, error
    progress = Signal(object)  # whatever the session reports (ingestion progress)
    error = Signal(object)  # errors of requests submitted without on_error
    busy_changed = Signal(bool)

    def __init__(self, session: Any, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.synchronous = synchronous
        self._ids = itertools.count(1)
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._latest: dict[str, int] = {}
        self._lock = threading.Lock()
        self._pending = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection if not synchronous
                               else Qt.ConnectionType.DirectConnection)
        session.progress_sink = self.progress.emit
        session.yield_point = self.yield_to_interactive
        self._thread: threading.Thread | None = None
        if not synchronous:
            self._thread = threading.Thread(target=self._loop, name="vetorbase-window-worker", daemon=True)
            self._thread.start()

    # -- UI thread -----------------------------------------------------------------
    def submit(self, op: str, *args: Any, on_result: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None,
               priority: int = INTERACTIVE, key: str | None = None, **kwargs: Any) -> int:
        """Queue `session.<op>(*args, **kwargs)`; the callbacks run later on the UI thread."""
        request = Request(op, tuple(args), tuple(sorted(kwargs.items())), priority, key)
        job = _Job(next(self._ids), request, on_result, on_error)
        with self._lock:
            if key is not None:
                self._latest[key] = job.id
            self._pending += 1
            if self._pending == 1:
                self.busy_changed.emit(True)
        if self.synchronous:
            self._run(job)
        else:
            self._queue.put((priority, job.id, job))
        return job.id

    def call_async(self, op: str, *args: Any, priority: int = INTERACTIVE, **kwargs: Any) -> asyncio.Future:
        """The same as `submit`, as an awaitable for coroutine UI actions under qasync."""
        future: asyncio.Future = asyncio.get_event_loop().create_future()

        def done(result: Any) -> None:
            if not future.done():
                future.set_result(result)

        def failed(exc: BaseException) -> None:
            if not future.done():
                future.set_exception(exc)

        self.submit(op, *args, on_result=done, on_error=failed, priority=priority, **kwargs)
        return future

    @property
    def pending(self) -> int:
        return self._pending

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the running request, drop the rest, and end the thread."""
        if self._thread is None:
            return
        self._queue.put((_STOP, 0, None))
        self._thread.join(timeout)
        self._thread = None

    def _deliver(self, job: _Job, result: Any, error: BaseException | None) -> None:
        with self._lock:
            self._pending -= 1
            idle = self._pending == 0
        try:
            if error is not None:
                if job.on_error is not None:
                    job.on_error(error)
                else:
                    self.error.emit(error)
            elif job.on_result is not None and result is not _SKIPPED:
                job.on_result(result)
        finally:
            if idle:
                self.busy_changed.emit(False)

    # -- worker thread -------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            priority, _, job = self._queue.get()
            if priority == _STOP:
                return
            self._run(job)

    def yield_to_interactive(self, wait: float = 0.0) -> None:
        """Called by a long bulk job at a safe point: run the interactive and background
        requests waiting behind it (a search, a page of the list, a catch-up) right now.
        `wait` gives the UI that long to send the first one (it was just told of a change)."""
        if threading.current_thread() is not self._thread:
            return
        first = True
        while True:
            try:
                item = self._queue.get(timeout=wait) if first and wait > 0 else self._queue.get_nowait()
            except queue.Empty:
                return
            first = False
            if item[0] >= BULK or item[0] == _STOP:
                self._queue.put(item)  # the queue is ordered: nothing more urgent is waiting
                return
            self._run(item[2])

    def _run(self, job: _Job) -> None:
        request = job.request
        if request.key is not None:
            with self._lock:
                superseded = self._latest.get(request.key) != job.id
            if superseded:
                self._finished.emit(job, _SKIPPED, None)
                return
        try:
            result = getattr(self.session, request.op)(*request.args, **dict(request.kwargs))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._finished.emit(job, None, exc)
            return
        self._finished.emit(job, result, None)


class _Skipped:
    def __repr__(self) -> str:
        return "<superseded>"


_SKIPPED = _Skipped()
