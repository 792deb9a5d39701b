"""LanceDB embedded, default settings (no ANN index: exact scans), strong read consistency.

``read_consistency_interval=timedelta(0)`` is LanceDB's documented way for a long-lived
reader to see other processes' commits on every query.
"""

from __future__ import annotations

from datetime import timedelta

import lancedb
import numpy as np
import pyarrow as pa

from .data import DIM, base_metadata, text_of
from .stores import Store, new_meta

SCHEMA = pa.schema([
    ("key", pa.int64()), ("source", pa.string()), ("bucket", pa.int64()), ("run", pa.string()),
    ("text", pa.string()), ("vector", pa.list_(pa.float32(), DIM)),
])


def _table(keys, vectors, metas, texts) -> pa.Table:
    flat = pa.array(np.ascontiguousarray(vectors, dtype=np.float32).reshape(-1))
    return pa.table({
        "key": pa.array(keys, pa.int64()),
        "source": [m["source"] for m in metas],
        "bucket": pa.array([m["bucket"] for m in metas], pa.int64()),
        "run": [m.get("run", "") for m in metas],
        "text": texts,
        "vector": pa.FixedSizeListArray.from_arrays(flat, DIM),
    }, schema=SCHEMA)


class LanceStore(Store):
    name = "lancedb"
    tbl = None
    fork_preload = False  # lancedb warns its async runtime is not fork-safe

    def _connect(self):
        return lancedb.connect(str(self.path), read_consistency_interval=timedelta(0))

    def build(self, base, batch=5000) -> None:
        # One bulk write, as a user loading a corpus would do, streamed batch by batch so
        # a 1M-row base is never held as Python lists and a second array at once.
        def batches():
            for start in range(0, len(base), batch):
                keys = list(range(start, min(len(base), start + batch)))
                yield from _table(keys, np.asarray(base[keys[0]:keys[-1] + 1]),
                                  [base_metadata(k) for k in keys], [text_of(k) for k in keys]).to_batches()

        self._connect().create_table("bench", data=batches(), schema=SCHEMA)

    def open(self) -> None:
        self.tbl = self._connect().open_table("bench")

    def compact(self) -> bool:
        self._connect().open_table("bench").optimize()
        return True

    def close(self) -> None:
        self.tbl = None

    def add_doc(self, source, keys, vectors, run) -> None:
        self.tbl.add(_table(keys, vectors, [new_meta(k, source, run) for k in keys],
                            [f"chunk {k}" for k in keys]))

    def search(self, vector, k=10, bucket=None) -> list[int]:
        q = self.tbl.search(np.asarray(vector), vector_column_name="vector")
        q = q.distance_type("dot").limit(k).select(["key", "_distance"])
        if bucket is not None:
            q = q.where(f"bucket = {int(bucket)}", prefilter=True)
        return [int(r["key"]) for r in q.to_list()]

    def remove_source(self, source) -> int:
        flt = f"source = '{source}'"
        n = self.tbl.count_rows(flt)
        self.tbl.delete(flt)
        return n

    def run_rows(self, run) -> tuple[int, set[str]]:
        t = self.tbl.search().where(f"run = '{run}'").select(["source"]).limit(10_000_000)
        src = t.to_arrow().column("source").to_pylist()
        return len(src), set(src)
