"""Document-level facts the window shows: page count, and one "added by" everywhere."""

from __future__ import annotations

from fpdf import FPDF

from vetorbase import VectorBase
from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
from vetorbase.ingest import ingest


def test_pdf_page_count_and_origin_are_recorded_once_and_consistently(tmp_path, base_dir):
    pdf = FPDF()
    for text in ("Primeira pagina sobre vulcoes.", "Second page about rivers.", "Third page."):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(0, 10, text)
    path = tmp_path / "three.pdf"
    pdf.output(str(path))
    embedder = get_embedder(DEFAULT_EMBEDDER_ID)
    base = VectorBase.open(base_dir, create=True, dim=embedder.dim, embedder_id=embedder.embedder_id)
    report = ingest([path], base, embedder)
    assert [r.status for r in report.added] == ["added"]
    doc = base.get_document(source=str(path.resolve()))
    assert doc.metadata["pages"] == 3
    chunks = base.chunks(doc.id)
    assert {c.metadata["page"] for c in chunks} == {1, 2, 3}
    assert {c.metadata["ingested_by"] for c in chunks} == {doc.added_by} == {base.origin}
    base.close()
