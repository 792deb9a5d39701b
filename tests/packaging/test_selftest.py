"""`python -m vetorbase.selftest` (what the frozen `--selftest` runs) passes and fails honestly."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from vetorbase import selftest


def test_selftest_module_passes_from_source(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "vetorbase.selftest", "--no-gui"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for step in ("embedder", "ingest", "search", "remove", "check"):
        assert f"ok  {step}" in proc.stdout
    assert "OK  self-test passed" in proc.stdout


def test_selftest_reports_the_failing_step(monkeypatch) -> None:
    # A query whose expected document is wrong must fail the run with the reason.
    monkeypatch.setattr(selftest, "QUERIES", (("pão de queijo com polvilho", "solar-panels.md"),))
    out = io.StringIO()
    assert selftest.run(gui=False, out=out) == 1
    text = out.getvalue()
    assert "FAIL" in text and "expected solar-panels.md" in text
    assert "ok  ingest" in text  # the steps before the failure still reported


def test_sample_ships_portuguese_and_english() -> None:
    names = sorted(p.name for p in selftest.sample_dir().iterdir())
    assert {q[1] for q in selftest.QUERIES} <= set(names)
