"""A writer the crash test kills with SIGKILL at a random instant.

Before each call it records an intent, after it an acknowledgement (both fsynced),
so the test knows which operations were acknowledged and which one was in flight.
The base is named by its location: a folder path or a PostgreSQL URL.
"""

from __future__ import annotations

import json
import os
import sys

import numpy as np

from vetorbase import VectorBase

DIM = 64


def main() -> None:
    mode, location, log_path, tag = sys.argv[1:5]
    base = VectorBase.open(location)
    rng = np.random.default_rng(int(tag))
    fh = open(log_path, "a")

    def record(**rec) -> None:
        fh.write(json.dumps(rec) + "\n")
        fh.flush()
        os.fsync(fh.fileno())

    print("ready", flush=True)
    i = 0
    while True:
        source = f"crash-{tag}-{i}"
        k = int(rng.integers(1, 20))
        record(state="intent", op="add", source=source)
        base.add_document(source, [f"{source} {j}" for j in range(k)], rng.normal(size=(k, DIM)))
        record(state="ack", op="add", source=source, chunks=k)
        if mode == "snapshot":
            base.snapshot(wait=5)
        elif mode == "compact" and i % 2 == 1:
            victim = f"crash-{tag}-{i - 1}"
            record(state="intent", op="remove", source=victim)
            base.remove_where({"source": victim})
            record(state="ack", op="remove", source=victim)
            base.compact()
        i += 1


if __name__ == "__main__":
    main()
