"""Vetorbase through its public API (``vetorbase.store.VectorBase``), vectors supplied."""

from __future__ import annotations

import shutil

import numpy as np

from vetorbase.store import VectorBase
from vetorbase.store.snapshots import SNAPSHOT_DIR

from .data import DIM
from .stores import Store, new_meta

EMBEDDER_ID = "bench:precomputed-512"


class VetorbaseStore(Store):
    name = "vetorbase"
    base = None

    def bulk_add(self, keys, vectors, metas, texts) -> None:
        if self.base is None:
            self.base = VectorBase.open(self.location(), create=True, dim=DIM, embedder_id=EMBEDDER_ID)
        self.base.add_texts(texts, np.asarray(vectors), metas)

    def location(self) -> str:
        """What `VectorBase.open` is given: the folder itself (see store_pg.py for a server)."""
        return str(self.path)

    def drop_local_snapshot(self) -> dict[str, str]:
        """Make the next open in a new process find no snapshot on this host; returns the
        environment that process needs (none for a folder: its snapshot files are deleted)."""
        shutil.rmtree(self.path / SNAPSHOT_DIR, ignore_errors=True)
        return {}

    def finish_build(self) -> None:
        # Publish the snapshot new processes start from now, in the foreground, rather
        # than leaving it to the first reader's background thread.
        self.base.snapshot(wait=600)
        self.base.close()
        self.base = None

    def compact(self) -> bool:
        base = VectorBase.open(self.location())
        base.compact()
        base.close()
        return True

    def open(self) -> None:
        self.base = VectorBase.open(self.location())

    def close(self) -> None:
        if self.base is not None:
            self.base.close()
        self.base = None

    def add_doc(self, source, keys, vectors, run) -> None:
        self.base.add_document(source, [f"chunk {k}" for k in keys], np.asarray(vectors),
                               [new_meta(k, source, run) for k in keys])

    def search(self, vector, k=10, bucket=None) -> list[int]:
        where = None if bucket is None else {"bucket": bucket}
        return [int(h.metadata["key"]) for h in self.base.search(np.asarray(vector), k=k,
                                                                  where=where)]

    def remove_source(self, source) -> int:
        return self.base.remove_where({"source": source})

    def run_rows(self, run) -> tuple[int, set[str]]:
        n = self.base.count(where={"run": run})
        docs = self.base.documents(limit=1_000_000, where={"run": run})
        return n, {d.source for d in docs}
