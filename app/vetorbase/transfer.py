"""Copying a whole base between a folder and a server, either way, atomically.

Users outgrow one machine: the base that lived in a folder moves to PostgreSQL (or
back, or to another folder or server). A copy must never leave a half-filled base
where a person or a worker could open it, so the destination is built where nobody
looks and then put in place in one step: a folder is built in a hidden sibling folder
and renamed into place (an existing base is swapped with `renameat2(RENAME_EXCHANGE)`
where the kernel has it); a server base is built under a temporary base name and
renamed in one transaction. An interrupted copy (Ctrl+C, a cancel, an error) removes
what it built and leaves the destination as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from vetorbase.bases import open_base
from vetorbase.errors import Cancelled, InvalidInput, VetorbaseError
from vetorbase.store import VectorBase, registry
from vetorbase.store.copying import BATCH_CHUNKS, copy_rows
from vetorbase.store.locations import describe, is_url, parse, with_base
from vetorbase.store.opening import location_key

ProgressFn = Callable[[int, int], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CopyReport:
    """What a copy did, counted by the destination base itself after it was put in place."""

    source: str
    destination: str
    documents: int
    chunks: int
    embedder_id: str
    dimension: int
    replaced: bool
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def copy_base(
    source: str | os.PathLike[str], destination: str | os.PathLike[str], *,
    source_password: str | None = None, destination_password: str | None = None,
    force: bool = False, origin: str | None = None, progress: ProgressFn | None = None,
    cancel: threading.Event | None = None, batch_chunks: int = BATCH_CHUNKS,
) -> CopyReport:
    """Copy every document of `source` into `destination` (each a folder or a URL).

    An existing destination base that holds documents is refused unless `force`, and
    then replaced atomically; anything else at a destination folder is never touched.
    `progress(chunks done, chunks total)` follows the copy; setting `cancel` (or a
    KeyboardInterrupt) stops it with nothing left at the destination.
    """
    started = time.monotonic()
    src = open_base(source, password=source_password, read_only=True,
                    missing_hint="nothing to copy").base
    dst_loc = destination if is_url(destination) else Path(os.fspath(destination)).expanduser().absolute()
    if location_key(dst_loc) == location_key(source):
        raise InvalidInput(f"{describe(dst_loc)} is the base being copied; choose another destination")
    replaced = _check_destination(dst_loc, destination_password, force)

    def step(done: int, total: int) -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled(f"copy to {describe(dst_loc)} cancelled; the destination was left as it was")
        if progress is not None:
            progress(done, total)

    if is_url(dst_loc):
        _copy_to_server(src, str(dst_loc), destination_password, replaced, origin, step, batch_chunks)
    else:
        _copy_to_folder(src, Path(dst_loc), replaced, origin, step, batch_chunks)
    done = open_base(dst_loc, password=destination_password, read_only=True).base
    return CopyReport(src.location, done.location, done.document_count(), done.count(),
                      done.embedder_id, done.dim, replaced, round(time.monotonic() - started, 3))


def _check_destination(dst: Path | str, password: str | None, force: bool) -> bool:
    """True when a base with documents is there to be replaced; refuse what must not be."""
    secret = {"password": password} if password is not None else {}
    if not VectorBase.exists(dst, **secret):
        if isinstance(dst, Path) and dst.exists() and (not dst.is_dir() or any(dst.iterdir())):
            raise InvalidInput(f"{dst} exists and is not a Vetorbase base; copy into a new or "
                               "empty folder (it is never overwritten)")
        return False
    held = open_base(dst, password=password, read_only=True).base
    documents = held.document_count()
    if documents and not force:
        raise InvalidInput(f"{describe(dst)} already holds a base with {documents} documents; "
                           "pass --force to replace it (atomically), or choose another destination")
    held.close()
    return True


def _copy_into(src: VectorBase, dst: VectorBase, origin: str | None, step: ProgressFn,
               batch_chunks: int) -> None:
    """Both journals' own transactions: one consistent read of the source, one write
    transaction (one commit) at the destination that rolls back if anything stops it."""
    with src._journal.read() as rconn, dst._journal.write() as wconn:
        copy_rows(rconn, wconn, origin or dst.origin, src.dim, progress=step,
                  batch_chunks=batch_chunks)


def _copy_to_folder(src: VectorBase, dst: Path, replace: bool, origin: str | None,
                    step: ProgressFn, batch_chunks: int) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    staging = dst.parent / f".{dst.name}.copy-{secrets.token_hex(4)}"
    built = None
    try:
        built = VectorBase.open(staging, create=True, dim=src.dim, embedder_id=src.embedder_id,
                                origin=origin)
        _copy_into(src, built, origin, step, batch_chunks)
        built.close()
        built = None
        if replace:
            _forget(dst)
            _exchange(staging, dst)  # staging now holds the old base, removed below
        else:
            os.rename(staging, dst)  # over an empty folder too (rename(2) allows it)
    finally:
        if built is not None:
            built.close()
        shutil.rmtree(staging, ignore_errors=True)


def _forget(location: Path | str) -> None:
    """Close this process's instance of a base about to be replaced, so nothing here
    keeps reading the old base under the new one's name."""
    with registry.lock():
        inst = registry.get(location_key(location))
    if isinstance(inst, VectorBase):
        inst.close()


def _exchange(a: Path, b: Path) -> None:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE); elsewhere, two
    renames with the old base kept aside until the new one is in place."""
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is not None:
        at_fdcwd, rename_exchange = -100, 2
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return
    aside = b.parent / f".{b.name}.old-{secrets.token_hex(4)}"
    os.rename(b, aside)
    try:
        os.rename(a, b)
    except BaseException:
        os.rename(aside, b)
        raise
    os.rename(aside, a)


def _copy_to_server(src: VectorBase, url: str, password: str | None, replace: bool,
                    origin: str | None, step: ProgressFn, batch_chunks: int) -> None:
    """Build under a temporary base name in the same database, then rename it into
    place in one transaction (dropping the replaced base in that same transaction)."""
    from vetorbase.store.pgrename import drop_base, rename_base

    where = parse(url)
    staging = f"{where.base[:34]}_copy{secrets.token_hex(4)}"
    built = None
    renamed = False
    try:
        built = VectorBase.open(with_base(url, staging), create=True, dim=src.dim,
                                embedder_id=src.embedder_id, origin=origin, password=password)
        _copy_into(src, built, origin, step, batch_chunks)
        built.close()
        built = None
        if replace:
            _forget(url)
        rename_base(where, staging, where.base, password=password, replace=replace)
        renamed = True
    finally:
        if built is not None:
            built.close()
        if not renamed:
            try:
                drop_base(where, staging, password=password)
            except VetorbaseError as exc:  # the server went away: say so, keep the first error
                log.warning("could not drop the unfinished copy %s: %s", staging, exc)
