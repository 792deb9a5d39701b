"""`vetorbase copy` at 100k chunks of 512-d: folder -> folder and folder -> PostgreSQL.

Prints the wall time and the copying process's peak RSS for each, to show the copy
streams (the source's vectors alone are 205 MB). A benchmark, not a test:

    nice -n 10 python tests/bench/copy_run.py --workdir /tmp/vb-copy [--chunks 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "app"), str(REPO / "tests")]

from vetorbase.store import VectorBase  # noqa: E402


def build(src: Path, chunks: int, dim: int = 512, per_doc: int = 10) -> None:
    base = VectorBase.open(src, create=True, dim=dim, embedder_id="test:512")
    rng = np.random.default_rng(1)
    for start in range(0, chunks, 2000):
        rows = range(start, min(chunks, start + 2000))
        base.add_texts([f"chunk {i} of document {i // per_doc} lava tax invoice" for i in rows],
                       rng.standard_normal((len(rows), dim)).astype("float32"),
                       [{"source": f"/d/{i // per_doc}.txt", "page": i % per_doc} for i in rows])
    base.close()


def copy(src: Path, dst: str) -> str:
    """One `vetorbase copy` in its own process (so its peak RSS is its own)."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "app")}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "vetorbase", "copy", str(src), dst, "--json",
                             "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    _pid, status, usage = os.wait4(proc.pid, 0)
    took = time.monotonic() - started
    out = proc.stdout.read() if proc.stdout else ""
    if status:
        return f"failed: {proc.stderr.read() if proc.stderr else ''}"
    return (f"{json.loads(out)['chunks']} chunks in {took:.1f} s, "
            f"peak RSS {usage.ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--chunks", type=int, default=100_000)
    args = parser.parse_args()
    src = args.workdir / "src"
    if not VectorBase.exists(src):
        build(src, args.chunks)
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print("folder -> folder:", copy(src, str(args.workdir / "dst")))
    from pgserver import PgServer

    pg = PgServer(args.workdir / "pg")
    try:
        print("folder -> server:", copy(src, pg.url("bench")))
    finally:
        pg.destroy()
    shutil.rmtree(args.workdir / "dst", ignore_errors=True)


if __name__ == "__main__":
    main()
