"""The keyword/hybrid benchmark still runs and measures every figure it reports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("hybrid_run.py")


def test_hybrid_benchmark_smoke():
    out = subprocess.run([sys.executable, str(SCRIPT), "--chunks", "1500", "--smoke"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["chunks"] == 1500 and r["check"] == []
    assert 0 < r["index_bytes"] < r["journal_bytes"] and r["journal_bytes_without_index"] < r["journal_bytes"]
    assert r["store_seconds_with_index"] > 0 and r["store_seconds_without_index"] > 0
    kinds = set(r["latency"])
    assert {"semantic", "keyword: code (one chunk)", "hybrid: code (one chunk)", "hybrid, filter page>=5"} <= kinds
    assert all(v["p50_ms"] > 0 for v in r["latency"].values())
    assert set(r["ratios_to_semantic_p50"]) == kinds - {"semantic"}
