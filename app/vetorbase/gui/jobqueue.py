"""The worker's waiting room: priority order, coalescing, cancellation, and the nesting rule.

Plain Python (no Qt) so the scheduling rules are tested on their own.  A `queue.PriorityQueue`
cannot do this: at a yield point the worker must take the most urgent *read* even when a
write of higher priority waits in front of it, and a superseded or cancelled job must
leave the queue at once rather than be skipped when its turn comes.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from vetorbase.gui.requests import Request


@dataclass(eq=False)
class Job:
    """One submitted request; `handle` is whatever the submitter needs to answer it."""

    request: Request
    id: int = 0
    handle: Any = None
    state: str = "queued"  # queued / running / done / superseded / cancelled
    meta: dict = field(default_factory=dict)

    @property
    def order(self) -> tuple[int, int]:
        return (self.request.priority, self.id)


class JobQueue:
    """Thread-safe: the UI thread puts and cancels, the worker thread takes."""

    def __init__(self) -> None:
        self._jobs: list[Job] = []
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        self._closed = False

    def put(self, job: Job) -> list[Job]:
        """Queue `job`; returns the queued jobs it supersedes (same key), already removed, or
        `[job]` itself once the queue is closed (it will never run)."""
        key = job.request.key()
        with self._cond:
            job.id = next(self._ids)
            if self._closed:
                job.state = "cancelled"
                return [job]
            superseded = [j for j in self._jobs if key is not None and j.request.key() == key]
            for old in superseded:
                self._jobs.remove(old)
                old.state = "superseded"
            self._jobs.append(job)
            self._cond.notify_all()
        return superseded

    def cancel(self, job: Job) -> bool:
        """Remove a job that has not started; False when it already runs or ran."""
        with self._cond:
            if job in self._jobs:
                self._jobs.remove(job)
                job.state = "cancelled"
                return True
            return False

    def take(self, *, nested: bool = False, timeout: float | None = None) -> Job | None:
        """The most urgent job (lowest priority number, then oldest), or None after `timeout`
        or once closed.  `nested`: called from a yield point, so only `may_nest` requests."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while True:
                eligible = [j for j in self._jobs if not nested or j.request.may_nest]
                if eligible:
                    job = min(eligible, key=lambda j: j.order)
                    self._jobs.remove(job)
                    job.state = "running"
                    return job
                left = None if deadline is None else deadline - time.monotonic()
                if self._closed or (left is not None and left <= 0):
                    return None
                self._cond.wait(left)

    def close(self) -> list[Job]:
        """Stop handing out jobs; returns the ones that will never run."""
        with self._cond:
            self._closed = True
            dropped, self._jobs = self._jobs, []
            for job in dropped:
                job.state = "cancelled"
            self._cond.notify_all()
        return dropped

    def __len__(self) -> int:
        with self._cond:
            return len(self._jobs)
