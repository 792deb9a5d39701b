"""Django-Q task functions that write to a base shared with the window and other workers.

Enqueue them by dotted name so the web process never imports the embedder::

    from django_q.tasks import async_task
    async_task("vetorbase.integrations.django_q.ingest_path", "/data/inbox/report.pdf")

Each task opens the base (a folder or a URL) in the worker (``VectorBase.open`` keeps one shared,
fork-safe instance per process), does one committed write through the normal ingestion
API, and returns a small JSON-able dict. Errors are raised, never swallowed, so Django-Q
records a failed task with the message (and retries it when ``ack_failures`` is off).
Ingest tasks replace a document by its source, so a retried task never duplicates one.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from vetorbase.bases import OpenedBase, open_base
from vetorbase.errors import IngestError, InvalidInput, VetorbaseError
from vetorbase.integrations.django_settings import TaskConfig, load_config

_PREFIX = "vetorbase.integrations.django_q."
#: Dotted names to pass to ``async_task``.
INGEST_PATH = _PREFIX + "ingest_path"
INGEST_TEXT = _PREFIX + "ingest_text"
REMOVE_WHERE = _PREFIX + "remove_where"
COMPACT = _PREFIX + "compact"
SYNC_FOLDER = _PREFIX + "sync_folder"

#: Files listed one by one in an ingest_path result; the counts are always complete.
MAX_LISTED_FILES = 50

def ingest_path(
    path: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    chunk_size: int | None = None,
    chunk_overlap: int | None = None,
    metadata: dict[str, Any] | None = None,
    origin: str | None = None,
    skip_duplicates: bool = False,
) -> dict[str, Any]:
    """Ingest one file or a folder (recursively); raise if any file failed. A file whose
    content the base holds under another source is added and listed with `duplicate_of`,
    or skipped with `skip_duplicates=True`."""
    from vetorbase.ingest import ingest

    cfg = load_config(
        base_dir=base_dir, embedder=embedder, chunk_size=chunk_size,
        chunk_overlap=chunk_overlap, origin=origin,
    )
    target = Path(path).expanduser()
    if not target.exists():
        raise IngestError(
            f"ingest_path: {target} does not exist on the worker host (pid {os.getpid()}); "
            "workers need the file at the same path as the producer",
            path=str(target),
        )
    with _context(f"ingest_path({str(target)!r}) into {cfg.shown}"):
        opened = _open(cfg, write=True)
        base = opened.base
        report = ingest(
            [target], base, opened.embedder, chunk_size=cfg.chunk_size, chunk_overlap=cfg.chunk_overlap,
            metadata=metadata, origin=cfg.origin, skip_duplicates=skip_duplicates,
        )
    committed_at = time.time()
    files = [*report.added, *report.replaced, *report.skipped, *report.failed]
    if report.failed:
        reasons = "; ".join(f"{f.path}: {f.reason}" for f in report.failed[:10])
        more = f" (and {len(report.failed) - 10} more)" if len(report.failed) > 10 else ""
        raise IngestError(
            f"ingest_path({str(target)!r}): {len(report.failed)} of {len(files)} file(s) "
            f"failed: {reasons}{more}. The other {len(files) - len(report.failed)} are "
            f"stored in {opened.location} (committed or unchanged).",
            path=report.failed[0].path,
        )
    return {
        "task": "ingest_path",
        "base": opened.location,
        "path": str(target),
        "added": len(report.added),
        "replaced": len(report.replaced),
        "skipped": len(report.skipped),
        "duplicates": len(report.duplicates),
        "failed": 0,
        "chunks": sum(f.chunks for f in files),
        "files": [_file_dict(f, base) for f in files[:MAX_LISTED_FILES]],
        "seq": base.journal_seq(),
        "committed_at": committed_at,
        "pid": os.getpid(),
    }


def ingest_text(
    text: str,
    *,
    source: str,
    metadata: dict[str, Any] | None = None,
    base_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    chunk_size: int | None = None,
    chunk_overlap: int | None = None,
    origin: str | None = None,
    skip_duplicates: bool = False,
) -> dict[str, Any]:
    """Store raw text as the document ``source`` (replacing a previous one of that source);
    a text held under another source is reported (`duplicate_of`), or skipped on request."""
    from vetorbase.ingest import ingest_text as _ingest_text

    if not isinstance(source, str) or not source.strip():
        raise InvalidInput("ingest_text needs a non-empty source= (the document's name/key)")
    cfg = load_config(
        base_dir=base_dir, embedder=embedder, chunk_size=chunk_size,
        chunk_overlap=chunk_overlap, origin=origin,
    )
    with _context(f"ingest_text(source={source!r}) into {cfg.shown}"):
        opened = _open(cfg, write=True)
        base = opened.base
        result = _ingest_text(
            base, opened.embedder, text, source=source, metadata=metadata, chunk_size=cfg.chunk_size,
            chunk_overlap=cfg.chunk_overlap, origin=cfg.origin, skip_duplicates=skip_duplicates,
        )
    committed_at = time.time()
    if result.status == "failed":
        raise IngestError(
            f"ingest_text(source={source!r}) into {opened.location} failed: {result.reason}",
            path=source,
        )
    return {
        "task": "ingest_text",
        "base": opened.location,
        **_file_dict(result),
        "source": source,
        "seq": base.journal_seq(),
        "committed_at": committed_at,
        "pid": os.getpid(),
    }


def remove_where(
    where: dict[str, Any],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    allow_empty: bool = False,
    purge: bool = False,
    origin: str | None = None,
) -> dict[str, Any]:
    """Move every chunk matching a metadata filter (e.g. ``{"source": "a.pdf"}``) to the
    trash, where `vetorbase trash restore` or the window can bring it back; with
    ``purge=True`` delete it for good instead.

    An empty filter would remove everything, so it needs ``allow_empty=True``. A retried
    task finds nothing left to remove and reports 0 chunks: it never trashes twice.
    """
    if not isinstance(where, dict):
        raise InvalidInput(f"remove_where needs a dict filter, got {type(where).__name__}")
    if not where and not allow_empty:
        raise InvalidInput("remove_where({}) would remove every document; pass allow_empty=True")
    if not isinstance(purge, bool):
        raise InvalidInput(f"remove_where: purge must be True or False, not {purge!r}")
    cfg = load_config(base_dir=base_dir, origin=origin)
    with _context(f"remove_where({where!r}) in {cfg.shown}"):
        opened = _open(cfg)
        base = opened.base
        entry = None
        if purge:
            removed = base.remove_where(where, purge=True, origin=cfg.origin)
        else:
            entry = base.remove_to_trash(where=where, origin=cfg.origin)
            removed = entry.chunks if entry else 0
    return {
        "task": "remove_where",
        "base": opened.location,
        "where": where,
        "removed_chunks": removed,
        "purged": purge,
        "trash_entry": entry.id if entry else None,
        "seq": base.journal_seq(),
        "committed_at": time.time(),
        "pid": os.getpid(),
    }


def compact(*, base_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Publish a snapshot and prune the change log (schedule it, e.g. nightly)."""
    cfg = load_config(base_dir=base_dir)
    with _context(f"compact() of {cfg.shown}"):
        opened = _open(cfg)
        base = opened.base
        info = base.compact()
    return {
        "task": "compact",
        "base": opened.location,
        **_jsonable(info),
        "seq": base.journal_seq(),
        "pid": os.getpid(),
    }


