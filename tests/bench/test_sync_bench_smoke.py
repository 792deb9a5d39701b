"""The watched-folder benchmark still runs: an unchanged pass finds every file unchanged
(and writes nothing), a touched file is hashed and found unchanged, and a file saved into
a watched folder becomes searchable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("sync_run.py")
APP = Path(__file__).resolve().parents[2] / "app"


def test_sync_benchmark_smoke():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(APP), os.environ.get("PYTHONPATH", "")) if p)}
    out = subprocess.run([sys.executable, str(SCRIPT), "--files", "200", "--saves", "2", "--debounce", "0.2",
                          "--smoke"], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["files"] == 200 and len(r["unchanged_pass_seconds"]) == 3
    # 200 unchanged files are a listing and a comparison: far below the 10,000-file target.
    assert r["unchanged_pass_median_seconds"] < 2.0
    assert len(r["watch_latency_seconds"]) == 2 and 0 < r["watch_latency_max_seconds"] < 30
