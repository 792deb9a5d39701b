"""LangChain FAISS folders: safe import (no pickle code runs) and export that LangChain reads."""

from __future__ import annotations

import os
import pickle
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from vetorbase.errors import (
    DimensionMismatch,
    IngestError,
    UnsafePickle,
    VetorbaseError,
)
from vetorbase.integrations.langchain_faiss import (
    LC_ID_KEY,
    export_langchain_folder,
    import_langchain_folder,
    read_langchain_folder,
    safe_load_pickle,
)
from vetorbase.store import VectorBase

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # langchain-community announces its sunset on import
    from langchain_community.vectorstores import FAISS

from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding

DIM = 16


def _save_langchain(folder: Path, docs: list[Document]) -> FAISS:
    store = FAISS.from_documents(docs, DeterministicFakeEmbedding(size=DIM))
    store.save_local(str(folder))
    return store


def _docs() -> list[Document]:
    return [
        Document(page_content="Contrato de aluguel", metadata={"source": "a.pdf", "page": 1},
                 id="d1"),
        Document(page_content="Cláusula de rescisão", metadata={"source": "a.pdf", "page": 2},
                 id="d2"),
        Document(page_content="Weather report", metadata={"source": "b.txt",
                                                          "tags": {"x", "y"}}, id="d3"),
        Document(page_content="No source here", metadata={}, id="d4"),
    ]


