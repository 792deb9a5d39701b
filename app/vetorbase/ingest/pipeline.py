"""The ingestion pipeline: files in, one atomic store call per document out.

Per document: read the bytes once (size-checked first), hash them, skip when the base
already holds this source with the same sha256, parse, split, embed, then ONE
`base.add_document` call that replaces any older version. Cancelling is checked between
files, inside long files (between OCR pages, between pieces of a huge HTML page) and
between embedding batches, and always lands before that single store call,
so a cancelled run never leaves half a document. A file's failure is one report line;
only failures that doom every later file (read-only base, disk full, embedder down)
stop the batch, and then the files not attempted are reported as such.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from vetorbase.errors import (
    Cancelled,
    CorruptBase,
    DiskFull,
    EmbedderMismatch,
    EmbedderUnavailable,
    IngestError,
    InvalidInput,
    ReadOnlyBase,
    VetorbaseError,
)
from vetorbase.ingest.embedding import check_ingest_target, embed_texts
from vetorbase.ingest.loaders import TEXT_EXTENSIONS, Loaded, load_bytes
from vetorbase.ingest.metadata import (
    absolute_source,
    chunk_metadata,
    file_metadata,
    sha256_bytes,
)
from vetorbase.ingest.ocr import ocr_languages as check_ocr_languages
from vetorbase.ingest.report import FileResult, IngestReport, Progress
from vetorbase.ingest.safeopen import MB, read_limited
from vetorbase.ingest.splitting import make_splitter, split_units
from vetorbase.ingest.units import TextUnit
from vetorbase.ingest.walk import expand_paths, extension
from vetorbase.textcheck import check_text, check_tree

log = logging.getLogger(__name__)

#: Default size limit for text-like files (10 MB of plain text is ~2,500 book pages). A
#: bigger single text is nearly always a log or a dump: tens of thousands of chunks in one
#: all-or-nothing document and hours of embedding with the default model on a laptop. It
#: is refused up front, from its size, before reading a byte (callers may raise the limit).
#: Binary formats (PDF, office, e-book, e-mail, images) get `BINARY_FACTOR` times the
#: limit (their bytes are mostly images and compression) and the same limit on the
#: characters of text extracted.
DEFAULT_MAX_FILE_MB = 10.0
BINARY_FACTOR = 5

#: Share of a file's progress given to OCR when its pages need it: OCR takes seconds
#: per page, embedding a page's chunks a fraction of that.
OCR_SHARE = 0.8

#: Store/embedder failures after which every later file would fail the same way.
_FATAL = (ReadOnlyBase, DiskFull, CorruptBase, EmbedderMismatch, EmbedderUnavailable)


class _Stop(Exception):
    """Internal: end the batch after recording `result` (a fatal failure)."""

    def __init__(self, result: FileResult) -> None:
        super().__init__(result.reason)
        self.result = result


@dataclass
class _Run:
    base: Any
    embedder: Any
    chunk_size: int
    chunk_overlap: int
    metadata: dict[str, Any] | None
    origin: str | None
    cancel: Any
    progress: Callable[[Progress], None] | None
    max_file_mb: float
    report: IngestReport = field(default_factory=IngestReport)
    files_total: int = 1
    files_done: int = 0
    ocr_languages: str | None = None
    #: Share of the current file's progress already spent (on OCR), see OCR_SHARE.
    offset: float = 0.0

    def emit(self, path: str, stage: str, within: float = 0.0, page: int | None = None,
             pages: int | None = None) -> None:
        if self.progress is None:
            return
        total = max(self.files_total, 1)
        within = self.offset + (1.0 - self.offset) * within
        fraction = min(1.0, (self.files_done + within) / total)
        self.progress(Progress(self.files_done, self.files_total, path, stage, fraction,
                               page, pages))

    def ocr_progress(self, path: str) -> Callable[[int, int], None]:
        """Per-page progress for a loader that reads pages by OCR."""
        def tick(done: int, pages: int) -> None:
            self.emit(path, "ocr", OCR_SHARE * done / max(pages, 1), min(done + 1, pages), pages)
        return tick

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()


def check_user_metadata(metadata: Any) -> None:
    """Refuse metadata the store cannot hold before any file is read, not once per file."""
    if metadata is None:
        return
    if not isinstance(metadata, dict) or not all(isinstance(k, str) for k in metadata):
        raise InvalidInput("metadata must be a dict with string keys")
    check_tree(metadata, "metadata")
    try:
        json.dumps(metadata, allow_nan=False)
    except (TypeError, ValueError, RecursionError) as e:
        raise InvalidInput(f"metadata cannot be stored as JSON: {e}") from None


def _limit_bytes(run: _Run, ext: str) -> int:
    factor = 1 if ext in TEXT_EXTENSIONS else BINARY_FACTOR
    return int(run.max_file_mb * MB * factor)


def _no_text_hint(mime: str) -> str:
    if mime == "application/pdf":
        return " (no text layer, and no text read by OCR in its images)"
    return " (OCR read no text in the image)" if mime.startswith("image/") else ""


def _store(run: _Run, source: str, units: list[TextUnit], sha: str, mime: str,
           existing: Any, report_path: str,
           found: dict[str, str] | None = None) -> FileResult:
    """Split, embed and write one document; the only place that touches the store.

    `found` is what the file says about itself (title, author...); the caller's own
    metadata wins over it.
    """
    run.emit(report_path, "splitting", 0.1)
    pieces = split_units(units, run.chunk_size, run.chunk_overlap)
    if not pieces:
        return FileResult(report_path, "failed", reason=f"no text found{_no_text_hint(mime)}")
    origin = run.origin or run.base.origin
    doc_meta = file_metadata(source, sha, mime, origin=origin, user=run.metadata)
    for key, value in (found or {}).items():
        doc_meta.setdefault(key, value)
    pages = [u.page for u in units if u.page is not None]
    if pages:
        doc_meta["pages"] = max(pages)
    ocr_pages = sum(1 for u in units if u.ocr)
    if ocr_pages:
        doc_meta["ocr_pages"] = ocr_pages
    texts = [p.text for p in pieces]
    metas = [chunk_metadata(doc_meta, i, p.start, p.end, p.page, ocr=p.ocr, section=p.section)
             for i, p in enumerate(pieces)]
    run.emit(report_path, "embedding", 0.1)
    started = time.perf_counter()
    try:
        vectors = embed_texts(
            run.embedder, texts, cancel=run.cancel,
            progress=lambda f: run.emit(report_path, "embedding", 0.1 + 0.8 * f))
    except (Cancelled, *_FATAL):
        raise
    except VetorbaseError as e:
        return FileResult(report_path, "failed", reason=f"embedding failed: {e}")
    except Exception as e:  # any LangChain embedder may be plugged in
        log.exception("embedder failed on %s", source)
        return FileResult(report_path, "failed",
                          reason=f"embedding failed: {type(e).__name__}: {e}")
    finally:
        run.report.embed_seconds += time.perf_counter() - started
    if run.cancelled():
        raise Cancelled("ingestion cancelled")
    run.emit(report_path, "storing", 0.9)
    info = run.base.add_document(source, texts, vectors, metas, metadata=doc_meta,
                                 sha256=sha, origin=origin)
    status = "replaced" if existing is not None else "added"
    return FileResult(report_path, status, chunks=len(texts), doc_id=info.id)


def _ingest_file(run: _Run, path: str, identity: tuple[int, int] | None = None) -> FileResult:
    run.offset = 0.0
    run.emit(path, "reading", 0.0)
    ext = extension(path)
    try:
        data = read_limited(path, _limit_bytes(run, ext), identity)
    except IngestError as e:
        return FileResult(path, "failed", reason=str(e))
    source = absolute_source(path)
    sha = sha256_bytes(data)
    existing = run.base.get_document(source=source)
    if existing is not None and existing.sha256 == sha:
        return FileResult(path, "skipped", chunks=existing.chunks,
                          reason="unchanged (same sha256)", doc_id=existing.id)
    max_chars = int(run.max_file_mb * MB)
    try:
        loaded: Loaded = load_bytes(data, ext, max_chars=max_chars, cancel=run.cancel,
                                    progress=run.ocr_progress(path),
                                    ocr_languages=run.ocr_languages)
    except Cancelled:
        raise
    except IngestError as e:
        return FileResult(path, "failed", reason=str(e))
    except Exception as e:  # a parser bug on odd input costs one line
        log.exception("loading %s failed", path)
        return FileResult(path, "failed", reason=f"cannot read {ext} file: "
                                                 f"{type(e).__name__}: {e}")
    del data
    if loaded.ocr_pages:
        run.offset = OCR_SHARE
    return _store(run, source, loaded.units, sha, loaded.mime, existing, path, loaded.metadata)


def _guarded(run: _Run, path: str, work: Callable[[], FileResult]) -> FileResult:
    """Run one document's work; turn store failures into a line or a batch stop."""
    try:
        return work()
    except Cancelled:
        raise
    except _FATAL as e:
        raise _Stop(FileResult(path, "failed", reason=str(e))) from e
    except VetorbaseError as e:  # LockTimeout, InvalidInput...: this file only
        return FileResult(path, "failed", reason=f"{type(e).__name__}: {e}")


