"""Embedders meet the real store: ids and dimensions recorded, searches that find meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from ollama_fake import OllamaFake
from vetorbase.embeddings import CachedEmbedder, get_embedder, ollama_id
from vetorbase.errors import EmbedderMismatch
from vetorbase.store import VectorBase

DOCS = [
    "Para redefinir a senha, clique em 'Esqueci minha senha' na tela de login.",
    "O reembolso é feito em até sete dias úteis após a devolução do produto.",
    "Our office is closed on public holidays and reopens the next business day.",
    "The warranty covers manufacturing defects for twelve months.",
]
QUERIES = [
    ("Como troco minha senha?", 0),
    ("Quanto tempo demora para devolverem meu dinheiro?", 1),
    ("Are you open on holidays?", 2),
    ("How long is the guarantee?", 3),
]


@pytest.fixture
def server() -> Iterator[OllamaFake]:
    with OllamaFake(models=["nomic-embed-text"]) as fake:
        yield fake


def test_local_embedder_builds_a_searchable_base(base_dir: Path, tmp_path: Path) -> None:
    emb = CachedEmbedder(get_embedder(), tmp_path / "cache.sqlite")
    base = VectorBase.open(base_dir, create=True, dim=emb.dim, embedder_id=emb.embedder_id)
    try:
        base.add_texts(DOCS, emb.embed_array(DOCS), [{"source": f"doc{i}"} for i in range(4)])
        assert VectorBase.read_info(base_dir)["embedder_id"] == "local:use-multilingual-v3"
        for query, want in QUERIES:
            hits = base.search(emb.embed_query(query), k=1)
            assert hits[0].text == DOCS[want], query
    finally:
        base.close()


def test_ollama_vectors_search_the_same_and_mismatch_is_named(
    base_dir: Path, server: OllamaFake
) -> None:
    local = get_embedder()
    base = VectorBase.open(base_dir, create=True, dim=local.dim, embedder_id=local.embedder_id)
    try:
        base.add_texts(DOCS, local.embed_array(DOCS))
        remote = get_embedder(ollama_id("nomic-embed-text", server.url))
        hit = base.search(remote.embed_query(QUERIES[3][0]), k=1)[0]
        assert hit.text == DOCS[3]
    finally:
        base.close()
    with pytest.raises(EmbedderMismatch, match="local:use-multilingual-v3"):
        VectorBase.open(base_dir, dim=remote.dim, embedder_id=remote.embedder_id)
