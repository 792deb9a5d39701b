"""The Duplicates view's requests to the worker (no Qt here, like requests.py).

Kept beside requests.py, which holds every other operation, because that module is at
its size limit; the scheduling rules are the same (see Request).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from vetorbase.errors import NotABase
from vetorbase.gui.requests import Request
from vetorbase.store.duplicates import DuplicateReport, overall

if TYPE_CHECKING:
    from vetorbase.gui.session import Session


@dataclass(frozen=True)
class DuplicateScanProgress:
    """The scan's overall fraction done (0.0 to 1.0), for the view's progress bar."""

    fraction: float


@dataclass(frozen=True)
class FindDuplicates(Request[DuplicateReport]):
    """A long read (every chunk vector): never nested inside an ingestion. While it compares
    it serves quick reads at its yield points; never while it reads (inside its read
    transaction)."""

    coalesce: ClassVar[str | None] = "duplicates"
    near: float | None = 0.97
    cancel: threading.Event = field(default_factory=threading.Event, compare=False)

    @property
    def may_nest(self) -> bool:
        return False

    def run(self, session: Session) -> DuplicateReport:
        if session.base is None:
            raise NotABase(f"{session.base_path} is not open yet")
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or stage == "grouping":
                last[0] = now
                session.progress_sink(DuplicateScanProgress(overall(stage, done, total)))
            if stage == "comparing":
                session.yield_point()

        return session.base.duplicates(self.near, progress=progress, cancel=self.cancel)
