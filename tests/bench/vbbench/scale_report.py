"""Issue 10's table: each figure beside its target, the ratio to its baseline, and whether met.

Baselines are measured in the same run: bare FAISS for reads, one process for memory,
the raw vectors (N x 512 x 4 bytes) for disk. `summary()` is also stored in scale.json,
so the JSON carries the same verdicts as the markdown.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Callable

from .report import _g, err, ms, secs
from .stores import ALL, label

MB = 1024 * 1024

Row = tuple[str, str, str, "float | None", str]


def rows(cfg: dict) -> list[Row]:
    """(key, title, target text, target number, kind) for this run's process counts;
    kind "max": smaller is better, "min": bigger is better, "zero": must be 0."""
    together, pss, most = cfg["cold_together"], cfg["pss_counts"], max(cfg["writers"])
    out: list[Row] = [
        ("read", "read, nothing changed (search k=10 p50)", "≤ 1.2× bare FAISS", 1.2, "max"),
        ("filtered", "filtered 1-in-1000, p50 (true top-k)", "≤ 10 ms (round 1)", 10.0, "max"),
        ("catchup_add", "catch-up after another process added 10 chunks", "≤ 5 ms", 5.0, "max"),
        ("catchup_remove", "catch-up after another process removed 1 document", "≤ 5 ms", 5.0, "max"),
        ("cold_one", "cold open + first query, 1 process", "≤ 0.2 s", 0.2, "max"),
        ("cold_together", f"cold open + first query, {together} processes at once (max / median)",
         "≤ 0.2 s", 0.2, "max")]
    for k in pss:
        last = k == pss[-1] and k != 1
        out.append((f"pss_{k}", f"summed PSS, {k} process" + ("es" if k > 1 else " (the memory baseline)"),
                    "≤ 1.3× one process" if last else "–", 1.3 if last else None, "max"))
    return out + [
        ("disk", "bytes on disk after loading", "≤ 2.2× raw vectors", 2.2, "max"),
        ("add", "add 1 document (4 chunks), p50, 1 writer", "≤ 5 ms (round 1)", 5.0, "max"),
        ("writers_docs", f"{most} writer processes: documents/s", "≥ 120 docs/s (round 1)", 120.0, "min"),
        ("writers_lost", f"{most} writer processes: acknowledged but lost", "0", 0.0, "zero"),
        ("writers_p99", f"{most} writer processes: commit p99", "≤ 10 ms", 10.0, "max"),
    ]


def _bytes(v: float) -> str:
    return f"{v / 1e9:.2f} GB" if v >= 1e9 else f"{v / 1e6:.0f} MB"


def _verdict(value: float | None, target: float | None, kind: str) -> tuple[bool | None, str]:
    """(met, text); where missed, by how much."""
    if target is None:
        return None, "–"
    if value is None or not math.isfinite(value):
        return False, "no figure"
    if kind == "zero":
        return (True, "yes") if value == 0 else (False, f"**no** ({value:.0f} lost)")
    if kind == "min":
        return (True, "yes") if value >= target else (False, f"**no** ({_x(target / value)} too few)"
                                                       if value else "**no** (0)")
    if value <= target:
        return True, "yes"
    return False, f"**no** ({_x(value / target)} the target)"


def _x(r: float) -> str:
    return f"{r:.2f}×" if r < 2 else f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


def figures(r: dict, bare_ms: float | None, cfg: dict) -> dict:
    """Every issue-10 figure of one store at one size: value, compared value, text, met."""
    out: dict = {}
    spec = {row[0]: row for row in rows(cfg)}

    def put(key: str, value, compared, text: str, noise: float | None = None) -> None:
        _, _, _, target, kind = spec[key]
        met, verdict = _verdict(compared, target, kind)
        if noise is not None and target is not None and noise > target and compared is not None \
                and compared <= target + noise:
            # the difference of two reads cannot resolve a target smaller than their jitter
            met, verdict = None, f"unresolved (unchanged reads vary by {ms(noise)}, IQR)"
        out[key] = {"value": value, "compared": compared, "text": text, "met": met, "verdict": verdict}

    def guarded(key: str, part, fn: Callable[[dict], None]) -> None:
        e = err(part)
        if e:
            out[key] = {"value": None, "compared": None, "text": e,
                        "met": False if spec[key][3] is not None else None, "verdict": "no figure"}
        else:
            fn(part)

    s = _g(r, "search")
    def read(s: dict) -> None:
        floor = _g(s, "bare", "p50_ms") or bare_ms  # interleaved in the reader, else the run's
        put("read", s["p50_ms"], s["p50_ms"] / floor,
            f"{ms(s['p50_ms'])} = {s['p50_ms'] / floor:.2f}× bare FAISS ({ms(floor)}, interleaved), "
            f"recall {s['recall_at_10']:.2f}")

    guarded("read", s, read)
    f = _g(r, "filtered")
    guarded("filtered", f, lambda f: put("filtered", f["p50_ms"], f["p50_ms"],
                                         f"{ms(f['p50_ms'])} (recall {f['recall_at_10']:.2f})"))
    c = _g(r, "catchup")
    guarded("catchup_add", _g(c, "add") if not err(c) else c, lambda a: put(
        "catchup_add", a["catchup_ms"], a["catchup_ms"] if a["seen_on_next_read"] == a["reps"] else None,
        f"{ms(a['catchup_ms'])} (next read {ms(a['next_read']['p50_ms'])} − unchanged "
        f"{ms(a['unchanged']['p50_ms'])}); seen on next read {a['seen_on_next_read']}/{a['reps']}"
        + (f", {a['stale']} never seen" if a["stale"] else ""), a.get("unchanged_iqr_ms")))
    guarded("catchup_remove", _g(c, "remove") if not err(c) else c, lambda m: put(
        "catchup_remove", m["catchup_ms"], m["catchup_ms"] if not m["resurfaced"] else None,
        f"{ms(m['catchup_ms'])} (next read {ms(m['next_read']['p50_ms'])} − unchanged "
        f"{ms(m['unchanged']['p50_ms'])}); removed chunks returned: {m['resurfaced']}",
        m.get("unchanged_iqr_ms")))
    cold = _g(r, "cold")
    guarded("cold_one", _g(cold, "one") if not err(cold) else cold, lambda o: put(
        "cold_one", o["median_s"], o["median_s"],
        f"{secs(o['median_s'])} (+{secs(o['import_s'])} import), peak RSS {o['vmhwm_mb']:.0f} MB"))
    guarded("cold_together", _g(cold, "together") if not err(cold) else cold, lambda t: put(
        "cold_together", t["max_s"], t["max_s"], f"{secs(t['max_s'])} / {secs(t['median_s'])}"))
    mem = _g(r, "memory")
    for k in map(str, cfg["pss_counts"]):
        guarded(f"pss_{k}", _g(mem, k) if not err(mem) else mem, lambda e, k=k: put(
            f"pss_{k}", e["pss_total_mb"], e.get("vs_one") if k != "1" else None,
            f"{e['pss_total_mb']:.0f} MB" + (f" = {e['vs_one']:.2f}× one process" if "vs_one" in e
                                             and k != "1" else "")
            + (f" (incomplete: {e['incomplete']})" if e.get("incomplete") else "")))
    b = _g(r, "build")
    raw = r.get("raw_vector_bytes")
    comp = _g(r, "compacted", "bytes_on_disk")
    guarded("disk", b, lambda b: put("disk", b["bytes_on_disk"], b["bytes_on_disk"] / raw if raw else None,
                                     f"{_bytes(b['bytes_on_disk'])} = {b['bytes_on_disk'] / raw:.2f}× raw "
                                     f"vectors ({_bytes(raw)})" + (
                                         f"; after the store's compaction {_bytes(comp)} = "
                                         f"{comp / raw:.2f}×" if comp else "")))
    w1 = _g(r, "writers", "1")
    guarded("add", w1, lambda w: put("add", w["commit"]["p50_ms"], w["commit"]["p50_ms"],
                                     ms(w["commit"]["p50_ms"])))
    w8 = _g(r, "writers", str(max(cfg["writers"])))
    guarded("writers_docs", w8, lambda w: put("writers_docs", w["throughput_docs_s"], w["throughput_docs_s"],
                                         f"{w['throughput_docs_s']:.0f} docs/s ({w['acknowledged']} acked)"))
    guarded("writers_lost", w8, lambda w: put(
        "writers_lost", w.get("lost"), w.get("lost"), f"{w.get('lost', '?')} of {w['acknowledged']}"
        + (f", chunks {w['chunks_present']}/{w['chunks_expected']}" if w.get("chunks_present") is not None
           else f" (verifier failed: {w.get('verify_error', '')[-80:]})")))
    guarded("writers_p99", w8, lambda w: put("writers_p99", w["commit"]["p99_ms"], w["commit"]["p99_ms"],
                                        f"{ms(w['commit']['p99_ms'])} (p50 {ms(w['commit']['p50_ms'])})"))
    return out


def summary(res: dict) -> dict:
    """size -> store -> figures, for every store that was built."""
    out = {}
    for n, e in res["sizes"].items():
        bare = _g(e, "bare_faiss", "p50_ms")
        out[n] = {name: figures(r, bare, res["config"]) for name, r in e["stores"].items()
                  if "build" in r}
    return out


def size_section(n: str, e: dict, figs: dict, ncores: int, cfg: dict) -> list[str]:
    ran = [x for x in ALL if x in figs]
    side = [x for x in ("vetorbase", "lancedb") if x in ran]
    others = [x for x in ran if x not in side]
    bare = _g(e, "bare_faiss", "p50_ms")
    head = "| metric | target | " + " | ".join(f"{label(x)} | met" for x in side)
    head += "".join(f" | {label(x)}" for x in others) + " |"
    L = [f"### {int(n):,} chunks", "",
         f"Baselines measured in this run: bare `faiss.IndexFlatIP` k=10 search {ms(bare)} p50; "
         f"raw vectors {_bytes(int(n) * 512 * 4)}; memory ratios are against the summed PSS of "
         "one process.", "", head, "|---|---|" + "---|---|" * len(side) + "---|" * len(others)]
    for key, title, target, _, _ in rows(cfg):
        cells = []
        for x in side:
            f = figs[x][key]
            cells.append(f"{f['text']} | {f['verdict']}")
        cells += [figs[x][key]["text"] for x in others]
        L.append(f"| {title} | {target} | " + " | ".join(cells) + " |")
    skipped = {x: r for x, r in e["stores"].items() if "build" not in r}
    if skipped:
        L += [""] + [f"- {label(x)}: {err(r)}" for x, r in skipped.items()]
    if bare:
        k = cfg["cold_together"]
        L += ["", f"Context: one bare FAISS search of this base takes {ms(bare)} here, a floor for "
              f"any exact first query; {k} processes opening at once each scan the base once, so "
              f"on {ncores} cores the last of them needs at least {ms(k / ncores * bare)} "
              f"({k} × one bare FAISS search ÷ cores)."]
    return L + [""]


def markdown(res: dict, figs: dict) -> str:
    m = res["machine"]
    load = "/".join(f"{x:.1f}" for x in m.get("loadavg_start", []))
    L = ["# Vetorbase at scale (issue 10)", "",
         f"Command: `{res['command']}`  ",
         f"Run: {res['started']}, {res.get('elapsed_s', 0) / 60:.1f} min.  ",
         f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory']} RAM, Python {m['python']}; "
         f"load average at start {load} (shared machine).  ",
         "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".", "",
         "Same seeded, clustered, normalized 512-d vectors for every store. Catch-up = the "
         "reader's next search after another process's acknowledged commit, minus the same "
         "search when nothing changed (median over reps). Cold open = a new interpreter with "
         "the library already imported, page cache warm. PSS = sum of `Pss:` from "
         "/proc/<pid>/smaps_rollup over processes that each opened the base and searched. "
         "A process is only started when MemAvailable leaves room for it. Writers add documents "
         "of 4 chunks. **no** = target missed (by how much in brackets).", ""]
    for n in sorted(res["sizes"], key=int):
        L += size_section(n, res["sizes"][n], figs.get(n, {}), m["nproc"] or 2, res["config"])
    L += ["Raw figures and the same verdicts: `scale.json` (key `summary`).", ""]
    return "\n".join(L)


def write(res: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    figs = summary(res)
    res["summary"] = figs
    (out / "scale.json").write_text(json.dumps(res, indent=1, default=str))
    p = out / "SCALE.md"
    p.write_text(markdown(res, figs))
    return p
