"""Watched-folder benchmark: a sync pass over unchanged files (target <= 2 s for 10,000:
hashing only files whose size or mtime changed), and watch latency from a file saved to
it being searchable (a real `vetorbase watch` process, real watchdog events).

    python tests/bench/sync_run.py --files 10000          # full run, writes results/SYNC.md
    python tests/bench/sync_run.py --files 200 --smoke    # seconds; what the test suite runs

Embedding is excluded on purpose: the base uses the test suite's hash embedder
(`import:vbq_embedders:HashEmbedder`, microseconds per text), so the figures are the
sync machinery's own cost. Files are small texts in folders of 100.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE.parent / "integration"))

from sync_helpers import HASH_ID, start_cli  # noqa: E402


def make_files(folder: Path, n: int) -> None:
    for i in range(n):
        sub = folder / f"d{i // 100:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"f{i:05d}.txt").write_text(f"file {i}: a short note number {i} about item {i * 7}",
                                           encoding="utf-8")


def run(files: int, saves: int, debounce: float, work: Path) -> dict:
    from vetorbase.embeddings import get_embedder
    from vetorbase.ingest.foldersync import sync_folder
    from vetorbase.store import VectorBase

    folder = work / "inbox"
    make_files(folder, files)
    emb = get_embedder(HASH_ID)
    base = VectorBase.open(work / "base", create=True, dim=emb.dim, embedder_id=emb.embedder_id)
    t0 = time.perf_counter()
    first = sync_folder(base, emb, folder)
    first_s = time.perf_counter() - t0
    assert len(first.added) == files and not first.failed, first.to_dict()
    passes = []
    for _ in range(3):
        t0 = time.perf_counter()
        again = sync_folder(base, emb, folder)
        passes.append(time.perf_counter() - t0)
        assert again.unchanged == files and not again.changed, again.to_dict()
    touched = min(100, files)
    for i in range(touched):  # new mtime, same bytes: hashed, found unchanged, nothing written
        path = folder / f"d{i // 100:03d}" / f"f{i:05d}.txt"
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
    t0 = time.perf_counter()
    after_touch = sync_folder(base, emb, folder)
    touch_s = time.perf_counter() - t0
    assert after_touch.unchanged == files and not after_touch.changed
    base.close()

    latencies = watch_latency(work, folder, saves, debounce)
    return {
        "files": files, "first_pass_seconds": round(first_s, 3),
        "first_pass_files_per_second": round(files / first_s, 1),
        "unchanged_pass_seconds": [round(s, 3) for s in passes],
        "unchanged_pass_median_seconds": round(statistics.median(passes), 3),
        "touched_files": touched, "touched_pass_seconds": round(touch_s, 3),
        "watch_debounce_seconds": debounce,
        "watch_latency_seconds": [round(x, 3) for x in latencies],
        "watch_latency_median_seconds": round(statistics.median(latencies), 3) if latencies else None,
        "watch_latency_max_seconds": round(max(latencies), 3) if latencies else None,
        "python": platform.python_version(), "machine": platform.machine(),
        "cpus": os.cpu_count(), "load_average": os.getloadavg()[0],
    }


def watch_latency(work: Path, folder: Path, saves: int, debounce: float) -> list[float]:
    """Seconds from a file written and closed to a keyword search in this process finding it."""
    from vetorbase.store import VectorBase

    log = (work / "watch.err").open("w")
    proc = start_cli("watch", str(folder), "--base", str(work / "base"), "--debounce", str(debounce),
                     stdout=subprocess.DEVNULL, stderr=log)
    base = VectorBase.open(work / "base")
    out = []
    try:
        deadline = time.monotonic() + 120
        while base.folders.list()[0].holder is None and base.folders.list()[0].last_pass_at is None:
            assert time.monotonic() < deadline and proc.poll() is None, "watch never started"
            time.sleep(0.05)
        time.sleep(1.0)  # the first (unchanged) pass is over
        for i in range(saves):
            word = f"zebrafinch{i}x"
            t0 = time.monotonic()
            (folder / f"saved-{i}.txt").write_text(f"a note about {word}", encoding="utf-8")
            while not base.search(text=word, mode="keyword", k=1):
                assert time.monotonic() - t0 < 60, f"save {i} never became searchable"
                time.sleep(0.01)
            out.append(time.monotonic() - t0)
            time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
        log.close()
    return out


def write_markdown(r: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "sync.json").write_text(json.dumps(r, indent=2) + "\n")
    lines = [
        "# Watched folders: sync pass and watch latency", "",
        "`python tests/bench/sync_run.py --files %d` (hash embedder: embedding excluded)." % r["files"], "",
        "| measure | result | target |", "| --- | --- | --- |",
        f"| sync pass, {r['files']:,} unchanged files (median of 3) | {r['unchanged_pass_median_seconds']} s "
        f"({', '.join(map(str, r['unchanged_pass_seconds']))}) | <= 2 s |",
        f"| same, after touching {r['touched_files']} files (hashed, same content) | {r['touched_pass_seconds']} s | |",
        f"| first pass, {r['files']:,} new files | {r['first_pass_seconds']} s "
        f"({r['first_pass_files_per_second']} files/s) | |",
        f"| watch: saved -> searchable, median / max of {len(r['watch_latency_seconds'])} "
        f"(debounce {r['watch_debounce_seconds']} s) | {r['watch_latency_median_seconds']} s / "
        f"{r['watch_latency_max_seconds']} s | |", "",
        f"Python {r['python']}, {r['machine']}, {r['cpus']} CPUs, load average {r['load_average']:.1f} "
        "(a shared machine).", "",
    ]
    (RESULTS / "SYNC.md").write_text("\n".join(lines))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--debounce", type=float, default=0.5)
    ap.add_argument("--smoke", action="store_true", help="print JSON only, write no results")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vbsync") as tmp:
        r = run(args.files, args.saves, args.debounce, Path(tmp))
    if not args.smoke:
        write_markdown(r)
    print(json.dumps(r))


if __name__ == "__main__":
    main()
