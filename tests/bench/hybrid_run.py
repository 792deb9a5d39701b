"""Keyword and hybrid search benchmark: latency against semantic search, the keyword
index's size on disk, and how much it slows storing chunks down.

    python tests/bench/hybrid_run.py --chunks 100000        # full run, writes results/HYBRID.md
    python tests/bench/hybrid_run.py --chunks 2000 --smoke  # seconds; what the test suite runs

Chunks are ~700 characters of the test corpus's Portuguese and English paragraphs,
each with a unique invoice number and a code, and random unit 512-d vectors (vector
search time does not depend on what the vectors mean). The same chunks are stored
twice, with the keyword index and without it (its two write calls made no-ops), so
the difference is the index's cost alone. Targets (issue 12): hybrid <= 2x semantic,
ingestion slowdown < 10%.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CORPUS = HERE.parent / "corpus" / "docs"
RESULTS = HERE / "results"
DIM = 512
BATCH = 1000
#: Store-level seconds per chunk are compared with the whole pipeline's (embedding
#: included) from results/INGEST.md: 80 chunks/s with the default embedder.
PIPELINE_CHUNKS_PER_SECOND = 80.0


def paragraphs() -> list[str]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig", errors="ignore") if raw[:3] == b"\xef\xbb\xbf" else raw.decode("utf-8", errors="replace")
        out += [" ".join(p.split()) for p in text.split("\n\n") if len(p.strip()) > 40]
    return out


def make_texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    paras = paragraphs()
    texts = []
    for i in range(n):
        body = [f"Nota fiscal {i:07d}, código NR-{i % 97}."]
        while sum(len(p) for p in body) < 700:
            body.append(rng.choice(paras))
        texts.append(" ".join(body))
    return texts


def unit_vectors(n: int, seed: int) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, DIM), dtype=np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def fill(folder: Path, texts: list[str], vectors: np.ndarray, *, fulltext: bool) -> tuple[object, float]:
    """Store every chunk (batches of BATCH, ten-chunk documents); (base, seconds)."""
    from vetorbase import VectorBase
    from vetorbase.store import fulltext as ft

    saved = ft.insert, ft.delete
    if not fulltext:
        ft.insert = ft.delete = lambda *_a, **_k: None  # type: ignore[assignment]
    try:
        base = VectorBase.open(folder, create=True, dim=DIM, embedder_id="bench:512")
        started = time.perf_counter()
        for start in range(0, len(texts), BATCH):
            rows = range(start, min(start + BATCH, len(texts)))
            base.add_texts([texts[i] for i in rows], vectors[start:start + len(rows)],
                           [{"source": f"/bench/doc{i // 10:06d}.txt", "page": i % 10} for i in rows])
        return base, time.perf_counter() - started
    finally:
        ft.insert, ft.delete = saved


def fts_bytes(path: Path) -> tuple[int, int]:
    """(bytes of the keyword index's tables, bytes of the whole journal) via dbstat."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        index = conn.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE 'chunks_fts%'").fetchone()[0]
        total = conn.execute("SELECT coalesce(sum(pgsize), 0) FROM dbstat").fetchone()[0]
        return int(index), int(total)
    finally:
        conn.close()


def timed(fn, repeats: int) -> dict:
    fn()  # warm
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return {"p50_ms": round(statistics.median(times), 3), "p95_ms": round(times[int(0.95 * (len(times) - 1))], 3)}


QUERIES = {
    "code (one chunk)": lambda n: f"nota fiscal {n // 2:07d}",
    "rare code (1 in 97)": lambda n: "NR-42",
    "question (common words)": lambda n: "what happens when light crosses the event horizon",
    "portuguese question": lambda n: "como as plantas produzem oxigênio a partir da luz",
}


def latency(base: object, n: int, repeats: int) -> dict:
    q = unit_vectors(1, 99)[0]
    out: dict = {"semantic": timed(lambda: base.search(q, k=10), repeats)}
    for name, make in QUERIES.items():
        text = make(n)
        out[f"keyword: {name}"] = timed(lambda t=text: base.search(text=t, k=10, mode="keyword"), repeats)
        out[f"hybrid: {name}"] = timed(lambda t=text: base.search(q, k=10, mode="hybrid", text=t), repeats)
    where = {"page": {"$gte": 5}}  # half the chunks
    out["semantic, filter page>=5"] = timed(lambda: base.search(q, k=10, where=where), repeats)
    out["hybrid, filter page>=5"] = timed(lambda: base.search(q, k=10, where=where, mode="hybrid",
                                                                  text=QUERIES["question (common words)"](n)), repeats)
    return out


def run(n: int, workdir: Path, repeats: int) -> dict:
    texts = make_texts(n)
    vectors = unit_vectors(n, 1)
    plain, plain_s = fill(workdir / "plain", texts, vectors, fulltext=False)
    indexed, indexed_s = fill(workdir / "indexed", texts, vectors, fulltext=True)
    index_bytes, journal_bytes = fts_bytes(indexed.path / "vetorbase.sqlite")
    plain_bytes = fts_bytes(plain.path / "vetorbase.sqlite")[1]
    lat = latency(indexed, n, repeats)
    sem = lat["semantic"]["p50_ms"]
    per_chunk_ms = (indexed_s - plain_s) / n * 1000
    check = indexed.check()
    return {
        "chunks": n, "dim": DIM, "repeats": repeats, "cpus": os.cpu_count(), "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version, "load_average": [round(x, 2) for x in os.getloadavg()],
        "store_seconds_without_index": round(plain_s, 2), "store_seconds_with_index": round(indexed_s, 2),
        "store_slowdown": round(indexed_s / plain_s - 1, 3),
        "index_ms_per_chunk": round(per_chunk_ms, 4),
        "pipeline_slowdown": round(per_chunk_ms / (1000 / PIPELINE_CHUNKS_PER_SECOND), 4),
        "index_bytes": index_bytes, "journal_bytes": journal_bytes, "journal_bytes_without_index": plain_bytes,
        "text_bytes": sum(len(t.encode()) for t in texts), "vector_bytes": int(vectors.nbytes),
        "latency": lat,
        "ratios_to_semantic_p50": {k: round(v["p50_ms"] / sem, 2) for k, v in lat.items() if k != "semantic"},
        "check": check,
    }


def to_markdown(r: dict, command: str) -> str:
    mb = 1 << 20
    lines = [
        "# Keyword and hybrid search benchmark", "", f"`{command}`", "",
        f"{r['chunks']:,} chunks of ~700 characters, {r['dim']}-d; {r['cpus']} CPUs, Python {r['python']}, "
        f"SQLite {r['sqlite']}; load average at the end {r['load_average']} (shared machine: other "
        "engineers' jobs ran at the same time, so absolute times are noisy; ratios come from the same run).", "",
        "| query | p50 ms | p95 ms | p50 / semantic |", "|---|---|---|---|",
    ]
    for name, v in r["latency"].items():
        ratio = r["ratios_to_semantic_p50"].get(name, 1.0)
        lines.append(f"| {name} | {v['p50_ms']} | {v['p95_ms']} | {ratio}x |")
    lines += [
        "", f"Keyword index on disk: {r['index_bytes'] / mb:.1f} MiB "
        f"({r['index_bytes'] / r['text_bytes']:.2f}x the chunk text, {r['index_bytes'] / r['journal_bytes']:.1%} "
        f"of the journal's {r['journal_bytes'] / mb:.1f} MiB; journal without it {r['journal_bytes_without_index'] / mb:.1f} MiB).",
        "", f"Storing the chunks (no embedding): {r['store_seconds_without_index']} s without the index, "
        f"{r['store_seconds_with_index']} s with it: {r['store_slowdown']:.1%} slower at the store, "
        f"{r['index_ms_per_chunk']} ms per chunk. Against the whole pipeline with the default embedder "
        f"({PIPELINE_CHUNKS_PER_SECOND:.0f} chunks/s, results/INGEST.md) that is a {r['pipeline_slowdown']:.2%} "
        "ingestion slowdown (target < 10%).", "",
        f"check() after the run: {r['check'] or 'no problems'}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=30, help="timed searches per query kind")
    parser.add_argument("--smoke", action="store_true", help="tiny run; print JSON, write nothing")
    parser.add_argument("--workdir", type=Path, help="where the two bases go (default: a temporary folder)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        result = run(args.chunks, Path(tmp), 3 if args.smoke else args.repeats)
    print(json.dumps(result, indent=2))
    if not args.smoke:
        command = "python tests/bench/hybrid_run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "HYBRID.md").write_text(to_markdown(result, command.strip()), encoding="utf-8")
        (RESULTS / "hybrid.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
