"""The window's one background thread (napari-style request/result threading).

The UI thread builds a small frozen request (requests.py), the worker thread runs it against
the `Session` (which alone touches the base, the embedder and files), and the answer comes
back through a queued signal, so futures resolve and callbacks run on the UI thread.

    result = await worker.run(Search(query, k))         # in an `async def` UI action

Scheduling (jobqueue.py): the most urgent request first; a newer request with the same
coalescing key cancels an older one still queued; a long bulk job (one file of an ingestion)
serves waiting *reads* at its yield points, while writes wait until it has finished.
"""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from vetorbase.gui.aio import ui_loop
from vetorbase.gui.jobqueue import Job, JobQueue
from vetorbase.gui.requests import BACKGROUND, BULK, INTERACTIVE, Request

__all__ = ["BACKGROUND", "BULK", "INTERACTIVE", "Worker"]
T = TypeVar("T")


class Worker(QObject):
    """Runs requests one at a time on a private thread (or inline when `synchronous`)."""

    _finished = Signal(object, object, object)  # job, result, error
    progress = Signal(object)  # whatever the session reports (ingestion progress)
    error = Signal(object)  # errors of requests nobody awaits
    busy_changed = Signal(bool)

    def __init__(self, session: Any, *, synchronous: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.synchronous = synchronous
        self._queue = JobQueue()
        self._lock = threading.Lock()
        self._pending = 0
        self._running: Job | None = None
        self.log: list[tuple[str, str]] = []  # ("start"/"end", request class) when `record` is set
        self.record = False
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection if not synchronous
                               else Qt.ConnectionType.DirectConnection)
        session.progress_sink = self.progress.emit
        session.yield_point = self.yield_to_interactive
        self._thread: threading.Thread | None = None
        if not synchronous:
            self._thread = threading.Thread(target=self._loop, name="vetorbase-window-worker", daemon=True)
            self._thread.start()

    # -- UI thread -----------------------------------------------------------------
    def run(self, request: Request[T]) -> asyncio.Future[T]:
        """Queue `request`; await the future for its result.  Cancelling the future while the
        request is still queued withdraws it; a superseded request's future is cancelled."""
        future: asyncio.Future = ui_loop().create_future()
        job = Job(request, handle=future)
        future.add_done_callback(lambda f: self._withdraw(job) if f.cancelled() else None)
        self._put(job)
        return future

    def submit(self, request: Request[T], *, on_result: Callable[[T], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Job:
        """Fire and forget (errors without `on_error` go to the `error` signal)."""
        job = Job(request, handle=(on_result, on_error))
        self._put(job)
        return job

    def _put(self, job: Job) -> None:
        if not isinstance(job.request, Request):
            raise TypeError(f"the worker runs Request objects (vetorbase.gui.requests), not {job.request!r}")
        with self._lock:
            self._pending += 1
            first = self._pending == 1
        if first:
            self.busy_changed.emit(True)
        if self.synchronous:
            self._run(job)
            return
        for old in self._queue.put(job):
            self._settle(old, cancelled=True)

    def _withdraw(self, job: Job) -> None:
        if self._queue.cancel(job):
            self._settle(job, cancelled=True)

    @property
    def pending(self) -> int:
        return self._pending

    @property
    def current(self) -> Request | None:
        """The request running now (for tests and the status line)."""
        job = self._running
        return job.request if job is not None else None

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the running request, drop the rest (their futures are cancelled), end the thread."""
        if self._thread is None:
            return
        for job in self._queue.close():
            self._settle(job, cancelled=True)
        self._thread.join(timeout)
        self._thread = None

    def _deliver(self, job: Job, result: Any, error: BaseException | None) -> None:
        handle = job.handle
        if isinstance(handle, asyncio.Future):
            if not handle.done():
                if error is not None:
                    handle.set_exception(error)
                else:
                    handle.set_result(result)
        elif handle is not None:
            on_result, on_error = handle
            if error is not None:
                (on_error or self.error.emit)(error)
            elif on_result is not None:
                on_result(result)
        self._settle(job)

    def _settle(self, job: Job, *, cancelled: bool = False) -> None:
        """Count the job as answered; a cancelled one's future is cancelled (callbacks are not run)."""
        if cancelled and isinstance(job.handle, asyncio.Future) and not job.handle.done():
            job.handle.cancel()
        with self._lock:
            self._pending -= 1
            idle = self._pending == 0
        if idle:
            self.busy_changed.emit(False)

    # -- worker thread -------------------------------------------------------------
    def _loop(self) -> None:
        while True:
            job = self._queue.take()
            if job is None:
                return
            self._run(job)

    def yield_to_interactive(self, wait: float = 0.0) -> None:
        """Called by a long bulk job at a safe point: run the quick *reads* waiting behind it (a
        search, a page of the list, a catch-up) right now; writes wait for the job to end.
        `wait` gives the UI that long to send the first one (it was just told of a change)."""
        if threading.current_thread() is not self._thread:
            return
        job = self._queue.take(nested=True, timeout=wait)
        while job is not None:
            result = self._run(job)
            job = self._queue.take(nested=True, timeout=job.request.follow_up(result))

    def _run(self, job: Job) -> Any:
        """Run `job` here and send its answer to the UI thread; returns the result (None on error)."""
        outer, self._running = self._running, job
        name = type(job.request).__name__
        if self.record:
            self.log.append(("start", name))
        try:
            result = job.request.run(self.session)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the UI
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._finished.emit(job, None, exc)
            return None
        finally:
            self._running = outer
            if self.record:
                self.log.append(("end", name))
        self._finished.emit(job, result, None)
        return result
