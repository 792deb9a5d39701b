"""Published snapshots of the base's vectors, so processes map one copy instead of each
building their own.

A snapshot at seq S is `index-<S>.faiss` + `index-<S>.ids` (snapfile.py) and, written
last, the manifest `index-<S>.json`: sizes, hashes, and the snapshot's identity, the
base's `base_id` and the identity of commit S in the journal. A snapshot is used only
when both match the journal it is opened with, so a folder restored from a backup,
re-created over an old `snapshots/`, or given another base's files never answers from
another history: such snapshots are ignored (and pruned by the next publication).

Snapshots are written from the journal itself (never from a process's cache), in one
read transaction, streamed row by row.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xxhash
from filelock import FileLock, Timeout

from vetorbase.errors import LockTimeout
from vetorbase.store.fsutil import write_atomic
from vetorbase.store.snapfile import MappedPart, full_hash, map_pair, sampled_hash, write_pair
from vetorbase.store.sqlerrors import free_bytes

log = logging.getLogger(__name__)

SNAPSHOT_DIR = "snapshots"
MANIFEST_VERSION = 2
#: Rows read from the journal per batch while publishing.
PUBLISH_BATCH = 8192
#: Publishing needs the snapshot's size free plus this margin, or it is skipped: a
#: snapshot is an optimisation and must never take the journal's last free space.
FREE_MARGIN = 64 << 20
VANISHED = "vanished (pruned by another process)"


@dataclass(frozen=True)
class SnapshotInfo:
    seq: int
    ntotal: int
    dim: int
    base_id: str
    commit: str
    files: dict[str, dict[str, object]]
    manifest: Path

    def path(self, suffix: str) -> Path:
        return self.manifest.with_suffix(suffix)


def _stem(seq: int) -> str:
    return f"index-{seq:012d}"


def commit_identity(conn: sqlite3.Connection, seq: int) -> str | None:
    """A fingerprint of commit `seq` as this journal recorded it (None if absent)."""
    if seq == 0:
        return "empty"
    row = conn.execute("SELECT at, origin, kind FROM commits WHERE seq = ?", (seq,)).fetchone()
    if row is None:
        return None
    return xxhash.xxh3_64_hexdigest(json.dumps([seq, repr(row[0]), row[1], row[2]]).encode())


class Snapshots:
    """Publish, list, map and prune the snapshots of one base folder."""

    def __init__(self, base_dir: Path, dim: int, base_id: str | None) -> None:
        self.dir = base_dir / SNAPSHOT_DIR
        self.dim = dim
        self.base_id = base_id

    def _lock(self) -> FileLock:
        return FileLock(str(self.dir / ".publish.lock"))

    def dir_stamp(self) -> int | None:
        """Changes whenever a snapshot is published or pruned (cheap to poll)."""
        try:
            return os.stat(self.dir).st_mtime_ns
        except OSError:
            return None

    def list(self) -> list[SnapshotInfo]:
        """Snapshots with a well-formed manifest, newest first (files not verified)."""
        infos, _ = self.scan()
        return infos

    def scan(self) -> tuple[list[SnapshotInfo], list[str]]:
        """(well-formed snapshots newest first, problems with the other manifests)."""
        out, problems = [], []
        if not self.dir.is_dir():
            return out, problems
        for manifest in self.dir.glob("index-*.json"):
            try:
                m = json.loads(manifest.read_text("utf-8"))
                if "version" not in m and "xxh3" in m:
                    continue  # round 1's snapshot: unused, pruned by the next publication
                if m.get("version") != MANIFEST_VERSION:
                    raise ValueError(f"manifest version {m.get('version')!r}")
                out.append(SnapshotInfo(
                    seq=int(m["seq"]), ntotal=int(m["ntotal"]), dim=int(m["dim"]),
                    base_id=str(m["base_id"]), commit=str(m["commit"]), files=dict(m["files"]),
                    manifest=manifest,
                ))
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                problems.append(f"{manifest.name}: unreadable manifest ({exc})")
        return sorted(out, key=lambda s: s.seq, reverse=True), problems

    # -- using ------------------------------------------------------------------------------
    def belongs(self, conn: sqlite3.Connection, info: SnapshotInfo) -> str | None:
        """None when `info` is this base's and this history's; else why not."""
        if not self.base_id or info.base_id != self.base_id:
            return f"{info.manifest.name}: belongs to another base (base id {info.base_id})"
        if info.dim != self.dim:
            return f"{info.manifest.name}: dimension {info.dim}, base has {self.dim}"
        if commit_identity(conn, info.seq) != info.commit:
            return f"{info.manifest.name}: commit {info.seq} differs from the journal's (another history)"
        return None

    def open(self, info: SnapshotInfo, *, full: bool = False) -> tuple[MappedPart | None, str | None]:
        """Map one snapshot; (part, None) when sound, (None, reason) when not.

        Opening checks sizes and a sampled hash of both files (cheap, so many processes
        can open at once); `full=True` hashes every byte (check()).
        """
        try:
            for suffix in (".faiss", ".ids"):
                path, spec = info.path(suffix), info.files[suffix]
                size = path.stat().st_size
                if size != int(spec["bytes"]):
                    return None, f"{path.name}: {size} bytes, manifest says {spec['bytes']} (truncated)"
                got = full_hash(path) if full else sampled_hash(path)
                if got != (spec["xxh3"] if full else spec["sample"]):
                    return None, f"{path.name}: checksum mismatch (damaged file)"
            part = map_pair(info.path(".faiss"), info.path(".ids"), self.dim, info.ntotal, info.seq)
        except FileNotFoundError:
            return None, f"{info.manifest.name}: {VANISHED}"
        except (OSError, ValueError, RuntimeError, KeyError) as exc:
            return None, f"{info.manifest.name}: cannot be read ({exc})"
        return part, None

    def newest_usable(self, conn: sqlite3.Connection, min_seq: int, max_seq: int) -> MappedPart | None:
        """The newest sound snapshot of this history with min_seq <= seq <= max_seq.

        A snapshot pruned between listing and mapping was replaced by a newer one:
        list again (a few times) rather than fall back to a full rebuild.
        """
        for _attempt in range(3):
            vanished = False
            for info in self.list():
                if not min_seq <= info.seq <= max_seq:
                    continue
                foreign = self.belongs(conn, info)
                if foreign is not None:
                    log.warning("ignoring a snapshot of another base or history: %s", foreign)
                    continue
                part, problem = self.open(info)
                if part is not None:
                    return part
                if problem and problem.endswith(VANISHED):
                    vanished = True
                    break
                log.warning("ignoring damaged snapshot, rebuilding from the journal: %s", problem)
            if not vanished:
                return None
        return None

    # -- publishing ------------------------------------------------------------------------
    def publish(self, conn: sqlite3.Connection, *, wait: float = 0) -> Path | None:
        """Write a snapshot of the journal as `conn`'s read transaction sees it.

        Returns its path, or None when an equal or newer one exists, another process
        is publishing (after `wait` seconds), or the disk lacks room for it.
        """
        seq = int(conn.execute("SELECT coalesce(max(seq), 0) FROM commits").fetchone()[0])
        commit = commit_identity(conn, seq)
        if not self.base_id or commit is None:
            return None
        self.dir.mkdir(exist_ok=True)
        try:
            with self._lock().acquire(timeout=wait):
                if any(s.seq >= seq and s.base_id == self.base_id for s in self.list()):
                    return None
                self._remove_stale_temporaries()
                n = int(conn.execute("SELECT count(*) FROM chunks").fetchone()[0])
                # The journal's own size at this commit: a process that has not yet seen
                # a re-embedding switch must still write the vectors as they now are.
                dim = int(conn.execute("SELECT value FROM meta WHERE key = 'dim'").fetchone()[0])
                need = n * (dim * 4 + 8) + FREE_MARGIN
                free = free_bytes(self.dir)
                if free is not None and free < need:
                    log.warning("not publishing a snapshot of %s: %d bytes free, %d needed",
                                self.dir.parent, free, need)
                    return None
                stem = self.dir / _stem(seq)
                vec, ids = write_pair(stem.with_suffix(".faiss"), stem.with_suffix(".ids"),
                                      dim, n, _rows(conn, dim))
                manifest = {
                    "version": MANIFEST_VERSION, "seq": seq, "ntotal": n, "dim": dim,
                    "base_id": self.base_id, "commit": commit, "created_at": time.time(),
                    "pid": os.getpid(), "files": {
                        ".faiss": {"bytes": vec.nbytes, "xxh3": vec.xxh3, "sample": sampled_hash(vec.path)},
                        ".ids": {"bytes": ids.nbytes, "xxh3": ids.xxh3, "sample": sampled_hash(ids.path)},
                    },
                }
                write_atomic(stem.with_suffix(".json"), json.dumps(manifest).encode())
                self._prune(keep=seq)
                return stem.with_suffix(".faiss")
        except Timeout:
            if wait > 0:
                raise LockTimeout(
                    f"{self.dir}: another process has been publishing a snapshot for more "
                    f"than {wait:g} s; try again."
                ) from None
            return None

    @contextmanager
    def held(self, wait: float) -> Iterator[None]:
        """Hold the publication lock: nobody publishes until the caller is done (a
        re-embedding switch deletes every snapshot and commits what makes them obsolete)."""
        self.dir.mkdir(exist_ok=True)
        try:
            lock = self._lock().acquire(timeout=wait)
        except Timeout:
            raise LockTimeout(
                f"{self.dir}: another process has been publishing a snapshot for more than "
                f"{wait:g} s; try again."
            ) from None
        with lock:
            yield

    def remove_all(self) -> None:
        """Delete every snapshot (hold `held()`); processes mapping one keep their pages."""
        self._prune(keep=-1)

    def _remove_stale_temporaries(self) -> None:
        """Temporaries left by killed publishers (we hold the lock, so none is live)."""
        for tmp in self.dir.glob("index-*.tmp-*"):
            tmp.unlink(missing_ok=True)

    def _prune(self, keep: int) -> None:
        """Remove every snapshot but `keep`: manifests first, so none is half-listed.

        Processes still mapping a removed snapshot keep reading it (the pages live
        until they unmap); they move to the new one at their next catch-up.
        """
        for manifest in self.dir.glob("index-*.json"):
            if manifest.name != f"{_stem(keep)}.json":
                manifest.unlink(missing_ok=True)
        for path in self.dir.glob("index-*"):
            if not path.name.startswith(_stem(keep)) and ".tmp-" not in path.name:
                path.unlink(missing_ok=True)

    def nbytes(self) -> int:
        total = 0
        if self.dir.is_dir():
            for path in self.dir.iterdir():
                try:
                    total += path.lstat().st_size
                except OSError:
                    pass
        return total


def _rows(conn: sqlite3.Connection, dim: int):
    """(ids, vectors) batches of the journal's chunks in ascending id order."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, vector FROM chunks WHERE id > ? ORDER BY id LIMIT ?", (last, PUBLISH_BATCH)
        ).fetchall()
        if not rows:
            return
        ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        vectors = np.frombuffer(b"".join(r[1] for r in rows), dtype=np.float32).reshape(len(rows), dim)
        yield ids, vectors
        last = int(ids[-1])
