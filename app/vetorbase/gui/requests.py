"""What the UI may ask of the worker: small frozen request objects, one class per operation.

Each request declares how it may be scheduled, so the worker needs no knowledge of the
operations themselves:

- `access`: READ requests only look (at the journal, the cache, the file system) and may
  run at an ingestion's yield points, between two batches of one file's embeddings.
  WRITE requests change the base or hold the worker for long (a 60 s connection test, a
  compaction, a check); they never run nested inside another request, only between two.
- `priority`: INTERACTIVE (someone is waiting for it) before BACKGROUND (catch-up,
  statistics) before BULK (one file of an ingestion queue).
- `coalesce`: a newer request with the same key supersedes an older one still queued
  (napari's slicer: only the latest search matters); the older one's future is cancelled.

A request's `run(session)` executes on the worker thread; no Qt and no UI state here
(the UI keeps its own bookkeeping, such as which search is the latest).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

if TYPE_CHECKING:
    from vetorbase.gui.prefs import Preferences
    from vetorbase.gui.session import FileOutcome, Overview, Page, SearchResult, Session

INTERACTIVE = 0
BACKGROUND = 5
BULK = 10

T = TypeVar("T")


class Access(Enum):
    READ = "read"
    WRITE = "write"


@dataclass(frozen=True)
class Request(Generic[T]):
    """Base of every request; subclasses set the class variables and implement `run`."""

    access: ClassVar[Access] = Access.READ
    priority: ClassVar[int] = INTERACTIVE
    coalesce: ClassVar[str | None] = None

    def key(self) -> str | None:
        """Requests with equal keys supersede each other while queued (None: never)."""
        return self.coalesce

    def follow_up(self, result: Any) -> float:
        """Seconds a yield point should wait after answering this, for the request the UI
        sends in reaction (a list reload after a change); 0: go straight back to work."""
        return 0.0

    @property
    def may_nest(self) -> bool:
        """May run inside another request's yield point (a quick read, not bulk work)."""
        return self.access is Access.READ and self.priority < BULK

    def run(self, session: Session) -> T:  # pragma: no cover - every subclass overrides it
        raise NotImplementedError


# -- opening and catching up -----------------------------------------------------------------
@dataclass(frozen=True)
class OpenBase(Request[Any]):
    access: ClassVar[Access] = Access.WRITE
    create: bool = False

    def run(self, session: Session) -> Any:
        return session.open_base(self.create)


@dataclass(frozen=True)
class SetPrefs(Request[None]):
    """WRITE: a new chunk size must not change a file half-way through its ingestion."""

    access: ClassVar[Access] = Access.WRITE
    prefs: Preferences

    def run(self, session: Session) -> None:
        session.set_prefs(self.prefs)


@dataclass(frozen=True)
class JournalSeq(Request[int]):
    priority: ClassVar[int] = BACKGROUND
    coalesce: ClassVar[str | None] = "seq"

    def run(self, session: Session) -> int:
        return session.journal_seq()


@dataclass(frozen=True)
class Refresh(Request[Any]):
    """Catch the cache up with other processes' commits (reads the journal only)."""

    coalesce: ClassVar[str | None] = "refresh"

    def follow_up(self, result: Any) -> float:
        return 0.2 if getattr(result, "changed", False) else 0.0  # the UI reloads its panes next

    def run(self, session: Session) -> Any:
        return session.refresh()


# -- reads -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentsPage(Request["Page"]):
    offset: int
    limit: int
    sort: str
    descending: bool
    text: str | None

    def run(self, session: Session) -> Page:
        return session.documents_page(self.offset, self.limit, self.sort, self.descending, self.text)


@dataclass(frozen=True)
class Locate(Request[list]):
    doc_ids: tuple[int, ...]
    sort: str
    descending: bool
    text: str | None
    page_size: int = 200

    def run(self, session: Session) -> list:
        return session.locate(list(self.doc_ids), self.sort, self.descending, self.text, page_size=self.page_size)


@dataclass(frozen=True)
class SetMetadata(Request[Any]):
    access: ClassVar[Access] = Access.WRITE
    doc_id: int
    updates: dict = field(default_factory=dict)
    remove: tuple[str, ...] = ()

    def run(self, session: Session) -> Any:
        return session.set_metadata(self.doc_id, self.updates, self.remove)


@dataclass(frozen=True)
class DocumentDetail(Request[tuple]):
    """`purpose` separates independent askers (the list's detail pane, "show in list")."""

    doc_id: int
    purpose: str = "detail"

    def key(self) -> str | None:
        return f"detail:{self.purpose}"

    def run(self, session: Session) -> tuple:
        return session.document_detail(self.doc_id)


@dataclass(frozen=True)
class Search(Request["SearchResult"]):
    coalesce: ClassVar[str | None] = "search"
    query: str
    k: int
    where: dict | None = None
    mode: str = "semantic"

    def run(self, session: Session) -> SearchResult:
        return session.search(self.query, self.k, self.where, self.mode)


@dataclass(frozen=True)
class GetOverview(Request["Overview"]):
    priority: ClassVar[int] = BACKGROUND
    coalesce: ClassVar[str | None] = "overview"
    with_types: bool = True

    def run(self, session: Session) -> Overview:
        return session.overview(self.with_types)


@dataclass(frozen=True)
class PreviewWhere(Request[tuple]):
    coalesce: ClassVar[str | None] = "preview"
    where: dict = field(default_factory=dict)

    def run(self, session: Session) -> tuple:
        return session.preview_where(self.where)


@dataclass(frozen=True)
class MetadataKeys(Request[list]):
    """Keyed by asker: the search filter box reloads them after every change (newest wins)."""

    purpose: str = "removal"

    def key(self) -> str | None:
        return f"keys:{self.purpose}"

    def run(self, session: Session) -> list:
        return session.metadata_keys()


