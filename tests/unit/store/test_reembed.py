"""Re-embedding in one process: progress, cancel and resume, documents added and removed
meanwhile, the switch (embedder, dimension, snapshots, history, staging cleaned up),
conflicts and refusals. Real bases; embedders from tests/hashembed.py via `import:`."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from hashembed import HASH_ID, hash_vector
from vetorbase import VectorBase
from vetorbase.embeddings import get_embedder
from vetorbase.errors import Cancelled, EmbedderMismatch, InvalidInput, ReembedConflict
from vetorbase.store.reembed import discard, reembed, status

SALTED64 = "import:hashembed:salted64"
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "round1-base"


_opened: list[VectorBase] = []


@pytest.fixture(params=["folder", "postgresql"])
def location(request, tmp_path):
    """Where the base lives: a folder, or a base on the suite's PostgreSQL server."""
    yield str(tmp_path / "base") if request.param == "folder" else request.getfixturevalue("pg_url")
    while _opened:
        _opened.pop().close()  # a server base holds connections until closed


def second(location: str, tmp_path: Path) -> str:
    """Another base next to `location`, on the same backend."""
    if location.startswith("postgresql:"):
        return location.replace("?base=", "?base=x")
    return str(tmp_path / "second")


def staging_rows(base: VectorBase) -> tuple[int, int]:
    """(rows in the staging table, reembed_* keys in meta), read through the base's journal."""
    with base._journal.read() as conn:
        rows = conn.execute("SELECT count(*) FROM reembed_vectors").fetchone()[0]
        keys = conn.execute("SELECT count(*) FROM meta WHERE key IN "
                            "('reembed_embedder_id', 'reembed_dim', 'reembed_started_at')").fetchone()[0]
    return int(rows), int(keys)


def salted(text: str) -> np.ndarray:
    return hash_vector("salt " + text, 64)


def make_base(location: str | Path, docs: int = 10, per_doc: int = 20) -> VectorBase:
    emb = get_embedder(HASH_ID)
    base = VectorBase.open(location, create=True, dim=96, embedder_id=HASH_ID)
    _opened.append(base)
    for d in range(docs):
        texts = [f"documento {d} trecho {j} assunto{d % 3} palavra{j}" for j in range(per_doc)]
        base.add_document(f"doc-{d}", texts, emb.embed_array(texts), metadata={"n": d})
    return base


def all_chunks(base: VectorBase) -> tuple[list[int], list[str]]:
    ids, texts = [], []
    for doc in base.documents(limit=10_000):
        for c in base.chunks(doc.id):
            ids.append(c.id)
            texts.append(c.text)
    return ids, texts


def assert_moved_to_salted(base: VectorBase) -> None:
    ids, texts = all_chunks(base)
    assert (base.embedder_id, base.dim) == (SALTED64, 64)
    np.testing.assert_allclose(base.vectors(ids), np.stack([salted(t) for t in texts]), atol=1e-6)
    assert base.check() == []


def test_move_switches_every_vector_the_embedder_and_cleans_up(location):
    base = make_base(location)
    base.snapshot()
    seen: list[tuple[int, int]] = []
    result = reembed(base, get_embedder(SALTED64), batch_size=32, progress=lambda d, t: seen.append((d, t)))
    assert result.switched and (result.embedder_from, result.embedder_to) == (HASH_ID, SALTED64)
    assert (result.dim_from, result.dim_to, result.chunks, result.embedded, result.resumed) == (96, 64, 200, 200, 0)
    # Progress: the library's own counts, one call per committed batch, ending at the total.
    assert seen[0] == (0, 200) and seen[-1] == (200, 200) and len(seen) == 1 + 7
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert_moved_to_salted(base)
    info = VectorBase.read_info(location)
    assert (info["embedder_id"], info["dim"]) == (SALTED64, 64)
    assert base.stats().dimension == 64
    # A search with the new embedder finds the right chunk; the old snapshots are gone and
    # the new one holds 64-d vectors.
    hit = base.search(salted("documento 4 trecho 7 assunto1 palavra7"), k=1)[0]
    assert hit.source == "doc-4" and hit.metadata["n"] == 4
    assert {s.dim for s in base._snapshots.list()} == {64}
    assert base.history(limit=1)[0]["kind"] == "reembed"
    st = status(base)
    assert (st.target_embedder_id, st.staged, st.embedder_id) == (None, 0, SALTED64)
    assert staging_rows(base) == (0, 0)
    # Once there, another run changes nothing.
    again = reembed(base, get_embedder(SALTED64))
    assert not again.switched and again.embedded == 0


