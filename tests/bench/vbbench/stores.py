"""The common adapter interface every benchmarked store implements, and the registry.

Chunks are identified by an integer ``key`` kept in their metadata, so results from
every store can be compared with the same numpy ground truth.
"""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path
from typing import Any

import numpy as np

from .data import BUCKETS, DOC_CHUNKS, base_metadata, text_of

# name -> (module, class, label, import needed to run it)
REGISTRY: dict[str, tuple[str, str, str, str]] = {
    "vetorbase": ("vbbench.store_vetorbase", "VetorbaseStore", "Vetorbase", "vetorbase.store"),
    "vetorbase-pg": ("vbbench.store_pg", "VetorbasePgStore", "Vetorbase on PostgreSQL", "psycopg"),
    "seed": ("vbbench.store_langchain", "SeedStore",
             "Seed design (LangChain FAISS, reload-before-read)", "langchain_community"),
    "langchain": ("vbbench.store_langchain", "PlainLangChainStore",
                  "Plain LangChain FAISS (load once)", "langchain_community"),
    "chroma": ("vbbench.store_chroma", "ChromaStore", "Chroma PersistentClient", "chromadb"),
    "lancedb": ("vbbench.store_lance", "LanceStore", "LanceDB embedded", "lancedb"),
}
#: The classic peers' comparison (`run.py`); the PostgreSQL backend has its own run (pg_run.py).
ALL = [name for name in REGISTRY if name != "vetorbase-pg"]


def label(name: str) -> str:
    return REGISTRY[name][2]


def unavailable(name: str) -> str | None:
    """None when the store can run here, else why not (e.g. "not installed: chromadb")."""
    # find_spec, not import: the parent process stays free of every store's library
    module = REGISTRY[name][3]
    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    return None if found else f"not installed: {module}"


def make(name: str, path: Path) -> "Store":
    mod, cls, _, _ = REGISTRY[name]
    return getattr(importlib.import_module(mod), cls)(Path(path))


def new_meta(key: int, source: str, run: str) -> dict[str, Any]:
    """Metadata of a chunk added during a workload (bucket -1 keeps filter truth intact)."""
    return {"source": source, "bucket": -1, "key": key, "run": run}


class Store:
    """One store at one folder. Subclasses implement the store's own recommended calls."""

    name = "?"
    #: True when inserts rewrite the whole base (workloads then use fewer iterations).
    slow_writes = False
    #: True when a search costs a whole reload (workloads then use fewer queries).
    slow_reads = False
    #: False when the library must not be imported before a fork (its runtime has threads).
    fork_preload = True

    def __init__(self, path: Path) -> None:
        self.path = path

    # -- lifecycle -------------------------------------------------------------------
    def build(self, base: np.ndarray, batch: int = 5000) -> None:
        """Create the base holding every row of `base` (key = row number)."""
        for start in range(0, len(base), batch):
            stop = min(len(base), start + batch)
            keys = list(range(start, stop))
            self.bulk_add(keys, np.asarray(base[start:stop]), [base_metadata(k) for k in keys],
                          [text_of(k) for k in keys])
        self.finish_build()

    def bulk_add(self, keys: list[int], vectors: np.ndarray, metas: list[dict],
                 texts: list[str]) -> None:
        raise NotImplementedError

    def finish_build(self) -> None:
        """Hook after the bulk load (e.g. save to disk)."""

    def compact(self) -> bool:
        """Run the store's own space-reclaiming step on the closed base; False if it has none."""
        return False

    def open(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        pass

    # -- workload operations ---------------------------------------------------------
    def add_doc(self, source: str, keys: list[int], vectors: np.ndarray, run: str) -> None:
        """Add one document (all its chunks) as the store's single write call."""
        raise NotImplementedError

    def search(self, vector: np.ndarray, k: int = 10, bucket: int | None = None) -> list[int]:
        """Keys of the top-k chunks, optionally only among chunks with that bucket."""
        raise NotImplementedError

    def remove_source(self, source: str) -> int:
        """Remove every chunk whose metadata source equals `source`; chunks removed."""
        raise NotImplementedError

    def run_rows(self, run: str) -> tuple[int, set[str]]:
        """(chunks, distinct sources) tagged with `run`, as stored rows (not the index)."""
        raise NotImplementedError


__all__ = ["ALL", "REGISTRY", "Store", "make", "label", "unavailable", "new_meta",
           "BUCKETS", "DOC_CHUNKS"]
