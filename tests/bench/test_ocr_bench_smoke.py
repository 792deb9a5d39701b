"""The OCR benchmark still runs: one scanned page read, timed, and its share measured."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("ocr_run.py")


def test_ocr_benchmark_smoke():
    out = subprocess.run([sys.executable, str(SCRIPT), "--pages", "1", "--smoke"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout)
    assert r["ocr_pages"] == 1 and r["failed"] == 0 and r["chunks"] >= 1
    assert r["pages_per_second"] > 0 and r["cer_max"] < 0.05
    assert 0 < r["ocr_share_of_ingest"] < 1 and r["embed_seconds"] < r["ingest_seconds"]
    assert r["sizes"]["python_mb"] > 0 and r["check"] == []
