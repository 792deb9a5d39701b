"""`vetorbase.bases.open_base`: one way to open a base (folder or URL) with its embedder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from vetorbase.bases import build_embedder, open_base
from vetorbase.errors import DimensionMismatch, EmbedderMismatch, NotABase
from vetorbase.store import VectorBase
from vetorbase.store.locations import password_of

FAKE = "import:langchain_core.embeddings:DeterministicFakeEmbedding"
SIZE16 = {"size": 16}
#: Nothing listens on port 9: an embedder that contacted it would fail with
#: EmbedderUnavailable after retries, not with the mismatch the tests expect.
DEAD_OLLAMA = "ollama:nomic-embed-text@http://127.0.0.1:9"


def _create(base_dir: Path) -> None:
    opened = open_base(base_dir, create=True, embedder=FAKE, embedder_options=SIZE16)
    texts = ["lava and ash", "tax on invoices", "minutes of the meeting"]
    opened.base.add_texts(texts, opened.embedder.embed_documents(texts),
                          [{"source": f"s{i}"} for i in range(3)])


def test_creates_and_reopens_with_the_bases_own_embedder(base_dir: Path) -> None:
    _create(base_dir)
    opened = open_base(base_dir, read_only=True, embedder_options=SIZE16)
    assert opened.location == str(base_dir)
    assert opened.embedder_id == FAKE and opened.base.dim == 16
    assert "embedder" not in vars(opened)  # read-only commands never build one
    hits = opened.base.search(opened.embedder.embed_query("tax on invoices"), k=1)
    assert hits[0].text == "tax on invoices"
    assert opened.embedder is build_embedder(FAKE, SIZE16)  # one per id and options per process


def test_an_explicit_other_embedder_is_refused_before_it_is_contacted(base_dir: Path) -> None:
    _create(base_dir)
    with pytest.raises(EmbedderMismatch, match=f"built with embedder '{FAKE}'.*{DEAD_OLLAMA}"):
        open_base(base_dir, embedder=DEAD_OLLAMA)
    # The store's own open says the same thing: one rule (store/compat.py).
    with pytest.raises(EmbedderMismatch, match=f"built with embedder '{FAKE}'"):
        VectorBase.open(base_dir, embedder_id=DEAD_OLLAMA)


def test_a_plain_langchain_object_of_another_model_is_refused_with_the_way_out(base_dir: Path) -> None:
    _create(base_dir)
    with pytest.raises(EmbedderMismatch, match="LangChainEmbedder"):
        open_base(base_dir, embedder=DeterministicFakeEmbedding(size=16))


def test_the_same_id_now_making_other_vectors_is_a_dimension_mismatch(base_dir: Path) -> None:
    _create(base_dir)
    opened = open_base(base_dir, embedder_options={"size": 32})
    with pytest.raises(DimensionMismatch, match="holds 16-d vectors.*gives 32-d"):
        opened.embedder


def test_missing_base_is_not_created_unless_asked(tmp_path: Path) -> None:
    where = tmp_path / "none"
    with pytest.raises(NotABase, match=f"no Vetorbase base at {where}; make one first"):
        open_base(where, missing_hint="make one first")
    with pytest.raises(NotABase):
        open_base(where, create=True, read_only=True)
    assert not where.exists()


def test_vectors_of_another_size_create_nothing(tmp_path: Path) -> None:
    where = tmp_path / "import"
    with pytest.raises(DimensionMismatch, match="lc-folder holds 8-d vectors.*gives 16-d"):
        open_base(where, create=True, embedder=FAKE, embedder_options=SIZE16, vectors_dim=8,
                  vectors_from="lc-folder")
    assert not where.exists()
    opened = open_base(where, create=True, embedder=FAKE, embedder_options=SIZE16, vectors_dim=16)
    assert opened.base.dim == 16


def test_a_server_base_opens_by_url_with_the_password_apart(pg_server, pg_url: str) -> None:
    plain = pg_server.url(pg_url.rsplit("base=", 1)[1], password=False)
    assert password_of(plain) is None
    created = open_base(plain, password=password_of(pg_url), create=True, embedder=FAKE,
                        embedder_options=SIZE16)
    texts = ["lava and ash", "tax on invoices"]
    created.base.add_texts(texts, np.asarray(created.embedder.embed_documents(texts)),
                           [{"source": "a"}, {"source": "b"}])
    assert "s3cret" not in created.location and created.location.startswith("postgresql://")
    again = open_base(pg_url, read_only=True, embedder_options=SIZE16)
    assert again.base.count() == 2 and again.embedder_id == FAKE
    with pytest.raises(EmbedderMismatch, match=FAKE):
        open_base(pg_url, embedder=DEAD_OLLAMA)
