"""A LangChain `VectorStore` over a Vetorbase base.

Lets existing LangChain code (retrievers, chains) use a shared, crash-safe base instead
of a pickled FAISS folder. Search filters (`filter=` / `search_kwargs={"filter": ...}`)
are the store's `where` dicts (Chroma's dialect: $eq $ne $gt $gte $lt $lte $in $nin
$and $or, plus $prefix) or the CLI's text form ("page>2; lang!=en"), applied before
top-k in SQLite.

Search modes: semantic (default), keyword (BM25) and hybrid (both, fused by rank).
Choose per store (`mode=`), per call (`mode=` among the search kwargs) or per
retriever: `as_retriever(search_type="hybrid")` or `search_kwargs={"mode": "hybrid"}`.
In keyword and hybrid modes the scores are BM25 and fused-rank scores, not cosines.

Ids: LangChain ids are strings. Chunks added here keep theirs in metadata "lc_id"
(a fresh UUID when none is given); chunks added by other tools (ingestion, the window)
are addressed by their numeric chunk id as a string.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from vetorbase.bases import build_embedder, check_embedder, open_base
from vetorbase.errors import InvalidInput
from vetorbase.filtertext import parse_filter
from vetorbase.integrations.langchain_faiss import LC_ID_KEY, vectors_of
from vetorbase.store import VectorBase
from vetorbase.store.hybrid import MODES, mode_name
from vetorbase.store.types import Chunk, Hit

__all__ = ["LC_ID_KEY", "VetorbaseVectorStore"]


class VetorbaseVectorStore(VectorStore):
    """LangChain's vector store interface, answered by one shared `VectorBase`."""

    def __init__(self, base: VectorBase, embedding: Embeddings | None = None, *,
                 origin: str | None = None, mode: str = "semantic") -> None:
        if embedding is None:
            embedding = build_embedder(base.embedder_id)
        check_embedder(base, embedding)
        self.base = base
        self.embedding = embedding
        self.origin = origin
        self.mode = mode_name(mode)

    @classmethod
    def open(cls, location: str | os.PathLike[str], embedding: Embeddings | None = None, *,
             password: str | None = None, origin: str | None = None, read_only: bool = False,
             mode: str = "semantic") -> VetorbaseVectorStore:
        """Open (or create, for a writable store) the base at `location`: a folder or a
        `postgresql://` URL (password from the URL, PGPASSWORD, ~/.pgpass or `password=`).

        A new base records the embedder's id and dimension; an existing one must match.
        """
        opened = open_base(location, password=password, create=not read_only,
                           read_only=read_only, embedder=embedding, origin=origin)
        return cls(opened.base, opened.embedder, origin=origin, mode=mode)

    @property
    def embeddings(self) -> Embeddings:
        return self.embedding

    # -- writes -------------------------------------------------------------------------

    def add_texts(self, texts: Iterable[str], metadatas: list[dict[str, Any]] | None = None,
                  *, ids: Sequence[str | None] | None = None, **kwargs: Any) -> list[str]:
        """Embed and store; ids already present are replaced (LangChain's upsert rule)."""
        texts = list(texts)
        if not texts:
            return []
        if metadatas is not None and len(metadatas) != len(texts):
            raise InvalidInput(f"got {len(texts)} texts but {len(metadatas)} metadata dicts")
        if ids is not None and len(ids) != len(texts):
            raise InvalidInput(f"got {len(texts)} texts but {len(ids)} ids")
        lc_ids = [str(i) if i else uuid.uuid4().hex for i in (ids or [None] * len(texts))]
        metas = [{**(m or {}), LC_ID_KEY: i}
                 for m, i in zip(metadatas or [{}] * len(texts), lc_ids)]
        embed_array = getattr(self.embedding, "embed_array", None)  # batched, numpy
        vectors = embed_array(texts) if callable(embed_array) else \
            self.embedding.embed_documents(texts)
        if ids:
            self._delete_lc_ids(lc_ids)
        self.base.add_texts(texts, vectors, metas, origin=self.origin or kwargs.get("origin"))
        return lc_ids

    def delete(self, ids: list[str] | None = None, **kwargs: Any) -> bool | None:
        """Remove chunks by LangChain id (or numeric chunk id); True when any went."""
        if ids is None:
            raise InvalidInput("delete() needs ids; to empty a base use remove_where")
        removed = self._delete_lc_ids([str(i) for i in ids])
        numeric = [int(i) for i in ids if str(i).isdigit()]
        if numeric:
            removed += self._delete_chunk_ids(numeric)
        return removed > 0

    def _delete_lc_ids(self, lc_ids: list[str]) -> int:
        where = {LC_ID_KEY: {"$in": lc_ids}}
        return self.base.remove_where(where) if self.base.count(where) else 0

    def _delete_chunk_ids(self, chunk_ids: list[int]) -> int:
        """Remove chunks that carry no lc_id (added by ingestion or the window)."""
        plain = [c.id for c in self.base.get_chunks(chunk_ids) if LC_ID_KEY not in c.metadata]
        return self.base.remove_chunks(plain) if plain else 0

    # -- reads --------------------------------------------------------------------------

    def get_by_ids(self, ids: Sequence[str], /) -> list[Document]:
        """Documents for the ids that exist, in no particular order (LangChain's rule)."""
        wanted = [str(i) for i in ids]
        if not wanted:
            return []
        found: dict[int, Chunk] = {}
        where = {LC_ID_KEY: {"$in": wanted}}
        if self.base.count(where):
            for info in self.base.documents(where=where, limit=len(wanted)):
                for chunk in self.base.chunks(info.id):
                    if str(chunk.metadata.get(LC_ID_KEY)) in wanted:
                        found[chunk.id] = chunk
        numeric = [int(i) for i in wanted if i.isdigit()]
        for chunk in self.base.get_chunks(numeric) if numeric else []:
            if LC_ID_KEY not in chunk.metadata:
                found[chunk.id] = chunk
        return [_document(c.id, c.text, c.metadata) for c in found.values()]

    def similarity_search(self, query: str, k: int = 4, filter: dict[str, Any] | None = None,
                          **kwargs: Any) -> list[Document]:
        return [doc for doc, _ in self.similarity_search_with_score(query, k, filter, **kwargs)]

    def similarity_search_with_score(self, query: str, k: int = 4,
                                     filter: dict[str, Any] | None = None,
                                     **kwargs: Any) -> list[tuple[Document, float]]:
        """(Document, score) pairs, best first: cosine similarity in semantic mode."""
        mode = kwargs.pop("mode", self.mode)
        vector = self.embedding.embed_query(query) if mode != "keyword" else None
        return self._scored(vector, k, filter, mode=mode, text=query, **kwargs)

    def similarity_search_by_vector(self, embedding: list[float], k: int = 4,
                                    filter: dict[str, Any] | None = None,
                                    **kwargs: Any) -> list[Document]:
        pairs = self.similarity_search_with_score_by_vector(embedding, k, filter, **kwargs)
        return [doc for doc, _ in pairs]

    def similarity_search_with_score_by_vector(
            self, embedding: list[float], k: int = 4, filter: dict[str, Any] | None = None,
            **kwargs: Any) -> list[tuple[Document, float]]:
        return self._scored(embedding, k, filter, **{"mode": "semantic", **kwargs})

    def _scored(self, vector: Any, k: int, filter: Any, *, mode: str, text: str | None = None,
                **kwargs: Any) -> list[tuple[Document, float]]:
        where = _where(filter if filter is not None else kwargs.get("where"))
        hits: list[Hit] = self.base.search(vector, k=k, where=where, mode=mode, text=text)
        threshold = kwargs.get("score_threshold")
        return [(_document(h.id, h.text, h.metadata), float(h.score)) for h in hits
                if threshold is None or h.score >= threshold]

    def max_marginal_relevance_search(self, query: str, k: int = 4, fetch_k: int = 20,
                                      lambda_mult: float = 0.5, **kwargs: Any) -> list[Document]:
        vector = self.embedding.embed_query(query)
        return self.max_marginal_relevance_search_by_vector(vector, k, fetch_k, lambda_mult,
                                                            **kwargs)

    def max_marginal_relevance_search_by_vector(self, embedding: list[float], k: int = 4,
                                                fetch_k: int = 20, lambda_mult: float = 0.5,
                                                **kwargs: Any) -> list[Document]:
        """Relevant but varied results: re-rank the top `fetch_k` by MMR on stored vectors."""
        import numpy as np
        from langchain_core.vectorstores.utils import maximal_marginal_relevance

        where = _where(kwargs.get("filter", kwargs.get("where")))
        hits: list[Hit] = self.base.search(embedding, k=max(fetch_k, k), where=where)
        if not hits:
            return []
        stored = vectors_of(self.base, [h.id for h in hits])
        picked = maximal_marginal_relevance(np.asarray(embedding, dtype="float32"),
                                            list(stored), lambda_mult=lambda_mult, k=k)
        return [_document(hits[i].id, hits[i].text, hits[i].metadata) for i in picked]

    def search(self, query: str, search_type: str, **kwargs: Any) -> list[Document]:
        """LangChain's `search`, plus search_type "semantic", "keyword" or "hybrid"."""
        if search_type in MODES:
            return self.similarity_search(query, **{**kwargs, "mode": search_type})
        return super().search(query, search_type, **kwargs)

    def as_retriever(self, **kwargs: Any) -> Any:
        """LangChain's retriever; `search_type="hybrid"` (or "keyword", "semantic") picks
        the mode (LangChain's retriever itself only knows similarity, threshold and MMR)."""
        search_type = kwargs.get("search_type")
        if search_type in MODES:
            kwargs["search_type"] = "similarity"
            kwargs["search_kwargs"] = {**kwargs.get("search_kwargs", {}), "mode": search_type}
        return super().as_retriever(**kwargs)

    def _select_relevance_score_fn(self) -> Callable[[float], float]:
        # Scores are cosine similarities (LangChain's cosine relevance); clip the
        # negatives of unrelated texts to 0 so relevance stays within [0, 1].
        return lambda score: min(1.0, max(0.0, score))

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_texts(cls, texts: list[str], embedding: Embeddings,
                   metadatas: list[dict[str, Any]] | None = None, *,
                   ids: list[str] | None = None, base_path: str | os.PathLike[str] | None = None,
                   **kwargs: Any) -> VetorbaseVectorStore:
        """Create or open the base at `base_path` (default: the user's base) and add."""
        if base_path is None:
            from vetorbase.paths import default_base_dir

            base_path = default_base_dir()
        store = cls.open(base_path, embedding, origin=kwargs.pop("origin", None))
        store.add_texts(texts, metadatas, ids=ids)
        return store


def _where(filter: Any) -> dict[str, Any] | None:
    """A `where` dict, or the window/CLI text form of one ("page>2; lang!=en")."""
    if isinstance(filter, str):
        return parse_filter(filter)
    return filter or None


def _document(chunk_id: int, text: str, metadata: dict[str, Any]) -> Document:
    meta = dict(metadata)
    lc_id = meta.pop(LC_ID_KEY, None)
    return Document(page_content=text, metadata=meta,
                    id=str(lc_id) if lc_id is not None else str(chunk_id))
