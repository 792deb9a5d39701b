"""The LangChain VectorStore adapter, with the real offline embedder and a real retriever."""

from __future__ import annotations

from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.vectorstores import VectorStoreRetriever
from vetorbase.embeddings import get_embedder
from vetorbase.errors import EmbedderMismatch, InvalidInput
from vetorbase.ingest import ingest_text
from vetorbase.integrations.langchain import LC_ID_KEY, VetorbaseVectorStore
from vetorbase.store import VectorBase

TEXTS = [
    "O contrato de aluguel do apartamento vence em março.",
    "A receita de pão leva farinha, água, fermento e sal.",
    "The volcano erupted and covered the village with ash.",
    "Football match ended two to one after extra time.",
]
METAS = [
    {"source": "contratos/aluguel.txt", "lang": "pt", "year": 2024},
    {"source": "receitas/pao.txt", "lang": "pt", "year": 2023},
    {"source": "news/volcano.txt", "lang": "en", "year": 2024},
    {"source": "news/football.txt", "lang": "en", "year": 2023},
]


@pytest.fixture(scope="module")
def embedder():
    return get_embedder()


@pytest.fixture
def store(base_dir: Path, embedder) -> VetorbaseVectorStore:
    vs = VetorbaseVectorStore.open(base_dir, embedder)
    vs.add_texts(TEXTS, METAS, ids=["aluguel", "pao", "volcano", "football"])
    return vs


def test_similarity_search_finds_meaning_in_both_languages(store: VetorbaseVectorStore) -> None:
    top = store.similarity_search("quando termina a locação?", k=1)[0]
    assert top.id == "aluguel" and top.metadata["source"] == "contratos/aluguel.txt"
    assert LC_ID_KEY not in top.metadata
    pairs = store.similarity_search_with_score("volcanic eruption ash cloud", k=4)
    assert pairs[0][0].id == "volcano"
    scores = [s for _, s in pairs]
    assert scores == sorted(scores, reverse=True) and -1.0 <= scores[-1] <= scores[0] <= 1.0
    vector = store.embeddings.embed_query("bread recipe with flour")
    assert store.similarity_search_by_vector(vector, k=1)[0].id == "pao"


def test_filters_apply_before_top_k(store: VetorbaseVectorStore) -> None:
    docs = store.similarity_search("volcano eruption", k=2, filter={"lang": "pt"})
    assert {d.id for d in docs} == {"aluguel", "pao"}
    docs = store.similarity_search("volcano", k=5, filter={"year": 2023, "lang": "en"})
    assert [d.id for d in docs] == ["football"]


def test_retriever_with_metadata_filter(store: VetorbaseVectorStore) -> None:
    retriever = store.as_retriever(search_kwargs={"k": 1, "filter": {"lang": "en"}})
    assert isinstance(retriever, VectorStoreRetriever)
    docs = retriever.invoke("contrato de aluguel")  # the best match overall is Portuguese
    assert len(docs) == 1 and docs[0].metadata["lang"] == "en"
    unfiltered = store.as_retriever(search_kwargs={"k": 1}).invoke("contrato de aluguel")
    assert unfiltered[0].id == "aluguel"
    scored = store.as_retriever(search_type="similarity_score_threshold",
                                search_kwargs={"score_threshold": 0.99, "k": 4})
    assert scored.invoke("something unrelated entirely") == []
    near = store.as_retriever(search_type="similarity_score_threshold",
                              search_kwargs={"score_threshold": 0.9, "k": 4})
    assert [d.id for d in near.invoke(TEXTS[2])] == ["volcano"]


def test_get_by_ids_delete_and_upsert(store: VetorbaseVectorStore) -> None:
    got = store.get_by_ids(["pao", "nope", "volcano"])
    assert sorted(d.id for d in got) == ["pao", "volcano"]
    assert store.delete(["pao"]) is True
    assert store.get_by_ids(["pao"]) == [] and store.base.count() == 3
    assert store.delete(["pao"]) is False
    store.add_texts(["The volcano is quiet again."], [{"source": "news/volcano.txt"}],
                    ids=["volcano"])  # same id: replaces, never duplicates
    got = store.get_by_ids(["volcano"])
    assert len(got) == 1 and got[0].page_content == "The volcano is quiet again."
    assert store.base.count() == 3 and store.base.check() == []


def test_add_documents_keeps_document_ids_and_makes_new_ones(store: VetorbaseVectorStore) -> None:
    ids = store.add_documents([
        Document(page_content="Chuva forte amanhã em Lisboa.", metadata={"lang": "pt"},
                 id="chuva"),
        Document(page_content="Sunny weekend ahead.", metadata={"lang": "en"}),
    ])
    assert ids[0] == "chuva" and len(ids[1]) == 32
    assert {d.id for d in store.get_by_ids(ids)} == set(ids)
    assert store.similarity_search("chuva forte em Lisboa", k=1)[0].id == "chuva"


