"""The worker's side of re-embedding from the window (its requests: reembedrequests.py).

No Qt here. `Reembed` runs `vetorbase.store.reembed` on the window's worker thread: each
committed batch is reported as a `ReembedProgress` through the session's progress sink,
and the worker serves waiting reads (searches, pages of the list) between batches, so the
window keeps answering from the old vectors until the switch. After the switch the
session takes the new embedder; if another program moved the base, `follow_embedder`
(run on every catch-up) does the same and reports an `EmbedderFollowed`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from vetorbase.store.reembed import ReembedResult


class Session(Protocol):
    """What this module uses of `gui.session.Session` (which imports this module)."""

    base: Any
    embedder: Any
    origin: str | None
    progress_sink: Callable[[object], None]
    yield_point: Callable[..., None]

    def _require(self) -> Any: ...


@dataclass(frozen=True)
class ReembedProgress:
    """Chunks with their new vector so far, of all chunks (the library's own counts)."""

    done: int
    total: int
    embedder_id: str


@dataclass(frozen=True)
class EmbedderFollowed:
    """Another program moved the open base to `embedder_id`; the window now uses it."""

    old: str
    embedder_id: str
    dim: int


def run_reembed(session: Session, embedder_id: str, cancel: threading.Event) -> ReembedResult:
    from vetorbase.embeddings import get_embedder
    from vetorbase.store.reembed import reembed

    base = session._require()
    embedder = get_embedder(embedder_id)

    def progress(done: int, total: int) -> None:
        session.progress_sink(ReembedProgress(done, total, embedder_id))
        session.yield_point()  # searches and pages waiting behind us, from the old vectors

    result = reembed(base, embedder, progress=progress, cancel=cancel, origin=session.origin)
    session.embedder = embedder
    base.refresh()  # our own commit: the next catch-up reports only other programs' changes
    return result


def follow_embedder(session: Session) -> bool:
    """After a catch-up: if the base moved to another embedder (another program re-embedded
    it), load that embedder and reopen the base with it, so searches work again. True when
    it did."""
    from vetorbase.embeddings import get_embedder
    from vetorbase.store import embedderguard

    base: Any = session.base
    current = getattr(session.embedder, "embedder_id", None)
    if base is None or current is None or base.embedder_id == current:
        return False
    embedder = get_embedder(base.embedder_id)
    session.embedder = embedder
    embedderguard.reread(base, base.embedder_id)  # as a reopen with it: vectors are welcome again
    session.progress_sink(EmbedderFollowed(str(current), base.embedder_id, int(base.dim)))
    return True
