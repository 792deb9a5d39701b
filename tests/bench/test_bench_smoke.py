"""Seconds-long smoke run of the benchmark harness (the full run is `tests/bench/run.py`).

Runs the real harness at 2,000 chunks for Vetorbase and the seed's design (plus Chroma and
LanceDB, in-process workloads only, when they are installed) and checks that the harness
still measures what it claims: exact recall, no lost writes for Vetorbase, the seed's
last-writer-wins losses, and a table with the expected rows.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from vbbench import cli  # noqa: E402
from vbbench.stores import label  # noqa: E402


def test_smoke_run_produces_table_and_vetorbase_loses_nothing(tmp_path: Path) -> None:
    out = tmp_path / "results"
    res = cli.run([2000], cli.SMOKE_STORES, cli.SMOKE, out, tmp_path / "work",
                  "python tests/bench/run.py --smoke", log=lambda *_: None)
    stores = res["sizes"]["2000"]["stores"]

    vb = stores["vetorbase"]
    w = vb["writers"]["2"]
    assert w["acknowledged"] == 2 * cli.SMOKE.adds and w["errors"] == 0
    assert w["lost"] == 0 and w["present"] == w["acknowledged"]
    assert w["chunks_present"] == w["chunks_expected"]
    assert vb["search"]["recall_at_10"] == 1.0
    assert vb["filtered"]["recall_at_10"] == 1.0 and vb["filtered"]["matches"] == 2
    assert vb["freshness"]["stale"] == 0
    assert vb["remove"]["resurfaced"] == 0 and vb["remove"]["removed_each"] == [10, 10]
    assert vb["cold"]["open_first_query_s"] > 0 and vb["cold"]["vmhwm_mb"] > 10

    seed = stores["seed"]
    assert seed["search"]["recall_at_10"] == 1.0  # exact flat index, reloaded per read
    assert seed["freshness"]["stale"] == 0  # it reloads everything, so it is never stale
    sw = seed["writers"]["2"]
    # Both writers loaded the folder before writing; each save_local overwrites the other's.
    assert sw["acknowledged"] == 2 * cli.SMOKE.adds and sw["lost"] > 0

    for peer, module in (("chroma", "chromadb"), ("lancedb", "lancedb")):
        installed = importlib.util.find_spec(module) is not None
        if installed:
            assert stores[peer]["search"]["n"] > 0 and "error" not in stores[peer]["search"]
        else:
            assert stores[peer]["unavailable"].startswith("not installed")

    md = (out / "RESULTS.md").read_text()
    for name in cli.SMOKE_STORES:
        assert f"| {label(name)} |" in md
    for row in ("read when nothing changed", "catch-up after another process added 10 chunks",
                "add one document", "cold open + first query", "2 writer processes"):
        assert row in md
    assert "not installed" in md or all(importlib.util.find_spec(p) for p in ("chromadb", "lancedb"))
    assert (out / "results.json").exists()
    if importlib.util.find_spec("matplotlib"):
        assert (out / "latency_vs_size.png").stat().st_size > 1000
        assert (out / "throughput_vs_writers.png").stat().st_size > 1000
    else:
        assert (out / "PLOTS-MISSING.txt").exists()
