"""One process of the shared-memory test: open the base, search, then wait to be measured.

    python memory_worker.py BASE_DIR SEARCHES SEED

Prints one JSON line after searching ({"hits": [...]}), then blocks on stdin so the
test can read /proc/<pid>/smaps_rollup while the base is open in this process.
"""

from __future__ import annotations

import json
import sys

import numpy as np

from vetorbase import VectorBase


def main(folder: str, searches: int, seed: int) -> None:
    base = VectorBase.open(folder)
    rng = np.random.default_rng(seed)
    hits = []
    for _ in range(searches):
        q = rng.standard_normal(base.dim).astype(np.float32)
        hits.append(len(base.search(q, k=5)))
    print(json.dumps({"hits": hits}), flush=True)
    sys.stdin.readline()
    base.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
