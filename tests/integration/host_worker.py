"""One "host" of a shared PostgreSQL base, run as a script by tests/integration/test_two_hosts.py.

A host is a process with its own user cache folder (XDG_CACHE_HOME, where a server base
keeps this host's snapshot cache) and its own origin. Roles:

    host_worker.py write LOCATION ORIGIN TAG N OTHER_TAG OTHER_N
        add N documents TAG/doc<i>, then wait (wait_for_commit, never a sleep loop) until
        the other host's OTHER_N documents are visible; print one JSON line of what it saw.
    host_worker.py wait LOCATION ROUNDS TIMEOUT
        a long-lived reader: per round print "ready <seq>", block in
        wait_for_commit(seq, TIMEOUT), then print one JSON line (when it woke, the head seq,
        the newest document it can now search).
"""

from __future__ import annotations

import json
import sys
import time
import zlib

import numpy as np

from vetorbase import VectorBase

DIM = 16


def vector(text: str) -> np.ndarray:
    """The same vector for the same text in every process (str hashes are salted per process)."""
    return np.random.default_rng(zlib.crc32(text.encode())).normal(size=DIM).astype(np.float32)


def write(location: str, origin: str, tag: str, n: int, other: str, other_n: int) -> None:
    base = VectorBase.open(location, origin=origin)
    for i in range(n):
        source = f"{tag}/doc{i}"
        base.add_document(source, [f"{source} text", f"{source} more"],
                          np.stack([vector(source), vector(source + "+")]))
    deadline = time.monotonic() + 60
    while True:
        base.refresh()
        theirs = base.document_count(text=f"{other}/")
        if theirs >= other_n or time.monotonic() > deadline:
            break
        base.wait_for_commit(base.seq, 5.0)
    probe = f"{other}/doc{other_n - 1}"
    hits = base.search(vector(probe), k=1)
    print(json.dumps({
        "path": str(base.path), "backend": base.backend,
        "sources": sorted(d.source for d in base.documents(limit=100_000)),
        "count": base.count(), "origins": sorted({h["origin"] for h in base.history(100_000)}),
        "probe_hit": hits[0].source if hits else None, "check": base.check(),
    }), flush=True)


def wait(location: str, rounds: int, timeout: float) -> None:
    base = VectorBase.open(location)
    base.search(vector("warm up"), k=1)  # the cache is loaded before the first wait
    for _ in range(rounds):
        seq = base.journal_seq()
        print(f"ready {seq}", flush=True)
        t0 = time.time()
        head = base.wait_for_commit(seq, timeout)
        woke = time.time()
        base.refresh()
        newest = base.documents(limit=1, sort="added_at")
        print(json.dumps({"seq": seq, "head": head, "t0": t0, "woke": woke,
                          "newest": newest[0].source if newest else None}), flush=True)


def main() -> None:
    role, location = sys.argv[1], sys.argv[2]
    if role == "write":
        write(location, sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6], int(sys.argv[7]))
    else:
        wait(location, int(sys.argv[3]), float(sys.argv[4]))


if __name__ == "__main__":
    main()
