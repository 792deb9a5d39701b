"""Seconds-long smoke run of the issue-10 scale benchmark (`run.py --scale --smoke`).

Checks only that the harness still produces every figure of the table (finite numbers,
no workload errors) and that Vetorbase lost no acknowledged document, which is a
correctness property; the timing targets live in the benchmark's report, not here.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from vbbench import cli  # noqa: E402
from vbbench.scale_report import rows  # noqa: E402


def test_scale_smoke_produces_every_figure_and_vetorbase_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "results"
    stores = cli.SCALE_SMOKE_STORES
    res = cli.run([2000], stores, cli.SCALE_SMOKE, out, tmp_path / "work",
                  "python tests/bench/run.py --scale --smoke", log=lambda *_: None, scale=True)
    size = res["sizes"]["2000"]
    assert math.isfinite(size["bare_faiss"]["p50_ms"]) and size["bare_faiss"]["p50_ms"] > 0

    ran = [s for s in stores if "unavailable" not in size["stores"][s]]
    assert "vetorbase" in ran
    if importlib.util.find_spec("lancedb"):
        assert "lancedb" in ran
    keys = [row[0] for row in rows(res["config"])]
    for name in ran:
        figs = res["summary"]["2000"][name]
        assert set(figs) == set(keys), name
        for key, f in figs.items():
            assert isinstance(f["value"], (int, float)) and math.isfinite(f["value"]), (name, key, f)
            assert f["value"] >= 0 or key.startswith("catchup"), (name, key, f)  # a difference

    vb = size["stores"]["vetorbase"]
    most = str(max(cli.SCALE_SMOKE.writers))
    w = vb["writers"][most]
    assert w["errors"] == 0 and w["acknowledged"] == int(most) * cli.SCALE_SMOKE.adds
    assert w["lost"] == 0 and w["chunks_present"] == w["chunks_expected"]
    assert vb["catchup"]["remove"]["resurfaced"] == 0
    assert vb["catchup"]["add"]["stale"] == 0

    md = (out / "SCALE.md").read_text()
    assert "| Vetorbase | met |" in md and "≤ 1.3× one process" in md
    saved = json.loads((out / "scale.json").read_text())
    assert saved["summary"]["2000"]["vetorbase"]["writers_lost"]["value"] == 0
