"""Issue 16, item 12: a full disk is reported as such, and no snapshot eats the last free space.

A background snapshot started by a *search* left its temporary file behind on a full
disk and took the last free space, so the next add failed; `compact` did the same.
A cleanly closed base on a 100%-full disk could not even be read and was reported as
`CorruptBase: disk I/O error`, which invites a needless restore. The bases here live
on a small tmpfs mounted for the test (root only).
"""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import DiskFull

DIM = 64
#: Enough chunks that the first cold search replays more than the snapshot threshold.
CHUNKS = 6000
#: Left free before the search: room for an add (a one-chunk commit writes about a dozen
#: 32 KiB pages to the WAL, with the keyword index), not for a 1.5 MB snapshot + margin.
SLACK = 1_000_000


@pytest.fixture
def small_disk(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """A tmpfs of `request.param` MiB (default 16), unmounted afterwards."""
    size = getattr(request, "param", 16)
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs to fill needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}m", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def _free(path: Path) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def _fill(disk: Path, leave: int = 0) -> None:
    """Write a filler file until only `leave` bytes (or nothing) are free."""
    with open(disk / f"filler-{len(list(disk.glob('filler-*')))}", "wb", buffering=0) as fh:
        for block in (1 << 16, 4096, 1):
            while _free(disk) - block >= leave:
                try:
                    fh.write(b"\0" * block)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
                    break
    assert _free(disk) <= leave + (1 << 16)


def _temporaries(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*.tmp-*"))


def _big_base(folder: Path) -> np.ndarray:
    vecs = np.random.default_rng(0).normal(size=(CHUNKS, DIM)).astype(np.float32)
    base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:64")
    base.add_texts([f"chunk {i}" for i in range(CHUNKS)], vecs,
                   [{"source": f"doc-{i % 300:03d}"} for i in range(CHUNKS)])
    base.close()
    return vecs


def _add_still_works(folder: Path) -> None:
    base = VectorBase.open(folder)
    try:
        base.add_document("after", ["added after the full-disk episode"], np.ones((1, DIM)))
        assert base.get_document(source="after") is not None
        assert base.check() == []
    finally:
        base.close()


def test_search_on_a_nearly_full_disk_leaves_no_snapshot_temporary(small_disk):
    folder = small_disk / "base"
    vecs = _big_base(folder)
    _fill(small_disk, leave=SLACK)
    free_before = _free(small_disk)
    base = VectorBase.open(folder)
    try:
        assert base.search(vecs[7], k=1)[0].source == "doc-007"  # cold: rebuild, then a snapshot
    finally:
        base.close()  # waits for the background snapshot
    assert _temporaries(folder) == [], "a failed snapshot left its temporary file behind"
    assert _free(small_disk) >= free_before - (1 << 16), (
        f"free space went from {free_before} to {_free(small_disk)} bytes after a search"
    )
    _add_still_works(folder)


def test_compact_on_a_nearly_full_disk_says_disk_full_and_cleans_up(small_disk):
    folder = small_disk / "base"
    _big_base(folder)
    _fill(small_disk, leave=SLACK)
    free_before = _free(small_disk)
    base = VectorBase.open(folder)
    try:
        base.compact()
    except DiskFull:
        pass  # the honest answer; anything else (a raw OSError) fails the test
    finally:
        base.close()
    assert _temporaries(folder) == [], "a failed compact left its temporary file behind"
    assert _free(small_disk) >= free_before - (1 << 16)
    _add_still_works(folder)


@pytest.mark.parametrize("small_disk", [4], indirect=True)
@pytest.mark.parametrize("read_only", [False, True])
def test_cleanly_closed_base_on_a_full_disk_reads_or_says_disk_full(small_disk, read_only):
    folder = small_disk / "base"
    vecs = np.random.default_rng(1).normal(size=(200, DIM)).astype(np.float32)
    base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:64")
    base.add_texts([f"chunk {i}" for i in range(200)], vecs, [{"source": f"doc-{i % 30:02d}"} for i in range(200)])
    base.close()
    # The write lock's file stays (it holds no data); -wal and -shm must be gone.
    assert sorted(os.listdir(folder)) == ["vetorbase.lock", "vetorbase.sqlite"], "precondition: cleanly closed"
    _fill(small_disk)
    assert _free(small_disk) == 0
    try:
        base = VectorBase.open(folder, read_only=read_only)
        try:
            assert base.search(vecs[3], k=1)[0].source == "doc-03"
            assert base.document_count() == 30
        finally:
            base.close()
    except DiskFull as exc:
        assert "full" in str(exc).lower()
