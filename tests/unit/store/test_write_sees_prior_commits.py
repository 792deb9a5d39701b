"""A write transaction sees every commit made before it got the base's write lock.

A writer that queued behind another must decide on the state that writer left (does this
source exist, which embedder does the base use now): on PostgreSQL a REPEATABLE READ
snapshot taken by the lock statement itself predates the wait, and would not.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from vetorbase import VectorBase


@pytest.mark.parametrize("backend", ["folder", "postgresql"])
def test_a_queued_writer_sees_the_commit_it_waited_for(backend, tmp_path, request):
    location = str(tmp_path / "b") if backend == "folder" else request.getfixturevalue("pg_url")
    base = VectorBase.open(location, create=True, dim=4, embedder_id="test:4")
    try:
        base.add_document("seed", ["seed"], np.eye(4, dtype=np.float32)[:1])
        holding = threading.Event()
        seen: list[int] = []

        def first() -> None:
            with base._journal.write() as conn:
                holding.set()
                time.sleep(0.5)
                conn.execute("UPDATE meta SET value = 'moved' WHERE key = 'embedder_id'")

        def second() -> None:
            holding.wait()
            time.sleep(0.1)  # queued behind first()
            with base._journal.write() as conn:
                row = conn.execute("SELECT count(*) FROM meta WHERE value = 'moved'").fetchone()
                seen.append(int(row[0]))

        threads = [threading.Thread(target=first), threading.Thread(target=second)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert seen == [1]
    finally:
        base.close()