class Evil:
    """Pickles as a call to os.system: what a hostile index.pkl does."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_reads_a_real_save_local_folder_without_unpickling_langchain(tmp_path: Path) -> None:
    lc = _save_langchain(tmp_path / "lc", _docs())
    data = read_langchain_folder(tmp_path / "lc")
    assert data.dim == DIM and len(data) == 4
    assert data.ids == ["d1", "d2", "d3", "d4"]
    assert data.texts[1] == "Cláusula de rescisão"
    assert data.metadatas[0] == {"source": "a.pdf", "page": 1}
    assert data.metadatas[2]["tags"] == ["x", "y"]  # a set became a JSON-able list
    expected = lc.index.reconstruct_n(0, 4)
    assert np.allclose(data.vectors, expected)


def test_hostile_pickle_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    folder = tmp_path / "lc"
    _save_langchain(folder, _docs()[:1])
    marker = tmp_path / "pwned"
    (folder / "index.pkl").write_bytes(pickle.dumps((Evil(marker), {0: "d1"})))
    with pytest.raises(UnsafePickle) as err:
        read_langchain_folder(folder)
    assert "index.pkl" in str(err.value)
    assert err.value.refused in ("posix.system", "os.system", "nt.system")
    assert err.value.refused in str(err.value)
    assert not marker.exists()
    # The classic payload works with plain pickle: proves the test's payload is real.
    pickle.loads(pickle.dumps(Evil(marker)))
    assert marker.exists()


def test_payload_hidden_inside_document_metadata_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lc"
    _save_langchain(folder, _docs()[:1])
    from langchain_community.docstore.in_memory import InMemoryDocstore

    marker = tmp_path / "pwned"
    doc = Document(page_content="x", metadata={"source": "a", "evil": Evil(marker)})
    with open(folder / "index.pkl", "wb") as f:
        pickle.dump((InMemoryDocstore({"d1": doc}), {0: "d1"}), f)
    with pytest.raises(UnsafePickle, match="posix.system|os.system"):
        read_langchain_folder(folder)
    assert not marker.exists()


@pytest.mark.parametrize("payload", [
    b"cbuiltins\neval\n(S'1+1'\ntR.",            # builtins.eval
    b"cbuiltins\ngetattr\n(cbuiltins\nint\nS'x'\ntR.",  # getattr gadget
    b"csubprocess\nPopen\n(S'true'\ntR.",
])
def test_other_globals_are_refused(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "index.pkl"
    path.write_bytes(payload)
    with pytest.raises(UnsafePickle, match=re.escape(str(path))):
        safe_load_pickle(path)


def test_garbage_pickle_and_missing_files_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "index.pkl").write_bytes(b"not a pickle at all")
    with pytest.raises(IngestError, match="not a readable LangChain pickle"):
        read_langchain_folder(tmp_path)
    with pytest.raises(IngestError, match="index.faiss and index.pkl"):
        read_langchain_folder(tmp_path / "nowhere")
    (tmp_path / "index.pkl").write_bytes(pickle.dumps({"just": "a dict"}))
    with pytest.raises(IngestError, match="not a LangChain FAISS docstore"):
        read_langchain_folder(tmp_path)


def test_import_groups_by_source_and_is_repeatable(tmp_path: Path, base_dir: Path) -> None:
    _save_langchain(tmp_path / "lc", _docs())
    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:fake")
    result = import_langchain_folder(tmp_path / "lc", base)
    assert result["chunks"] == 4 and result["documents"] == 3
    doc_a = base.get_document(source="a.pdf")
    assert doc_a is not None and doc_a.chunks == 2
    texts = [c.text for c in base.chunks(doc_a.id)]
    assert texts == ["Contrato de aluguel", "Cláusula de rescisão"]
    assert base.chunks(doc_a.id)[0].metadata[LC_ID_KEY] == "d1"
    # Vectors come from the index: searching with d3's vector finds d3 first.
    probe = DeterministicFakeEmbedding(size=DIM).embed_query("Weather report")
    assert base.search(probe, k=1)[0].text == "Weather report"
    import_langchain_folder(tmp_path / "lc", base)  # same sources are replaced, not doubled
    assert base.count() == 4 and base.document_count() == 3
    assert base.check() == []


def test_import_refuses_other_dimension(tmp_path: Path, base_dir: Path) -> None:
    _save_langchain(tmp_path / "lc", _docs())
    base = VectorBase.open(base_dir, create=True, dim=DIM * 2, embedder_id="test:fake32")
    with pytest.raises(DimensionMismatch, match="gives 16-d"):
        import_langchain_folder(tmp_path / "lc", base)
    assert base.count() == 0


def test_export_is_read_by_real_langchain_and_round_trips(tmp_path: Path, base_dir: Path) -> None:
    _save_langchain(tmp_path / "lc", _docs())
    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:fake")
    import_langchain_folder(tmp_path / "lc", base)
    out = tmp_path / "exported"
    result = export_langchain_folder(base, out)
    assert result["chunks"] == 4
    emb = DeterministicFakeEmbedding(size=DIM)
    loaded = FAISS.load_local(str(out), emb, allow_dangerous_deserialization=True)
    assert loaded.index.ntotal == 4
    top = loaded.similarity_search("Cláusula de rescisão", k=1)[0]
    assert top.page_content == "Cláusula de rescisão" and top.id == "d2"
    assert top.metadata["source"] == "a.pdf" and top.metadata["page"] == 2
    # ...and what we wrote imports back safely into a fresh base.
    again = VectorBase.open(tmp_path / "again", create=True, dim=DIM, embedder_id="test:fake")
    assert import_langchain_folder(out, again)["chunks"] == 4
    assert sorted(c.text for d in again.documents() for c in again.chunks(d.id)) == \
        sorted(d.page_content for d in _docs())
    with pytest.raises(VetorbaseError, match="already holds"):
        export_langchain_folder(base, out)
    export_langchain_folder(base, out, overwrite=True)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_reads_vectors_back_from_an_ivf_index(tmp_path: Path) -> None:
    import faiss

    lc = _save_langchain(tmp_path / "lc", _docs())
    flat = lc.index.reconstruct_n(0, 4)
    quantizer = faiss.IndexFlatL2(DIM)
    ivf = faiss.IndexIVFFlat(quantizer, DIM, 1)
    ivf.train(flat)
    ivf.add(flat)
    faiss.write_index(ivf, str(tmp_path / "lc" / "index.faiss"))
    data = read_langchain_folder(tmp_path / "lc")
    assert np.allclose(data.vectors, flat) and data.texts[0] == "Contrato de aluguel"
