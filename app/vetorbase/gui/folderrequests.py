"""The window's requests about followed folders (see requests.py for the scheduling rules).

Kept apart from requests.py (near its size limit). No Qt here: each request runs on the
worker thread against the session's base and embedder.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from vetorbase.gui.requests import BACKGROUND, BULK, Access, Request

if TYPE_CHECKING:
    from vetorbase.gui.session import Session
    from vetorbase.ingest.foldersync import SyncReport
    from vetorbase.store.folders import FolderInfo


@dataclass(frozen=True)
class ListFolders(Request[list]):
    """Every folder the base follows (any host), with its last pass and lease."""

    priority: ClassVar[int] = BACKGROUND
    coalesce: ClassVar[str | None] = "folders"

    def run(self, session: Session) -> list[FolderInfo]:
        return session._require().folders.list()


@dataclass(frozen=True)
class FollowFolder(Request[Any]):
    access: ClassVar[Access] = Access.WRITE
    path: str

    def run(self, session: Session) -> FolderInfo:
        from vetorbase.ingest.foldersync import folder_path

        return session._require().folders.follow(folder_path(self.path), origin=session.origin or "")


@dataclass(frozen=True)
class SetFolderPaused(Request[Any]):
    access: ClassVar[Access] = Access.WRITE
    folder_id: int
    paused: bool

    def run(self, session: Session) -> FolderInfo:
        return session._require().folders.set_paused(self.folder_id, self.paused)


@dataclass(frozen=True)
class UnfollowFolder(Request[None]):
    access: ClassVar[Access] = Access.WRITE
    folder_id: int

    def run(self, session: Session) -> None:
        session._require().folders.unfollow(self.folder_id)


@dataclass(frozen=True)
class SyncFolder(Request["SyncReport"]):
    """One sync pass (bulk work: searches are served between its files).

    `min_age` leaves files written in the last seconds for the next pass (a file event
    arrives while a file is still being written)."""

    access: ClassVar[Access] = Access.WRITE
    priority: ClassVar[int] = BULK
    path: str
    cancel: threading.Event = field(compare=False)
    min_age: float = 0.0

    def key(self) -> str | None:
        return f"sync:{self.path}"  # a pass queued twice for one folder runs once

    def run(self, session: Session) -> SyncReport:
        from vetorbase.ingest.foldersync import SyncReport, sync_folder

        base = session._require()
        if base.read_only:  # the window shows the folders; syncing them is for a writer
            return SyncReport(self.path, status="read-only", message="the base is open read-only")

        def progress(p: Any) -> None:
            session.progress_sink(p)
            session.yield_point()

        report = sync_folder(base, session.embedder, self.path, cancel=self.cancel, progress=progress,
                             origin=session.origin, min_age=self.min_age,
                             chunk_size=session.prefs.chunk_size, chunk_overlap=session.prefs.chunk_overlap)
        if report.changed:
            base.refresh()  # our own change: absorbed now, so no "changed by another program" notice
        return report
