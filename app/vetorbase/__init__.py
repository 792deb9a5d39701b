"""Vetorbase: a FAISS document vector base shared safely by many processes."""

from vetorbase.errors import VetorbaseError
from vetorbase.store import VectorBase
from vetorbase.store.types import Changes, Chunk, DocumentInfo, Hit, Stats

__version__ = "0.1.0"

__all__ = [
    "VectorBase",
    "VetorbaseError",
    "Hit",
    "Chunk",
    "DocumentInfo",
    "Stats",
    "Changes",
    "__version__",
]