def ingest(paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]], base: Any,
           embedder: Any, *, chunk_size: int = 1000, chunk_overlap: int = 150,
           metadata: dict[str, Any] | None = None,
           progress: Callable[[Progress], None] | None = None, cancel: Any = None,
           origin: str | None = None, max_file_mb: float = DEFAULT_MAX_FILE_MB,
           follow_links: bool = False, ocr_languages: str | None = None) -> IngestReport:
    """Ingest files and folders (walked recursively) into `base`; see the module doc.

    Links leading out of a given folder are reported as skipped unless `follow_links`.
    `ocr_languages` ("por+eng" by default, or $VETORBASE_OCR_LANG) are the Tesseract
    languages for scanned pages and images.
    """
    make_splitter(chunk_size, chunk_overlap)  # bad settings fail before any work
    check_user_metadata(metadata)
    try:
        check_ocr_languages(ocr_languages)
    except IngestError as e:
        raise InvalidInput(str(e)) from None
    check_ingest_target(base, embedder)
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    started = time.perf_counter()
    run = _Run(base, embedder, chunk_size, chunk_overlap, metadata, origin, cancel,
               progress, max_file_mb, ocr_languages=ocr_languages)
    entries = expand_paths(paths, follow_links=follow_links)
    run.files_total = sum(1 for e in entries if e.result is None)
    stop: FileResult | None = None
    for entry in entries:
        if entry.result is not None:
            run.report.results.append(entry.result)
            continue
        if stop is not None:
            run.report.results.append(FileResult(entry.path, "failed",
                                                 reason=f"not attempted: {stop.reason}"))
        elif run.cancelled() or run.report.cancelled:
            run.report.cancelled = True
            run.report.pending.append(entry.path)
        else:
            try:
                result = _guarded(run, entry.path,
                                  lambda e=entry: _ingest_file(run, e.path, e.identity))
            except Cancelled:
                run.report.cancelled = True
                run.report.pending.append(entry.path)
                continue
            except _Stop as s:
                stop = result = s.result
            run.report.results.append(result)
        run.files_done += 1
        run.offset = 0.0
        run.emit(entry.path, "done", 0.0)
    run.report.seconds = time.perf_counter() - started
    return run.report


