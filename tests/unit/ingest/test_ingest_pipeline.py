"""The pipeline against a real base and the real default embedder."""

from __future__ import annotations

import os
import shutil
import socket
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from corpus import make_docx, make_pdf
from vetorbase.ingest import FileResult, Progress, ingest, ingest_text

KEYS = {"source", "filename", "doc_id", "sha256", "chunk", "start", "end", "mime",
        "ingested_at", "ingested_by"}


def test_corpus_goes_in_with_full_metadata(corpus_dir: Path, base: Any, embedder: Any) -> None:
    report = ingest([corpus_dir], base, embedder, chunk_size=400, chunk_overlap=50,
                    metadata={"project": "corpus", "source": "ignored"})
    assert report.counts() == {"added": 12, "replaced": 0, "skipped": 0, "failed": 0}
    assert base.document_count() == 12 and base.count() == report.chunks
    for result in report.added:
        doc = base.get_document(source=result.path)
        assert doc is not None and doc.id == result.doc_id and doc.chunks == result.chunks
        chunks = base.chunks(doc.id)
        assert [c.metadata["chunk"] for c in chunks] == list(range(len(chunks)))
        for c in chunks:
            m = c.metadata
            assert KEYS <= set(m), sorted(KEYS - set(m))
            assert m["source"] == result.path and os.path.isabs(m["source"])
            assert m["filename"] == Path(result.path).name
            assert m["sha256"] == doc.sha256 and m["project"] == "corpus"
            assert m["ingested_by"].endswith("@" + socket.gethostname())
            assert m["end"] - m["start"] == len(c.text)
            assert ("page" in m) == result.path.endswith(".pdf")
    pdf = base.get_document(source=str(corpus_dir / "vulcoes.pdf"))
    pages = [c.metadata["page"] for c in base.chunks(pdf.id)]
    assert pages[0] == 1 and pages[-1] == 2
    assert report.to_dict()["counts"]["added"] == 12
    feijoada = base.get_document(source=str(corpus_dir / "receita_feijoada.txt"))  # cp1252
    assert "feijão preto" in base.chunks(feijoada.id)[0].text
    holes = base.get_document(source=str(corpus_dir / "black_holes.txt"))  # UTF-8 + BOM
    assert base.chunks(holes.id)[0].text.startswith("Black holes: where gravity wins")
    assert base.check() == []


def test_unchanged_skipped_changed_replaced(tmp_path: Path, base: Any, embedder: Any) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Abelhas fazem mel com o néctar das flores.", encoding="utf-8")
    (notes / "b.md").write_text("# Git\nBranches are cheap pointers to commits.")
    first = ingest(notes, base, embedder)
    assert [r.status for r in first.results] == ["added", "added"]
    again = ingest(notes, base, embedder)
    assert [(r.status, r.reason) for r in again.results] == [
        ("skipped", "unchanged (same sha256)")] * 2
    assert [r.doc_id for r in again.results] == [r.doc_id for r in first.results]
    (notes / "a.txt").write_text("Vulcões expelem lava e cinzas.\n\n" + "Magma. " * 300)
    third = ingest(notes, base, embedder, chunk_size=200, chunk_overlap=20)
    assert [r.status for r in third.results] == ["replaced", "skipped"]
    doc = base.get_document(source=str(notes / "a.txt"))
    texts = [c.text for c in base.chunks(doc.id)]
    assert len(texts) == third.replaced[0].chunks > 1
    assert not any("Abelhas" in t for t in texts)
    assert base.count() == len(texts) + 1


