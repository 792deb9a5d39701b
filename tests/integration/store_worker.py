"""A real process hammering a shared base; run as a script by the integration tests.

Every operation is appended to an acknowledgement file only after the call returned,
and fsynced, so the test knows exactly which operations were acknowledged. The base is named by its
location: a folder path or a PostgreSQL URL (`VectorBase.open` takes either).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import numpy as np

from vetorbase import VectorBase

DIM = 32
#: The document every writer replaces again and again (lost updates show here first).
HOT = "shared/hot"


def ack(fh, lock: threading.Lock, record: dict) -> None:
    with lock:
        fh.write(json.dumps(record) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def writer(location: str, name: str, n: int, fh, lock: threading.Lock, remove_every: int) -> None:
    base = VectorBase.open(location)
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    mine: list[str] = []
    for i in range(n):
        source = f"{name}/doc{i}"
        k = int(rng.integers(1, 5))
        base.add_document(source, [f"{source} part {j}" for j in range(k)],
                          rng.normal(size=(k, DIM)), [{"writer": name, "j": j} for j in range(k)],
                          origin=name)
        ack(fh, lock, {"op": "add", "source": source, "chunks": k})
        mine.append(source)
        if remove_every and i % remove_every == remove_every - 1:
            victim = mine.pop(int(rng.integers(0, len(mine))))
            removed = base.remove_where({"source": victim})
            ack(fh, lock, {"op": "remove", "source": victim, "chunks": removed})
        if i % 10 == 5:
            ids = base.add_texts(["loose"], rng.normal(size=(1, DIM)), [{"source": f"{name}/loose"}])
            ack(fh, lock, {"op": "append", "source": f"{name}/loose", "chunks": len(ids)})
        if i % 4 == 2:  # every writer replaces the same document: the last commit must win whole
            k = int(rng.integers(1, 6))
            base.add_document(HOT, [f"hot {name} {i} {j}" for j in range(k)], rng.normal(size=(k, DIM)),
                              [{"writer": name, "i": i}] * k, origin=name)
            ack(fh, lock, {"op": "hot", "source": HOT, "writer": name, "i": i, "chunks": k})


def reader(location: str, stop_file: str, fh, lock: threading.Lock) -> None:
    base = VectorBase.open(location)
    rng = np.random.default_rng()
    last_seq, reads = 0, 0
    while not os.path.exists(stop_file):
        base.refresh()
        hits = base.search(rng.normal(size=DIM), k=5,
                           where={"writer": "w0"} if reads % 3 == 0 else None)
        assert all(h.text for h in hits)
        seq = base.seq
        if seq < last_seq:
            raise AssertionError(f"seq went backwards: {last_seq} -> {seq}")
        last_seq, reads = seq, reads + 1
    ack(fh, lock, {"op": "reads", "count": reads, "last_seq": last_seq, "check": base.check()})


def main() -> None:
    role, location, ack_path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    lock = threading.Lock()
    errors: list[str] = []
    with open(ack_path, "a") as fh:
        def run(i: int) -> None:
            try:
                if role == "writer":
                    writer(location, f"{os.path.basename(ack_path)}-{i}", int(sys.argv[5]), fh, lock,
                           int(sys.argv[6]))
                else:
                    reader(location, sys.argv[5], fh, lock)
            except BaseException as exc:  # report, then fail the process
                errors.append(f"{type(exc).__name__}: {exc}")

        workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
        for t in workers:
            t.start()
        for t in workers:
            t.join()
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
