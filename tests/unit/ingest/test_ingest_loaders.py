"""Each loader on real files made by the libraries people make them with."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from corpus import make_docx, make_pdf
from vetorbase.errors import IngestError, UnsupportedFileType
from vetorbase.ingest import SUPPORTED_EXTENSIONS, load_bytes

BIG = 10**7


def text_of(data: bytes, ext: str) -> str:
    loaded = load_bytes(data, ext, max_chars=BIG)
    assert len(loaded.units) == 1 and loaded.units[0].page is None
    return loaded.units[0].text


def test_supported_extensions_are_the_documented_ones() -> None:
    assert {".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".csv", ".json"} <= set(
        SUPPORTED_EXTENSIONS)
    assert all(e.startswith(".") and e == e.lower() for e in SUPPORTED_EXTENSIONS)


def test_html_drops_scripts_and_styles_and_keeps_paragraphs() -> None:
    html = ("<html><head><title>Título da página</title><style>p{color:red}</style>"
            "<script>var segredo = 1;</script></head><body><!-- comentário --><p>Primeiro\n"
            "   <b>parágrafo</b>\n aqui.</p><pre>a\n  b</pre><p>Segundo.</p><ul><li>um</li><li>dois</li></ul>"
            "<table><tr><td>a</td><td>b</td></tr></table><noscript>ligue o JS</noscript>"
            "</body></html>")
    text = text_of(html.encode("utf-8"), ".html")
    assert "\n\na\nb\n\n" in text  # <pre> keeps its line breaks
    assert "comentário" not in text
    assert "segredo" not in text and "color" not in text and "ligue o JS" not in text
    assert text.startswith("Título da página")
    assert "Primeiro parágrafo aqui." in text  # inline tags do not break sentences
    assert "\n\nSegundo." in text
    assert "a | b" in text
    assert text_of(html.encode("cp1252"), ".htm") == text


def test_csv_rows_become_column_value_lines() -> None:
    data = "estado;sacas;nota\nMinas Gerais;28900;maior\nBahia;3700;\n".encode("cp1252")
    text = text_of(data, ".csv")
    assert text == "estado: Minas Gerais\nsacas: 28900\nnota: maior\n\nestado: Bahia\nsacas: 3700"


def test_csv_comma_and_extra_columns() -> None:
    text = text_of(b'name,city\n"Smith, J",Lisbon,extra\n', ".csv")
    assert text == "name: Smith, J\ncity: Lisbon\ncolumn 3: extra"


def test_json_is_flattened_to_readable_lines() -> None:
    data = {"city": "Lisboa", "open": True, "tags": ["a", "b"], "price": None,
            "stations": [{"id": 1, "name": "Cais"}, {"id": 2, "name": "Rossio"}]}
    text = text_of(json.dumps(data, ensure_ascii=False).encode(), ".json")
    lines = text.splitlines()
    assert lines[:4] == ["city: Lisboa", "open: true", "tags: a, b", "price: null"]
    assert "stations[0].id: 1\nstations[0].name: Cais\n\nstations[1].id: 2" in text


def test_invalid_json_names_the_position() -> None:
    with pytest.raises(IngestError, match=r"invalid JSON: .* line 2 column"):
        load_bytes(b'{"a": 1,\n oops}', ".json", max_chars=BIG)


def test_pdf_keeps_one_unit_per_page_with_numbers(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "p.pdf", [("Um", "Página um, coração."), ("Dois", "Página dois.")])
    loaded = load_bytes(path.read_bytes(), ".pdf", max_chars=BIG)
    assert [u.page for u in loaded.units] == [1, 2]
    assert "coração" in loaded.units[0].text and "dois" in loaded.units[1].text
    assert loaded.mime == "application/pdf"


def test_encrypted_pdf_needs_password(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "secret")
    pdf.set_encryption(owner_password="owner", user_password="user")
    data = bytes(pdf.output())
    with pytest.raises(IngestError, match="encrypted PDF"):
        load_bytes(data, ".pdf", max_chars=BIG)


def test_pdf_protected_only_against_printing_is_read(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "readable words")
    pdf.set_encryption(owner_password="owner")  # empty user password
    loaded = load_bytes(bytes(pdf.output()), ".pdf", max_chars=BIG)
    assert loaded.units[0].text == "readable words"


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"not a pdf at all", b"\x00" * 64])
def test_broken_pdf_is_one_clear_error(data: bytes) -> None:
    with pytest.raises(IngestError, match="broken PDF"):
        load_bytes(data, ".pdf", max_chars=BIG)


def test_pdf_over_the_character_limit(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "p.pdf", [("A", "x " * 500), ("B", "y " * 500)])
    with pytest.raises(IngestError, match="too large"):
        load_bytes(path.read_bytes(), ".pdf", max_chars=600)


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "d.docx", ["Título", "Primeiro parágrafo.", "Segundo."],
                     [("Item", "Valor"), ("Aluguel", "R$ 2.400,00")])
    text = text_of(path.read_bytes(), ".docx")
    assert text.index("Título") < text.index("Primeiro") < text.index("Segundo.")
    assert text.index("Segundo.") < text.index("Item | Valor")
    assert "Aluguel | R$ 2.400,00" in text


def test_broken_docx_zip_without_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not word")
    for data in (buffer.getvalue(), b"PK\x03\x04 truncated", b"plain text"):
        with pytest.raises(IngestError, match="broken DOCX"):
            load_bytes(data, ".docx", max_chars=BIG)


@pytest.mark.parametrize("ext", [".docx", ".pdf", ".txt", ".json"])
def test_empty_files_are_refused_by_every_loader(ext: str) -> None:
    with pytest.raises(IngestError, match="empty file"):
        load_bytes(b"", ext, max_chars=BIG)


def test_unsupported_type() -> None:
    with pytest.raises(UnsupportedFileType, match=r"unsupported file type \.xyz"):
        load_bytes(b"data", ".xyz", max_chars=BIG)


def test_binary_renamed_txt_is_refused() -> None:
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("a.bin", bytes(range(256)) * 10)
    with pytest.raises(IngestError, match="binary"):
        load_bytes(zipped.getvalue(), ".txt", max_chars=BIG)


def test_text_over_the_character_limit() -> None:
    with pytest.raises(IngestError, match="too large"):
        load_bytes(b"a" * 101, ".md", max_chars=100)
