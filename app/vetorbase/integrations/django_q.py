"""Django-Q task functions that write to a base shared with the window and other workers.

Enqueue them by dotted name so the web process never imports the embedder::

    from django_q.tasks import async_task
    async_task("vetorbase.integrations.django_q.ingest_path", "/data/inbox/report.pdf")

Each task opens the base *by path* in the worker (``VectorBase.open`` keeps one shared,
fork-safe instance per process), does one committed write through the normal ingestion
API, and returns a small JSON-able dict. Errors are raised, never swallowed, so Django-Q
records a failed task with the message (and retries it when ``ack_failures`` is off).
Ingest tasks replace a document by its source, so a retried task never duplicates one.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from vetorbase.errors import IngestError, InvalidInput, VetorbaseError
from vetorbase.integrations.django_settings import TaskConfig, load_config
from vetorbase.store import VectorBase

_PREFIX = "vetorbase.integrations.django_q."
#: Dotted names to pass to ``async_task``.
INGEST_PATH = _PREFIX + "ingest_path"
INGEST_TEXT = _PREFIX + "ingest_text"
REMOVE_WHERE = _PREFIX + "remove_where"
COMPACT = _PREFIX + "compact"
SYNC_FOLDER = _PREFIX + "sync_folder"

#: Files listed one by one in an ingest_path result; the counts are always complete.
MAX_LISTED_FILES = 50

_embedders: dict[tuple, Any] = {}
_embedders_pid = os.getpid()
_embedders_lock = threading.Lock()


def ingest_path(
    path: str | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    embedder: str | None = None,
    chunk_size: int | None = None,
    chunk_overlap: int | None = None,
    metadata: dict[str, Any] | None = None,
    origin: str | None = None,
) -> dict[str, Any]:
    """Ingest one file or a folder (recursively); raise if any file failed."""
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
    with _context(f"ingest_path({str(target)!r}) into {cfg.base_dir}"):
        base, emb = _open_for_write(cfg)
        report = ingest(
            [target], base, emb, chunk_size=cfg.chunk_size, chunk_overlap=cfg.chunk_overlap,
            metadata=metadata, origin=cfg.origin,
        )
    committed_at = time.time()
    files = [*report.added, *report.replaced, *report.skipped, *report.failed]
    if report.failed:
        reasons = "; ".join(f"{f.path}: {f.reason}" for f in report.failed[:10])
        more = f" (and {len(report.failed) - 10} more)" if len(report.failed) > 10 else ""
        raise IngestError(
            f"ingest_path({str(target)!r}): {len(report.failed)} of {len(files)} file(s) "
            f"failed: {reasons}{more}. The other {len(files) - len(report.failed)} are "
            f"stored in {base.path} (committed or unchanged).",
            path=report.failed[0].path,
        )
    return {
        "task": "ingest_path",
        "base": str(base.path),
        "path": str(target),
        "added": len(report.added),
        "replaced": len(report.replaced),
        "skipped": len(report.skipped),
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
) -> dict[str, Any]:
    """Store raw text as the document ``source`` (replacing a previous one of that source)."""
    from vetorbase.ingest import ingest_text as _ingest_text

    if not isinstance(source, str) or not source.strip():
        raise InvalidInput("ingest_text needs a non-empty source= (the document's name/key)")
    cfg = load_config(
        base_dir=base_dir, embedder=embedder, chunk_size=chunk_size,
        chunk_overlap=chunk_overlap, origin=origin,
    )
    with _context(f"ingest_text(source={source!r}) into {cfg.base_dir}"):
        base, emb = _open_for_write(cfg)
        result = _ingest_text(
            base, emb, text, source=source, metadata=metadata, chunk_size=cfg.chunk_size,
            chunk_overlap=cfg.chunk_overlap, origin=cfg.origin,
        )
    committed_at = time.time()
    if result.status == "failed":
        raise IngestError(
            f"ingest_text(source={source!r}) into {base.path} failed: {result.reason}",
            path=source,
        )
    return {
        "task": "ingest_text",
        "base": str(base.path),
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
) -> dict[str, Any]:
    """Remove every chunk matching a metadata filter (e.g. ``{"source": "a.pdf"}``).

    An empty filter would remove everything, so it needs ``allow_empty=True``.
    """
    if not isinstance(where, dict):
        raise InvalidInput(f"remove_where needs a dict filter, got {type(where).__name__}")
    if not where and not allow_empty:
        raise InvalidInput("remove_where({}) would remove every document; pass allow_empty=True")
    cfg = load_config(base_dir=base_dir)
    with _context(f"remove_where({where!r}) in {cfg.base_dir}"):
        base = _open_existing(cfg)
        removed = base.remove_where(where)
    return {
        "task": "remove_where",
        "base": str(base.path),
        "where": where,
        "removed_chunks": removed,
        "seq": base.journal_seq(),
        "committed_at": time.time(),
        "pid": os.getpid(),
    }


def compact(*, base_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Publish a snapshot and prune the change log (schedule it, e.g. nightly)."""
    cfg = load_config(base_dir=base_dir)
    with _context(f"compact() of {cfg.base_dir}"):
        base = _open_existing(cfg)
        info = base.compact()
    return {
        "task": "compact",
        "base": str(base.path),
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
    with _context(f"sync_folder({str(path)!r}) into {cfg.base_dir}"):
        base, emb = _open_for_write(cfg)
        report = _sync(base, emb, path, origin=cfg.origin, chunk_size=cfg.chunk_size,
                       chunk_overlap=cfg.chunk_overlap)
    if report.failed:
        reasons = "; ".join(f"{p}: {r}" for p, r in report.failed[:10])
        more = f" (and {len(report.failed) - 10} more)" if len(report.failed) > 10 else ""
        raise IngestError(
            f"sync_folder({report.folder!r}): {len(report.failed)} file(s) failed: {reasons}{more}. "
            f"Everything else was synced into {base.path}.", path=report.failed[0][0])
    return {"task": "sync_folder", "base": str(base.path), **report.to_dict(),
            "seq": base.journal_seq(), "pid": os.getpid()}


def _open_existing(cfg: TaskConfig) -> VectorBase:
    """Open by path in this process; removal and compaction never create a base."""
    return VectorBase.open(cfg.require_base_dir(), lock_timeout=cfg.lock_timeout)


def _open_for_write(cfg: TaskConfig) -> tuple[VectorBase, Any]:
    """The base and the embedder that matches it (the base's own embedder by default)."""
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID

    base_dir = cfg.require_base_dir()
    embedder_id = cfg.embedder
    if embedder_id is None:
        exists = VectorBase.exists(base_dir)
        embedder_id = VectorBase.read_info(base_dir)["embedder_id"] if exists else DEFAULT_EMBEDDER_ID
    emb = _embedder(embedder_id, cfg)
    base = VectorBase.open(
        base_dir, create=cfg.create, dim=emb.dim, embedder_id=emb.embedder_id,
        lock_timeout=cfg.lock_timeout, origin=cfg.origin,
    )
    return base, emb


def _embedder(embedder_id: str, cfg: TaskConfig) -> Any:
    """One embedder per id and process: loading a model per task would dominate the cost."""
    global _embedders_pid
    from vetorbase.embeddings import CachedEmbedder, get_embedder

    key = (embedder_id, tuple(sorted(cfg.embedder_options.items())), cfg.embed_cache)
    with _embedders_lock:
        if _embedders_pid != os.getpid():  # forked: the parent's cache connections are not ours
            _embedders.clear()
            _embedders_pid = os.getpid()
        emb = _embedders.get(key)
        if emb is None:
            emb = get_embedder(embedder_id, **cfg.embedder_options)
            if cfg.embed_cache is not None:
                emb = CachedEmbedder(emb, cfg.embed_cache)
            _embedders[key] = emb
        return emb


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


def _file_dict(f: Any, base: VectorBase | None = None) -> dict[str, Any]:
    """A FileResult as JSON, with the document's source (the key to remove it by)."""
    out = {"path": f.path, "status": f.status, "chunks": f.chunks, "doc_id": f.doc_id}
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
