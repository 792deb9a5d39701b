"""kill -9 of a process while it publishes a snapshot, with readers mapped on the old
one: the readers keep answering exactly, and a new process opens cleanly."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import numpy as np

from vetorbase import VectorBase

DIM = 64
KILLS = 15

READER = """
import sys, numpy as np
from vetorbase import VectorBase
b = VectorBase.open(sys.argv[1], read_only=True)
b.search(np.ones(64, np.float32), k=1)
print("ready", b._sync._cache.mapped is not None, flush=True)
for line in sys.stdin:
    q = np.array([float(x) for x in line.split()], np.float32)
    print(" ".join(str(h.id) for h in b.search(q, k=5)), flush=True)
"""

PUBLISHER = """
import sys, numpy as np
from vetorbase import VectorBase
b = VectorBase.open(sys.argv[1])
rng = np.random.default_rng(10_000 + int(sys.argv[2]))  # never the bulk's seed: no exact ties
print("ready", flush=True)
i = 0
while True:
    b.add_document(f"pub-{sys.argv[2]}-{i}", ["p"] * 5, rng.normal(size=(5, 64)))
    b.snapshot(wait=5)
    i += 1
"""


def expected_top(base: VectorBase, all_ids: list[int], q: np.ndarray) -> list[int]:
    mat = base.vectors(all_ids)
    scores = mat @ (q / np.linalg.norm(q))
    return [all_ids[i] for i in np.argsort(-scores, kind="stable")[:5]]


def test_readers_on_the_old_snapshot_survive_killed_publishers(tmp_path):
    base_dir = tmp_path / "base"
    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:64")
    rng = np.random.default_rng(0)
    for i in range(40):
        base.add_texts(["t"] * 1000, rng.normal(size=(1000, DIM)), [{"source": f"bulk-{i}"}] * 1000)
    assert base.snapshot() is not None
    reader = subprocess.Popen([sys.executable, "-c", READER, str(base_dir)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert reader.stdout.readline().split() == ["ready", "True"]
    chooser = random.Random(7)
    mid_publication = 0
    try:
        for kill in range(KILLS):
            pub = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(base_dir), str(kill)],
                                   stdout=subprocess.PIPE, text=True)
            assert pub.stdout.readline().strip() == "ready"
            time.sleep(chooser.uniform(0.05, 0.6))
            os.kill(pub.pid, signal.SIGKILL)
            pub.wait()
            if list((base_dir / "snapshots").glob("*.tmp-*")):
                mid_publication += 1
            all_ids = [c.id for d in base.documents(limit=10**6) for c in base.chunks(d.id)]
            for seed in range(3):
                q = np.random.default_rng(1000 * kill + seed).normal(size=DIM).astype(np.float32)
                reader.stdin.write(" ".join(map(str, q)) + "\n")
                reader.stdin.flush()
                got = [int(x) for x in reader.stdout.readline().split()]
                assert got == expected_top(base, all_ids, q), f"kill {kill}: reader answered wrong"
    finally:
        reader.kill()
        reader.wait()
    assert mid_publication >= 2, "no kill landed while a snapshot was being written"
    code = ("import sys, numpy as np; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]);"
            "b.search(np.ones(64, np.float32), k=3); p = b.check(); print(p); sys.exit(1 if p else 0)")
    out = subprocess.run([sys.executable, "-c", code, str(base_dir)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    base.close()
