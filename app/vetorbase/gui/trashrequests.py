"""Worker requests for the trash: list it, restore, move back to it, count, empty.

Apart from requests.py (which holds the rest) only to keep modules small; they follow
the same rules (requests.py's docstring). Results are the library's own types
(TrashEntry, TrashResult), so every number the window shows is the library's count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from vetorbase.gui.requests import BACKGROUND, Access, Request

if TYPE_CHECKING:
    from vetorbase.gui.session import Session
    from vetorbase.store.types import TrashEntry, TrashResult


@dataclass(frozen=True)
class TrashList(Request[tuple]):
    """The newest `limit` entries and the whole trash's totals (a quick read: the counts
    are stored with each entry)."""

    priority: ClassVar[int] = BACKGROUND
    coalesce: ClassVar[str | None] = "trash-list"
    limit: int = 500

    def run(self, session: Session) -> tuple[list[TrashEntry], TrashResult]:
        return session.with_base(lambda base: (base.trash(limit=self.limit), base.trash_totals()))


@dataclass(frozen=True)
class TrashSummary(Request[Any]):
    """What EmptyTrash with the same choice would delete now: the confirmation's numbers."""

    entries: tuple[int, ...] | None = None
    all: bool = False

    def run(self, session: Session) -> TrashResult:
        entries = None if self.entries is None else list(self.entries)
        return session.with_base(lambda base: base.trash_summary(entries, all=self.all))


@dataclass(frozen=True)
class RestoreTrash(Request[Any]):
    """Restore trash entries (or all); the result carries the chunks' new ids, for Undo."""

    access: ClassVar[Access] = Access.WRITE
    entries: tuple[int, ...] | None = None
    all: bool = False
    replace: bool = False

    def run(self, session: Session) -> TrashResult:
        entries = None if self.entries is None else list(self.entries)
        return session.with_base(lambda base: base.restore(entries, all=self.all, replace=self.replace),
                                 write=True)


@dataclass(frozen=True)
class TrashChunks(Request[Any]):
    """Move live chunks (by id) to the trash: the redo of a removal, the undo of a restore."""

    access: ClassVar[Access] = Access.WRITE
    chunk_ids: tuple[int, ...] = ()

    def run(self, session: Session) -> TrashEntry | None:
        return session.with_base(lambda base: base.remove_to_trash(chunk_ids=list(self.chunk_ids)), write=True)


@dataclass(frozen=True)
class EmptyTrash(Request[Any]):
    """Delete trash entries (or all) for good."""

    access: ClassVar[Access] = Access.WRITE
    entries: tuple[int, ...] | None = None
    all: bool = False

    def run(self, session: Session) -> TrashResult:
        entries = None if self.entries is None else list(self.entries)
        return session.with_base(lambda base: base.empty_trash(entries, all=self.all), write=True)