def ingest_text(base: Any, embedder: Any, text: str, *, source: str,
                metadata: dict[str, Any] | None = None, chunk_size: int = 1000,
                chunk_overlap: int = 150, origin: str | None = None,
                mime: str = "text/plain", cancel: Any = None) -> FileResult:
    """Ingest one text under `source` (any string: a URL, "ticket:42"...), same rules."""
    make_splitter(chunk_size, chunk_overlap)
    check_user_metadata(metadata)
    check_ingest_target(base, embedder)
    run = _Run(base, embedder, chunk_size, chunk_overlap, metadata, origin, cancel,
               None, DEFAULT_MAX_FILE_MB)
    if not source or not str(source).strip():
        return FileResult(str(source), "failed", reason="empty source name")
    check_text(str(source), "source")
    check_text(text, "text")
    sha = sha256_bytes(text.encode("utf-8", errors="surrogatepass"))

    def work() -> FileResult:
        existing = base.get_document(source=source)
        if existing is not None and existing.sha256 == sha:
            return FileResult(source, "skipped", chunks=existing.chunks,
                              reason="unchanged (same sha256)", doc_id=existing.id)
        return _store(run, source, [TextUnit(text)], sha, mime, existing, source)

    try:
        return _guarded(run, source, work)
    except _Stop as s:
        return s.result
