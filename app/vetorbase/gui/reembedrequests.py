"""The window's typed requests for re-embedding (the work itself: reembedwork.py)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from vetorbase.gui.reembedwork import Session, run_reembed
from vetorbase.gui.requests import BULK, Access, Request

if TYPE_CHECKING:
    from vetorbase.store.reembed import ReembedResult, ReembedStatus


@dataclass(frozen=True)
class ReembedState(Request["ReembedStatus"]):
    """The base's embedder, and a move under way if any (for the dialog's first lines)."""

    coalesce: ClassVar[str | None] = "reembed-state"

    def run(self, session: Session) -> ReembedStatus:
        from vetorbase.store.reembed import status

        return status(session._require())


@dataclass(frozen=True)
class Reembed(Request["ReembedResult"]):
    """Move the base to `embedder_id`; `cancel.set()` stops it within one batch (what was
    embedded is kept, and the next run resumes). BULK: reads run between its batches."""

    access: ClassVar[Access] = Access.WRITE
    priority: ClassVar[int] = BULK
    embedder_id: str
    cancel: threading.Event = field(compare=False, default_factory=threading.Event)

    def run(self, session: Session) -> ReembedResult:
        return run_reembed(session, self.embedder_id, self.cancel)