def test_bad_inputs_each_get_a_line_and_the_batch_goes_on(
        tmp_path: Path, base: Any, embedder: Any) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "00_good.txt").write_text("Texto bom sobre fotossíntese e clorofila.")
    (d / "01_empty.txt").write_bytes(b"")
    (d / "02_spaces.md").write_text("   \n\n \t \n")
    (d / "03_binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    (d / "04_empty.docx").write_bytes(b"")
    (d / "05_broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj trailer")
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret")
    pdf.set_encryption(owner_password="o", user_password="u")
    pdf.output(str(d / "06_locked.pdf"))
    make_pdf(d / "07_no_text.pdf", [("", "")])
    (d / "08_bad.json").write_text("{not json")
    (d / "09_image.png").write_bytes(b"\x89PNG\r\n")
    (d / ".hidden.txt").write_text("escondido")
    make_docx(d / "10_good.docx", ["Contrato", "Cláusula de multa por atraso."], [("a", "b")])
    report = ingest([d], base, embedder)
    got = {Path(r.path).name: (r.status, r.reason) for r in report.results}
    assert got["00_good.txt"][0] == "added" and got["10_good.docx"][0] == "added"
    reasons = {name: reason for name, (status, reason) in got.items() if status != "added"}
    assert reasons["01_empty.txt"] == "empty file (0 bytes)"
    assert reasons["02_spaces.md"] == "no text found"
    assert reasons["03_binary.txt"].startswith("binary content")
    assert reasons["04_empty.docx"] == "empty file (0 bytes)"
    assert reasons["05_broken.pdf"].startswith("broken PDF")
    assert reasons["06_locked.pdf"].startswith("encrypted PDF")
    assert reasons["07_no_text.pdf"].startswith("no text found (no text layer")
    assert reasons["08_bad.json"].startswith("invalid JSON")
    assert reasons["09_image.png"].startswith("broken PNG image")
    assert reasons[".hidden.txt"] == "hidden file, skipped"
    assert len(report.failed) == 9 and len(report.skipped) == 1
    assert base.document_count() == 2


def test_file_vanishing_mid_run(tmp_path: Path, base: Any, embedder: Any) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (d / name).write_text(f"Documento {name} sobre abelhas e mel.")

    def on_progress(p: Progress) -> None:
        if p.stage == "done" and p.path.endswith("a.txt"):
            (d / "b.txt").unlink()

    report = ingest([d], base, embedder, progress=on_progress)
    assert [(Path(r.path).name, r.status, r.reason) for r in report.results] == [
        ("a.txt", "added", ""),
        ("b.txt", "failed", "file vanished before it could be read"),
        ("c.txt", "added", ""),
    ]


def test_50_mb_text_is_refused_fast_without_reading_it(
        tmp_path: Path, base: Any, embedder: Any) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        line = b"linha de log repetida com dados sem interesse 0123456789\n"
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    small = tmp_path / "small.txt"
    small.write_text("Um arquivo pequeno depois do grande.")
    started = time.perf_counter()
    report = ingest([big, small], base, embedder)
    seconds = time.perf_counter() - started
    assert report.failed[0].path == str(big)
    assert report.failed[0].reason.startswith("too large: 50.0 MB (limit 10 MB")
    assert report.added[0].path == str(small)
    assert seconds < 10
    tracemalloc.start()
    alone = ingest([big], base, embedder)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert alone.failed[0].reason.startswith("too large")
    assert peak < 1024 * 1024, peak  # the 50 MB were never read into memory
    raised = ingest([tmp_path / "small.txt"], base, embedder, max_file_mb=0.00001)
    assert raised.failed[0].reason.startswith("too large")


def test_progress_is_monotonic_and_ends_at_one(corpus_dir: Path, tmp_path: Path,
                                               base: Any, embedder: Any) -> None:
    d = tmp_path / "c"
    shutil.copytree(corpus_dir, d)
    ticks: list[Progress] = []
    ingest([d], base, embedder, progress=ticks.append)
    fractions = [t.fraction for t in ticks]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert {t.stage for t in ticks} == {"reading", "splitting", "embedding", "storing", "done"}
    assert all(t.files_total == 12 for t in ticks)
    assert [t.files_done for t in ticks if t.stage == "done"] == list(range(1, 13))


def test_ingest_text_adds_skips_and_replaces(base: Any, embedder: Any) -> None:
    first = ingest_text(base, embedder, "Bike share stations in Lisbon.", source="note:1",
                        metadata={"kind": "note"}, origin="worker@test")
    assert isinstance(first, FileResult) and first.status == "added" and first.chunks == 1
    chunk = base.chunks(first.doc_id)[0]
    assert chunk.metadata["kind"] == "note" and chunk.metadata["filename"] == "note:1"
    assert chunk.metadata["ingested_by"] == "worker@test" and "page" not in chunk.metadata
    assert base.get_document(doc_id=first.doc_id).added_by == "worker@test"
    same = ingest_text(base, embedder, "Bike share stations in Lisbon.", source="note:1")
    assert same.status == "skipped" and same.doc_id == first.doc_id
    other = ingest_text(base, embedder, "Estações de bicicleta.", source="note:1")
    assert other.status == "replaced" and base.count() == 1
    empty = ingest_text(base, embedder, "  ", source="note:2")
    assert (empty.status, empty.reason) == ("failed", "no text found")


@pytest.mark.parametrize("bad", [{"when": object()}, {1: "x"}, ["a"], {"x": float("nan")}])
def test_unstorable_user_metadata_is_refused_before_any_work(
        tmp_path: Path, base: Any, embedder: Any, bad: Any) -> None:
    from vetorbase.errors import InvalidInput

    (tmp_path / "a.txt").write_text("texto")
    with pytest.raises(InvalidInput, match="metadata"):
        ingest([tmp_path / "a.txt"], base, embedder, metadata=bad)
    with pytest.raises(InvalidInput, match="metadata"):
        ingest_text(base, embedder, "texto", source="t", metadata=bad)
    assert base.count() == 0
