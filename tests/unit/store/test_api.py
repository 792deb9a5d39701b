"""The store's public API on a real base: a temporary folder, and a base on PostgreSQL."""

from __future__ import annotations

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import EmbedderMismatch, DimensionMismatch, InvalidInput, NotABase
from vetorbase.store.locations import password_of, redact

DIM = 16


def vecs(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


@pytest.fixture
def base(base_location):
    b = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:16")
    yield b
    b.close()


def test_open_returns_one_shared_instance_per_path(base, base_location):
    assert VectorBase.open(base_location) is base
    if base.backend == "folder":
        assert VectorBase.open(base_location + "/") is base
    else:  # the same base spelled without its password (libpq finds it elsewhere)
        assert VectorBase.open(redact(base_location), password=password_of(base_location)) is base


def test_add_search_returns_the_nearest_chunk_with_text_and_metadata(base):
    v = vecs(5)
    ids = base.add_texts([f"t{i}" for i in range(5)], v, [{"source": "a.txt", "i": i} for i in range(5)])
    assert len(ids) == 5 and len(set(ids)) == 5
    hits = base.search(v[3], k=2)
    assert hits[0].id == ids[3] and hits[0].text == "t3"
    assert hits[0].metadata["i"] == 3 and hits[0].source == "a.txt"
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert hits[0].score >= hits[1].score


def test_add_texts_groups_chunks_into_documents_by_source(base):
    base.add_texts(["a", "b", "c"], vecs(3), [{"source": "x"}, {"source": "y"}, {"source": "x"}])
    base.add_texts(["d"], vecs(1, 1), [{"source": "x"}])
    docs = {d.source: d for d in base.documents()}
    assert docs["x"].chunks == 3 and docs["y"].chunks == 1
    assert [c.text for c in base.chunks(docs["x"].id)] == ["a", "c", "d"]


def test_add_document_replaces_the_previous_version_atomically(base):
    base.add_document("doc.pdf", ["old1", "old2"], vecs(2), sha256="1")
    doc = base.add_document("doc.pdf", ["new"], vecs(1, 5), sha256="2", metadata={"mime": "application/pdf"})
    assert base.document_count() == 1 and base.count() == 1
    assert doc.sha256 == "2" and doc.chunks == 1
    assert [c.text for c in base.chunks(doc.id)] == ["new"]
    assert base.chunks(doc.id)[0].metadata["mime"] == "application/pdf"
    assert all(h.text == "new" for h in base.search(vecs(1, 9)[0], k=5))


def test_remove_where_removes_matching_chunks_and_empty_documents(base):
    base.add_document("a", ["1", "2"], vecs(2), [{"page": 1}, {"page": 2}])
    base.add_document("b", ["3"], vecs(1, 2))
    docs, n = base.preview_where({"source": "a"})
    assert n == 2 and [d.source for d in docs] == ["a"]
    assert base.remove_where({"page": 1}) == 1
    assert base.get_document(source="a").chunks == 1
    assert base.remove_where({"source": "a"}) == 1
    assert base.get_document(source="a") is None
    assert base.remove_where({"source": "nothing"}) == 0
    assert base.count() == 1
    with pytest.raises(InvalidInput):
        base.remove_where({})


def test_remove_documents_by_id(base):
    a = base.add_document("a", ["1", "2"], vecs(2))
    base.add_document("b", ["3"], vecs(1, 2))
    assert base.remove_documents([a.id]) == 2
    assert [d.source for d in base.documents()] == ["b"]
    assert all(h.source == "b" for h in base.search(vecs(1)[0], k=3))


def test_documents_paging_sorting_and_text_filter(base):
    for i in range(25):
        base.add_document(f"/data/{'pt' if i % 2 else 'en'}/doc{i:02d}.txt", ["x"] * (i % 3 + 1), vecs(i % 3 + 1, i))
    page1 = base.documents(limit=10, sort="source", descending=False)
    page2 = base.documents(offset=10, limit=10, sort="source", descending=False)
    assert len(page1) == 10 and page1[-1].source < page2[0].source
    assert base.document_count(text="/PT/") == 12
    assert all("/pt/" in d.source for d in base.documents(text="/pt/", limit=100))
    by_chunks = base.documents(sort="chunks", limit=100)
    assert by_chunks[0].chunks == 3 and by_chunks[-1].chunks == 1
    assert base.documents(sort="name", descending=False, limit=1)[0].name == "doc00.txt"
    with pytest.raises(InvalidInput):
        base.documents(sort="nonsense")


def test_metadata_keys_and_values_for_completion(base):
    base.add_texts(["a", "b"], vecs(2), [{"source": "s1", "lang": "pt"}, {"source": "s2", "lang": "en"}])
    assert {"source", "lang"} <= set(base.metadata_keys())
    assert base.metadata_values("lang") == ["en", "pt"]
    assert base.metadata_values("source", prefix="s2") == ["s2"]


def test_stats_and_history_record_origin(base):
    base.add_document("a", ["1"], vecs(1), origin="worker@host")
    s = base.stats()
    assert (s.chunks, s.documents, s.dimension, s.embedder_id) == (1, 1, DIM, "test:16")
    assert s.last_change_by == "worker@host" and s.seq == base.journal_seq() > 0
    assert s.bytes_on_disk > 0
    h = base.history()
    assert h[0]["origin"] == "worker@host" and h[0]["chunks_added"] == 1


def test_refresh_reports_what_changed_since_last_call(base):
    base.refresh()
    base.add_document("a", ["1", "2"], vecs(2), origin="w@h")
    base.remove_documents([base.get_document(source="a").id])
    base.add_document("b", ["3"], vecs(1), origin="x@h")
    ch = base.refresh()
    assert ch.changed and ch.added_chunks == 3 and ch.removed_chunks == 2
    assert ch.added_documents == ["a", "b"] and ch.removed_documents == ["a"]
    assert ch.origins[0] == "w@h" and "x@h" in ch.origins
    assert not base.refresh().changed


def test_check_is_clean_and_compact_keeps_everything(base):
    for i in range(20):
        base.add_document(f"d{i}", ["a", "b"], vecs(2, i))
    base.remove_where({"source": {"$in": ["d1", "d2"]}})
    assert base.check() == []
    before = {h.id for h in base.search(vecs(1)[0], k=50)}
    report = base.compact()
    assert report["log_rows_pruned"] > 0
    assert base.check() == []
    assert {h.id for h in base.search(vecs(1)[0], k=50)} == before


def test_open_missing_base_without_create_is_a_clear_error(tmp_path):
    with pytest.raises(NotABase, match="does not exist"):
        VectorBase.open(tmp_path / "nope")


def test_langchain_folder_is_recognised_and_not_opened(tmp_path):
    (tmp_path / "index.faiss").write_bytes(b"x")
    (tmp_path / "index.pkl").write_bytes(b"x")
    with pytest.raises(NotABase, match="import-langchain"):
        VectorBase.open(tmp_path)


def test_embedder_mismatch_names_the_embedder_that_built_the_base(base, base_location):
    with pytest.raises(EmbedderMismatch, match="test:16"):
        VectorBase.open(base_location, embedder_id="ollama:nomic@http://x")
    with pytest.raises(DimensionMismatch, match="16-d"):
        VectorBase.open(base_location, dim=768)
    info = VectorBase.read_info(base_location)
    assert info["embedder_id"] == "test:16" and info["dim"] == DIM


def test_vectors_and_remove_chunks_by_id(base):
    v = vecs(3)
    ids = base.add_texts(["a", "b", "c"], v, [{"source": "s"}] * 3)
    got = base.vectors([ids[2], ids[0]])
    expected = v[[2, 0]] / np.linalg.norm(v[[2, 0]], axis=1, keepdims=True)
    assert np.allclose(got, expected, atol=1e-6)
    with pytest.raises(InvalidInput, match="no chunk"):
        base.vectors([999_999])
    assert base.remove_chunks([ids[1]]) == 1
    assert [c.text for c in base.chunks(base.get_document(source="s").id)] == ["a", "c"]
    assert base.remove_chunks([ids[0], ids[2]]) == 2
    assert base.get_document(source="s") is None and base.check() == []


def test_removing_unknown_chunks_commits_nothing(base):
    base.add_document("a", ["x"], vecs(1))
    seq = base.journal_seq()
    assert base.remove_chunks([123456]) == 0
    assert base.journal_seq() == seq and base.check() == []


def test_a_read_that_began_before_another_threads_catch_up_moves_forward(base):
    import threading

    base.add_document("a", ["a"], vecs(1))
    base.search(vecs(1)[0], k=1)
    with base._journal.read() as conn:  # this read's snapshot predates the next commit
        from vetorbase.store import queries

        old_head = queries.head_seq(conn)
        newer: list[int] = []
        t = threading.Thread(target=lambda: (base.add_document("b", ["b"], vecs(1, 1)),
                                             base.search(vecs(1)[0], k=1),
                                             newer.append(base.journal_seq())))
        t.start()
        t.join()
        assert base.seq == newer[0] > old_head  # the other thread caught the cache up
        with base._sync.locked(conn) as cache:
            assert cache.seq == newer[0]
            assert queries.head_seq(conn) == cache.seq  # the read moved forward
    assert not base._sync.take_full_reload_flag()
    assert {h.source for h in base.search(vecs(1)[0], k=5)} == {"a", "b"}


def test_a_writer_is_not_handed_an_instance_opened_read_only(base, base_location):
    base.add_document("a", ["x"], vecs(1))
    reader = VectorBase.open(base_location, read_only=True)
    assert reader is base  # an existing writable instance serves readers too
    base.close()
    reader = VectorBase.open(base_location, read_only=True)
    assert reader.read_only
    writer = VectorBase.open(base_location)
    assert writer is not reader and not writer.read_only
    writer.add_document("b", ["y"], vecs(1, 1))
    assert VectorBase.open(base_location, read_only=True) is writer
    assert {d.source for d in reader.documents()} == {"a", "b"}
    writer.close()
    reader.close()
