"""Cheap deterministic embedders for the Django-Q cluster tests.

Loaded in the workers through the embeddings registry as
``import:vbq_embedders:HashEmbedder`` so hundreds of tasks cost milliseconds, not a model.
``SlowHashEmbedder`` stalls on texts marked ``[slow]`` and writes its pid first, so a test
can kill the worker that is in the middle of that task.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

DIM = 64
_WORD = re.compile(r"\w+", re.UNICODE)


def hash_vector(text: str, dim: int = DIM) -> list[float]:
    """Bag of hashed words: texts sharing words are close, any text is non-zero."""
    v = np.zeros(dim, dtype=np.float64)
    words = _WORD.findall(text.lower()) or [text]
    for w in words:
        h = hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest()
        idx = int.from_bytes(h[:4], "little") % dim
        v[idx] += 1.0 if h[4] & 1 else -1.0
    if not np.any(v):
        v[0] = 1.0
    return (v / np.linalg.norm(v)).tolist()


class HashEmbedder(Embeddings):
    """A LangChain embedder with no model: hashes words into 64 dimensions."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [hash_vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return hash_vector(text)


class SlowHashEmbedder(HashEmbedder):
    """Like HashEmbedder, but a text containing ``[slow]`` takes VBQ_SLOW_SECONDS."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if any("[slow]" in t for t in texts):
            pid_dir = Path(os.environ["VBQ_WORK"]) / "slow-pids"
            pid_dir.mkdir(exist_ok=True)
            (pid_dir / f"{os.getpid()}-{time.time():.6f}").write_text(str(os.getpid()))
            time.sleep(float(os.environ.get("VBQ_SLOW_SECONDS", "4")))
        return super().embed_documents(texts)
