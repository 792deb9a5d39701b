"""A second real embedder for the re-embedding tests: words hashed into 96 dimensions.

Deterministic and model-free, of another dimension than the offline default (512), so
a base moved between the two must change every vector and its dimension. Loaded the way
a user's own model is, through the registry: ``import:hashembed:HashEmbedder96`` (the
tests put this folder on the path of every process they start).
"""

from __future__ import annotations

import hashlib
import os
import re
import time

import numpy as np
from langchain_core.embeddings import Embeddings

DIM = 96
HASH_ID = "import:hashembed:HashEmbedder96"
SLOW_ID = "import:hashembed:SlowHashEmbedder96"
_WORD = re.compile(r"\w+", re.UNICODE)


def hash_vector(text: str, dim: int = DIM) -> np.ndarray:
    """Bag of hashed words (unit length): texts sharing words are close."""
    v = np.zeros(dim, dtype=np.float64)
    for w in _WORD.findall(text.lower()) or [text]:
        h = hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest()
        v[int.from_bytes(h[:4], "little") % dim] += 1.0 if h[4] & 1 else -1.0
    if not np.any(v):
        v[0] = 1.0
    return (v / np.linalg.norm(v)).astype(np.float32)


class HashEmbedder96(Embeddings):
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [hash_vector(t).tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return hash_vector(text).tolist()


class SlowHashEmbedder96(HashEmbedder96):
    """The same vectors, HASH_SLOW_SECONDS (default 0.02 s) per call: runs long enough to
    be killed mid-way without a model's start-up cost."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        time.sleep(float(os.environ.get("HASH_SLOW_SECONDS", "0.02")))
        return super().embed_documents(texts)


class SaltedHash(HashEmbedder96):
    """Another model: the same words land elsewhere. `dim` 96 (as HashEmbedder96: a move
    the dimension alone cannot reveal) or any other size."""

    def __init__(self, dim: int = DIM) -> None:
        self.dim = int(dim)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [hash_vector("salt " + t, self.dim).tolist() for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return hash_vector("salt " + text, self.dim).tolist()


def salted96() -> SaltedHash:
    return SaltedHash(96)


def salted64() -> SaltedHash:
    return SaltedHash(64)


class FailOnMark(HashEmbedder96):
    """Fails on any text containing "[fail]", as a model server that dies mid-way would."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if any("[fail]" in t for t in texts):
            raise RuntimeError("the model server went away")
        return [hash_vector("salt " + t).tolist() for t in texts]


def salted512() -> SaltedHash:
    """A model-free stand-in of the default embedder's size: rows as large as a real move's."""
    return SaltedHash(512)
