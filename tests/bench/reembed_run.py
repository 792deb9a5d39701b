"""Re-embedding benchmark: chunks per second moving a base to the default embedder, against
plain ingestion of the same files with it, and the time the write lock is held by the switch.

    python tests/bench/reembed_run.py --files 120           # full run, writes results/REEMBED.md
    python tests/bench/reembed_run.py --files 3 --smoke     # seconds; what the test suite runs
    python tests/bench/reembed_run.py --switch-chunks 50000  # the store's part at scale (no model)

The same files (ingest_run.py's corpus documents) are ingested twice: with the default
embedder (timed: plain ingestion), and with a cheap hashing embedder (tests/hashembed.py,
untimed) into a second base, which is then moved to the default embedder (timed). The two
bases then hold the same chunks, and their vectors are compared. Pure embedding of the same
chunk texts is timed as well: the floor of both.
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

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # ingest_run (the files), hashembed (the cheap embedder)
RESULTS = HERE / "results"


def _vectors_by_chunk(base) -> dict[tuple[str, int], np.ndarray]:
    out = {}
    for doc in base.documents(limit=1_000_000):
        chunks = base.chunks(doc.id)
        vectors = base.vectors([c.id for c in chunks])
        for c, v in zip(chunks, vectors):
            out[(doc.source.rsplit("/", 1)[-1], c.ordinal)] = v
    return out


def run(files: int, chars: int, chunk_size: int, workdir: Path) -> dict:
    from hashembed import HASH_ID
    from ingest_run import make_files

    from vetorbase import VectorBase
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
    from vetorbase.ingest import ingest
    from vetorbase.store.reembed import reembed

    paths = make_files(workdir / "docs", files, chars)
    local, cheap = get_embedder(DEFAULT_EMBEDDER_ID), get_embedder(HASH_ID)
    overlap = chunk_size // 7
    scratch = VectorBase.open(workdir / "scratch", create=True, dim=local.dim, embedder_id=local.embedder_id)
    ingest(make_files(workdir / "warm", 1, 500, seed=99), scratch, local)  # model load, imports
    scratch.close()

    plain = VectorBase.open(workdir / "plain", create=True, dim=local.dim, embedder_id=local.embedder_id)
    started = time.perf_counter()
    report = ingest(paths, plain, local, chunk_size=chunk_size, chunk_overlap=overlap)
    ingest_seconds = time.perf_counter() - started
    chunks = plain.count()

    moved = VectorBase.open(workdir / "moved", create=True, dim=cheap.dim, embedder_id=cheap.embedder_id)
    ingest(paths, moved, cheap, chunk_size=chunk_size, chunk_overlap=overlap)
    assert moved.count() == chunks, "the two bases must hold the same chunks"
    result = reembed(moved, local)

    texts = [c.text for d in plain.documents(limit=1_000_000) for c in plain.chunks(d.id)]
    started = time.perf_counter()
    local.embed_array(texts)
    embed_seconds = time.perf_counter() - started

    a, b = _vectors_by_chunk(plain), _vectors_by_chunk(moved)
    diff = max(float(np.max(np.abs(a[k] - b[k]))) for k in a) if a.keys() == b.keys() else None
    out = {
        "files": files, "chars_per_file": chars, "chunk_size": chunk_size, "chunks": chunks,
        "ingest_seconds": round(ingest_seconds, 3),
        "ingest_chunks_per_second": round(chunks / ingest_seconds, 2),
        "reembed_seconds": result.seconds,
        "reembed_chunks_per_second": round(chunks / result.seconds, 2),
        "reembed_vs_ingest": round(ingest_seconds / result.seconds, 3),
        "switch_seconds": result.switch_seconds, "passes": result.passes,
        "embed_only_seconds": round(embed_seconds, 3),
        "embed_only_chunks_per_second": round(chunks / embed_seconds, 2),
        "max_abs_vector_difference": diff, "failed": len(report.failed),
        "embedder_after": moved.embedder_id, "check": plain.check() + moved.check(),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
                   f"Python {platform.python_version()}",
        "load_average": os.getloadavg(),
    }
    plain.close()
    moved.close()
    return out


def run_switch(n: int, workdir: Path) -> dict:
    """The store's part of a move at scale: `n` chunks moved from a 96-d to a 512-d hashing
    embedder (no model, so what is left is staging, the switch and the snapshot after it)."""
    from hashembed import HASH_ID

    from vetorbase import VectorBase
    from vetorbase.embeddings import get_embedder
    from vetorbase.store.reembed import reembed

    cheap, wide = get_embedder(HASH_ID), get_embedder("import:hashembed:salted512")
    base = VectorBase.open(workdir / "scale", create=True, dim=cheap.dim, embedder_id=cheap.embedder_id)
    per_doc = 100
    for d in range(n // per_doc):
        texts = [f"documento {d} trecho {j} contrato {d % 97} item {j * 7}" for j in range(per_doc)]
        base.add_document(f"/scale/doc-{d:06d}.txt", texts, cheap.embed_array(texts))
    texts = [f"documento {d} trecho {j}" for d in range(4) for j in range(per_doc)]
    started = time.perf_counter()
    wide.embed_array(texts * (n // len(texts)))
    embed_seconds = time.perf_counter() - started
    result = reembed(base, wide)
    out = {
        "switch_chunks": base.count(), "reembed_seconds": result.seconds,
        "hash_embedding_seconds": round(embed_seconds, 3), "switch_seconds": result.switch_seconds,
        "store_chunks_per_second": round(base.count() / max(result.seconds - embed_seconds, 1e-9), 1),
        "check": base.check(), "load_average": os.getloadavg(),
    }
    base.close()
    return out


def to_markdown(r: dict, command: str) -> str:
    return "\n".join([
        "# Re-embedding benchmark",
        "",
        f"Command: `{command}`  ",
        f"Machine: {r['machine']}; load average at end {r['load_average'][0]:.1f}.  ",
        "The same files ingested with `local:use-multilingual-v3` (plain ingestion) and, into a",
        "second base, with a hashing embedder that is then moved to `local:use-multilingual-v3`",
        "(`vetorbase.store.reembed`). Embedding only: `embed_array` over the same chunk texts.",
        "",
        "| chunks | plain ingestion | re-embedding | re-embed / ingest speed | embedding only | "
        "switch (write lock held) | max vector difference |",
        "|---|---|---|---|---|---|---|",
        f"| {r['chunks']} | {r['ingest_seconds']:.1f} s ({r['ingest_chunks_per_second']} chunks/s) | "
        f"{r['reembed_seconds']:.1f} s ({r['reembed_chunks_per_second']} chunks/s) | "
        f"{r['reembed_vs_ingest']:.2f}x | {r['embed_only_seconds']:.1f} s "
        f"({r['embed_only_chunks_per_second']} chunks/s) | {r['switch_seconds']:.3f} s | "
        f"{r['max_abs_vector_difference']:.1e} |",
        "",
    ] + ([
        f"At scale (`{r['scale_command']}`, load average {r['scale']['load_average'][0]:.1f}): "
        f"{r['scale']['switch_chunks']} chunks moved from 96-d to 512-d hashing embedders in "
        f"{r['scale']['reembed_seconds']:.1f} s, of which the embedder itself took about "
        f"{r['scale']['hash_embedding_seconds']:.1f} s; the switch held the write lock for "
        f"{r['scale']['switch_seconds']:.2f} s (other writers wait that long; their lock timeout "
        "is 30 s by default and the error is retryable).",
        "",
    ] if r.get("scale") else []))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=120)
    parser.add_argument("--chars", type=int, default=3000, help="characters per file")
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--smoke", action="store_true", help="tiny run; print JSON, write nothing")
    parser.add_argument("--switch-chunks", type=int, default=0, metavar="N",
                        help="only the store's part at N chunks (added to results/REEMBED.md)")
    args = parser.parse_args(argv)
    command = "python tests/bench/reembed_run.py " + " ".join(argv if argv is not None else sys.argv[1:])
    if args.switch_chunks:
        with tempfile.TemporaryDirectory(prefix="vb-reembed-scale-") as tmp:
            scale = run_switch(args.switch_chunks, Path(tmp))
        print(json.dumps(scale, indent=2))
        if not args.smoke:
            result = json.loads((RESULTS / "reembed.json").read_text(encoding="utf-8"))
            result.update(scale=scale, scale_command=command.strip())
            (RESULTS / "REEMBED.md").write_text(to_markdown(result, result["command"]), encoding="utf-8")
            (RESULTS / "reembed.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        return 0 if not scale["check"] else 1
    with tempfile.TemporaryDirectory(prefix="vb-reembed-bench-") as tmp:
        result = run(args.files, args.chars, args.chunk_size, Path(tmp))
    result["command"] = command.strip()
    print(json.dumps(result, indent=2))
    if not args.smoke:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "REEMBED.md").write_text(to_markdown(result, command.strip()), encoding="utf-8")
        (RESULTS / "reembed.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if not result["check"] and not result["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
