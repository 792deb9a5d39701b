"""Seconds-long smoke run of the duplicate-scan benchmark (`duplicates_run.py`) at 10,000
chunks: above the exact-product limit, so the clustered comparison runs. Every planted exact
and near copy must come back and nothing unplanted may be grouped (correctness); the time
is recorded by the benchmark, not asserted here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

import duplicates_run  # noqa: E402
from vetorbase.store import twins  # noqa: E402


def test_duplicate_scan_smoke_finds_every_planted_copy_and_nothing_else(tmp_path: Path) -> None:
    result = duplicates_run.run(10_000, tmp_path / "work", exact=20, near=20)
    assert result["chunks"] == 10_000 and result["documents"] == 1_000
    assert result["chunks"] - 20 * duplicates_run.DOC_CHUNKS > twins.EXACT_LIMIT  # the clustered path
    assert (result["exact_found"], result["near_found"]) == (20, 20)
    assert result["unplanted_groups"] == 0
    assert result["progress_ticks"] > 10 and result["seconds"] > 0
    duplicates_run.write(result, tmp_path / "out", "smoke")
    saved = json.loads((tmp_path / "out" / "duplicates.json").read_text())
    assert saved["near_found"] == 20 and "| 10,000 | 1,000 |" in (tmp_path / "out" / "DUPLICATES.md").read_text()