def test_cancel_keeps_the_old_base_and_the_next_run_resumes(location):
    base = make_base(location)
    cancel = threading.Event()
    old_hit = base.search(hash_vector("documento 3 trecho 2 assunto0 palavra2"), k=1)[0]

    def stop_after_two_batches(done: int, total: int) -> None:
        if done >= 50:
            cancel.set()

    with pytest.raises(Cancelled, match="Run it again to continue") as err:
        reembed(base, get_embedder(SALTED64), batch_size=25, progress=stop_after_two_batches, cancel=cancel)
    assert "after 50 of 200 chunks" in str(err.value) and HASH_ID in str(err.value)
    # The old base is untouched and answers as before.
    assert (base.embedder_id, base.dim) == (HASH_ID, 96)
    assert base.search(hash_vector("documento 3 trecho 2 assunto0 palavra2"), k=1)[0] == old_hit
    st = status(base)
    assert (st.target_embedder_id, st.target_dim, st.staged, st.chunks) == (SALTED64, 64, 50, 200)
    result = reembed(base, get_embedder(SALTED64), batch_size=25)
    assert (result.resumed, result.embedded, result.chunks) == (50, 150, 200)
    assert_moved_to_salted(base)


def test_documents_added_and_removed_during_the_move_are_followed(location):
    base = make_base(location)
    emb = get_embedder(HASH_ID)
    calls = {"n": 0}

    def meanwhile(done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # another writer, with the old embedder, in the middle of the pass
            texts = ["novo documento chegou durante", "mais um trecho novo"]
            base.add_document("late-1", texts, emb.embed_array(texts))
            base.remove_where({"source": "doc-0"})  # already staged: its rows stop counting
            base.remove_where({"source": "doc-9"})  # not staged yet
        if calls["n"] == 4:
            base.add_texts(["um texto solto"], emb.embed_array(["um texto solto"]), [{"source": "late-2"}])

    result = reembed(base, get_embedder(SALTED64), batch_size=40, progress=meanwhile)
    assert result.chunks == base.count() == 200 - 40 + 3
    assert_moved_to_salted(base)
    hit = base.search(salted("novo documento chegou durante"), k=1)[0]
    assert hit.source == "late-1"


def test_chunks_added_after_the_last_pass_are_embedded_under_the_lock(location, tmp_path, monkeypatch):
    base = make_base(location, docs=3)
    emb = get_embedder(HASH_ID)
    from vetorbase.store import reembed as module

    real_pass = module.Reembedding._pass

    def pass_then_a_writer(self, dim):
        real_pass(self, dim)
        texts = [f"tardio {i}" for i in range(5)]
        base.add_document(f"late-{self.embedded}", texts, emb.embed_array(texts))

    monkeypatch.setattr(module.Reembedding, "_pass", pass_then_a_writer)
    result = reembed(base, get_embedder(SALTED64), batch_size=16)
    assert (result.under_lock, result.passes, result.chunks) == (5, 1, 65)
    assert_moved_to_salted(base)
    # More stragglers than the limit: another pass first, without holding the lock; a
    # writer that adds after every pass is outrun after MAX_PASSES by embedding its last
    # chunks under the lock.
    base = make_base(second(location, tmp_path), docs=3)
    result = module.Reembedding(base, get_embedder(SALTED64), batch_size=16, max_under_lock=4).run()
    assert (result.passes, result.under_lock, result.chunks) == (module.MAX_PASSES, 5, 60 + 5 * module.MAX_PASSES)
    assert_moved_to_salted(base)


def test_writes_with_the_old_embedder_after_the_move_are_refused(location):
    base = make_base(location, docs=2)
    reembed(base, get_embedder(SALTED64))
    # This process made the move: its own vectors of the old size are simply wrong.
    with pytest.raises(EmbedderMismatch):
        base.add_texts(["x"], [hash_vector("x")], [{"source": "x"}])
    assert base.count() == 40


def test_another_target_discards_the_staged_vectors_and_stops_the_other_run(location):
    base = make_base(location, docs=4)
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        reembed(base, get_embedder(SALTED64), batch_size=20, cancel=cancel,
                progress=lambda d, t: cancel.set() if d >= 20 else None)
    assert status(base).staged == 20
    salted96 = get_embedder("import:hashembed:salted96")

    def switch_target(done: int, total: int) -> None:
        if done == 20:  # someone starts a move to another embedder meanwhile
            with base._journal.write() as conn:
                from vetorbase.store import reembedsql
                reembedsql.begin(conn, HASH_ID + "-other", 7)

    with pytest.raises(ReembedConflict, match="another process changed the re-embedding"):
        reembed(base, salted96, batch_size=20, progress=switch_target)
    assert base.embedder_id == HASH_ID and base.count() == 80
    assert discard(base) >= 0 and status(base).target_embedder_id is None
    assert base.check() == []


def test_refusals(base_dir, tmp_path):
    base = make_base(base_dir, docs=1)
    with pytest.raises(InvalidInput, match="batch_size"):
        reembed(base, get_embedder(SALTED64), batch_size=0)
    ro = tmp_path / "ro"
    shutil.copytree(base_dir, ro)
    base.close()
    reader = VectorBase.open(ro, read_only=True)
    with pytest.raises(InvalidInput, match="read-only"):
        reembed(reader, get_embedder(SALTED64))


def test_a_round1_base_is_upgraded_and_moves(tmp_path):
    target = tmp_path / "round1"
    shutil.copytree(FIXTURE, target)
    base = VectorBase.open(target)
    n = base.count()
    result = reembed(base, get_embedder(SALTED64))
    assert result.chunks == n and base.dim == 64
    assert base.check() == []


def test_two_runs_of_the_same_move_end_with_one_switch(location):
    base = make_base(location, docs=4)
    from vetorbase.store.reembed import Reembedding

    second_run: list = []

    def the_other_run_finishes_first(done: int, total: int) -> None:
        if done == 20 and not second_run:  # another process, same target, runs to the end
            second_run.append(Reembedding(base, get_embedder(SALTED64), batch_size=20).run())

    result = reembed(base, get_embedder(SALTED64), batch_size=20, progress=the_other_run_finishes_first)
    assert second_run[0].switched and second_run[0].resumed == 20
    assert not result.switched and result.embedder_to == SALTED64
    assert [c["kind"] for c in base.history(limit=10)].count("reembed") == 1
    assert_moved_to_salted(base)


def test_the_trash_moves_with_the_base(location):
    """Trashed chunks keep their vectors for a restore (store/trash.py): they are staged and
    switched with the chunks, and a chunk trashed during the move is a straggler it takes."""
    base = make_base(location, docs=2)

    def trash_rows(texts: list[str]) -> None:
        source = f"lixo-{texts[0]}"
        base.add_document(source, texts, np.stack([hash_vector(t) for t in texts]))
        assert base.remove_where({"source": source}) == len(texts)  # to the trash

    trash_rows([f"apagado {i}" for i in range(30)])
    assert (status(base).chunks, status(base).trashed) == (40, 30)
    calls = {"n": 0}

    def meanwhile(done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            trash_rows(["removido durante a troca"])  # a removal during the move: a straggler

    result = reembed(base, get_embedder(SALTED64), batch_size=16, progress=meanwhile)
    assert result.chunks == 40 and result.embedded == 71
    with base._journal.read() as conn:
        rows = conn.execute("SELECT text, vector FROM trash_chunks ORDER BY id").fetchall()
    assert len(rows) == 31
    for text, blob in rows:
        np.testing.assert_allclose(np.frombuffer(bytes(blob), np.float32), salted(text), atol=1e-6)
    assert base.history(limit=1)[0]["reembedded_trash"] == 31
    assert_moved_to_salted(base)


def test_an_embedder_failing_mid_way_leaves_the_old_base_and_what_was_staged(location):
    from vetorbase.errors import EmbeddingError

    base = make_base(location, docs=3)
    emb = get_embedder(HASH_ID)
    base.add_document("last", ["[fail] this one breaks the model"], emb.embed_array(["[fail] x"]))
    with pytest.raises(EmbeddingError, match="the model server went away"):
        reembed(base, get_embedder("import:hashembed:FailOnMark"), batch_size=20)
    st = status(base)
    assert (base.embedder_id, st.target_embedder_id, st.staged, st.total) == (
        HASH_ID, "import:hashembed:FailOnMark", 60, 61)
    assert base.search(hash_vector("documento 1 trecho 3 assunto1 palavra3"), k=1)[0].source == "doc-1"
    assert base.check() == []
