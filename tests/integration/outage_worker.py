"""A writer that keeps writing while its PostgreSQL server is stopped and restarted.

    outage_worker.py LOCATION LOG STOPFILE TAG

Run by tests/integration/test_pg_failure.py. Before each call it records an intent (with
the number of chunks it will write), after it an acknowledgement, or the Vetorbase error
the call raised (type, retryable, message, repr) — all fsynced — and goes on until
STOPFILE exists. Any other exception ends the process with a traceback: a server outage
must surface as the library's own error, never as a raw driver exception.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

from vetorbase import VectorBase
from vetorbase.errors import VetorbaseError

DIM = 32


def main() -> None:
    location, log_path, stop_file, tag = sys.argv[1:5]
    base = VectorBase.open(location, origin=f"outage-{tag}@tests")
    rng = np.random.default_rng(int(tag))
    fh = open(log_path, "a")

    def record(**rec) -> None:
        rec["t"] = time.time()
        fh.write(json.dumps(rec) + "\n")
        fh.flush()
        os.fsync(fh.fileno())

    i = 0
    while not Path(stop_file).exists():
        source = f"outage-{tag}-{i}"
        k = int(rng.integers(20, 200))  # big enough that a stop often lands inside the call
        record(state="intent", source=source, chunks=k)
        try:
            base.add_document(source, [f"{source} part {j}" for j in range(k)], rng.normal(size=(k, DIM)))
        except VetorbaseError as exc:
            record(state="error", source=source, type=type(exc).__name__,
                   retryable=bool(exc.retryable), message=str(exc), repr=repr(exc))
            time.sleep(0.1)
        else:
            record(state="ack", source=source, chunks=k)
        i += 1


if __name__ == "__main__":
    main()
