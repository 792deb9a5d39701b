"""Duplicate scan at scale: ``python tests/bench/duplicates_run.py --chunks 100000``.

Builds a base of seeded, clustered, unit 512-d vectors (vbbench/data.py's generator) in
documents of 10 chunks, plants exact copies (same sha256 under another source) and near
copies (every chunk moved to cosine ~0.98 of the original), then times
`base.duplicates()` and scores it: every planted exact and near group must come back,
and nothing else may be grouped (the unrelated documents are far apart).
Writes results/duplicates.json and results/DUPLICATES.md (with --out).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # 2-core hosts: same threading as the other benches

import numpy as np  # noqa: E402

DIM = 512
DOC_CHUNKS = 10


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _texts(i: int) -> list[str]:
    return [f"document {i}, chunk {j}: words of its own" for j in range(DOC_CHUNKS)]


def build(folder: Path, chunks: int, exact: int, near: int, seed: int = 13) -> dict:
    """A base of `chunks` chunks with `exact` exact and `near` near copies planted."""
    from vetorbase.store import VectorBase

    rng = np.random.default_rng(seed)
    centers = _unit(rng.standard_normal((max(8, chunks // 1000), DIM)).astype(np.float32))
    base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="bench:random-512")
    docs = (chunks - (exact + near) * DOC_CHUNKS) // DOC_CHUNKS
    originals: dict[int, np.ndarray] = {}
    picked = set(rng.choice(docs, exact + near, replace=False).tolist())
    started = time.perf_counter()
    batch: tuple[list, list, list] = ([], [], [])
    for i in range(docs):
        labels = rng.integers(0, len(centers), DOC_CHUNKS)
        vec = _unit(centers[labels] + rng.standard_normal((DOC_CHUNKS, DIM)).astype(np.float32) / np.sqrt(DIM))
        if i in picked:  # planted originals carry a file hash, as ingested files do
            originals[i] = vec
            base.add_document(f"/bench/doc{i:06d}.txt", _texts(i), vec, sha256=f"{i:064x}")
            continue
        # The rest in bulk (one commit per 500 documents), stored without a sha256: the
        # scan hashes their texts, the slower path.
        batch[0].extend(_texts(i))
        batch[1].append(vec)
        batch[2].extend([{"source": f"/bench/doc{i:06d}.txt"}] * DOC_CHUNKS)
        if len(batch[1]) == 500 or i == docs - 1:
            base.add_texts(batch[0], np.concatenate(batch[1]), batch[2])
            batch = ([], [], [])
    if batch[1]:
        base.add_texts(batch[0], np.concatenate(batch[1]), batch[2])
    planted_exact, planted_near = [], []
    for n, (i, vec) in enumerate(sorted(originals.items())):
        if n < exact:
            base.add_document(f"/bench/copy-of-{i:06d}.txt", _texts(i),
                              vec, sha256=f"{i:064x}")
            planted_exact.append(sorted([f"/bench/doc{i:06d}.txt", f"/bench/copy-of-{i:06d}.txt"]))
        else:
            moved = _unit(vec + rng.standard_normal(vec.shape).astype(np.float32) * np.float32(0.2 / np.sqrt(DIM)))
            base.add_document(f"/bench/edited-{i:06d}.txt", [t + " (edited)" for t in _texts(i)],
                              moved, sha256=f"e{i:063x}")
            planted_near.append(sorted([f"/bench/doc{i:06d}.txt", f"/bench/edited-{i:06d}.txt"]))
    return {"chunks": base.count(), "build_seconds": time.perf_counter() - started,
            "exact": planted_exact, "near": planted_near}


def run(chunks: int, work: Path, exact: int = 50, near: int = 50) -> dict:
    from vetorbase.store import VectorBase

    planted = build(work / "base", chunks, exact, near)
    base = VectorBase.open(work / "base")
    ticks: list[tuple[str, int, int]] = []
    started = time.perf_counter()
    report = base.duplicates(progress=lambda s, d, t: ticks.append((s, d, t)))
    seconds = time.perf_counter() - started
    found = {"exact": sorted(sorted(d.source for d in g.documents) for g in report.exact),
             "near": sorted(sorted(d.source for d in g.documents) for g in report.near_groups)}
    result = {
        "chunks": planted["chunks"], "documents": report.documents, "seconds": round(seconds, 3),
        "stages": {k: round(v, 3) for k, v in report.stages.items()},
        "exact_planted": len(planted["exact"]), "near_planted": len(planted["near"]),
        "exact_found": sum(1 for g in planted["exact"] if g in found["exact"]),
        "near_found": sum(1 for g in planted["near"] if g in found["near"]),
        "unplanted_groups": sum(1 for g in found["exact"] if g not in planted["exact"])
        + sum(1 for g in found["near"] if g not in planted["near"]),
        "progress_ticks": len(ticks), "build_seconds": round(planted["build_seconds"], 1),
    }
    return result


def write(result: dict, out: Path, command: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    result = {**result, "command": command, "machine": f"{platform.machine()}, {os.cpu_count()} cores",
              "load_average": os.getloadavg()[0], "python": platform.python_version()}
    (out / "duplicates.json").write_text(json.dumps(result, indent=2) + "\n")
    s = result["stages"]
    (out / "DUPLICATES.md").write_text(
        f"# Duplicate scan\n\n`{command}` ({result['machine']}, load average {result['load_average']:.1f}, "
        f"OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS')})\n\n"
        "| chunks | documents | scan s | hashing s | reading s | comparing s | exact found | near found | "
        "groups not planted |\n|---|---|---|---|---|---|---|---|---|\n"
        f"| {result['chunks']:,} | {result['documents']:,} | {result['seconds']:.2f} | {s.get('hashing', 0):.2f} | "
        f"{s.get('reading', 0):.2f} | {s.get('comparing', 0):.2f} | {result['exact_found']}/{result['exact_planted']} | "
        f"{result['near_found']}/{result['near_planted']} | {result['unplanted_groups']} |\n")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--chunks", type=int, default=100_000)
    p.add_argument("--out", type=Path, help="write duplicates.json and DUPLICATES.md here")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vb-dups-") as tmp:
        result = run(args.chunks, Path(tmp))
    print(json.dumps(result, indent=2))
    if args.out:
        write(result, args.out, "python tests/bench/duplicates_run.py " + " ".join(argv or sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
