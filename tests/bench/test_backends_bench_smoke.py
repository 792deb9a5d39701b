"""Seconds-long smoke run of the folder-vs-PostgreSQL benchmark (`pg_run.py --smoke`).

Checks that the harness produces every figure of the table for both backends, on the
suite's real server, and that neither backend lost an acknowledged document or returned
a removed one (correctness, not timing: the timings live in the benchmark's report).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from vbbench import backends_cli, backends_report  # noqa: E402


def test_backends_smoke_produces_every_figure_for_both(tmp_path: Path, pg_server) -> None:
    from pgserver import PASSWORD

    out = tmp_path / "results"
    cfg = backends_cli.SMOKE
    res = backends_cli.run(2000, cfg, out, tmp_path / "work", "python tests/bench/pg_run.py --smoke",
                           pg_server.url(password=False), PASSWORD, log=lambda *_: None)

    keys = [row[0] for row in backends_report.rows(res["config"])]
    figs = res["summary"]
    assert list(figs) == keys
    for key, fig in figs.items():
        for side in ("folder", "postgresql"):
            value = fig[side]
            assert isinstance(value, float) and math.isfinite(value), (key, side, fig)
            # catch-up is a difference of two reads and may dip below zero; a notification is
            # timed from the writer's call returning, and NOTIFY can reach the waiter before
            # the writer's own reply does (by less than a round trip or a scheduling slice);
            # nothing else may
            if key.startswith("catchup"):
                continue
            if key.startswith("notify"):
                assert value > -50, (key, side, fig)
            else:
                assert value >= 0, (key, side, fig)

    most = str(max(cfg.writers))
    for name in backends_cli.STORES:
        r = res["stores"][name]
        w = r["writers"][most]
        assert w["errors"] == 0 and w["acknowledged"] == int(most) * cfg.adds, (name, w)
        assert w["lost"] == 0 and w["chunks_present"] == w["chunks_expected"], (name, w)
        assert r["catchup"]["add"]["stale"] == 0, name
        assert r["catchup"]["remove"]["resurfaced"] == 0, name
        n = r["notify"]
        assert n["timed_out"] == 0 and n["not_found_after"] == 0 and n["wake"]["n"] == cfg.notify_reps, name
        assert r["search"]["recall_at_10"] == 1.0, name

    rt = res["stores"]["vetorbase-pg"]["round_trips"]
    assert rt["select_1"]["p50_ms"] > 0 and rt["connect"]["p50_ms"] > 0
    assert all(c["statements"] > 0 for c in rt["ops"].values()), rt["ops"]
    cold = res["stores"]["vetorbase-pg"]["cold"]
    assert cold["with_snapshot"]["sql"]["connects"] >= 1
    assert cold["without_snapshot"]["sql"]["statements"] > 0

    md = (out / "BACKENDS.md").read_text()
    assert "| PostgreSQL ÷ folder |" in md and "## Where the network round trip costs" in md
    assert "## Errors" not in md
    assert PASSWORD not in md and PASSWORD not in (out / "backends.json").read_text()
    saved = json.loads((out / "backends.json").read_text())
    assert saved["summary"]["writers_lost"]["postgresql"] == 0
