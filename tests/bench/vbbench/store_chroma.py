"""Chroma PersistentClient (embedded, on-disk), with vectors supplied and telemetry off."""

from __future__ import annotations

import chromadb
import numpy as np
from chromadb.config import Settings

from .stores import Store, new_meta


class ChromaStore(Store):
    name = "chroma"

    def _client(self):
        client = chromadb.PersistentClient(path=str(self.path),
                                           settings=Settings(anonymized_telemetry=False))
        # cosine on normalized vectors ranks exactly like inner product
        self.col = client.get_or_create_collection("bench", embedding_function=None,
                                                   metadata={"hnsw:space": "cosine"})
        self.client = client

    def bulk_add(self, keys, vectors, metas, texts) -> None:
        if not hasattr(self, "col"):
            self._client()
        self.col.add(ids=[str(k) for k in keys], embeddings=np.asarray(vectors),
                     metadatas=metas, documents=texts)

    def open(self) -> None:
        self._client()

    def close(self) -> None:
        self.__dict__.pop("col", None)
        self.__dict__.pop("client", None)

    def add_doc(self, source, keys, vectors, run) -> None:
        self.col.add(ids=[str(k) for k in keys], embeddings=np.asarray(vectors),
                     metadatas=[new_meta(k, source, run) for k in keys],
                     documents=[f"chunk {k}" for k in keys])

    def search(self, vector, k=10, bucket=None) -> list[int]:
        res = self.col.query(query_embeddings=[np.asarray(vector)], n_results=k,
                             where=None if bucket is None else {"bucket": bucket},
                             include=["distances"])
        return [int(i) for i in res["ids"][0]]

    def remove_source(self, source) -> int:
        n = len(self.col.get(where={"source": source}, include=[])["ids"])
        self.col.delete(where={"source": source})
        return n

    def run_rows(self, run) -> tuple[int, set[str]]:
        got = self.col.get(where={"run": run}, include=["metadatas"])
        return len(got["ids"]), {m["source"] for m in got["metadatas"]}
