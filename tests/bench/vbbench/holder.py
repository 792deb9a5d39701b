"""A brand-new interpreter that opens one store, searches, and stays alive until told.

    python -m vbbench.holder STORE PATH QUERIES.npy SEARCHES

Run by `scale.Holders` for the cold-open and memory workloads. The library is imported
before the parent's "go", so the timed part is only opening the base and the first
query, and several holders can be released at the same instant. After searching it
reports and waits, so the parent can read its /proc/<pid>/smaps_rollup while the base
is open. One JSON object per line on stdout; a line on stdin moves it on.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time


def say(**msg) -> None:
    print(json.dumps(msg), flush=True)


def main(argv: list[str]) -> int:
    name, path, queries_npy, searches = argv[0], argv[1], argv[2], int(argv[3])
    t0 = time.perf_counter()
    import numpy as np

    from memprobe import status_bytes
    from vbbench.stores import REGISTRY, make

    importlib.import_module(REGISTRY[name][0])
    counter = None
    if os.environ.get("VBBENCH_COUNT_SQL"):  # a server base: statements sent (pgcount.py)
        from vbbench.pgcount import install

        counter = install()
    queries = np.load(queries_npy)
    say(state="imported", import_s=time.perf_counter() - t0)
    if sys.stdin.readline().strip() != "go":
        return 0
    t_go = time.time()
    t1 = time.perf_counter()
    store = make(name, path)
    store.open()
    store.search(queries[0], 10)
    first = time.perf_counter() - t1
    sql = counter.take() if counter else None
    more = []
    for i in range(1, searches):
        t = time.perf_counter()
        store.search(queries[i % len(queries)], 10)
        more.append(time.perf_counter() - t)
    st = status_bytes()
    say(state="searched", open_first_query_s=first, started_at=t_go, later_searches_s=more,
        sql=sql, vmhwm=st.get("VmHWM", 0), rss_anon=st.get("RssAnon", 0), rss_file=st.get("RssFile", 0))
    sys.stdin.readline()  # the parent reads our memory now, then lets us go
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
