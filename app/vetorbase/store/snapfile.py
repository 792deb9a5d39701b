"""The two files of one snapshot, written as a stream and read as a shared mapping.

`index-<seq>.faiss` is a plain FAISS `IndexFlatIP` file, written here header first
and then row by row from the journal, so publishing never holds a second copy of
the base in memory; FAISS then maps its codes (`IO_FLAG_MMAP_IFC`), and every
process on the host shares those pages through the page cache. `index-<seq>.ids`
holds the chunk ids of the rows, ascending, as little-endian int64: mapped too, and
searched with `searchsorted` to turn ids into row positions.

`tests/unit/store/test_snapfile.py` pins the header to FAISS's own serializer.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
import xxhash

from vetorbase.store.fsutil import fsync_dir

#: fourcc, d, ntotal, two legacy dummies, is_trained, metric, number of floats.
_FLAT_HEADER = struct.Struct("<4siqqqBiq")
_DUMMY = 1 << 20
SAMPLE_BLOCKS = 64
SAMPLE_BLOCK_BYTES = 4096


def flat_header(dim: int, n: int) -> bytes:
    return _FLAT_HEADER.pack(b"IxFI", dim, n, _DUMMY, _DUMMY, 1, faiss.METRIC_INNER_PRODUCT, n * dim)


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    nbytes: int
    xxh3: str


class _HashingFile:
    """A temporary file that hashes what it writes and is renamed in place at the end."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        self.fh = open(self.tmp, "wb")
        self.hash = xxhash.xxh3_64()
        self.nbytes = 0

    def write(self, data: bytes | memoryview) -> None:
        view = memoryview(data).cast("B")  # numpy rows: count bytes, not rows
        self.fh.write(view)
        self.hash.update(view)
        self.nbytes += view.nbytes

    def finish(self) -> WrittenFile:
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        os.replace(self.tmp, self.target)
        return WrittenFile(self.target, self.nbytes, self.hash.hexdigest())

    def discard(self) -> None:
        self.fh.close()
        self.tmp.unlink(missing_ok=True)


def write_pair(
    faiss_path: Path, ids_path: Path, dim: int, n: int, batches: Iterable[tuple[np.ndarray, np.ndarray]],
) -> tuple[WrittenFile, WrittenFile]:
    """Stream `n` rows (ascending ids, unit float32 vectors) into the two files.

    Both files are complete, fsynced and renamed when this returns; on any error
    neither temporary is left behind.
    """
    vec_file = _HashingFile(faiss_path)
    id_file = _HashingFile(ids_path)
    try:
        vec_file.write(flat_header(dim, n))
        written = 0
        last = -1
        for ids, vectors in batches:
            if len(ids) and (ids[0] <= last or np.any(np.diff(ids) <= 0)):
                raise ValueError("snapshot rows must come in ascending id order")
            vec_file.write(np.ascontiguousarray(vectors, dtype="<f4").data)
            id_file.write(np.ascontiguousarray(ids, dtype="<i8").data)
            written += len(ids)
            if len(ids):
                last = int(ids[-1])
        if written != n:
            raise ValueError(f"snapshot expected {n} rows, the journal gave {written}")
        out = vec_file.finish(), id_file.finish()
    except BaseException:
        vec_file.discard()
        id_file.discard()
        raise
    fsync_dir(faiss_path.parent)
    return out


def sampled_hash(path: Path) -> str:
    """xxh3 of SAMPLE_BLOCKS blocks spread over the file: a cheap check on every open.

    It catches truncation, a file swapped for another and damage to the header or
    the blocks sampled; `full_hash` (run by check()) catches the rest.
    """
    h = xxhash.xxh3_64()
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        h.update(struct.pack("<q", size))
        span = max(size - SAMPLE_BLOCK_BYTES, 0)
        for i in range(SAMPLE_BLOCKS):
            fh.seek(span * i // (SAMPLE_BLOCKS - 1))
            h.update(fh.read(SAMPLE_BLOCK_BYTES))
    return h.hexdigest()


def full_hash(path: Path) -> str:
    h = xxhash.xxh3_64()
    with open(path, "rb") as fh:
        while block := fh.read(8 << 20):
            h.update(block)
    return h.hexdigest()


@dataclass
class MappedPart:
    """A published snapshot, mapped: searched by every process from the same pages."""

    seq: int
    index: faiss.IndexFlatIP
    ids: np.ndarray  # ascending chunk ids, memory-mapped

    @property
    def n(self) -> int:
        return int(self.index.ntotal)

    @property
    def max_id(self) -> int:
        return int(self.ids[-1]) if len(self.ids) else 0

    def vectors(self) -> np.ndarray:
        """A read-only view of the mapped rows (no copy)."""
        if not self.n:
            return np.empty((0, self.index.d), np.float32)
        flat = faiss.rev_swig_ptr(self.index.get_xb(), self.n * self.index.d)
        return flat.reshape(self.n, self.index.d)

    def positions(self, ids: np.ndarray) -> np.ndarray:
        """Row positions of `ids` (which must all be in the snapshot)."""
        return np.searchsorted(self.ids, ids)


def map_pair(faiss_path: Path, ids_path: Path, dim: int, n: int, seq: int) -> MappedPart:
    """Map a snapshot's files; raises ValueError/RuntimeError/OSError when they are unsound."""
    # read_index hands back the concrete class (and owns it): no downcast_index, whose
    # non-owning wrapper would outlive the object.
    index = faiss.read_index(str(faiss_path), faiss.IO_FLAG_MMAP_IFC)
    if not isinstance(index, faiss.IndexFlatIP):
        raise ValueError(f"holds a {type(index).__name__}, not an IndexFlatIP")
    if index.d != dim or index.ntotal != n:
        raise ValueError(f"holds {index.ntotal} vectors of {index.d}-d, expected {n} of {dim}-d")
    if os.path.getsize(ids_path) != 8 * n:
        raise ValueError(f"{ids_path.name} has {os.path.getsize(ids_path)} bytes, expected {8 * n}")
    ids = np.memmap(ids_path, dtype="<i8", mode="r") if n else np.empty(0, np.int64)
    if n > 1 and not bool(np.all(ids[1:] > ids[:-1])):
        raise ValueError(f"{ids_path.name}: ids are not ascending")
    return MappedPart(seq=seq, index=index, ids=ids)
