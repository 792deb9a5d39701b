"""What the trash costs: a removal to the trash against one for good, a restore, and
listing the trash, on one base (a figure, not a test).

    python tests/bench/trash_run.py --docs 600 --chunks 100     # 60,000 chunks of 512-d

Removes 20 documents to the trash and 20 for good (alternating, so both see the same
base), restores the 20, then trashes 500 documents one by one and lists the trash.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable

import numpy as np

from vetorbase import VectorBase


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--chunks", type=int, default=100, help="chunks per document")
    args = parser.parse_args()
    if args.docs < 540:
        parser.error("--docs must be at least 540 (40 removed and restored, 500 trashed to list)")
    base = VectorBase.open(tempfile.mkdtemp(), create=True, dim=512, embedder_id="bench:512")
    rng = np.random.default_rng(0)
    for i in range(args.docs):
        base.add_document(f"/d/{i}", [f"text {i} {j}" for j in range(args.chunks)],
                          rng.normal(size=(args.chunks, 512)))
    base.search(rng.normal(size=512), k=5)
    trash = [timed(lambda i=i: base.remove_where({"source": f"/d/{i}"})) for i in range(0, 40, 2)]
    purge = [timed(lambda i=i: base.remove_where({"source": f"/d/{i}"}, purge=True)) for i in range(1, 40, 2)]
    restore = [timed(lambda e=e: base.restore([e.id])) for e in base.trash()]
    for i in range(40, 540):
        base.remove_where({"source": f"/d/{i}"})
    listing, totals = timed(base.trash), timed(base.trash_totals)
    print(f"{args.docs * args.chunks} chunks of 512-d, documents of {args.chunks} chunks; p50:")
    print(f"  remove to the trash {np.median(trash):.2f} ms, for good {np.median(purge):.2f} ms "
          f"({np.median(trash) / np.median(purge):.2f}x), restore {np.median(restore):.2f} ms")
    print(f"  list 500 entries {listing:.1f} ms, totals {totals:.2f} ms; check: {base.check() or 'clean'}")


if __name__ == "__main__":
    main()
