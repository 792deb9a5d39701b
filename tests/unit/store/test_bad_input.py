"""Bad input gets a clear error and loses nothing that was committed.

The argument checks run on both backends (`base`); the damaged-file cases are about a
folder's own files (`folder_base`).
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import (
    CorruptBase,
    DimensionMismatch,
    InvalidInput,
    LockTimeout,
    NetworkFilesystem,
    SchemaTooNew,
)
from vetorbase.store.fsutil import refuse_network_filesystem

DIM = 8


def vecs(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


def _opened(location) -> VectorBase:
    b = VectorBase.open(location, create=True, dim=DIM, embedder_id="test:8")
    b.add_document("keep", ["kept text"], vecs(1))
    return b


@pytest.fixture
def base(base_location):
    b = _opened(base_location)
    yield b
    b.close()


@pytest.fixture
def folder_base(base_dir):
    b = _opened(base_dir)
    yield b
    b.close()


@pytest.mark.parametrize(
    "texts, vectors, exc, message",
    [
        (["a"], np.ones((1, DIM + 1)), DimensionMismatch, "dimension 9"),
        (["a"], np.full((1, DIM), np.nan), InvalidInput, "NaN"),
        (["a"], np.zeros((1, DIM)), InvalidInput, "all zeros"),
        (["  "], np.ones((1, DIM)), InvalidInput, "empty"),
        (["a", "b"], np.ones((1, DIM)), InvalidInput, "2 texts but 1 vectors"),
        ("one string", np.ones((1, DIM)), InvalidInput, "not one string"),
    ],
)
def test_bad_writes_are_refused_and_write_nothing(base, texts, vectors, exc, message):
    with pytest.raises(exc, match=message):
        base.add_texts(texts, vectors, None if isinstance(texts, str) else [{"source": "bad"}] * len(texts))
    assert base.count() == 1 and base.check() == []


def test_huge_metadata_is_stored_below_the_limit_and_refused_above(base):
    big = {"source": "big", "blob": "x" * 100_000}
    base.add_texts(["big"], vecs(1, 3), [big])
    hit = base.search(vecs(1, 3)[0], k=1)[0]
    assert hit.metadata["blob"] == big["blob"]
    with pytest.raises(InvalidInput, match="KiB"):
        base.add_texts(["huge"], vecs(1, 4), [{"source": "huge", "blob": "y" * 2_000_000}])
    assert base.get_document(source="huge") is None and base.count() == 2


def test_bad_search_arguments(base):
    with pytest.raises(DimensionMismatch):
        base.search(np.ones(3))
    with pytest.raises(InvalidInput):
        base.search(np.ones(DIM), k=0)
    with pytest.raises(InvalidInput, match="unknown operator"):
        base.search(np.ones(DIM), where={"source": {"$regex": "x"}})


def test_garbage_journal_is_a_clear_error_and_is_not_overwritten(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    junk = b"this is not sqlite at all " * 200
    (folder / "vetorbase.sqlite").write_bytes(junk)
    for create in (False, True):
        with pytest.raises(CorruptBase, match="vetorbase.sqlite") as info:
            VectorBase.open(folder, create=create, dim=DIM, embedder_id="test:8")
        assert info.value.path and info.value.path.endswith("vetorbase.sqlite")
    assert (folder / "vetorbase.sqlite").read_bytes() == junk


def test_too_new_schema_is_refused(folder_base, base_dir):
    folder_base.close()
    conn = sqlite3.connect(base_dir / "vetorbase.sqlite")
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(SchemaTooNew, match="newer Vetorbase"):
        VectorBase.open(base_dir)


def test_lock_timeout_is_retryable_and_names_the_base(folder_base, base_dir):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1], isolation_level=None);"
         "c.execute('BEGIN IMMEDIATE'); print('locked', flush=True); time.sleep(30)",
         str(base_dir / "vetorbase.sqlite")],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        folder_base.close()
        b = VectorBase.open(base_dir, lock_timeout=0.3)
        with pytest.raises(LockTimeout, match="retry|try again") as info:
            b.add_document("x", ["x"], vecs(1))
        assert info.value.retryable
        assert b.count() == 1  # reads still work while someone writes
    finally:
        holder.kill()
        holder.wait()
    b.add_document("x", ["x"], vecs(1))
    assert b.count() == 2


def test_network_filesystem_is_refused(tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/export {tmp_path} nfs4 rw 0 0\n")
    with pytest.raises(NetworkFilesystem, match="nfs4"):
        refuse_network_filesystem(tmp_path / "base", str(mounts))
    monkeypatch.setenv("VETORBASE_ALLOW_NETWORK_FS", "1")
    refuse_network_filesystem(tmp_path / "base", str(mounts))
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\n")
    monkeypatch.delenv("VETORBASE_ALLOW_NETWORK_FS")
    refuse_network_filesystem(tmp_path / "base", str(mounts))


def _fresh_process_search(base_dir, dim=DIM):
    code = (
        "import sys, json, numpy as np, logging; logging.basicConfig(level=logging.WARNING);"
        "from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
        f"hits = b.search(np.ones({dim}, dtype=np.float32), k=100);"
        "print(json.dumps(sorted(h.id for h in hits)))"
    )
    return subprocess.run([sys.executable, "-c", code, str(base_dir)], capture_output=True, text=True, check=True)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip"])
def test_damaged_snapshot_is_ignored_with_a_warning_and_rebuilt(folder_base, base_dir, damage, caplog):
    base = folder_base
    for i in range(10):
        base.add_document(f"d{i}", ["a", "b"], vecs(2, i))
    expected = sorted(h.id for h in base.search(np.ones(DIM), k=100))
    snap = base.snapshot()
    assert snap is not None and snap.exists()
    data = bytearray(snap.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(b"\x00garbage" * (len(data) // 8))
    else:
        data[len(data) // 2] ^= 0xFF
    snap.write_bytes(bytes(data))
    out = _fresh_process_search(base_dir)
    assert out.stdout.strip() == str(expected).replace(" ", "").replace(",", ", ")
    assert "ignoring damaged snapshot" in out.stderr
    assert any("snapshot damaged" in p for p in base.check())
    base.add_document("more", ["c"], vecs(1, 99))
    assert base.snapshot() is not None  # a sound one replaces it
