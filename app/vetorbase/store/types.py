"""Plain value types the store hands out (immutable, picklable, JSON-friendly)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hit:
    """One search result: chunk id, score (higher is better), text, metadata.

    `score` is the cosine similarity in semantic mode, the BM25 score in keyword mode
    and the reciprocal-rank-fusion score in hybrid mode. `rankers` names the rankers
    that found the chunk ("semantic", "keyword"); `ranks` and `scores` give its
    1-based rank and score in each.
    """

    id: int
    score: float
    text: str
    metadata: dict[str, Any]
    doc_id: int = 0
    source: str = ""
    rankers: tuple[str, ...] = ()
    ranks: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """A stored chunk; `metadata` is the chunk's own metadata merged over its document's."""

    id: int
    doc_id: int
    ordinal: int
    text: str
    metadata: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class DocumentInfo:
    """A document: every chunk that came from one `source`."""

    id: int
    source: str
    chunks: int
    sha256: str | None
    metadata: dict[str, Any]
    added_at: float
    added_by: str
    chars: int = 0

    @property
    def name(self) -> str:
        return self.source.replace("\\", "/").rsplit("/", 1)[-1]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["name"] = self.name
        return d


@dataclass(frozen=True)
class Stats:
    """What the base holds and when it last changed."""

    path: str
    chunks: int
    documents: int
    dimension: int
    metric: str
    embedder_id: str
    bytes_on_disk: int
    seq: int
    last_change_at: float | None
    last_change_by: str | None
    schema_version: int
    snapshots: int
    created_at: float
    #: Bytes of each part: the journal file, its write-ahead log, the snapshots.
    journal_bytes: int = 0
    wal_bytes: int = 0
    snapshot_bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Changes:
    """What `refresh()` found since the previous call, from the change log."""

    from_seq: int
    to_seq: int
    added_chunks: int = 0
    removed_chunks: int = 0
    added_documents: list[str] = field(default_factory=list)
    removed_documents: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    full_reload: bool = False

    @property
    def changed(self) -> bool:
        return self.to_seq != self.from_seq

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TrashEntry:
    """One removal waiting in the trash: what went, when, by whom, and how.

    `seq` is the commit that removed it; `kind` the call (remove_where,
    remove_documents, remove_chunks, replaced_by_restore); `where` the filter of a
    remove_where. `documents`/`chunks`/`chars` are exact counts of what is still in this
    entry (a partial restore lowers them); `sources` names up to 20 of its documents.
    """

    id: int
    seq: int
    removed_at: float
    removed_by: str
    kind: str
    documents: int
    chunks: int
    chars: int = 0
    sources: tuple[str, ...] = ()
    where: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["sources"] = list(self.sources)
        return d


@dataclass(frozen=True)
class TrashResult:
    """What a restore or an emptying of the trash did: exact counts, the sources (up to
    20 when emptying), and for a restore the chunks' new ids (ids are never reused)."""

    entries: int = 0
    documents: int = 0
    chunks: int = 0
    sources: tuple[str, ...] = ()
    chunk_ids: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"entries": self.entries, "documents": self.documents, "chunks": self.chunks,
                "sources": list(self.sources), "chunk_ids": list(self.chunk_ids)}
