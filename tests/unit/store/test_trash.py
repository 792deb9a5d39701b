"""The trash on a real base: removal, restore, purge, emptying by age, conflicts, check()."""

from __future__ import annotations

import time

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput, TrashConflict

DIM = 16


def vecs(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


@pytest.fixture(params=["folder", "postgresql"])
def base(base_dir, request):
    """The same trash on both backends: a folder (SQLite) and a PostgreSQL base."""
    location = base_dir if request.param == "folder" else request.getfixturevalue("pg_url")
    b = VectorBase.open(location, create=True, dim=DIM, embedder_id="test:16")
    b.add_document("/d/contrato.txt", ["multa por atraso", "prazo de entrega", "foro da comarca"], vecs(3, 1),
                   [{"page": 1}, {"page": 2}, {"page": 3}], metadata={"lang": "pt", "team": "legal"}, sha256="aa")
    b.add_document("/d/report.txt", ["quarterly revenue", "safety incident"], vecs(2, 2),
                   metadata={"lang": "en"}, sha256="bb")
    b.add_document("/e/nota.txt", ["nota fiscal 004471"], vecs(1, 3), metadata={"lang": "pt"}, sha256="cc")
    yield b
    b.close()


def snapshot(b: VectorBase) -> dict:
    """Everything a person sees of the base, without ids (restored chunks get new ones).

    Hits with exactly equal scores are ordered by text: the rankers break exact ties by
    chunk id, and a restored chunk has a new id.
    """
    q = vecs(1, 9)[0]

    def hits(found: list) -> list:
        return sorted(((h.text, round(h.score, 6), h.metadata, h.source) for h in found),
                      key=lambda h: (-h[1], h[0]))

    docs = [(d.source, d.chunks, d.sha256, d.metadata, d.added_at, d.added_by, d.chars)
            for d in b.documents(limit=100)]
    return {
        "semantic": hits(b.search(q, k=10)),
        "keyword": hits(b.search(text="multa prazo entrega quarterly revenue incident", mode="keyword", k=10)),
        "hybrid": hits(b.search(q, text="multa prazo entrega quarterly revenue incident", mode="hybrid", k=10)),
        "filtered": hits(b.search(q, k=10, where={"lang": "pt"})),
        "docs": docs, "count": b.count(), "doc_count": b.document_count(),
        "chunks": {d.source: [(c.ordinal, c.text, c.metadata) for c in b.chunks(d.id)] for d in b.documents()},
    }


def test_removed_documents_leave_every_mode_and_come_back_identical(base):
    before = snapshot(base)
    old_ids = {c.id for d in base.documents() for c in base.chunks(d.id)}
    assert base.remove_where({"lang": "pt"}) == 4
    q = vecs(1, 9)[0]
    assert {h.source for h in base.search(q, k=10)} == {"/d/report.txt"}
    assert base.search(text="multa nota", mode="keyword", k=10) == []
    assert {h.source for h in base.search(q, text="multa", mode="hybrid", k=10)} == {"/d/report.txt"}
    assert [d.source for d in base.documents()] == ["/d/report.txt"]
    assert base.count() == 2 and base.count({"lang": "pt"}) == 0 and base.document_count() == 1
    assert "multa" not in str(base.metadata_values("lang"))
    [entry] = base.trash()
    assert (entry.kind, entry.documents, entry.chunks, entry.where) == ("remove_where", 2, 4, {"lang": "pt"})
    assert entry.sources == ("/d/contrato.txt", "/e/nota.txt") and entry.removed_by == base.origin
    assert base.check() == []

    result = base.restore([entry.id])
    assert (result.entries, result.documents, result.chunks) == (1, 2, 4)
    assert not set(result.chunk_ids) & old_ids, "ids are never reused"
    assert min(result.chunk_ids) > max(old_ids)
    assert snapshot(base) == before
    assert base.trash() == [] and base.check() == []
    kinds = [c["kind"] for c in base.history(3)]
    assert kinds[:2] == ["restore", "remove_where"]
    record = base.history(1)[0]
    assert (record["chunks_added"], record["documents_added"], record["restored"]) == (4, 2, 1)
    assert record["sources_added"] == ["/d/contrato.txt", "/e/nota.txt"]


def test_purge_is_permanent_and_never_in_the_trash(base):
    assert base.remove_where({"source": "/e/nota.txt"}, purge=True) == 1
    assert base.trash() == []
    assert base.restore(all=True).chunks == 0
    assert base.get_document(source="/e/nota.txt") is None
    assert base.remove_documents([base.get_document(source="/d/report.txt").id], purge=True) == 2
    doc = base.get_document(source="/d/contrato.txt")
    assert base.remove_chunks([base.chunks(doc.id)[0].id], purge=True) == 1
    assert base.trash() == [] and base.count() == 2 and base.check() == []
    assert base.history(1)[0]["purged"] is True


def test_part_of_a_document_goes_back_into_it_with_its_ordinal(base):
    doc = base.get_document(source="/d/contrato.txt")
    before = snapshot(base)
    middle = base.chunks(doc.id)[1]
    assert base.remove_chunks([middle.id]) == 1
    assert [c.text for c in base.chunks(doc.id)] == ["multa por atraso", "foro da comarca"]
    assert base.get_document(doc_id=doc.id).chunks == 2
    [entry] = base.trash()
    assert (entry.kind, entry.documents, entry.chunks) == ("remove_chunks", 1, 1)
    base.restore(source="/d/contrato.txt")
    assert base.get_document(doc_id=doc.id).id == doc.id  # the same document, never left
    record = base.history(1)[0]
    assert (record["kind"], record["documents_added"], record["chunks_added"]) == ("restore", 0, 1)
    assert [(c.ordinal, c.text) for c in base.chunks(doc.id)] == [(0, "multa por atraso"), (1, "prazo de entrega"),
                                                                (2, "foro da comarca")]
    assert snapshot(base) == before and base.check() == []


def test_restore_by_filter_on_the_trashed_metadata_takes_only_those_chunks(base):
    base.remove_documents([d.id for d in base.documents()])
    assert base.count() == 0 and len(base.trash()) == 1
    done = base.restore(where={"$or": [{"page": {"$gte": 2}}, {"lang": "en"}]})
    assert (done.documents, done.chunks) == (2, 4)
    assert sorted(c.text for d in base.documents() for c in base.chunks(d.id)) == [
        "foro da comarca", "prazo de entrega", "quarterly revenue", "safety incident"]
    [entry] = base.trash()
    assert (entry.documents, entry.chunks) == (2, 2)  # what is left: page 1 and the nota
    base.restore(where={"lang": {"$ne": "en"}})
    assert base.trash() == [] and base.count() == 6 and base.check() == []
    with pytest.raises(InvalidInput):
        base.restore(where={"page": {"$bogus": 1}})
    with pytest.raises(InvalidInput, match="say what to restore"):
        base.restore()


def test_a_source_added_again_is_not_overwritten_unless_asked(base):
    base.remove_where({"source": "/e/nota.txt"})
    base.add_document("/e/nota.txt", ["nota fiscal nova"], vecs(1, 5), sha256="dd")
    with pytest.raises(TrashConflict, match="added again") as err:
        base.restore(all=True)
    assert err.value.sources == ["/e/nota.txt"]
    assert base.get_document(source="/e/nota.txt").sha256 == "dd" and len(base.trash()) == 1
    done = base.restore(all=True, replace=True)
    assert done.chunks == 1 and base.get_document(source="/e/nota.txt").sha256 == "cc"
    [entry] = base.trash()  # the newer version went to the trash, not away
    assert entry.kind == "replaced_by_restore" and entry.sources == ("/e/nota.txt",)
    assert base.check() == []


def test_two_removed_versions_of_one_source_are_not_both_restored(base):
    base.remove_where({"source": "/e/nota.txt"})
    base.add_document("/e/nota.txt", ["nota fiscal nova"], vecs(1, 5), sha256="dd")
    base.remove_where({"source": "/e/nota.txt"})
    with pytest.raises(TrashConflict, match="two removed versions"):
        base.restore(source="/e/nota.txt")
    newest = base.trash()[0]
    base.restore([newest.id])
    assert base.get_document(source="/e/nota.txt").sha256 == "dd" and base.check() == []


def set_removed_at(b: VectorBase, entry_id: int, at: float) -> None:
    """Set the clock of a trash entry through the base's own journal (either backend)."""
    with b._journal.write() as conn:
        conn.execute("UPDATE trash_entries SET at = ? WHERE id = ?", (at, entry_id))


def test_empty_trash_by_age_entries_and_all_with_exact_counts(base):
    base.remove_where({"source": "/e/nota.txt"})
    base.remove_where({"source": "/d/report.txt"})
    base.remove_where({"source": "/d/contrato.txt"})
    old, middle, new = sorted(e.id for e in base.trash())
    # Set the clock through the entries' own timestamps (no sleeping).
    set_removed_at(base, old, time.time() - 40 * 86400)
    set_removed_at(base, middle, time.time() - 10 * 86400)
    assert base.trash_days == 30
    preview = base.trash_summary(older_than_days=30)
    assert (preview.entries, preview.documents, preview.chunks) == (1, 1, 1)
    result = base.compact()
    assert result["trash_emptied"]["chunks"] == 1 and result["trash_emptied"]["sources"] == ["/e/nota.txt"]
    assert sorted(e.id for e in base.trash()) == [middle, new]
    base.set_trash_days(7)
    assert base.compact()["trash_emptied"]["entries"] == 1 and [e.id for e in base.trash()] == [new]
    assert base.empty_trash(entries=[new]).chunks == 3 and base.trash() == []
    assert base.restore(all=True).chunks == 0 and base.count() == 0
    assert base.history(1)[0]["kind"] == "empty_trash"
    assert base.check() == []
    with pytest.raises(InvalidInput, match="say what to empty"):
        base.empty_trash()
    with pytest.raises(InvalidInput):
        base.set_trash_days(-1)


def test_empty_all_and_the_summary_agree(base):
    base.remove_where({"lang": "pt"})
    base.remove_where({"lang": "en"})
    summary = base.trash_summary(all=True)
    assert (summary.entries, summary.documents, summary.chunks) == (2, 3, 6)
    assert base.empty_trash(all=True) == summary
    assert base.trash() == [] and base.count() == 0 and base.check() == []


def test_remove_to_trash_returns_its_entry_for_an_undo(base):
    entry = base.remove_to_trash(doc_ids=[base.get_document(source="/d/report.txt").id])
    assert entry is not None and (entry.documents, entry.chunks) == (1, 2)
    assert entry.kind == "remove_documents" and base.trash() == [entry]
    assert base.remove_to_trash(where={"source": "nothing"}) is None
    assert base.restore([entry.id]).chunks == 2


def test_check_names_a_chunk_both_live_and_in_the_trash(base):
    base.remove_where({"source": "/e/nota.txt"})
    live = base.chunks(base.documents()[0].id)[0].id
    with base._journal.write() as conn:  # damage it behind the store's back
        conn.execute("UPDATE trash_chunks SET chunk_id = ?", (live,))
    assert any("both in the trash and live" in p for p in base.check())


def test_empty_by_source_and_filter_takes_only_those_chunks(base):
    base.remove_where({"lang": "pt"})
    assert base.trash_summary(source="/e/nota.txt").chunks == 1
    assert base.empty_trash(where={"page": 1}).chunks == 1
    assert base.empty_trash(source="/e/nota.txt").documents == 1
    [entry] = base.trash()
    assert (entry.documents, entry.chunks, entry.sources) == (1, 2, ("/d/contrato.txt",))
    with pytest.raises(InvalidInput, match="all=True"):
        base.empty_trash([entry.id], all=True)
    base.restore(all=True)
    assert [c.text for c in base.chunks(base.get_document(source="/d/contrato.txt").id)] == [
        "prazo de entrega", "foro da comarca"]
    assert base.check() == []


def test_remove_to_trash_by_chunk_ids_undoes_a_restore(base):
    entry = base.remove_to_trash(where={"lang": "en"})
    done = base.restore([entry.id])
    again = base.remove_to_trash(chunk_ids=done.chunk_ids)
    assert (again.kind, again.documents, again.chunks) == ("remove_chunks", 1, 2)
    assert base.get_document(source="/d/report.txt") is None
    with pytest.raises(InvalidInput, match="one of"):
        base.remove_to_trash(where={"lang": "en"}, chunk_ids=[1])


def test_listing_reads_the_counts_kept_with_each_entry_and_check_verifies_them(base):
    base.remove_where({"lang": "pt"})
    base.remove_where({"lang": "en"})
    assert [(e.documents, e.chunks) for e in base.trash(limit=1)] == [(1, 2)]
    totals = base.trash_totals()
    assert (totals.entries, totals.documents, totals.chunks) == (2, 3, 6)
    base.restore(source="/e/nota.txt")  # part of the older entry
    assert [(e.documents, e.chunks) for e in base.trash()] == [(1, 2), (1, 3)]
    assert base.trash_totals().chunks == 5 and base.check() == []
    newest = base.trash()[0].id
    with base._journal.write() as conn:  # damage a stored count behind the store's back
        conn.execute("UPDATE trash_entries SET chunks = 99 WHERE id = ?", (newest,))
    assert any("other counts than they hold" in p for p in base.check())
    with pytest.raises(InvalidInput, match="limit"):
        base.trash(limit=0)
    older = base.trash()[1].id
    assert [e.id for e in base.trash(source="/d/contrato.txt")] == [older]
    assert [e.id for e in base.trash(where={"lang": "en"})] == [newest]
    assert base.trash(where={"lang": "en"}, source="/d/contrato.txt") == []
