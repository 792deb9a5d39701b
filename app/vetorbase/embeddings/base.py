"""The common shape of every Vetorbase embedder.

Embedders are LangChain `Embeddings` (so any LangChain code can use them) plus what the
store and the ingestion need: a stable `embedder_id` recorded in the base, the vector
dimension, and `embed_array`, which batches, reports progress, can be cancelled and
returns one float32 matrix instead of lists of Python floats.
"""

from __future__ import annotations

import time
from typing import Callable, Protocol, Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from vetorbase.errors import Cancelled, EmbeddingError, InvalidInput

#: Called after each batch with (texts done, texts total).
ProgressCallback = Callable[[int, int], None]

#: Text embedded once to learn the dimension of embedders that do not declare it.
PROBE_TEXT = "dimension probe"


class CancelFlag(Protocol):
    """Anything with `is_set()`, usually a `threading.Event`."""

    def is_set(self) -> bool: ...


def check_cancel(cancel: CancelFlag | None) -> None:
    """Raise Cancelled when the flag is set; the single place that spells the message."""
    if cancel is not None and cancel.is_set():
        raise Cancelled("Embedding was cancelled; nothing of the unfinished batch is kept.")


def sleep_unless_cancelled(seconds: float, cancel: CancelFlag | None) -> None:
    """Wait between retries, waking at once when the user cancels."""
    wait = getattr(cancel, "wait", None)
    if callable(wait):
        wait(seconds)
    else:
        time.sleep(seconds)
    check_cancel(cancel)


def check_texts(texts: Sequence[str]) -> list[str]:
    """Refuse non-strings early: they would fail deep inside a model with an obscure error."""
    if isinstance(texts, str):
        raise InvalidInput("Expected a list of texts, got a single string.")
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise InvalidInput(f"Text #{i} is a {type(text).__name__}, not a string.")
    return out


def encodable(text: str) -> str:
    """Replace lone surrogates (from badly decoded files), which models and JSON reject."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def as_matrix(vectors: object, n: int, dim: int | None, who: str) -> np.ndarray:
    """Turn a model's answer into a checked (n, dim) float32 matrix."""
    try:
        arr = np.asarray(vectors, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise EmbeddingError(f"{who} returned vectors of unequal length or non-numbers.") from exc
    if arr.ndim != 2 or arr.shape[0] != n:
        raise EmbeddingError(
            f"{who} returned {arr.shape[0] if arr.ndim else 0} vectors for {n} texts "
            f"(shape {arr.shape})."
        )
    if dim is not None and arr.shape[1] != dim:
        raise EmbeddingError(f"{who} returned {arr.shape[1]}-d vectors, expected {dim}-d.")
    if arr.shape[1] == 0:
        raise EmbeddingError(f"{who} returned empty vectors.")
    if not np.isfinite(arr).all():
        raise EmbeddingError(f"{who} returned NaN or infinite values.")
    return arr


class VetorEmbeddings(Embeddings):
    """Base class: subclasses implement `_embed_batch`; batching and checks live here."""

    embedder_id: str = ""
    _dim: int | None = None

    @property
    def dim(self) -> int:
        """Vector dimension; embedders that do not declare it embed a probe text once."""
        if self._dim is None:
            self._dim = int(self._embed_checked([PROBE_TEXT], None).shape[1])
        return self._dim

    def _embed_batch(self, texts: list[str], cancel: CancelFlag | None) -> object:
        """Embed one batch; return anything `np.asarray` turns into (len(texts), dim)."""
        raise NotImplementedError

    def _embed_checked(self, texts: list[str], cancel: CancelFlag | None) -> np.ndarray:
        texts = [encodable(t) for t in texts]
        arr = as_matrix(self._embed_batch(texts, cancel), len(texts), self._dim, self.embedder_id)
        if self._dim is None:
            self._dim = int(arr.shape[1])
        return arr

    def embed_array(
        self,
        texts: Sequence[str],
        batch_size: int = 64,
        progress: ProgressCallback | None = None,
        cancel: CancelFlag | None = None,
    ) -> np.ndarray:
        """Embed texts in batches into an (n, dim) float32 matrix.

        Cancel is checked before every batch so a long ingestion stops within one batch.
        """
        items = check_texts(texts)
        if batch_size < 1:
            raise InvalidInput("batch_size must be at least 1.")
        check_cancel(cancel)
        if not items:
            return np.empty((0, self.dim), dtype=np.float32)
        parts: list[np.ndarray] = []
        done = 0
        for start in range(0, len(items), batch_size):
            check_cancel(cancel)
            batch = items[start : start + batch_size]
            parts.append(self._embed_checked(batch, cancel))
            done += len(batch)
            if progress is not None:
                progress(done, len(items))
        return np.ascontiguousarray(np.vstack(parts), dtype=np.float32)

    def test_connection(self) -> int:
        """Embed a probe text now and return the dimension (the settings' 'Test' button).

        Any failure surfaces here as the same typed error a real ingestion would raise.
        """
        arr = self._embed_checked([PROBE_TEXT], None)
        return int(arr.shape[1])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """LangChain entry point."""
        return self.embed_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """LangChain entry point."""
        return self.embed_array([text])[0].tolist()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.embedder_id!r})"
