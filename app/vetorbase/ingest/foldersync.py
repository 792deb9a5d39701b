"""One sync pass of a followed folder: make the base hold exactly the folder's files.

New files are ingested, changed ones replaced, deleted ones removed (to the trash, through
the normal removal API), and a file that moved keeps its document: the same sha256 gone
from one path and new at another in the same pass renames the document (no embedding).
Content decides, not mtime: a file is read and hashed (by ingestion, which then skips it
when its sha256 is the stored one) only when its size, mtime or inode differs from what the
last pass saw, or its mtime was too recent then to trust (see `settled`). A file moved
over another keeps its own document; the one it replaced goes.

Safe to kill at any point: every document change is one store commit, and the folder's
file-state rows are written after it (store/folders.py), so the next pass finds either
the old state (and redoes an idempotent step: ingestion skips a file whose sha256 is
already stored, a rename to the source a document already has changes nothing, removing
a removed document removes nothing) or the new one. Documents under the folder whose
file is gone and that no state row knows (a pass killed between ingesting a file and
recording it, then the file deleted) are removed too, so nothing is left behind.

One process at a time per folder: the pass holds the folder's lease, renewed between
files and during long ones; a pass that finds another's unexpired lease does nothing and
says "busy"; one whose holder was a process of this host that died takes it over at once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vetorbase.errors import InvalidInput, VetorbaseError
from vetorbase.ingest.folderlease import Lease, LostLease, new_holder
from vetorbase.ingest.folderscan import Seen, scan, signed_ino
from vetorbase.ingest.metadata import absolute_source, source_derived
from vetorbase.ingest.pipeline import ingest
from vetorbase.store.folders import FileState, FolderInfo, FolderSettings, this_host

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncProgress:
    """`stage`: listing, hashing, ingesting, removing or done; `done` of `total` files."""

    folder: str
    stage: str
    done: int
    total: int
    path: str = ""


@dataclass
class SyncReport:
    """What one pass did. `status`: done, cancelled, busy (another process holds the
    folder), paused, lost-lease (another process took over mid-pass) or read-only (the
    window, on a base it may not write)."""

    folder: str
    status: str = "done"
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: Files changed too recently to be complete (a watcher's pass leaves them for later).
    pending: list[str] = field(default_factory=list)
    seconds: float = 0.0
    message: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.replaced or self.renamed or self.removed)

    def to_dict(self) -> dict[str, Any]:
        """Counts at the top (what the window and `sync --json` show), then the paths."""
        return {
            "folder": self.folder, "status": self.status, "added": len(self.added),
            "replaced": len(self.replaced), "renamed": len(self.renamed),
            "removed": len(self.removed), "unchanged": self.unchanged, "failed": len(self.failed),
            "pending": len(self.pending), "seconds": round(self.seconds, 3), "message": self.message,
            "failures": [{"path": p, "reason": r} for p, r in self.failed],
            "paths": {"added": self.added, "replaced": self.replaced, "removed": self.removed,
                      "renamed": [{"from": a, "to": b} for a, b in self.renamed],
                      "pending": self.pending},
        }


#: Files modified this recently when recorded are read again by the next pass (see settled()).
RACY_SECONDS = 2.0


def folder_path(path: str | os.PathLike[str]) -> str:
    """The form a followed folder is recorded under: absolute, links not resolved (like
    document sources), no trailing separator."""
    return absolute_source(os.path.expanduser(os.fspath(path))).rstrip(os.sep) or os.sep


def settled(mtime_ns: int) -> int:
    """The mtime to record, or -1 for a "racy" one (git's term): a file written within
    RACY_SECONDS of now may be written again within the same timestamp tick, with the
    same size, and look unchanged; -1 makes the next pass read it once more."""
    return mtime_ns if time.time_ns() - mtime_ns > RACY_SECONDS * 1e9 else -1


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def sync_folder(
    base: Any, embedder: Any, path: str | os.PathLike[str], *,
    settings: FolderSettings | None = None, cancel: Any = None,
    progress: Callable[[SyncProgress], None] | None = None, origin: str | None = None,
    holder: str | None = None, min_age: float = 0.0, chunk_size: int = 1000,
    chunk_overlap: int = 150,
) -> SyncReport:
    """One pass over the folder at `path`, following it first if the base does not yet.

    `settings` (ignore patterns, hidden files) replace the recorded ones when given.
    `min_age` leaves files modified less than that many seconds ago for a later pass
    (a watcher's way of waiting until a file being written is complete).
    """
    root = folder_path(path)
    started = time.perf_counter()
    report = SyncReport(root)
    if not os.path.isdir(root):
        raise InvalidInput(f"{root} is not a folder (or is not reachable from {this_host()}); "
                           "check the path, or stop following it")
    origin = origin or base.origin
    folder = base.folders.follow(root, origin=origin, settings=settings)
    if folder.paused:
        report.status, report.message = "paused", "the folder is paused; resume it to sync"
        return report
    lease = Lease(base, folder.id, holder or new_holder())
    if not lease.take():
        held = base.folders.get(folder.id)
        report.status = "busy"
        report.message = f"another process ({held.holder}) is syncing this folder"
        return report
    try:
        _pass(base, embedder, folder, lease, report, cancel, progress, origin, min_age,
              chunk_size, chunk_overlap)
    except LostLease:
        report.status = "lost-lease"
        report.message = "another process took over this folder mid-pass; it finishes the work"
    except BaseException as exc:  # Ctrl+C, a full disk...: recorded if possible, then raised
        report.status = "cancelled" if isinstance(exc, KeyboardInterrupt) else "error"
        report.message = str(exc) or type(exc).__name__
        try:
            _finish(base, folder.id, lease, report, started)
        except Exception:  # noqa: BLE001 - the original error is the one to report
            log.warning("could not record the interrupted pass of %s", root, exc_info=True)
        raise
    _finish(base, folder.id, lease, report, started)
    return report


def _finish(base: Any, folder_id: int, lease: Lease, report: SyncReport, started: float) -> None:
    """Record the pass's summary (what the window and `folders` show) and free the folder;
    a pass that lost its lease leaves both to the process that took it over."""
    report.seconds = time.perf_counter() - started
    if report.status != "lost-lease":
        base.folders.record_pass(folder_id, report.to_dict() | {"paths": {}})
        lease.release()


def _pass(base: Any, embedder: Any, folder: FolderInfo, lease: Lease, report: SyncReport,
          cancel: Any, progress: Callable[[SyncProgress], None] | None, origin: str,
          min_age: float, chunk_size: int, chunk_overlap: int) -> None:
    root = folder.path

    def tick(stage: str, done: int, total: int, at: str = "") -> None:
        if progress is not None:
            progress(SyncProgress(root, stage, done, total, at))

    def cancelled() -> bool:
        return cancel is not None and cancel.is_set()

    tick("listing", 0, 0)
    listing = scan(root, folder.settings)
    report.failed.extend(listing.problems)
    state = base.folders.files(folder.id)
    prefix = root if root.endswith(os.sep) else root + os.sep
    docs = base.folders.documents_under(prefix)

    def source(rel: str) -> str:
        return prefix + rel.replace("/", os.sep)

    todo: list[Seen] = []
    for rel, seen in listing.files.items():
        old = state.get(rel)
        if old is not None and old.size == seen.size and old.mtime_ns == seen.mtime_ns and (
                old.ino in (0, seen.ino)) and (
                old.doc_id is None or docs.get(source(rel), (None,))[0] == old.doc_id):
            report.unchanged += 1
        else:
            todo.append(seen)
    todo.sort(key=lambda s: s.rel)
    gone = {rel: st for rel, st in state.items() if rel not in listing.files}

    # Moves: the same content gone from one path and new at another keeps its document.
    if gone and todo and not _follow_moves(base, folder.id, todo, gone, docs, source, report, lease,
                                           tick, cancelled, origin):
        report.status = "cancelled"
        return

    now_ns = time.time_ns()
    for i, seen in enumerate(todo):
        if cancelled():
            report.status = "cancelled"
            return
        lease.renew()
        tick("ingesting", i, len(todo), seen.path)
        if min_age and now_ns - seen.mtime_ns < min_age * 1e9:
            report.pending.append(seen.path)
            continue
        _ingest_one(base, embedder, folder.id, seen, state.get(seen.rel), report, cancel, origin,
                    chunk_size, chunk_overlap, lease)
        if report.status == "cancelled":
            return

    # Deleted files (and documents under the folder whose file is gone and that no
    # state row knows: left by a pass killed between ingesting a file and recording it).
    # Only documents added from this host: on a shared server base, the same path on
    # another computer is another computer's file.
    tick("removing", 0, len(gone))
    known = {source(rel) for rel in listing.files} | {source(rel) for rel in state}
    doomed = {source(rel): st.doc_id for rel, st in gone.items()
              if st.doc_id is not None and docs.get(source(rel), (None,))[0] == st.doc_id}
    here = "@" + this_host()
    for src, (doc_id, _sha, added_by) in docs.items():
        if src not in known and str(added_by).endswith(here) and not os.path.lexists(src):
            doomed[src] = doc_id
    if doomed:
        base.remove_documents(sorted(doomed.values()), origin=origin)
        report.removed.extend(sorted(doomed))
    if gone:
        base.folders.put_files(folder.id, [], drop=list(gone))
    tick("done", 1, 1)


def _follow_moves(base: Any, folder_id: int, todo: list[Seen], gone: dict[str, FileState],
                  docs: dict[str, tuple[int, str | None, str]],
                  source: Callable[[str], str], report: SyncReport, lease: Lease,
                  tick: Callable[..., None], cancelled: Callable[[], bool], origin: str) -> bool:
    """Rename the documents of files that moved; False when cancelled.

    A file moved over another (`mv a.txt b.txt`, b existing) keeps a.txt's document too:
    b.txt's old document is removed first, then a.txt's renamed. Both steps are redone
    harmlessly by the next pass if this one dies between them.
    """
    by_sha: dict[str, list[FileState]] = {}
    for st in sorted(gone.values(), key=lambda s: s.rel):
        if st.doc_id is not None and st.sha256:
            by_sha.setdefault(st.sha256, []).append(st)
    candidates = list(todo) if by_sha else []
    for i, seen in enumerate(candidates):
        if cancelled():
            return False
        lease.renew()
        tick("hashing", i, len(candidates), seen.path)
        try:
            sha = file_sha256(seen.path)
        except OSError:
            continue  # gone or unreadable: ingestion below says which
        olds = by_sha.get(sha)
        if not olds:
            continue
        old, new_source = olds[0], source(seen.rel)
        target = docs.get(new_source)
        overwritten = target is not None and target[0] != old.doc_id
        if overwritten and target[1] == sha:
            continue  # a copy of the same content was already there: nothing moved
        try:
            if overwritten:
                base.remove_documents([target[0]], origin=origin)
            doc = base.rename_document(old.doc_id, new_source, updates=source_derived(new_source),
                                       origin=origin)
        except InvalidInput:  # the document went meanwhile: ingest the file instead
            continue
        olds.pop(0)
        base.folders.put_files(folder_id, [FileState(seen.rel, seen.size, settled(seen.mtime_ns), sha, doc.id,
                                                     ino=seen.ino)], drop=[old.rel])
        del gone[old.rel]
        todo.remove(seen)
        report.renamed.append((source(old.rel), new_source))
        if overwritten:
            report.replaced.append(seen.path)
    return True


def _ingest_one(base: Any, embedder: Any, folder_id: int, seen: Seen, old: FileState | None,
                report: SyncReport, cancel: Any, origin: str, chunk_size: int,
                chunk_overlap: int, lease: Lease) -> None:
    """Ingest (or confirm unchanged) one new or changed file, then record its state.

    The lease is renewed from ingestion's progress too: one file can take longer than a
    lease (OCR of a long scan, a slow embedding server)."""
    try:
        st = os.stat(seen.path)
    except OSError:
        return  # deleted since the listing: the next pass removes what it had
    result = ingest([seen.path], base, embedder, chunk_size=chunk_size, chunk_overlap=chunk_overlap,
                    cancel=cancel, origin=origin, progress=lambda _p: lease.renew())
    if result.cancelled:
        report.status = "cancelled"
        return
    done = result.results[0]
    error = None
    if done.status == "added":
        report.added.append(seen.path)
    elif done.status == "replaced":
        report.replaced.append(seen.path)
    elif done.status == "skipped":
        report.unchanged += 1  # same content as stored (touched, or a recovered pass)
    else:
        error = done.reason or "failed"
        report.failed.append((seen.path, error))
    if error is not None:  # the stored version (if any) stays; retried once the file changes
        base.folders.put_files(folder_id, [FileState(seen.rel, st.st_size, settled(st.st_mtime_ns),
                                                     old.sha256 if old else None,
                                                     old.doc_id if old else None, error, signed_ino(st.st_ino))])
        return
    sha = None
    if done.doc_id is not None:
        try:
            doc = base.get_document(doc_id=done.doc_id)
        except VetorbaseError:
            doc = None
        sha = doc.sha256 if doc is not None else None
    base.folders.put_files(folder_id, [FileState(seen.rel, st.st_size, settled(st.st_mtime_ns), sha, done.doc_id,
                                                 ino=signed_ino(st.st_ino))])
