"""Embedder ids: parsing, building, and plugging in any LangChain Embeddings by import path."""

from __future__ import annotations

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding, Embeddings

from vetorbase.embeddings import (
    DEFAULT_EMBEDDER_ID,
    EmbedderSpec,
    LangChainEmbedder,
    LocalEmbedder,
    OllamaEmbedder,
    get_embedder,
    ollama_id,
    parse_embedder_id,
    same_model,
)
from vetorbase.errors import EmbeddingError, InvalidInput


def make_small_embedder(size: int = 8) -> Embeddings:
    """A factory function, the other form `import:` accepts."""
    return DeterministicFakeEmbedding(size=size)


def test_parse_ids() -> None:
    assert parse_embedder_id(DEFAULT_EMBEDDER_ID) == EmbedderSpec("local", "use-multilingual-v3")
    assert parse_embedder_id("local").id == DEFAULT_EMBEDDER_ID
    spec = parse_embedder_id("ollama:nomic-embed-text:v1.5@http://gpu-box:11434/")
    assert spec == EmbedderSpec("ollama", "nomic-embed-text:v1.5", "http://gpu-box:11434")
    assert spec.id == "ollama:nomic-embed-text:v1.5@http://gpu-box:11434"
    assert parse_embedder_id("ollama:bge-m3").id == "ollama:bge-m3@http://localhost:11434"
    assert parse_embedder_id("ollama:bge-m3@gpu-box:1234").url == "http://gpu-box:1234"
    spec = parse_embedder_id("import:langchain_core.embeddings:DeterministicFakeEmbedding")
    assert spec == EmbedderSpec("import", "langchain_core.embeddings:DeterministicFakeEmbedding")
    assert spec.id == "import:langchain_core.embeddings:DeterministicFakeEmbedding"


def test_same_model_ignores_only_the_ollama_server_address() -> None:
    assert same_model("ollama:bge-m3@http://localhost:11434", "ollama:bge-m3:latest@gpu:1")
    assert not same_model("ollama:bge-m3@http://localhost:11434", "ollama:nomic@localhost:11434")
    assert same_model("local", DEFAULT_EMBEDDER_ID)
    assert not same_model(DEFAULT_EMBEDDER_ID, "ollama:use-multilingual-v3")
    assert not same_model("import:a:B", "import:a:C")


@pytest.mark.parametrize(
    "bad",
    ["", "nonsense", "openai:text-embedding-3", "local:other-model", "ollama:", "ollama:@x",
     "import:module_only", "import::attr", "ollama:m@ftp://host", None],
)
def test_bad_ids_are_refused_with_the_accepted_forms(bad: object) -> None:
    with pytest.raises(InvalidInput):
        parse_embedder_id(bad)  # type: ignore[arg-type]


def test_unknown_kind_message_lists_forms() -> None:
    with pytest.raises(InvalidInput, match=r"ollama:<model>@<url>"):
        get_embedder("openai:text-embedding-3")


def test_get_embedder_kinds() -> None:
    assert isinstance(get_embedder(), LocalEmbedder)
    assert get_embedder().embedder_id == DEFAULT_EMBEDDER_ID
    ollama = get_embedder("ollama:bge-m3@http://127.0.0.1:9", timeout=5, retries=0)
    assert isinstance(ollama, OllamaEmbedder)
    assert (ollama.timeout, ollama.retries) == (5.0, 0)
    with pytest.raises(InvalidInput):
        get_embedder(DEFAULT_EMBEDDER_ID, timeout=3)
    with pytest.raises(InvalidInput):
        get_embedder("ollama:bge-m3", timeout=-1)
    with pytest.raises(InvalidInput):
        ollama_id("bad@model")


def test_import_class_with_options() -> None:
    emb = get_embedder("import:langchain_core.embeddings:DeterministicFakeEmbedding", size=24)
    assert isinstance(emb, LangChainEmbedder) and isinstance(emb, Embeddings)
    assert emb.embedder_id == "import:langchain_core.embeddings:DeterministicFakeEmbedding"
    assert emb.dim == 24
    arr = emb.embed_array(["a", "b", "a"], batch_size=2)
    assert arr.shape == (3, 24) and arr.dtype == np.float32
    assert np.array_equal(arr[0], arr[2]) and not np.array_equal(arr[0], arr[1])


def test_import_factory_function() -> None:
    emb = get_embedder(f"import:{__name__}:make_small_embedder", size=5)
    assert emb.dim == 5 and emb.embed_array(["x"]).shape == (1, 5)


@pytest.mark.parametrize(
    ("embedder_id", "error"),
    [
        ("import:os:system", InvalidInput),          # a builtin: never called
        ("import:os:_exit", InvalidInput),           # private names refused
        ("import:collections:OrderedDict", InvalidInput),  # a class, but not Embeddings
        ("import:no_such_module_xyz:Thing", EmbeddingError),
        ("import:langchain_core.embeddings:NoSuchClass", EmbeddingError),
    ],
)
def test_import_refusals(embedder_id: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        get_embedder(embedder_id)


def test_import_constructor_failure_is_named() -> None:
    with pytest.raises(EmbeddingError, match="DeterministicFakeEmbedding"):
        get_embedder("import:langchain_core.embeddings:DeterministicFakeEmbedding",
                     no_such_option=1)


def test_wrapping_a_langchain_object_directly() -> None:
    class Broken(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return [[1.0, float("nan")] for _ in texts]

        def embed_query(self, text: str) -> list[float]:
            return [1.0, 0.0]

    emb = LangChainEmbedder(DeterministicFakeEmbedding(size=3), "custom:fake-3")
    assert emb.dim == 3 and emb.embedder_id == "custom:fake-3"
    with pytest.raises(EmbeddingError, match="NaN"):
        LangChainEmbedder(Broken(), "custom:broken").embed_array(["x"])
    with pytest.raises(InvalidInput):
        LangChainEmbedder(DeterministicFakeEmbedding(size=3), "")
