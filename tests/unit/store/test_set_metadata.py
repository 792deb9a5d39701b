"""Editing a document's own metadata: on the document and every chunk, atomically, seen
by filters at once and by another process's next read; the source is not editable.
On both backends (a folder and a PostgreSQL base)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput

DIM = 8


def vecs(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


@pytest.fixture
def base(base_location):
    b = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="t:8")
    b.add_document("contrato.pdf", ["a", "b", "c"], vecs(3), metadata={"author": "Ana", "tag": "old"})
    b.add_document("outro.pdf", ["d"], vecs(1, 1), metadata={"author": "Ana"})
    yield b
    b.close()


def test_set_and_remove_keys_on_the_document_and_every_chunk(base, base_location):
    doc = base.get_document(source="contrato.pdf")
    seq = base.journal_seq()
    edited = base.set_metadata(doc.id, {"author": "Bia", "year": 2026}, remove=["tag"])
    assert edited.metadata["author"] == "Bia" and "tag" not in edited.metadata
    assert all(c.metadata["author"] == "Bia" and c.metadata["year"] == 2026 and "tag" not in c.metadata
               for c in base.chunks(doc.id))
    assert base.count({"author": "Bia"}) == 3 and base.count({"author": "Ana"}) == 1
    assert base.count({"tag": "old"}) == 0 and base.count({"year": {"$gte": 2026}}) == 3
    assert base.journal_seq() == seq + 1 and base.history(1)[0]["kind"] == "set_metadata"
    code = ("import sys; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
            "print(b.count({'author': 'Bia'}))")
    out = subprocess.run([sys.executable, "-c", code, base_location], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "3"
    hits = base.search(vecs(3)[0], k=1, where={"author": "Bia"})
    assert hits and hits[0].metadata["year"] == 2026
    assert base.check() == []


def test_refused_edits_change_nothing(base):
    doc = base.get_document(source="contrato.pdf")
    seq = base.journal_seq()
    with pytest.raises(InvalidInput):
        base.set_metadata(doc.id, {"source": "x.pdf"})
    with pytest.raises(InvalidInput):
        base.set_metadata(doc.id, {"n": 2**70})
    with pytest.raises(InvalidInput):
        base.set_metadata(10_000, {"author": "Bia"})
    assert base.journal_seq() == seq
    assert base.get_document(doc_id=doc.id).metadata["author"] == "Ana"
