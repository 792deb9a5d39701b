"""The shared vector base: SQLite journal + per-process FAISS cache + snapshots. No Qt."""

from vetorbase.store.base import VectorBase

__all__ = ["VectorBase"]
