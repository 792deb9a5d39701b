"""The Duplicates view's requests to the worker (no Qt here, like requests.py).

Kept beside requests.py, which holds every other operation, because that module is at
its size limit; the scheduling rules are the same (see Request).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from vetorbase.errors import InvalidInput, NotABase
from vetorbase.gui.requests import Access, Request
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
        base = _open(session)
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or stage == "grouping":
                last[0] = now
                session.progress_sink(DuplicateScanProgress(overall(stage, done, total)))
            if stage == "comparing":
                session.yield_point()

        return base.duplicates(self.near, progress=progress, cancel=self.cancel)


@dataclass(frozen=True)
class KeepOne(Request[Any]):
    """Remove a group's other documents, unless the one to keep has gone since the scan (then
    removing the others would leave no copy at all). Answers what the removal answers."""

    access: ClassVar[Access] = Access.WRITE
    keep_id: int = 0
    others: tuple[int, ...] = ()

    def run(self, session: Session) -> Any:
        if _open(session).get_document(doc_id=self.keep_id) is None:
            raise InvalidInput("the document to keep is no longer in the base (removed or replaced since the "
                               "scan), so its copies were left alone; find duplicates again")
        return session.remove_documents(self.others)


def _open(session: Session) -> Any:
    if session.base is None:
        raise NotABase(f"{session.base_path} is not open yet")
    return session.base
