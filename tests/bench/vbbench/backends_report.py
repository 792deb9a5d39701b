"""Issue 11's table: each workload on the folder and on PostgreSQL, and their ratio.

The folder is the baseline, measured in the same run on the same vectors. `summary()`
is stored in backends.json too, so the JSON carries the same figures as the markdown.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Callable

from .report import _g, err, ms, secs

FOLDER, PG = "vetorbase", "vetorbase-pg"
#: Round trip times a reader may have instead of loopback (ms): one data centre, a country.
NETWORKS_MS = (1.0, 10.0)

Getter = Callable[[dict], "float | None"]


def rows(cfg: dict) -> list[tuple[str, str, str, str, Getter]]:
    """(key, title, unit, target, getter) of every figure."""
    most = str(max(cfg["writers"]))
    one = str(min(cfg["writers"]))
    return [
        ("search", "search k=10, p50", "ms", "–", lambda r: _g(r, "search", "p50_ms")),
        ("filtered", "filtered 1-in-1000, k=10, p50", "ms", "–", lambda r: _g(r, "filtered", "p50_ms")),
        ("add", f"add 1 document ({cfg['chunks_per_doc']} chunks), p50, {one} writer", "ms", "–",
         lambda r: _g(r, "writers", one, "commit", "p50_ms")),
        ("writers_docs", f"{most} writer processes: documents/s", "docs/s", "–",
         lambda r: _g(r, "writers", most, "throughput_docs_s")),
        ("writers_lost", f"{most} writer processes: acknowledged but not present", "docs", "0",
         lambda r: _g(r, "writers", most, "lost")),
        ("writers_p99", f"{most} writer processes: commit p99", "ms", "–",
         lambda r: _g(r, "writers", most, "commit", "p99_ms")),
        ("catchup_add", "catch-up after another process added 10 chunks (warm reader)", "ms", "–",
         lambda r: _g(r, "catchup", "add", "catchup_ms")),
        ("catchup_remove", "catch-up after another process removed 1 document (warm reader)", "ms", "–",
         lambda r: _g(r, "catchup", "remove", "catchup_ms")),
        ("notify_p50", "commit → another process's wait_for_commit returns, p50", "ms", "≤ 100 ms",
         lambda r: _g(r, "notify", "wake", "p50_ms")),
        ("notify_p95", "commit → another process's wait_for_commit returns, p95", "ms", "≤ 100 ms",
         lambda r: _g(r, "notify", "wake", "p95_ms")),
        ("visible_p50", "commit → that process's next search finds it, p50", "ms", "–",
         lambda r: _g(r, "notify", "visible", "p50_ms")),
        ("cold_with", "cold open + first query, host with a local snapshot (median)", "s", "–",
         lambda r: _g(r, "cold", "with_snapshot", "median_s")),
        ("cold_without", "cold open + first query, host without a local snapshot (median)", "s", "–",
         lambda r: _g(r, "cold", "without_snapshot", "median_s")),
    ]


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and math.isfinite(v) else None


def summary(res: dict) -> dict:
    out: dict = {}
    st = res["stores"]
    for key, title, unit, target, get in rows(res["config"]):
        f, p = _num(get(st.get(FOLDER, {}))), _num(get(st.get(PG, {})))
        # a difference of two reads (catch-up) can be 0 or below: no ratio of noise
        ratio = p / f if f is not None and f > 0 and p is not None and p >= 0 else None
        out[key] = {"title": title, "unit": unit, "target": target, "folder": f, "postgresql": p,
                    "ratio": ratio}
    return out


def _value(v: float | None, unit: str) -> str:
    if v is None:
        return "–"
    if unit == "ms":
        return ms(v)
    if unit == "s":
        return secs(v)
    if unit == "docs/s":
        return f"{v:.0f} docs/s"
    return f"{v:.0f}"


def _cell(r: dict, key: str, fig: dict, side: str) -> str:
    v = fig[side]
    if v is None:
        part = {"search": "search", "filtered": "filtered", "catchup_add": "catchup",
                "catchup_remove": "catchup", "cold_with": "cold", "cold_without": "cold"}.get(key)
        why = err(r.get(part)) if part else None
        return f"– ({why})" if why else "–"
    text = _value(v, fig["unit"])
    if key == "writers_lost":
        counts = [int(k) for k in r.get("writers", {}) if k.isdigit()]
        w = _g(r, "writers", str(max(counts, default=0)), default={})
        text = f"{v:.0f} of {w.get('acknowledged', '?')}"
    if key == "search":
        text += f" (recall {_g(r, 'search', 'recall_at_10', default=float('nan')):.2f})"
    if key.startswith("catchup_"):
        iqr = _g(r, "catchup", key.split("_")[1], "unchanged_iqr_ms")
        if iqr is not None:
            text += f" (unchanged reads' IQR {ms(iqr)})"
    if key == "notify_p50":
        n = _g(r, "notify", default={})
        text += f" (n={_g(n, 'wake', 'n')}, timed out {n.get('timed_out', '?')})"
    return text


def _ratio(fig: dict) -> str:
    r = fig["ratio"]
    if r is None:
        if fig["folder"] == 0 and fig["postgresql"] == 0:
            return "both 0"
        return "– (a difference within noise)" if fig["folder"] is not None else "–"
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def round_trip_section(pg: dict) -> list[str]:
    rt = pg.get("round_trips")
    if not isinstance(rt, dict) or "ops" not in rt:
        return [f"Round trips not measured ({err(rt) or 'no data'})."]
    loop = rt["select_1"]["p50_ms"]
    conn = rt["connect"]["p50_ms"]
    ops = dict(rt["ops"])
    for label, part in (("cold open + first query, with a local snapshot", "with_snapshot"),
                        ("cold open + first query, without a local snapshot", "without_snapshot")):
        sql = _g(pg, "cold", part, "sql")
        if sql:
            ops[label] = sql
    head = ["| operation | statements (round trips) | new connections | at loopback "
            f"({loop * 1000:.0f} µs each) | + at {NETWORKS_MS[0]:g} ms RTT | + at {NETWORKS_MS[1]:g} ms RTT |",
            "|---|---|---|---|---|---|"]
    for op, c in ops.items():
        n, k = c["statements"], c["connects"]
        extra = [ms(n * (net - loop) + k * _handshakes(net)) for net in NETWORKS_MS]
        head.append(f"| {op} | {n} | {k} | {ms(n * loop)} | {extra[0]} | {extra[1]} |")
    return [
        f"`SELECT 1` on an open connection: p50 {loop * 1000:.0f} µs, p95 "
        f"{rt['select_1']['p95_ms'] * 1000:.0f} µs (loopback: the server's least work plus the "
        f"kernel's). A new connection with SCRAM authentication: p50 {ms(conn)}. Server: "
        f"PostgreSQL {rt.get('server_version', '?')} on 127.0.0.1.",
        "",
        "Statements each operation sent (counted in the library's PgConn.execute/executemany; an "
        "executemany is one pipelined round trip). Each statement waits for one round trip, so "
        "on a network the added time is about statements × (RTT − loopback RTT), plus about "
        f"{HANDSHAKE_RTTS} round trips per new connection (TCP, startup, SCRAM); the last two "
        "columns are that estimate, not a measurement:",
        "",
        *head,
    ]


#: Round trips of a new connection: TCP handshake, startup + SCRAM (2), ready, search_path.
HANDSHAKE_RTTS = 5


def _handshakes(net_ms: float) -> float:
    return HANDSHAKE_RTTS * net_ms


def markdown(res: dict) -> str:
    st, m = res["stores"], res["machine"]
    figs = res["summary"]
    folder, pg = st.get(FOLDER, {}), st.get(PG, {})
    lines = [
        "# Folder vs PostgreSQL (issue 11)",
        "",
        f"One run, {res['size']:,} chunks of {res['dim']}-d seeded random unit vectors (clustered, as in "
        "every Vetorbase benchmark), the same vectors, queries and workloads for a folder base "
        "and a PostgreSQL base on this machine, one after the other in one run. "
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']}, load average at start "
        f"{'/'.join(f'{x:.2f}' for x in m['loadavg_start'])}"
        + (f", at end {'/'.join(f'{x:.2f}' for x in m['loadavg_end'])}" if m.get("loadavg_end") else "")
        + "; before the folder's run " + _load(folder) + ", before PostgreSQL's " + _load(pg)
        + f" (other work shares this machine). Started {res['started']}; {res.get('elapsed_s', 0):.0f} s.",
        "",
        "```",
        res["command"],
        "```",
        "",
        "| | target | folder | PostgreSQL | PostgreSQL ÷ folder |",
        "|---|---|---|---|---|",
    ]
    for key, fig in figs.items():
        lines.append(f"| {fig['title']} | {fig['target']} | {_cell(folder, key, fig, 'folder')} | "
                     f"{_cell(pg, key, fig, 'postgresql')} | {_ratio(fig)} |")
    lines += ["", "## Where the network round trip costs", "", *round_trip_section(pg), "",
              "## How each figure is measured", "", *how(res["config"]), ""]
    errors = [f"- {name}: {k}: {err(v)}" for name, r in st.items() for k, v in r.items()
              if isinstance(v, dict) and "error" in v]
    if errors:
        lines += ["## Errors", "", *errors, ""]
    return "\n".join(lines)


def _load(r: dict) -> str:
    load = r.get("loadavg_before")
    return "/".join(f"{x:.2f}" for x in load) if load else "?"


def how(cfg: dict) -> list[str]:
    most, adds = max(cfg["writers"]), cfg["adds"]
    return [line.replace("{most}", str(most)).replace("{adds}", str(adds))
            .replace("{reps}", str(cfg["notify_reps"]))
            .replace("{timeout}", f"{cfg['notify_timeout_s']:g}")
            .replace("{budget}", f"{cfg['writer_budget_s']:g}") for line in HOW]


HOW = [
    "- Each backend runs in its own driver process, which builds the base (batches of 5,000 "
    "chunks, then publishes a snapshot), runs the base's own `compact()` once (the server: "
    "also VACUUM, so autovacuum does not start in the middle of the measurements) and is the warm, long-lived reader and writer; "
    "other processes are forked from a fork server.",
    "- search: k=10 over the same queries, one at a time, recall against exact numpy "
    "ground truth; filtered: only chunks whose `bucket` is 7 (1 in 1,000).",
    "- add: one `add_document` of 4 chunks in a single writer process; {most} writers: {most} "
    "processes add {adds} documents each as fast as they can ({budget} s at most); lost = acknowledged documents a fresh "
    "process does not find.",
    "- catch-up: the warm reader's next search after another process's acknowledged add "
    "(10 chunks) or removal (a 10-chunk document), minus the median of its unchanged searches "
    "of the same query; the searches are filtered to the chunks in question or the "
    "1-in-1000 bucket, so the read itself is cheap and its jitter small (an unfiltered scan "
    "of 100,000 vectors jitters by more than a catch-up costs on a busy machine). The IQR of "
    "the unchanged reads is the noise to read the difference against.",
    "- notification: this process commits a 4-chunk document {reps} times, each after a random "
    "20–120 ms pause; "
    "another process, already sleeping in `base.wait_for_commit(seq, {timeout})`, notes when it "
    "returns (CLOCK_MONOTONIC, one clock for both) and then searches for the new chunk. Time "
    "is counted from the writer's call returning (the commit acknowledged); a notification "
    "delivered before the writer's own reply counts as negative. The folder is polled every "
    "50 ms, the server pushes NOTIFY.",
    "- cold open: a new interpreter (library already imported) opens the base and answers one "
    "query, page cache warm. With: the snapshot published at build time. Without: the folder's "
    "snapshot files deleted before each run; for the server, a fresh empty VETORBASE_CACHE_DIR "
    "(a new host), so the vectors come from the server.",
    "- PostgreSQL: the test suite's throw-away server (tests/pgserver.py: initdb, 127.0.0.1, "
    "shared_buffers 64MB, fsync and synchronous_commit on, as the folder's synchronous=FULL).",
]


def write(res: dict, out: Path) -> Path:
    res["summary"] = summary(res)
    out.mkdir(parents=True, exist_ok=True)
    (out / "backends.json").write_text(json.dumps(res, indent=1, default=str))
    path = out / "BACKENDS.md"
    path.write_text(markdown(res))
    return path
