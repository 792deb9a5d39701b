"""The ingestion benchmark still runs, measures both numbers, and skips unchanged files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("ingest_run.py")


def test_ingest_benchmark_smoke():
    out = subprocess.run([sys.executable, str(SCRIPT), "--files", "3", "--chars", "1500", "--smoke"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["added"] == 3 and r["failed"] == 0 and r["chunks"] >= 3
    assert 0 < r["embed_seconds"] <= r["seconds"]
    assert 0 <= r["share_outside_embedding"] < 1
    assert r["rerun_skipped"] == 3 and r["check"] == []
