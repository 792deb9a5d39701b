"""Scanned PDFs and images are read by the real Tesseract, page by page, cancellably."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from corpus.scans import (
    CONTRACT,
    NOTICE,
    RECEIPT,
    char_error_rate,
    png_bytes,
    scanned_pdf,
    scanned_png,
)
from vetorbase.errors import Cancelled, InvalidInput, OcrUnavailable
from vetorbase.ingest import ingest, load_bytes
from vetorbase.ingest.report import STAGES

BIG = 10**7


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("scans")
    scanned_pdf(d / "contrato.pdf", [CONTRACT, NOTICE])
    scanned_png(d / "recibo.png", RECEIPT)
    return d


def test_image_only_pdf_is_read_by_ocr_per_page(scans: Path) -> None:
    ticks: list[tuple[int, int]] = []
    loaded = load_bytes((scans / "contrato.pdf").read_bytes(), ".pdf", max_chars=BIG,
                        progress=lambda done, total: ticks.append((done, total)))
    assert [(u.page, u.ocr) for u in loaded.units] == [(1, True), (2, True)]
    assert char_error_rate(loaded.units[0].text, CONTRACT) < 0.05
    assert char_error_rate(loaded.units[1].text, NOTICE) < 0.05
    assert "locação" in loaded.units[0].text and "manutenção" in loaded.units[1].text
    assert ticks == [(0, 2), (1, 2), (2, 2)]


@pytest.mark.parametrize("ext", [".png", ".webp", ".jpg", ".tiff"])
def test_image_files_are_read_by_ocr(ext: str, tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / f"recibo{ext}"
    Image.open(scanned_png(tmp_path / "r.png", RECEIPT)).convert("L").save(path)
    loaded = load_bytes(path.read_bytes(), ext, max_chars=BIG)
    assert len(loaded.units) == 1 and loaded.units[0].ocr and loaded.units[0].page == 1
    assert char_error_rate(loaded.units[0].text, RECEIPT) < 0.05
    assert loaded.mime.startswith("image/")


def test_pdf_with_a_text_layer_is_not_ocred(tmp_path: Path) -> None:
    from corpus import make_pdf

    path = make_pdf(tmp_path / "t.pdf", [("Título", "Texto com camada de texto.")])
    loaded = load_bytes(path.read_bytes(), ".pdf", max_chars=BIG,
                        progress=lambda *a: pytest.fail("no page needed OCR"))
    assert not any(u.ocr for u in loaded.units)


def test_scanned_documents_rank_first_and_chunks_say_ocr(
        scans: Path, tmp_path: Path, base: Any, embedder: Any, corpus_dir: Path) -> None:
    stages: list[Any] = []
    report = ingest([scans, corpus_dir], base, embedder,
                    progress=stages.append)
    assert not report.failed, report.failed
    for query, name in (("reajuste anual do aluguel pelo IPCA", "contrato.pdf"),
                        ("recibo de cadeiras ergonômicas Belo Horizonte", "recibo.png"),
                        ("interrupção da água no prédio administrativo", "contrato.pdf")):
        hit = base.search(embedder.embed_query(query), k=1)[0]
        assert Path(hit.metadata["source"]).name == name, (query, hit.metadata["source"])
        assert hit.metadata["ocr"] is True and hit.metadata["page"] >= 1
    notice = base.search(embedder.embed_query("interrupção da água"), k=1,
                         where={"ocr": True})[0]
    assert notice.metadata["page"] == 2 and notice.metadata["ocr_pages"] == 2
    ocr_ticks = [p for p in stages if p.stage == "ocr"]
    assert "ocr" in STAGES
    assert [(p.page, p.pages) for p in ocr_ticks if Path(p.path).name == "contrato.pdf"] == [
        (1, 2), (2, 2), (2, 2)]
    fractions = [p.fraction for p in stages]
    assert fractions == sorted(fractions)  # OCR's share never makes the bar go back
    assert base.check() == []


def test_cancel_between_ocr_pages(tmp_path: Path, base: Any, embedder: Any) -> None:
    path = scanned_pdf(tmp_path / "tres.pdf", [CONTRACT, NOTICE, RECEIPT])
    cancel = threading.Event()
    pages_started: list[int] = []

    def progress(done: int, total: int) -> None:
        pages_started.append(done)
        if done == 1:
            cancel.set()  # while page 2 would start

    with pytest.raises(Cancelled):
        load_bytes(path.read_bytes(), ".pdf", max_chars=BIG, cancel=cancel, progress=progress)
    assert pages_started == [0, 1]  # page 2 and 3 never read
    cancel.clear()
    seen: list[Any] = []

    def stop_after_first_page(p: Any) -> None:
        seen.append(p)
        if p.stage == "ocr" and p.page == 2:
            cancel.set()

    report = ingest([path], base, embedder, cancel=cancel, progress=stop_after_first_page)
    assert report.cancelled and report.pending == [str(path)]
    assert base.count() == 0 and base.check() == []


def test_missing_tesseract_is_a_clear_per_file_error(
        scans: Path, tmp_path: Path, base: Any, embedder: Any,
        monkeypatch: pytest.MonkeyPatch, corpus_dir: Path) -> None:
    monkeypatch.setenv("VETORBASE_TESSERACT", str(tmp_path / "no-such-tesseract"))
    with pytest.raises(OcrUnavailable, match="apt-get install tesseract-ocr"):
        load_bytes(png_bytes(RECEIPT), ".png", max_chars=BIG)
    report = ingest([scans, corpus_dir / "receita_feijoada.txt"], base, embedder)
    reasons = {Path(r.path).name: r.reason for r in report.failed}
    assert set(reasons) == {"contrato.pdf", "recibo.png"}
    assert all("Tesseract was not found" in r and "tesseract-ocr-por" in r
               for r in reasons.values())
    assert [Path(r.path).name for r in report.added] == ["receita_feijoada.txt"]
    assert base.get_document(source=str(scans / "contrato.pdf")) is None  # never empty


def test_missing_language_names_its_package(scans: Path) -> None:
    with pytest.raises(OcrUnavailable, match="install tesseract-ocr-klingon"):
        load_bytes((scans / "contrato.pdf").read_bytes(), ".pdf", max_chars=BIG,
                   ocr_languages="por+klingon")


def test_bad_ocr_language_setting_fails_before_any_work(base: Any, embedder: Any,
                                                        tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="OCR languages"):
        ingest([tmp_path], base, embedder, ocr_languages="por; rm -rf /")


def test_multi_page_tiff_gives_one_unit_per_page(tmp_path: Path) -> None:
    from corpus.scans import page_image

    path = tmp_path / "fax.tiff"
    first, second = (page_image(t, height=1000) for t in (RECEIPT, NOTICE))
    first.save(path, save_all=True, append_images=[second])
    ticks: list[tuple[int, int]] = []
    loaded = load_bytes(path.read_bytes(), ".tiff", max_chars=BIG,
                        progress=lambda d, t: ticks.append((d, t)))
    assert [(u.page, u.ocr) for u in loaded.units] == [(1, True), (2, True)]
    assert char_error_rate(loaded.units[1].text, NOTICE) < 0.05
    assert ticks == [(0, 2), (1, 2), (2, 2)]


def test_scan_under_a_short_text_stamp_is_still_read(tmp_path: Path) -> None:
    """Scanners stamp a line of real text over the page image; the image is the content."""
    from corpus.scans import page_image
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.image(page_image(CONTRACT), x=0, y=0, w=210, h=297)
    pdf.set_font("helvetica", size=8)
    pdf.cell(0, 5, "Digitalizado em 01/02/2024 por Scanner XYZ-100")
    loaded = load_bytes(bytes(pdf.output()), ".pdf", max_chars=BIG)
    unit = loaded.units[0]
    assert unit.ocr and unit.text.startswith("Digitalizado em 01/02/2024")
    assert char_error_rate(unit.text.split("\n\n", 1)[1], CONTRACT) < 0.05


def test_photo_stored_sideways_with_exif_rotation_is_read_upright(tmp_path: Path) -> None:
    from corpus.scans import page_image
    from PIL import Image

    sideways = page_image(RECEIPT, height=1000).rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 degrees clockwise to view
    path = tmp_path / "foto.jpg"
    sideways.save(path, exif=exif.tobytes())
    loaded = load_bytes(path.read_bytes(), ".jpg", max_chars=BIG)
    assert char_error_rate(loaded.units[0].text, RECEIPT) < 0.05
