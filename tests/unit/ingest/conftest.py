"""Fixtures for the ingestion tests: the real default embedder, the corpus, a real base."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus import build_corpus
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
from vetorbase.store import VectorBase


@pytest.fixture(scope="session")
def embedder() -> Any:
    """The offline default embedder (loaded once: model load is the slow part)."""
    return get_embedder(DEFAULT_EMBEDDER_ID)


@pytest.fixture(scope="session")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A read-only-by-convention copy of the corpus; copy it again before changing it."""
    return build_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture
def base(base_dir: Path, embedder: Any) -> Any:
    b = VectorBase.open(base_dir, create=True, dim=embedder.dim,
                        embedder_id=embedder.embedder_id)
    yield b
    b.close()
