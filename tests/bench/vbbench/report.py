"""Markdown tables and PNG plots from a results dict (also usable on results.json alone)."""

from __future__ import annotations

import importlib.metadata as md
from pathlib import Path

from .stores import ALL, label

TARGETS = {"read": "≤ 1.2× bare FAISS", "filtered": "≤ 10 ms", "catchup": "≤ 10 ms",
           "add": "p50 ≤ 5 ms", "writers8": "≥ 120 docs/s, 0 lost", "cold": "≤ 0.3 s",
           "remove": "≤ 6 ms"}


NO_1M = ("1,000,000 chunks were not run: on this shared 2-core, 23.5 GiB machine the 8 writer "
         "processes of the seed design and of plain LangChain FAISS would each hold the whole "
         "index (2 GB of vectors) plus its unpickled docstore, more than the RAM; the seed's "
         "reload-per-read already costs 1.5 s at 100k (about 15 s at 1M); Chroma's HNSW build "
         "took 68 s at 100k (10+ minutes at 1M). Run `--sizes 1000000 --stores vetorbase,lancedb` "
         "on a bigger machine for that row.")


def versions() -> dict:
    out = {}
    for pkg in ("vetorbase", "faiss-cpu", "langchain-community", "chromadb", "lancedb", "numpy", "psycopg"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _g(d: dict | None, *keys, default=None):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def ms(v) -> str:
    return "–" if v is None else (f"{v:.2f} ms" if v < 10 else f"{v:.0f} ms" if v < 10_000
                                   else f"{v / 1000:.1f} s")


def secs(v) -> str:
    return "–" if v is None else f"{v:.2f} s" if v < 100 else f"{v:.0f} s"


def short(msg, n: int = 80) -> str:
    """The end of an error's last line: where library messages say what actually broke."""
    line = str(msg).strip().splitlines()[-1] if str(msg).strip() else ""
    return line if len(line) <= n else "…" + line[-n:]


def err(d) -> str | None:
    """A short description of why a cell has no number."""
    if not isinstance(d, dict):
        return "not run"
    if "unavailable" in d:
        return d["unavailable"]
    if "skipped" in d:
        return "skipped (" + d["skipped"] + ")"
    if "error" in d:
        return "error: " + str(d["error"]).strip().splitlines()[-1][:120]
    return None


# -- one cell per (store, metric) --------------------------------------------------------
def cell_search(r, key) -> str:
    s = _g(r, key)
    return err(s) or f"{ms(s['p50_ms'])} / {ms(s['p99_ms'])} (recall {s['recall_at_10']:.2f})"


def cell_fresh(r) -> str:
    f = _g(r, "freshness")
    e = err(f)
    if e:
        return e
    if f["stale"] == f["reps"]:
        return f"never seen: stale after {f['timeout_s']:g} s ({f['stale']}/{f['reps']})"
    txt = f"{ms(f['visible_after']['p50_ms'])} (read {ms(f['catchup_read']['p50_ms'])})"
    return txt + (f"; {f['stale']}/{f['reps']} stale" if f["stale"] else "")


def cell_writers(r, n) -> str:
    w = _g(r, "writers", str(n))
    e = err(w)
    if e:
        return e
    ve = w.get("verify_error")
    txt = f"{w['acknowledged']} acked / {w.get('present', '?')} present"
    if ve:
        txt += " (verifier failed: " + short(ve) + ")"
    txt += f", {w['throughput_docs_s']:.0f} docs/s"
    if w["errors"]:
        txt += f", {w['errors']} errors ({short(w['first_error'])})"
    if w.get("crashed"):
        codes = sorted(set(w["crashed"].values()), key=str)
        txt += f", {len(w['crashed'])} writer process(es) crashed (exit code {codes})"
    if w.get("chunks_present") is not None and w["chunks_present"] != w["chunks_expected"]:
        txt += f", chunks {w['chunks_present']}/{w['chunks_expected']}"
    if w.get("searchable") and w["searchable"].split("/")[0] != w["searchable"].split("/")[1]:
        txt += f", searchable {w['searchable']}"
    return txt


def cell_remove(r) -> str:
    m = _g(r, "remove")
    e = err(m)
    if e:
        return e
    bad = "" if all(x == m["expected_each"] for x in m["removed_each"]) else f", removed {m['removed_each']}"
    return f"{ms(m['p50_ms'])}, {m['resurfaced']}/{m['probes']} removed chunks returned{bad}"


def cell_cold(r) -> str:
    c = _g(r, "cold")
    return err(c) or f"{secs(c['open_first_query_s'])} (+{secs(c['import_s'])} import), {c['vmhwm_mb']:.0f} MB"


def _few(r) -> str:
    ws = sorted(int(k) for k in (_g(r, "writers") or {}) if k.isdigit())
    return str(ws[0]) if ws else "1"


def _most(r) -> str:
    ws = sorted(int(k) for k in (_g(r, "writers") or {}) if k.isdigit())
    return str(ws[-1]) if ws else "8"


def cell_add(r) -> str:
    w = _g(r, "writers", _few(r))
    return err(w) or f"{ms(w['commit']['p50_ms'])} / {ms(w['commit']['p99_ms'])}"


# -- ratios ---------------------------------------------------------------------------
def metric(r: dict, name: str) -> float | None:
    """A number where smaller is better (times), or None."""
    paths = {"read": ("search", "p50_ms"), "filtered": ("filtered", "p50_ms"),
             "catchup": ("freshness", "catchup_read", "p50_ms"),
             "visible": ("freshness", "visible_after", "p50_ms"),
             "add": ("writers", _few(r), "commit", "p50_ms"), "cold": ("cold", "open_first_query_s"),
             "remove": ("remove", "p50_ms"), "rss": ("cold", "vmhwm_mb"),
             "disk": ("build", "bytes_on_disk")}
    v = _g(r, *paths[name])
    if name in ("catchup", "visible") and _g(r, "freshness", "stale"):
        return None
    return v


def ratio(vb, peer, bigger_better=False) -> str:
    if vb is None or peer is None or vb == 0 or peer == 0:
        return "n/a"
    x = (vb / peer) if bigger_better else (peer / vb)
    s = f"{x:.2f}×" if x < 10 else f"{x:.0f}×"
    return s if x >= 1 else f"**{s}**"


def size_section(n: str, e: dict, order: list[str]) -> list[str]:
    st = e["stores"]
    bare = e["bare_faiss"]
    most = max(_writer_counts(st) or [8])
    L = [f"### {int(n):,} chunks", "",
         f"Bare `faiss.IndexFlatIP` search, k=10: {ms(bare['p50_ms'])} p50 / {ms(bare['p99_ms'])} p99.", "",
         "| store | search k=10 p50 / p99 (recall) | filtered 1-in-1000 p50 / p99 (recall) "
         "| other process's commit visible after (catch-up read) | add 1 doc p50 / p99 "
         f"| {most} writers | cold open + 1st query, peak RSS | remove by metadata |",
         "|---|---|---|---|---|---|---|---|"]
    for name in order:
        r = st.get(name, {"unavailable": "not run"})
        if err(r) and "build" not in r:
            L.append(f"| {label(name)} | {err(r)} |" + " |" * 6)
            continue
        L.append(f"| {label(name)} | {cell_search(r, 'search')} | {cell_search(r, 'filtered')} | "
                 f"{cell_fresh(r)} | {cell_add(r)} | {cell_writers(r, most)} | {cell_cold(r)} | "
                 f"{cell_remove(r)} |")
    L += ["", "Concurrent writer processes (documents of 4 chunks; acknowledged / present "
          "afterwards, throughput, commit p50 / p99):", "",
          "| store | " + " | ".join(f"{w} writer(s)" for w in _writer_counts(st)) + " |",
          "|---|" + "---|" * len(_writer_counts(st))]
    for name in order:
        r = st.get(name, {})
        if err(r) and "build" not in r:
            continue
        cells = []
        for w in _writer_counts(st):
            d = _g(r, "writers", str(w))
            c = cell_writers(r, w)
            if not err(d):
                c += f"; {ms(d['commit']['p50_ms'])} / {ms(d['commit']['p99_ms'])}"
            cells.append(c)
        L.append(f"| {label(name)} | " + " | ".join(cells) + " |")
    L.append("")
    return L


def _writer_counts(st: dict) -> list[int]:
    ws = set()
    for r in st.values():
        ws |= {int(k) for k in (_g(r, "writers") or {}) if k.isdigit()}
    return sorted(ws)


def ratios_section(n: str, e: dict, order: list[str]) -> list[str]:
    st = e["stores"]
    vb = st.get("vetorbase", {})
    names = [x for x in order if x != "vetorbase" and not (err(st.get(x)) and "build" not in st.get(x, {}))]
    rows = [("search k=10 p50", "read"), ("filtered search p50", "filtered"),
            ("catch-up read after another process's commit", "catchup"), ("add 1 document p50", "add"),
            ("cold open + first query", "cold"), ("remove by metadata p50", "remove"),
            ("peak resident memory (cold process)", "rss"),
            ("bytes on disk after loading the base", "disk")]
    L = [f"Ratios at {int(n):,} chunks: how many times better Vetorbase is (peer ÷ Vetorbase for "
         "times; Vetorbase ÷ peer for throughput). **Bold** (< 1×) = Vetorbase loses. "
         "n/a = the peer has no number (error or stale reads).", "",
         "| metric | vs bare FAISS | " + " | ".join(label(x) for x in names) + " |",
         "|---|---|" + "---|" * len(names)]
    bare = e["bare_faiss"]["p50_ms"]
    for title, m in rows:
        v = metric(vb, m)
        b = ratio(v, bare) if m == "read" else "–"
        L.append(f"| {title} | {b} | " + " | ".join(ratio(v, metric(st[x], m)) for x in names) + " |")
    most = str(max(_writer_counts(st) or [8]))
    t = [(_g(st.get(x), "writers", most, "throughput_docs_s")) for x in names]
    v8 = _g(vb, "writers", most, "throughput_docs_s")
    L.append(f"| {most} writers throughput | – | " + " | ".join(ratio(v8, p, True) for p in t) + " |")
    return L + [""]


def issue2_section(n: str, e: dict) -> list[str]:
    st = e["stores"]
    vb, seed = st.get("vetorbase", {}), st.get("seed", {})
    bare = e["bare_faiss"]["p50_ms"]

    def w8(r):
        w = _g(r, "writers", _most(r))
        return err(w) or (f"{w['acknowledged']} acked / {w.get('present', '?')} present "
                          f"({w['writers']} × up to {w['adds_per_writer']} adds), "
                          f"{w['throughput_docs_s']:.0f} docs/s")

    def cu(r):
        f = _g(r, "freshness")
        return err(f) or (ms(_g(f, "catchup_read", "p50_ms")) + (f" ({f['stale']} stale)" if f["stale"] else ""))

    rv, rs = metric(vb, "read"), metric(seed, "read")
    L = [f"### Issue 2: Vetorbase vs the seed's design at {int(n):,} chunks", "",
         "| workload | Vetorbase | seed design | seed ÷ Vetorbase | target |", "|---|---|---|---|---|",
         f"| read when nothing changed (search k=10 p50) | {ms(rv)} = {rv / bare:.2f}× bare FAISS "
         f"({ms(bare)}) | {ms(rs)} = {(rs or 0) / bare:.0f}× bare FAISS | {ratio(rv, rs)} | {TARGETS['read']} |"
         if rv and bare else "| read when nothing changed | " + (err(_g(vb, "search")) or "–") + " | | | |",
         f"| catch-up after another process added 10 chunks (first read) | {cu(vb)} | {cu(seed)} | "
         f"{ratio(metric(vb, 'catchup'), metric(seed, 'catchup'))} | {TARGETS['catchup']} |",
         f"| add one document (4 chunks), p50 | {ms(metric(vb, 'add'))} | {ms(metric(seed, 'add'))} | "
         f"{ratio(metric(vb, 'add'), metric(seed, 'add'))} | {TARGETS['add']} |",
         f"| cold open + first query | {secs(metric(vb, 'cold'))} | {secs(metric(seed, 'cold'))} | "
         f"{ratio(metric(vb, 'cold'), metric(seed, 'cold'))} | {TARGETS['cold']} |",
         f"| {_most(vb)} writer processes × {_g(vb, 'writers', _most(vb), 'adds_per_writer')} adds | {w8(vb)} | {w8(seed)} | – | {TARGETS['writers8']} |",
         f"| filtered search 1-in-1000, p50 (recall) | {cell_search(vb, 'filtered')} | "
         f"{cell_search(seed, 'filtered')} | {ratio(metric(vb, 'filtered'), metric(seed, 'filtered'))} "
         f"| {TARGETS['filtered']} |",
         f"| remove by metadata p50 | {cell_remove(vb)} | {cell_remove(seed)} | "
         f"{ratio(metric(vb, 'remove'), metric(seed, 'remove'))} | {TARGETS['remove']} |", ""]
    return L


def markdown(res: dict) -> str:
    m = res["machine"]
    order = [x for x in ALL if any(x in e["stores"] for e in res["sizes"].values())]
    L = ["# Vetorbase benchmark results", "",
         f"Command: `{res['command']}`  ", f"Run: {res['started']}, {res.get('elapsed_s', 0) / 60:.1f} min.  ",
         f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory']} RAM, Python {m['python']}, "
         f"{m['platform']}.  ",
         "Load average (1/5/15 min) at start " + "/".join(f"{x:.1f}" for x in m.get("loadavg_start", [])) +
         ", at end " + ("/".join(f"{x:.1f}" for x in m["loadavg_end"]) if "loadavg_end" in m else "–") +
         " (the machine is shared; other jobs were running).  ",
         "Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".", "",
         "Same seeded, clustered, normalized 512-d float32 vectors for every store; queries are "
         "fresh vectors from the same distribution; recall is against exact numpy top-10. "
         "Each store runs in its own process (the long-lived reader); writers, the freshness "
         "writer, the verifier and cold opens are separate processes. Cold open = new "
         "interpreter, page cache warm; import time shown separately. Writer processes stop "
         f"after {res['config']['writer_budget_s']:g} s each, so slow stores acknowledge fewer "
         "than the requested adds. Latency p50 / p99.", ""]
    sizes = sorted(res["sizes"], key=int)
    if int(sizes[-1]) < 1_000_000:
        L += [NO_1M, ""]
    L += issue2_section(sizes[-1], res["sizes"][sizes[-1]])
    L += ["## Issue 7: all stores", ""]
    for n in sizes:
        L += size_section(n, res["sizes"][n], order)
        L += ratios_section(n, res["sizes"][n], order)
    L += ["Plots: `latency_vs_size.png`, `throughput_vs_writers.png`. Raw figures: `results.json`.", ""]
    return "\n".join(L)


def readme_section(res: dict) -> str:
    """A short "Performance" section for the README, from the largest size of the run."""
    m = res["machine"]
    n = sorted(res["sizes"], key=int)[-1]
    e = res["sizes"][n]
    st = e["stores"]
    order = [x for x in ALL if x in st and not (err(st[x]) and "build" not in st[x])]
    bare = e["bare_faiss"]["p50_ms"]
    rows = [("search k=10, p50 (recall)", lambda r: cell_search(r, "search").split(" / ")[0]
             + " (" + cell_search(r, "search").split("(")[-1]),
            ("filtered 1-in-1000, p50 (recall)", lambda r: cell_search(r, "filtered").split(" / ")[0]
             + " (" + cell_search(r, "filtered").split("(")[-1]),
            ("another process's commit visible after", cell_fresh),
            ("add 1 document, p50", lambda r: cell_add(r).split(" / ")[0]),
            (f"{_most(st.get('vetorbase', {}))} writer processes", lambda r: cell_writers(r, int(_most(r)))),
            ("cold open + first query, peak RSS", cell_cold),
            ("remove by metadata, p50", cell_remove)]
    L = ["## Performance", "",
         f"One run, {int(n):,} chunks of 512-d, {m['nproc']} cores ({m['cpu']}), shared machine "
         f"(load average {m['loadavg_start'][0]:.1f} at start). Bare FAISS `IndexFlatIP`: {ms(bare)} "
         "per query. Full tables, ratios and plots: `tests/bench/results/RESULTS.md`.", "",
         "```", res["command"], "```", "",
         "| | " + " | ".join(label(x).split(" (")[0] for x in order) + " |",
         "|---|" + "---|" * len(order)]
    for title, f in rows:
        L.append(f"| {title} | " + " | ".join(f(st[x]) for x in order) + " |")
    return "\n".join(L) + "\n"


def write(res: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    p = out / "RESULTS.md"
    p.write_text(markdown(res))
    (out / "README-performance.md").write_text(readme_section(res))
    try:
        from .plots import plots

        plots(res, out)
    except ImportError as exc:  # matplotlib is a bench extra; tables still get written
        (out / "PLOTS-MISSING.txt").write_text(f"no plots: {exc}\n")
    return p
