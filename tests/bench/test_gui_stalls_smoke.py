"""The GUI stall benchmark still runs end to end: four measured phases, every document in,
the other process's changes seen, and a clean exit without Qt warnings (timing not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("gui_stalls.py")
PLATFORM_NOISE = "This plugin does not support "  # the offscreen plugin's notices, not the app's


def test_gui_stall_benchmark_smoke(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    before = {p.name: p.stat().st_mtime for p in (SCRIPT.parent / "results").glob("*")}
    out = subprocess.run([sys.executable, str(SCRIPT), "--smoke", "--files", "5", "--searches", "3",
                          "--external", "10", "--remove-commits", "3"],
                         capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    noise = [line for line in out.stderr.splitlines() if line.strip() and PLATFORM_NOISE not in line]
    assert not noise, f"unexpected stderr (Qt warnings?): {noise}"
    r = json.loads(out.stdout)
    phases = r["phases"]
    assert set(phases) == {"ingest", "search", "catch_up", "map"}
    for name, p in phases.items():
        assert p["ticks"] > 0 and p["duration_s"] > 0, name
        assert p["longest_stall_ms"] >= 0 and p["p99_tick_gap_ms"] > 0, name
    assert phases["ingest"]["counts"] == {"added": 5} and phases["ingest"]["documents_shown"] == 5
    assert phases["search"]["answered_with_hits"] == 3
    catch = phases["catch_up"]
    assert catch["peak_documents_shown"] == 15, "the window showed the other process's adds"
    assert catch["final_documents_shown"] == 5 and catch["removal_commits"] == 3 and catch["removed_chunks"] == 20
    assert catch["external_change_notices"] >= 2, "adds and removals arrived as external changes"
    assert phases["map"]["points"] == 5 and phases["map"]["chunks"] == 5, "one chunk per small file"
    assert phases["map"]["hovered_points"] >= 3
    assert r["writer_exit"] == 0 and r["worker_thread_alive"] is False
    assert r["none_refs_lost"] <= 5, "the Qt binding leaks references to None (PySide6 6.12.0)"
    assert r["nproc"] >= 1 and len(r["loadavg_start"]) == 3 and "--smoke" in r["command"]
    after = {p.name: p.stat().st_mtime for p in (SCRIPT.parent / "results").glob("*")}
    assert after == before, "--smoke must not write results"

