"""Issue 16, item 1: a snapshot from another base or another history must never serve searches.

Manifests carried no identity of the base or of its history, so a snapshot was
accepted whenever its seq lay between the log floor and the head. Three everyday
ways to get a foreign snapshot into a folder are replayed here: restoring the
journal from a backup while `snapshots/` holds a later one, re-creating a base in a
folder whose `snapshots/` remained, and copying in another base's snapshot with its
manifest. Each time a *fresh process* (cold cache, so it starts from a snapshot)
must answer searches exactly as brute force over the journal's own vectors does,
`check()` must not call the base consistent while serving foreign vectors, and
`compact()` must not publish the foreign data as a new snapshot.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from vetorbase import VectorBase

DIM = 64
EMBEDDER = "test:64"
CHUNKS_PER_DOC = 2

#: Runs in a new process: search cold (the cache starts from the newest acceptable
#: snapshot), then compare with brute force over the journal, then check().
SEARCH_SCRIPT = r"""
import json, sys
import numpy as np
from vetorbase import VectorBase

base = VectorBase.open(sys.argv[1])
rng = np.random.default_rng(12345)
docs = base.documents(limit=1_000_000)
chunks = [c for d in docs for c in base.chunks(d.id)]
source_of = {c.id: d.source for d in docs for c in base.chunks(d.id)}
ids = [c.id for c in chunks]
queries = list(rng.normal(size=(10, base.dim)).astype(np.float32))
queries += list(base.vectors(ids[::5]))             # exact-match queries on stored chunks
got = [[h.source for h in base.search(q, k=3)] for q in queries]   # searched first: cold cache
matrix = base.vectors(ids)
wrong = []
for q, hits in zip(queries, got):
    qn = q / np.linalg.norm(q)
    best = np.argsort(-(matrix @ qn), kind="stable")[:3]
    want = [source_of[ids[i]] for i in best]
    if hits != want:
        wrong.append({"want": want, "got": hits})
print(json.dumps({"total": len(queries), "wrong": wrong, "check": base.check()}))
"""


def _vectors(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


def _fill(folder: Path, prefix: str, docs: int, seed: int, *, create: bool = False) -> None:
    """Add `docs` documents of two chunks each, one commit per document, then close."""
    base = VectorBase.open(folder, create=create, dim=DIM if create else None,
                           embedder_id=EMBEDDER if create else None)
    vecs = _vectors(docs * CHUNKS_PER_DOC, seed)
    for i in range(docs):
        rows = vecs[i * CHUNKS_PER_DOC:(i + 1) * CHUNKS_PER_DOC]
        base.add_document(f"{prefix}-{i:03d}", [f"{prefix} {i} part {j}" for j in range(CHUNKS_PER_DOC)], rows)
    base.close()


def _publish_snapshot(folder: Path) -> None:
    base = VectorBase.open(folder)
    assert base.snapshot() is not None
    base.close()


def _search_in_new_process(folder: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", SEARCH_SCRIPT, str(folder)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _assert_answers_from_own_journal(folder: Path) -> None:
    result = _search_in_new_process(folder)
    wrong, problems = result["wrong"], result["check"]
    assert not (wrong and problems == []), (
        f"check() reports the base consistent while {len(wrong)} of {result['total']} "
        f"searches return other documents, e.g. {wrong[:2]}"
    )
    assert wrong == [], (
        f"{len(wrong)} of {result['total']} searches in a fresh process returned documents "
        f"that are not the base's best matches (a foreign snapshot was used), e.g. {wrong[:3]}; "
        f"check() said {problems}"
    )


def _copy_snapshot_files(src: Path, dst: Path) -> list[str]:
    """Copy every snapshot (index file + manifest) of `src` into `dst/snapshots`."""
    (dst / "snapshots").mkdir(exist_ok=True)
    names = [p.name for p in (src / "snapshots").glob("index-*") if ".tmp-" not in p.name]
    for name in names:
        shutil.copy2(src / "snapshots" / name, dst / "snapshots" / name)
    assert any(n.endswith(".json") for n in names), names
    return names


def _restored_backup_with_later_snapshots(tmp_path: Path) -> Path:
    """The journal restored from a backup, `snapshots/` from the live base's later history.

    The restored base then goes on working (new documents) past the seq of the later
    snapshot, as a team would after restoring — what `CorruptBase`'s message advises.
    """
    live, backup, restored = tmp_path / "live", tmp_path / "backup", tmp_path / "restored"
    _fill(live, "old", 50, seed=1, create=True)          # commits 1..50, chunks 1..100
    shutil.copytree(live, backup)                       # the backup
    _fill(live, "later", 50, seed=2)                    # commits 51..100, chunks 101..200
    _publish_snapshot(live)                             # snapshot at seq 100
    shutil.copytree(backup, restored)
    shutil.rmtree(restored / "snapshots", ignore_errors=True)
    shutil.copytree(live / "snapshots", restored / "snapshots")
    _fill(restored, "restored", 55, seed=3)             # commits 51..105, other vectors
    return restored


def test_restored_backup_ignores_a_later_snapshot_of_the_old_history(tmp_path):
    restored = _restored_backup_with_later_snapshots(tmp_path)
    _assert_answers_from_own_journal(restored)


def test_recreated_base_ignores_the_previous_bases_snapshots(tmp_path):
    folder = tmp_path / "base"
    _fill(folder, "first", 100, seed=4, create=True)
    _publish_snapshot(folder)                            # snapshot at seq 100
    for journal_file in folder.glob("vetorbase.sqlite*"):
        journal_file.unlink()
    assert (folder / "snapshots").is_dir()
    _fill(folder, "second", 105, seed=5, create=True)   # a new base: commits 1..105
    _assert_answers_from_own_journal(folder)


def test_another_bases_snapshot_copied_in_is_not_used(tmp_path):
    other, folder = tmp_path / "other", tmp_path / "base"
    _fill(other, "other", 100, seed=6, create=True)
    _publish_snapshot(other)                             # snapshot at seq 100, same dim
    _fill(folder, "mine", 105, seed=7, create=True)     # head 105, no snapshot of its own
    _copy_snapshot_files(other, folder)
    _assert_answers_from_own_journal(folder)


def test_compact_does_not_publish_a_foreign_snapshot(tmp_path):
    restored = _restored_backup_with_later_snapshots(tmp_path)
    base = VectorBase.open(restored)
    result = base.compact()
    base.close()
    assert result["seq"] == 105
    _assert_answers_from_own_journal(restored)
