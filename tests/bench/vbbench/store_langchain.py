"""LangChain FAISS two ways: the seed's design, and plain "load once, save after insert".

The seed (issue 2) wrapped LangChain's FAISS in a per-process singleton that reloaded the
whole folder with ``load_local`` before every read and called ``save_local`` after every
insert; both are reproduced here exactly, with vectors supplied (no model runs).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from .stores import Store, new_meta

warnings.filterwarnings("ignore", category=DeprecationWarning)

from langchain_community.docstore.in_memory import InMemoryDocstore  # noqa: E402
from langchain_community.vectorstores import FAISS  # noqa: E402
from langchain_core.embeddings import Embeddings  # noqa: E402


class PrecomputedEmbeddings(Embeddings):
    """Vectors are always supplied by the benchmark; embedding text here is a bug."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("benchmark supplies vectors; no model may run")

    def embed_query(self, text: str) -> list[float]:
        raise RuntimeError("benchmark supplies vectors; no model may run")


EMB = PrecomputedEmbeddings()


def _load(path: Path) -> FAISS:
    return FAISS.load_local(str(path), EMB, allow_dangerous_deserialization=True)


class PlainLangChainStore(Store):
    """The usual LangChain pattern: load once per process, save_local after each insert."""

    name = "langchain"
    slow_writes = True
    db: FAISS | None = None

    def bulk_add(self, keys, vectors, metas, texts) -> None:
        if self.db is None:
            import faiss

            self.db = FAISS(EMB, faiss.IndexFlatL2(vectors.shape[1]), InMemoryDocstore(), {})
        self.db.add_embeddings(zip(texts, vectors.tolist()), metas, ids=[str(k) for k in keys])

    def finish_build(self) -> None:
        self.db.save_local(str(self.path))

    def open(self) -> None:
        self.db = _load(self.path)

    def close(self) -> None:
        self.db = None

    def _read_db(self) -> FAISS:
        return self.db

    def add_doc(self, source, keys, vectors, run) -> None:
        self.db.add_embeddings(zip([f"chunk {k}" for k in keys], np.asarray(vectors).tolist()),
                               [new_meta(k, source, run) for k in keys],
                               ids=[str(k) for k in keys])
        self.db.save_local(str(self.path))

    def search(self, vector, k=10, bucket=None) -> list[int]:
        db = self._read_db()
        flt = None if bucket is None else {"bucket": bucket}
        hits = db.similarity_search_with_score_by_vector(np.asarray(vector).tolist(), k=k,
                                                         filter=flt)
        return [int(d.metadata["key"]) for d, _ in hits]

    def remove_source(self, source) -> int:
        db = self._read_db()
        ids = [i for i, d in db.docstore._dict.items() if d.metadata.get("source") == source]
        if ids:
            db.delete(ids)
        db.save_local(str(self.path))
        return len(ids)

    def run_rows(self, run) -> tuple[int, set[str]]:
        db = _load(self.path)
        docs = [d for d in db.docstore._dict.values() if d.metadata.get("run") == run]
        return len(docs), {d.metadata["source"] for d in docs}


class SeedStore(PlainLangChainStore):
    """The seed: a per-process singleton that reloads the whole folder before every read."""

    name = "seed"
    slow_reads = True
    _instance: "SeedStore | None" = None

    def __new__(cls, path: Path):
        # The seed kept one instance per process; a second construction returns it.
        inst = cls._instance
        if inst is None or inst.path != Path(path):
            inst = super().__new__(cls)
            cls._instance = inst
        return inst

    def _read_db(self) -> FAISS:
        self.db = _load(self.path)
        return self.db