def sync_folder(
    path: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    chunk_size: int | None = None,
    chunk_overlap: int | None = None,
    origin: str | None = None,
) -> dict[str, Any]:
    """One sync pass of a followed folder (schedule it): new files in, changed ones
    replaced, moves followed, deleted ones removed. Raises if any file failed this pass.

    A folder another worker is syncing right now, or a paused one, is not an error:
    the result says "busy" or "paused" and the next scheduled run does the work.
    """
    from vetorbase.ingest.foldersync import sync_folder as _sync

    cfg = load_config(
        base_dir=base_dir, embedder=embedder, chunk_size=chunk_size,
        chunk_overlap=chunk_overlap, origin=origin,
    )
    with _context(f"sync_folder({str(path)!r}) into {cfg.shown}"):
        opened = _open(cfg, write=True)
        base = opened.base
        report = _sync(base, opened.embedder, path, origin=cfg.origin, chunk_size=cfg.chunk_size,
                       chunk_overlap=cfg.chunk_overlap)
    if report.failed:
        reasons = "; ".join(f"{p}: {r}" for p, r in report.failed[:10])
        more = f" (and {len(report.failed) - 10} more)" if len(report.failed) > 10 else ""
        raise IngestError(
            f"sync_folder({report.folder!r}): {len(report.failed)} file(s) failed: {reasons}{more}. "
            f"Everything else was synced into {opened.location}.", path=report.failed[0][0])
    return {"task": "sync_folder", "base": opened.location, **report.to_dict(),
            "seq": base.journal_seq(), "pid": os.getpid()}


def _open(cfg: TaskConfig, *, write: bool = False) -> OpenedBase:
    """The base by folder or URL, in this process (one shared instance per base).

    Ingestion (`write`) may create the base and gets the embedder that fits it (the
    configured one, checked against the base, else the base's own); removal and
    compaction never create a base and never load an embedder.
    """
    return open_base(
        cfg.require_base(), password=cfg.password, create=write and cfg.create,
        embedder=cfg.embedder if write else None, embedder_options=cfg.embedder_options,
        cache_embeddings=cfg.embed_cache, origin=cfg.origin, lock_timeout=cfg.lock_timeout,
        missing_hint="ingest a document into it first, or check the base setting")


class _context:
    """Add what the task was doing to a Vetorbase error, keeping its type and message."""

    def __init__(self, what: str) -> None:
        self.what = what

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type | None, exc: BaseException | None, tb: Any) -> bool:
        if isinstance(exc, VetorbaseError):
            exc.add_note(f"while running Django-Q task {self.what} (pid {os.getpid()})")
        return False


def _file_dict(f: Any, base: Any = None) -> dict[str, Any]:
    """A FileResult as JSON, with the document's source (the key to remove it by)."""
    out = {"path": f.path, "status": f.status, "chunks": f.chunks, "doc_id": f.doc_id,
           "duplicate_of": f.duplicate_of}
    if base is not None and f.doc_id is not None:
        doc = base.get_document(doc_id=f.doc_id)
        out["source"] = doc.source if doc is not None else None
    return out


def _jsonable(d: Any) -> dict[str, Any]:
    if not isinstance(d, dict):
        return {"result": str(d)}
    out: dict[str, Any] = {}
    for k, v in d.items():
        out[str(k)] = v if isinstance(v, (str, int, float, bool, type(None), list, dict)) else str(v)
    return out
