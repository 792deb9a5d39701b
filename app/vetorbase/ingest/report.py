"""What one ingestion run tells its caller: per-file results and live progress.

Kept as plain frozen dataclasses so the window, the CLI and Django-Q tasks can pass
them between threads and processes and turn them into JSON without Qt or the store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["added", "replaced", "skipped", "failed"]
STATUSES: tuple[Status, ...] = ("added", "replaced", "skipped", "failed")

#: Progress stages, in the order one file goes through them.
STAGES = ("reading", "ocr", "splitting", "embedding", "storing", "done")


@dataclass(frozen=True)
class FileResult:
    """The outcome for one file (or one `ingest_text` source).

    `reason` says why a file was skipped or failed (empty for added/replaced);
    `doc_id` is the store's document id when a document was written or found unchanged.
    `duplicate_of` names another document with the same content (sha256) under another
    source: the file was added anyway, or skipped when the run was asked to skip duplicates.
    """

    path: str
    status: Status
    chunks: int = 0
    reason: str = ""
    doc_id: int | None = None
    duplicate_of: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Progress:
    """A progress tick: `fraction` is the whole run's share done, from 0.0 to 1.0.

    During the "ocr" stage `page`/`pages` say which scanned page is being read (OCR
    takes seconds per page, so a file's progress must move within the file).
    """

    files_done: int
    files_total: int
    path: str
    stage: str
    fraction: float
    page: int | None = None
    pages: int | None = None


@dataclass
class IngestReport:
    """Everything one `ingest()` call did, in the order files were handled.

    `pending` lists the paths a cancelled run never committed (including the file that
    was in progress), so a caller can offer to resume with exactly those.
    """

    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False
    pending: list[str] = field(default_factory=list)
    seconds: float = 0.0
    embed_seconds: float = 0.0

    def _with(self, status: Status) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def added(self) -> list[FileResult]:
        return self._with("added")

    @property
    def replaced(self) -> list[FileResult]:
        return self._with("replaced")

    @property
    def skipped(self) -> list[FileResult]:
        return self._with("skipped")

    @property
    def failed(self) -> list[FileResult]:
        return self._with("failed")

    @property
    def duplicates(self) -> list[FileResult]:
        """Files whose content another document of the base already holds (added or skipped)."""
        return [r for r in self.results if r.duplicate_of]

    @property
    def chunks(self) -> int:
        """Chunks written by this run (added + replaced documents)."""
        return sum(r.chunks for r in self.results if r.status in ("added", "replaced"))

    def counts(self) -> dict[str, int]:
        return {s: len(self._with(s)) for s in STATUSES}

    def to_dict(self) -> dict[str, Any]:
        """JSON-able summary: counts, every result grouped by status, and timings."""
        d: dict[str, Any] = {s: [r.to_dict() for r in self._with(s)] for s in STATUSES}
        d.update(
            counts=self.counts(),
            chunks=self.chunks,
            duplicates=len(self.duplicates),
            cancelled=self.cancelled,
            pending=list(self.pending),
            seconds=round(self.seconds, 3),
            embed_seconds=round(self.embed_seconds, 3),
        )
        return d