def test_ingested_chunks_are_addressed_by_chunk_id(base_dir: Path, embedder) -> None:
    base = VectorBase.open(base_dir, create=True, dim=embedder.dim,
                           embedder_id=embedder.embedder_id)
    text = "Primeiro parágrafo sobre impostos.\n\n" + "Segundo parágrafo. " * 80
    ingest_text(base, embedder, text, source="/docs/impostos.txt", chunk_size=300,
                chunk_overlap=0)
    vs = VetorbaseVectorStore(base)  # builds the base's own embedder
    first = vs.similarity_search("impostos", k=1)[0]
    assert first.id.isdigit() and vs.get_by_ids([first.id])[0].page_content == first.page_content
    before = base.count()
    assert vs.delete([first.id]) is True
    assert base.count() == before - 1 and vs.get_by_ids([first.id]) == []


def test_from_texts_and_embedder_checks(tmp_path: Path, embedder) -> None:
    vs = VetorbaseVectorStore.from_texts(TEXTS[:2], embedder, METAS[:2],
                                         base_path=tmp_path / "b")
    assert vs.base.count() == 2 and vs.base.embedder_id == "local:use-multilingual-v3"
    with pytest.raises(EmbedderMismatch, match="local:use-multilingual-v3"):
        VetorbaseVectorStore(vs.base, get_embedder("ollama:nomic-embed-text@http://127.0.0.1:9"))
    fake = VetorbaseVectorStore.from_texts(["a", "b"], DeterministicFakeEmbedding(size=8),
                                           base_path=tmp_path / "fake")
    assert fake.base.dim == 8 and "DeterministicFakeEmbedding" in fake.base.embedder_id
    with pytest.raises(InvalidInput):
        vs.add_texts(["x", "y"], [{}])
    with pytest.raises(InvalidInput):
        vs.delete(None)


def test_mmr_retriever_prefers_variety(base_dir: Path, embedder) -> None:
    vs = VetorbaseVectorStore.open(base_dir, embedder)
    near_copies = ["The volcano erupted and covered the village with ash.",
                   "The volcano erupted, covering the village in ash.",
                   "Ash covered the village when the volcano erupted."]
    vs.add_texts([*near_copies, "Lava flows destroyed roads near the mountain."],
                 ids=["v1", "v2", "v3", "lava"])
    plain = [d.id for d in vs.similarity_search("volcano eruption ash village", k=2)]
    assert set(plain) <= {"v1", "v2", "v3"}
    retriever = vs.as_retriever(search_type="mmr",
                                search_kwargs={"k": 2, "fetch_k": 4, "lambda_mult": 0.1})
    varied = [d.id for d in retriever.invoke("volcano eruption ash village")]
    assert len(varied) == 2 and "lava" in varied


def test_a_plain_langchain_embedder_of_another_model_is_refused(
        store: VetorbaseVectorStore) -> None:
    with pytest.raises(EmbedderMismatch, match="LangChainEmbedder"):
        VetorbaseVectorStore(store.base, DeterministicFakeEmbedding(size=512))


def test_keyword_and_hybrid_modes_find_codes(base_dir: Path, embedder) -> None:
    vs = VetorbaseVectorStore.open(base_dir, embedder)
    vs.add_texts(["Treinamento obrigatório da NR-12 para operadores de prensa.",
                  "Nota fiscal 004471 da empresa de limpeza, vencimento em março.",
                  "Inspeção anual das máquinas da fábrica."],
                 [{"source": "nr12.txt", "page": 1}, {"source": "nf.txt", "page": 3},
                  {"source": "maquinas.txt", "page": 5}], ids=["nr12", "nf", "maq"])
    assert [d.id for d in vs.similarity_search("NR-12", k=1, mode="keyword")] == ["nr12"]
    assert vs.search("004471", search_type="keyword", k=1)[0].id == "nf"
    assert vs.search("004471", search_type="hybrid", k=2)[0].id == "nf"
    retriever = vs.as_retriever(search_type="hybrid", search_kwargs={"k": 1})
    assert [d.id for d in retriever.invoke("nota 004471")] == ["nf"]
    keyword_store = VetorbaseVectorStore(vs.base, embedder, mode="keyword")
    assert keyword_store.similarity_search("maquinas", k=3)[0].id == "maq"  # no accent needed
    # The filter dialect: operators and the CLI's text form, in every mode.
    assert {d.id for d in vs.similarity_search("máquinas prensa", k=3, filter={"page": {"$gte": 3}})} \
        == {"maq", "nf"}
    assert {d.id for d in vs.similarity_search("nota", k=3, mode="hybrid", filter="page>1; page!=5")} == {"nf"}
    with pytest.raises(InvalidInput, match="unknown search mode"):
        VetorbaseVectorStore(vs.base, embedder, mode="bm25")
