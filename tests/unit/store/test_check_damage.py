"""Issue 16, item 13: `check()` verifies what it reads and names the damaged part.

Blind spots found: a corrupted commit row passed `check()` and then crashed
`history()` with a raw exception; a corrupted vector blob in the journal was blamed
on the cache; garbage snapshot manifests went unreported. The damage is done here
with raw sqlite3 and raw file writes, the way a disk or a careless hand would.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import VetorbaseError

DIM = 8
#: The chunk whose vector gets damaged; a number no count in these small bases reaches.
DAMAGED_CHUNK = 23


def _base(folder: Path, *, snapshot: bool = False) -> None:
    """30 chunks in 10 commits, closed; optionally with a snapshot of the sound state."""
    base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:8")
    vecs = np.random.default_rng(0).normal(size=(30, DIM)).astype(np.float32)
    for i in range(10):
        base.add_document(f"doc-{i}", [f"doc {i} part {j}" for j in range(3)], vecs[3 * i:3 * i + 3])
    if snapshot:
        assert base.snapshot() is not None
    assert base.check() == []
    base.close()


def _raw(folder: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(folder / "vetorbase.sqlite")
    try:
        with conn:
            assert conn.execute(sql, params).rowcount == 1
    finally:
        conn.close()


def _problems(folder: Path) -> list[str]:
    base = VectorBase.open(folder)
    try:
        return base.check()
    finally:
        base.close()


def test_corrupted_commit_row_is_reported_by_check(base_dir):
    _base(base_dir)
    _raw(base_dir, "UPDATE commits SET summary = 'garbage{' WHERE seq = 4")
    problems = _problems(base_dir)
    assert any("commit" in p.lower() for p in problems), f"check() missed the damaged commit: {problems}"


def test_history_over_a_corrupted_commit_row_raises_a_typed_error(base_dir):
    _base(base_dir)
    _raw(base_dir, "UPDATE commits SET summary = 'garbage{' WHERE seq = 4")
    base = VectorBase.open(base_dir)
    try:
        with pytest.raises(VetorbaseError, match=r"(?i)commit|journal|history|vetorbase\.sqlite"):
            base.history()
    finally:
        base.close()


@pytest.mark.parametrize("damage", ["nan", "random-bytes"])
@pytest.mark.parametrize("snapshot", [False, True], ids=["rebuilt-cache", "cache-from-snapshot"])
def test_corrupted_vector_blob_is_blamed_on_the_journal_chunk(base_dir, damage, snapshot):
    _base(base_dir, snapshot=snapshot)
    if damage == "nan":
        blob = np.full(DIM, np.nan, np.float32).tobytes()
    else:  # same length, finite, but not the unit vector the journal always stores
        blob = (np.random.default_rng(99).normal(size=DIM) * 1000).astype(np.float32).tobytes()
    _raw(base_dir, "UPDATE chunks SET vector = ? WHERE id = ?", blob, DAMAGED_CHUNK)
    problems = _problems(base_dir)
    naming = [p for p in problems if re.search(rf"\b{DAMAGED_CHUNK}\b", p)]
    assert naming, f"no problem names chunk {DAMAGED_CHUNK}: {problems}"
    assert any(("journal" in p.lower() or "vector" in p.lower()) for p in naming), (
        f"the damaged chunk is not blamed on the journal's vector: {problems}"
    )


@pytest.mark.parametrize("junk", [b"junk{", b"[]", b'{"seq": "ninety-nine"}', b"\xff\xfe\x00garbage"])
def test_garbage_snapshot_manifest_is_reported(base_dir, junk):
    _base(base_dir, snapshot=True)
    (base_dir / "snapshots" / "index-000000000099.json").write_bytes(junk)
    problems = _problems(base_dir)
    assert any("index-000000000099" in p for p in problems), (
        f"check() did not report the garbage manifest: {problems}"
    )
