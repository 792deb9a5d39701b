"""Calling the embedder for one document's chunks, with progress and cancellation.

Works with Vetorbase embedders (`embed_array`, which batches and checks `cancel`
between batches) and with any plain LangChain `Embeddings` (batched here instead).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from vetorbase.errors import Cancelled, EmbeddingError, ReadOnlyBase
from vetorbase.store.compat import check_compatible

BATCH_SIZE = 64


def _fraction(args: tuple[Any, ...]) -> float | None:
    """Accept progress(done, total) or progress(fraction) from the embedder."""
    try:
        if len(args) >= 2 and args[1]:
            return min(1.0, float(args[0]) / float(args[1]))
        if len(args) == 1:
            return min(1.0, float(args[0]))
    except (TypeError, ValueError):
        return None
    return None


def embed_texts(embedder: Any, texts: Sequence[str], *,
                progress: Callable[[float], None] | None = None,
                cancel: Any = None) -> np.ndarray:
    """Vectors for `texts` as float32 (n, dim); raises Cancelled if `cancel` gets set."""

    def tick(*args: Any) -> None:
        f = _fraction(args)
        if progress is not None and f is not None:
            progress(f)

    if hasattr(embedder, "embed_array"):
        vectors = embedder.embed_array(list(texts), progress=tick, cancel=cancel)
    else:
        rows: list[list[float]] = []
        for i in range(0, len(texts), BATCH_SIZE):
            if cancel is not None and cancel.is_set():
                raise Cancelled("ingestion cancelled while embedding")
            rows.extend(embedder.embed_documents(list(texts[i:i + BATCH_SIZE])))
            tick(len(rows), len(texts))
        vectors = rows
    if cancel is not None and cancel.is_set():
        raise Cancelled("ingestion cancelled while embedding")
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim != 2 or array.shape[0] != len(texts):
        raise EmbeddingError(
            f"the embedder returned {array.shape} for {len(texts)} texts")
    return array


def check_ingest_target(base: Any, embedder: Any) -> None:
    """Refuse up front what would fail for every file: read-only base, other embedder."""
    if getattr(base, "read_only", False):
        raise ReadOnlyBase(f"the base at {base.location} is open read-only; open it for "
                           "writing to ingest documents")
    where = f"the base at {base.location}"
    check_compatible(where, base.embedder_id, base.dim,
                     embedder_id=getattr(embedder, "embedder_id", None))
    # Only now: an Ollama embedder's `dim` asks its server.
    check_compatible(where, base.embedder_id, base.dim, dim=getattr(embedder, "dim", None) or None)
