"""OCR benchmark: scanned pages per second with Tesseract (por+eng) on this machine, the
share of a scanned document's ingestion time that OCR takes, the character error rate,
and the installed size the OCR and office-format dependencies add.

    python tests/bench/ocr_run.py --pages 10          # full run, writes results/OCR.md
    python tests/bench/ocr_run.py --pages 1 --smoke   # seconds; what the test suite runs

Pages are A4 at 300 dpi, drawn by Pillow from the test corpus's Portuguese and English
paragraphs (tests/corpus/scans.py), saved as one image-only PDF: no network, no data set.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from corpus.scans import char_error_rate, scanned_pdf  # noqa: E402

CORPUS = HERE.parent / "corpus" / "docs"
RESULTS = HERE / "results"
#: Python distributions this round added for OCR and the new formats (with their own
#: new dependencies: et-xmlfile for openpyxl, XlsxWriter for python-pptx).
PY_DISTS = ("pypdfium2", "pytesseract", "openpyxl", "et-xmlfile", "python-pptx",
            "XlsxWriter", "EbookLib", "striprtf", "defusedxml")
DEBS = ("tesseract-ocr", "tesseract-ocr-por", "tesseract-ocr-eng", "libtesseract5",
        "liblept5")


def page_texts(n: int, seed: int = 0) -> list[str]:
    """`n` page texts of ~600 characters from the corpus's plain-text paragraphs."""
    paragraphs = []
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        text = path.read_text(encoding="utf-8-sig", errors="replace")
        paragraphs += [" ".join(p.split()) for p in text.split("\n\n")
                       if len(p.strip()) > 80 and not p.lstrip().startswith(("#", "|", "-"))]
    rng = random.Random(seed)
    pages = []
    for _ in range(n):
        text = ""
        while len(text) < 600:
            text += rng.choice(paragraphs) + " "
        pages.append(text.strip()[:700])
    return pages


def installed_sizes() -> dict[str, float]:
    """MB (10^6 bytes) installed by the new Python distributions and Debian packages."""
    from importlib import metadata

    python = 0
    for name in PY_DISTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or []:
            path = Path(dist.locate_file(file))
            if path.is_file():
                python += path.stat().st_size
    debs = 0
    out = subprocess.run(["dpkg-query", "-W", "-f=${Installed-Size}\n", *DEBS],
                         capture_output=True, text=True, check=False).stdout
    debs = sum(int(x) for x in out.split() if x.isdigit()) * 1024
    return {"python_mb": round(python / 1e6, 1), "debian_mb": round(debs / 1e6, 1)}


def run(pages: int, workdir: Path) -> dict:
    from vetorbase import VectorBase
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
    from vetorbase.ingest import ingest, load_bytes

    texts = page_texts(pages)
    pdf = scanned_pdf(workdir / "scan.pdf", texts)
    embedder = get_embedder(DEFAULT_EMBEDDER_ID)
    warm = scanned_pdf(workdir / "warm.pdf", page_texts(1, seed=9))
    load_bytes(warm.read_bytes(), ".pdf", max_chars=10**7)  # imports, tesseract's cache
    started = time.perf_counter()
    loaded = load_bytes(pdf.read_bytes(), ".pdf", max_chars=10**7)
    ocr_seconds = time.perf_counter() - started
    cer = [char_error_rate(u.text, texts[u.page - 1]) for u in loaded.units]
    base = VectorBase.open(workdir / "base", create=True, dim=embedder.dim,
                           embedder_id=embedder.embedder_id)
    ingest([warm], base, embedder)  # model load is a one-time cost
    marks: dict[str, float] = {}

    def progress(p: object) -> None:  # first "ocr" tick to first "splitting" tick
        marks.setdefault(getattr(p, "stage"), time.perf_counter())

    report = ingest([pdf], base, embedder, progress=progress)
    ocr_in_ingest = marks.get("splitting", 0.0) - marks.get("ocr", 0.0)
    result = {
        "pages": pages, "ocr_pages": loaded.ocr_pages, "ocr_seconds": round(ocr_seconds, 2),
        "pages_per_second": round(pages / ocr_seconds, 3),
        "seconds_per_page": round(ocr_seconds / pages, 2),
        "ingest_seconds": round(report.seconds, 2),
        "embed_seconds": round(report.embed_seconds, 2),
        "ocr_seconds_in_ingest": round(ocr_in_ingest, 2),
        "ocr_share_of_ingest": round(ocr_in_ingest / report.seconds, 3),
        "chunks": report.chunks, "failed": len(report.failed),
        "cer_mean": round(sum(cer) / len(cer), 4) if cer else None,
        "cer_max": round(max(cer), 4) if cer else None,
        "check": base.check(),
        "sizes": installed_sizes(),
        "machine": f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
                   f"Python {platform.python_version()}",
        "load_average": os.getloadavg(),
    }
    base.close()
    return result


def to_markdown(r: dict, command: str) -> str:
    s = r["sizes"]
    return "\n".join([
        "# OCR benchmark", "",
        f"Command: `{command}`  ",
        f"Machine: {r['machine']}; load average at end {r['load_average'][0]:.1f}.  ",
        "Image-only A4 pages at 300 dpi (Pillow-drawn corpus text), Tesseract `por+eng`,",
        "rendered by pypdfium2. One warm-up page first.", "",
        "| pages | OCR | pages/s | s/page | whole ingestion | OCR share | CER mean / max |",
        "|---|---|---|---|---|---|---|",
        f"| {r['pages']} | {r['ocr_seconds']} s | {r['pages_per_second']} | "
        f"{r['seconds_per_page']} | {r['ingest_seconds']} s (embedding {r['embed_seconds']} s)"
        f" | {100 * r['ocr_share_of_ingest']:.0f}% ({r['ocr_seconds_in_ingest']} s) | {r['cer_mean']} / {r['cer_max']} |", "",
        "Installed size added by this round's dependencies (MB = 10^6 bytes): Python "
        f"distributions {s['python_mb']} MB ({', '.join(PY_DISTS)}); Debian packages "
        f"{s['debian_mb']} MB ({', '.join(DEBS)}), which the .deb recommends and does not "
        "bundle.", "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="tiny run; print JSON, write nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vb-ocr-bench-") as tmp:
        result = run(args.pages, Path(tmp))
    print(json.dumps(result, indent=2))
    if not args.smoke:
        RESULTS.mkdir(exist_ok=True)
        command = "python tests/bench/ocr_run.py " + " ".join(argv if argv is not None else sys.argv[1:])
        (RESULTS / "OCR.md").write_text(to_markdown(result, command.strip()), encoding="utf-8")
        (RESULTS / "ocr.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if not result["check"] and not result["failed"] else 1


if __name__ == "__main__":
    sys.exit(main())
