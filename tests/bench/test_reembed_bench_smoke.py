"""The re-embedding benchmark still runs: both bases end with the same chunks and vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("reembed_run.py")


def test_reembed_benchmark_smoke():
    out = subprocess.run([sys.executable, str(SCRIPT), "--files", "3", "--chars", "1500", "--smoke"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["chunks"] >= 3 and r["failed"] == 0 and r["check"] == []
    assert r["embedder_after"] == "local:use-multilingual-v3" and r["passes"] == 1
    assert r["max_abs_vector_difference"] is not None and r["max_abs_vector_difference"] < 1e-4
    assert r["reembed_seconds"] > 0 and r["ingest_seconds"] > 0 and 0 <= r["switch_seconds"] <= r["reembed_seconds"]


def test_reembed_switch_at_scale_smoke():
    out = subprocess.run([sys.executable, str(SCRIPT), "--switch-chunks", "1000", "--smoke"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["switch_chunks"] == 1000 and r["check"] == []
    assert 0 < r["switch_seconds"] < r["reembed_seconds"]