@dataclass(frozen=True)
class ChangeLog(Request[list]):
    """The commits of a catch-up, for the change notice (not coalesced: each range is news)."""

    priority: ClassVar[int] = BACKGROUND
    from_seq: int
    to_seq: int

    def run(self, session: Session) -> list:
        return session.change_log(self.from_seq, self.to_seq)


@dataclass(frozen=True)
class MetadataValues(Request[tuple]):
    """`purpose` separates independent askers (the removal dialog, the search filter box)."""

    meta_key: str = ""
    prefix: str = ""
    purpose: str = "removal"

    def key(self) -> str | None:
        return f"values:{self.purpose}"

    def run(self, session: Session) -> tuple:
        return session.metadata_values(self.meta_key, self.prefix)


@dataclass(frozen=True)
class ExpandPaths(Request[list]):
    paths: tuple[str, ...]

    def run(self, session: Session) -> list:
        return session.expand_paths(list(self.paths))


# -- writes and long exclusive jobs ------------------------------------------------------------
@dataclass(frozen=True)
class RemoveWhere(Request[Any]):
    """To the trash; the result is its TrashEntry (None: nothing matched), for Undo."""

    access: ClassVar[Access] = Access.WRITE
    where: dict = field(default_factory=dict)

    def run(self, session: Session) -> Any:
        return session.remove_where(self.where)


@dataclass(frozen=True)
class RemoveDocuments(Request[Any]):
    access: ClassVar[Access] = Access.WRITE
    doc_ids: tuple[int, ...] = ()

    def run(self, session: Session) -> Any:
        return session.remove_documents(self.doc_ids)


@dataclass(frozen=True)
class RelinkDocument(Request[Any]):
    """Point a document at its moved file, keeping its chunks and vectors (a write: rename)."""

    access: ClassVar[Access] = Access.WRITE
    doc_id: int
    path: str

    def run(self, session: Session) -> Any:
        return session.relink_document(self.doc_id, self.path)


@dataclass(frozen=True)
class IngestFile(Request["FileOutcome"]):
    access: ClassVar[Access] = Access.WRITE
    priority: ClassVar[int] = BULK
    path: str
    cancel: threading.Event = field(compare=False)
    skip_duplicates: bool = False

    def run(self, session: Session) -> FileOutcome:
        return session.ingest_file(self.path, self.cancel, self.skip_duplicates)


@dataclass(frozen=True)
class ImportLangchain(Request[Any]):
    access: ClassVar[Access] = Access.WRITE
    folder: str

    def run(self, session: Session) -> Any:
        return session.import_langchain(self.folder)


@dataclass(frozen=True)
class ImportLangchainNew(Request[Any]):
    """A LangChain folder into a new base at `target` with the embedder that built it (creates
    a base, and removes it again when the import fails)."""

    access: ClassVar[Access] = Access.WRITE
    folder: str
    target: str
    embedder_id: str

    def run(self, session: Session) -> Any:
        return session.import_langchain_new(self.folder, self.target, self.embedder_id)


@dataclass(frozen=True)
class TestConnection(Request[str]):
    """WRITE although it changes nothing: it may hold the worker for a minute."""

    __test__: ClassVar[bool] = False  # not a pytest test class
    access: ClassVar[Access] = Access.WRITE
    embedder_id: str

    def run(self, session: Session) -> str:
        return session.test_connection(self.embedder_id)


# -- maintenance -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Compact(Request[dict]):
    """Snapshot, prune the change log, give space back (may wait a minute for the lock)."""

    access: ClassVar[Access] = Access.WRITE
    coalesce: ClassVar[str | None] = "compact"

    def run(self, session: Session) -> dict:
        return session.compact()


@dataclass(frozen=True)
class Check(Request[list]):
    """Read-only, but it holds the cache and reads every chunk: never nested in an ingestion."""

    access: ClassVar[Access] = Access.WRITE
    coalesce: ClassVar[str | None] = "check"

    def run(self, session: Session) -> list:
        return session.check()


# -- the map -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class MapProjection(Request[Any]):
    """A long read (the vectors of up to 50k chunks): not nested inside an ingestion."""

    priority: ClassVar[int] = BACKGROUND
    coalesce: ClassVar[str | None] = "map"
    limit: int = 50_000

    @property
    def may_nest(self) -> bool:
        return False

    def run(self, session: Session) -> Any:
        return session.map_data(self.limit)


@dataclass(frozen=True)
class Evaluate(Request[list]):
    """The "Test retrieval" pane's run: many searches, so never nested in an ingestion;
    it serves quick reads itself between queries."""

    priority: ClassVar[int] = BACKGROUND
    coalesce: ClassVar[str | None] = "evaluate"
    query_set: str = ""
    modes: tuple[str, ...] = ("semantic",)
    k: int = 10
    where: dict | None = None

    @property
    def may_nest(self) -> bool:
        return False

    def run(self, session: Session) -> list:
        return session.evaluate(self.query_set, self.modes, self.k, self.where)


@dataclass(frozen=True)
class ProjectChunks(Request[tuple]):
    coalesce: ClassVar[str | None] = "map-hits"
    ids: tuple[int, ...] = ()
    projection: Any = field(default=None, compare=False)

    def run(self, session: Session) -> tuple:
        return session.project_chunks(list(self.ids), self.projection)


@dataclass(frozen=True)
class ChunkText(Request[list]):
    """The chunks under the mouse on the map (newest hover wins)."""

    coalesce: ClassVar[str | None] = "hover"
    ids: tuple[int, ...] = ()

    def run(self, session: Session) -> list:
        return session.chunks_by_ids(list(self.ids))
