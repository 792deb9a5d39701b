"""Snapshots of the FAISS cache, so a new process starts without a full rebuild.

A snapshot is `index-<seq>.faiss` plus `index-<seq>.json` (its manifest: size and
xxh3 hash). Both are written under new names, fsynced and renamed; the manifest goes
last, so a snapshot without a manifest is an unfinished one and is ignored. Damaged
snapshots are skipped with a warning; the journal can always rebuild the cache.
"""

from __future__ import annotations

import json
import logging
import mmap
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import xxhash
from filelock import FileLock, Timeout

from vetorbase.store.cache import FaissCache
from vetorbase.store.fsutil import write_atomic

log = logging.getLogger(__name__)

SNAPSHOT_DIR = "snapshots"
KEEP = 2


@dataclass(frozen=True)
class SnapshotInfo:
    seq: int
    ntotal: int
    dim: int
    nbytes: int
    xxh3: str
    path: Path

    @property
    def manifest(self) -> Path:
        return self.path.with_suffix(".json")


def _name(seq: int) -> str:
    return f"index-{seq:012d}"


class Snapshots:
    """Publish, list, load and prune the snapshots of one base folder."""

    def __init__(self, base_dir: Path, dim: int, embedder_id: str) -> None:
        self.dir = base_dir / SNAPSHOT_DIR
        self.dim = dim
        self.embedder_id = embedder_id

    def _lock(self) -> FileLock:
        return FileLock(str(self.dir / ".publish.lock"))

    def list(self) -> list[SnapshotInfo]:
        """Snapshots with a readable manifest, newest first (files not yet verified)."""
        out = []
        if not self.dir.is_dir():
            return out
        for manifest in self.dir.glob("index-*.json"):
            try:
                m = json.loads(manifest.read_text("utf-8"))
                out.append(
                    SnapshotInfo(
                        seq=int(m["seq"]), ntotal=int(m["ntotal"]), dim=int(m["dim"]),
                        nbytes=int(m["bytes"]), xxh3=str(m["xxh3"]),
                        path=manifest.with_suffix(".faiss"),
                    )
                )
            except (OSError, ValueError, KeyError, TypeError) as exc:
                log.warning("ignoring unreadable snapshot manifest %s: %s", manifest, exc)
        return sorted(out, key=lambda s: s.seq, reverse=True)

    def verify(self, info: SnapshotInfo) -> tuple[FaissCache | None, str | None]:
        """Load one snapshot; (cache, None) when sound, (None, reason) when damaged.

        The file is hashed through a memory map and then read once by FAISS itself:
        at 100k x 512-d that is half the time of reading it into Python first.
        """
        if info.dim != self.dim:
            return None, f"{info.path}: dimension {info.dim}, base has {self.dim}"
        try:
            with open(info.path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size != info.nbytes:
                    return None, f"{info.path}: {size} bytes, manifest says {info.nbytes} (truncated)"
                with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
                    digest = xxhash.xxh3_64_hexdigest(mm)
        except FileNotFoundError:
            return None, f"{info.path}: vanished (pruned by another process)"
        except (OSError, ValueError) as exc:
            return None, f"{info.path}: cannot read ({exc})"
        if digest != info.xxh3:
            return None, f"{info.path}: checksum mismatch (damaged file)"
        try:
            cache = FaissCache.read(info.path, self.dim, info.seq)
        except (RuntimeError, ValueError) as exc:
            return None, f"{info.path}: FAISS cannot read it ({exc})"
        if cache.ntotal != info.ntotal:
            return None, f"{info.path}: holds {cache.ntotal} vectors, manifest says {info.ntotal}"
        return cache, None

    def load_newest(self, min_seq: int, max_seq: int) -> FaissCache | None:
        """The newest sound snapshot with min_seq <= seq <= max_seq, else None."""
        for info in self.list():
            if info.seq > max_seq or info.seq < min_seq:
                continue
            cache, problem = self.verify(info)
            if cache is not None:
                return cache
            if problem and problem.endswith("(pruned by another process)"):
                continue
            log.warning("ignoring damaged snapshot, rebuilding from the journal: %s", problem)
        return None

    def publish(self, data: np.ndarray, seq: int, ntotal: int, *, wait: float = 0) -> Path | None:
        """Publish serialized cache `data` taken at `seq`; None if someone else is publishing."""
        self.dir.mkdir(exist_ok=True)
        try:
            with self._lock().acquire(timeout=wait):
                if any(s.seq >= seq for s in self.list()):
                    return None
                self._remove_stale_temporaries()
                target = self.dir / f"{_name(seq)}.faiss"
                buf = memoryview(data).cast("B")
                write_atomic(target, buf)
                manifest = {
                    "seq": seq, "ntotal": ntotal, "dim": self.dim, "bytes": len(buf),
                    "xxh3": xxhash.xxh3_64_hexdigest(buf), "embedder_id": self.embedder_id,
                    "created_at": time.time(), "pid": os.getpid(),
                }
                write_atomic(target.with_suffix(".json"), json.dumps(manifest).encode())
                self._prune()
                return target
        except Timeout:
            return None

    def _remove_stale_temporaries(self) -> None:
        """Temporaries left by killed publishers (we hold the lock, so none is live)."""
        for tmp in self.dir.glob("index-*.tmp-*"):
            tmp.unlink(missing_ok=True)

    def _prune(self) -> None:
        keep = {s.seq for s in self.list()[:KEEP]}
        for path in self.dir.glob("index-*.*"):
            stem = path.name.split(".", 1)[0]
            try:
                seq = int(stem.split("-", 1)[1])
            except (IndexError, ValueError):
                continue
            if seq not in keep and path.suffix in (".faiss", ".json"):
                # Manifest first: a snapshot is never half-listed.
                if path.suffix == ".faiss":
                    path.with_suffix(".json").unlink(missing_ok=True)
                path.unlink(missing_ok=True)
