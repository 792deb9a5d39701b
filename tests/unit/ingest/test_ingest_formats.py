"""Office, OpenDocument, e-book and e-mail files, each made by its library's writer:
units, pages/sheets/slides, metadata, filters on metadata, and bad files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from corpus import make_docx
from corpus.formats import AUTHOR, MAKERS
from vetorbase.clihelp import parse_where
from vetorbase.errors import PasswordProtected, UnsafeFile
from vetorbase.ingest import SUPPORTED_EXTENSIONS, file_dialog_filter, ingest, load_bytes
from vetorbase.ingest import supported_patterns
from vetorbase.ingest.zipguard import OLE_MAGIC

BIG = 10**7

# ext: (units as (page, section), text expected in unit i, metadata expected)
EXPECTED: dict[str, tuple[list[tuple[Any, Any]], dict[int, list[str]], dict[str, str]]] = {
    ".xlsx": ([(1, "Aluguéis"), (2, "Equipe")],  # the empty sheet gives no unit
              {0: ["Imóvel: Sala 12\nCidade: São Paulo\nValor: 2400", "Valor: 8150.5"],
               1: ["Nome: João\nFunção: Coordenação"]},
              {"title": "Planilha de locações", "author": AUTHOR,
               "created": "2024-03-01T09:30:00", "language": "pt-BR"}),
    ".ods": ([(1, "Orçamento"), (2, "Notas")],
             {0: ["Item: Cadeiras\nCusto: 1200", "Item: Mesas\nCusto: 3400"],
              1: ["Observação: Entrega em março"]},
             {"title": "Orçamento do escritório", "author": AUTHOR, "language": "pt-BR",
              "created": "2024-03-01T09:30:00"}),
    ".odt": ([(None, None)],
             {0: ["Política de férias\nCada funcionário", "Pedido | Prazo",
                  "Férias | 30 dias de antecedência\nDúvidas"]},
             {"title": "Política de férias", "author": AUTHOR, "language": "pt-BR"}),
    ".pptx": ([(1, "Cronograma"), (2, "Orçamento")],
              {0: ["Fase 1: levantamento em abril", "Notes:\nLembrar do atraso do fornecedor."],
               1: ["Total previsto: R$ 48 mil"]},
              {"title": "Projeto da nova sede", "author": AUTHOR,
               "created": "2024-03-01T09:30:00"}),
    ".odp": ([(1, "Abertura"), (2, "Metas")],
             {0: ["Boas-vindas à equipe", "Notes:\nFalar devagar."], 1: ["Reduzir custos em 10%"]},
             {"title": "Reunião de planejamento", "author": AUTHOR}),
    ".rtf": ([(None, None)],
             {0: ["Ata da reunião de condomínio.\nAprovada a reforma da fachada em março."]},
             {"title": "Ata da reunião", "author": AUTHOR}),
    ".epub": ([(1, "Boas-vindas"), (2, "Benefícios")],
              {0: ["Bem-vindo à empresa, leia com atenção."], 1: ["plano de saúde"]},
              {"title": "Manual do colaborador", "author": AUTHOR, "language": "pt"}),
    ".eml": ([(None, None), (None, "valores.csv")],
             {0: ["Subject: Reajuste do contrato de limpeza", "reajuste de 4,5% em abril",
                  "Attachments not read: contrato.pdf"],
              1: ["serviço;valor\nlimpeza;5200"]},
             {"title": "Reajuste do contrato de limpeza", "language": "pt-BR",
              "author": f"{AUTHOR} <maria@example.com>", "created": "2024-03-01T09:30:00+00:00"}),
}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("formats")
    for ext, make in MAKERS.items():
        make(d / f"documento{ext}")
    return d


@pytest.mark.parametrize("ext", sorted(EXPECTED))
def test_each_format_units_and_metadata(ext: str, files: Path) -> None:
    loaded = load_bytes((files / f"documento{ext}").read_bytes(), ext, max_chars=BIG)
    units, texts, meta = EXPECTED[ext]
    assert [(u.page, u.section) for u in loaded.units] == units
    for index, snippets in texts.items():
        for snippet in snippets:
            assert snippet in loaded.units[index].text, (snippet, loaded.units[index].text)
    assert {k: loaded.metadata.get(k) for k in meta} == meta
    assert not any(u.ocr for u in loaded.units)


def test_docx_and_pdf_metadata(tmp_path: Path) -> None:
    import docx
    from fpdf import FPDF

    path = make_docx(tmp_path / "d.docx", ["Contrato", "Cláusula primeira."], [("a", "b")])
    document = docx.Document(str(path))
    document.core_properties.title = "Contrato de serviço"
    document.core_properties.author = AUTHOR
    document.core_properties.language = "pt-BR"
    document.save(str(path))
    meta = load_bytes(path.read_bytes(), ".docx", max_chars=BIG).metadata
    assert (meta["title"], meta["author"], meta["language"]) == (
        "Contrato de serviço", AUTHOR, "pt-BR")
    assert meta["created"][:4].isdigit() and "modified" in meta
    pdf = FPDF()
    pdf.set_title("Relatório anual")
    pdf.set_author(AUTHOR)
    pdf.set_lang("pt-BR")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "Resultados do ano de 2024 foram positivos.")
    loaded = load_bytes(bytes(pdf.output()), ".pdf", max_chars=BIG)
    assert {k: loaded.metadata.get(k) for k in ("title", "author", "language")} == {
        "title": "Relatório anual", "author": AUTHOR, "language": "pt-BR"}
    assert loaded.metadata["created"][:2] == "20"


def test_metadata_is_stored_and_filters_by_it(files: Path, base: Any, embedder: Any) -> None:
    report = ingest([files], base, embedder, metadata={"title": "Título do usuário"})
    assert len(report.added) == len(MAKERS) and not report.failed
    xlsx = base.get_document(source=str(files / "documento.xlsx"))
    assert xlsx.metadata["author"] == AUTHOR and xlsx.metadata["language"] == "pt-BR"
    assert xlsx.metadata["title"] == "Título do usuário"  # the caller's own metadata wins
    query = embedder.embed_query("reajuste do contrato")
    hits = base.search(query, k=50, where=parse_where([f"author={AUTHOR}"]))
    assert {Path(h.metadata["source"]).suffix for h in hits} == set(MAKERS) - {".eml"}
    sheets = base.search(query, k=50, where=parse_where(["section=Equipe"]))
    assert [h.metadata["page"] for h in sheets] == [2]
    dated = base.search(query, k=50, where=parse_where(["created^=2024-03"]))
    assert {Path(h.metadata["source"]).suffix for h in dated} >= {".xlsx", ".pptx", ".eml"}
    assert base.check() == []


def test_supported_documents_filter_lists_every_extension() -> None:
    patterns = supported_patterns()
    label, every = patterns[0]
    assert label == "Supported documents"
    assert sorted(every) == sorted(f"*{e}" for e in SUPPORTED_EXTENSIONS)
    grouped = [g for _, globs in patterns[1:] for g in globs]
    assert sorted(grouped) == sorted(every)  # each extension in exactly one group
    assert {".xlsx", ".ods", ".pptx", ".odp", ".odt", ".rtf", ".epub", ".eml", ".png",
            ".jpg", ".tiff", ".webp"} <= set(SUPPORTED_EXTENSIONS)
    assert file_dialog_filter().startswith("Supported documents (*.csv *.docx ")


def _bad_files(d: Path, files: Path) -> dict[str, str]:
    """name -> the start of the reason it must fail with."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(0, 10, "segredo")
    pdf.set_encryption(owner_password="o", user_password="u")
    pdf.output(str(d / "senha.pdf"))
    (d / "senha.xlsx").write_bytes(OLE_MAGIC + bytes(4096))  # how Office saves with a password
    xlsx = (files / "documento.xlsx").read_bytes()
    (d / "cortada.xlsx").write_bytes(xlsx[: len(xlsx) // 2])
    pptx = (files / "documento.pptx").read_bytes()
    (d / "cortada.pptx").write_bytes(pptx[:-200])  # end of the central directory gone
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w>" + b"a" * (90 * 1024 * 1024) + b"</w>")
    (d / "bomba.docx").write_bytes(bomb.getvalue())
    (d / "imagem.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (d / "planilha.pdf").write_bytes(xlsx)
    (d / "texto.eml").write_text("apenas texto, sem cabeçalhos\n")
    (d / "texto.rtf").write_text("não é RTF")
    Image.new("L", (200, 200), 255).save(d / "pagina_gigante.pdf", "PDF", resolution=0.144)
    Image.new("1", (20000, 20000)).save(d / "enorme.png")
    return {
        "senha.pdf": "encrypted PDF: a password is needed",
        "senha.xlsx": "password-protected XLSX",
        "cortada.xlsx": "broken XLSX: not a readable zip container",
        "cortada.pptx": "broken PPTX: not a readable zip container",
        "bomba.docx": "refused DOCX: entry 'word/document.xml' inflates",
        "imagem.docx": "wrong extension: named .docx but the content is a PNG image",
        "planilha.pdf": "wrong extension: named .pdf but the content is a zip container",
        "texto.eml": "broken EML: no e-mail headers",
        "texto.rtf": "broken RTF: the file does not start with {\\rtf",
        "pagina_gigante.pdf": "refused PDF: page 1 is 1,389 x 1,389 inches",
        "enorme.png": "refused PNG image: too large to decode safely",
    }


def test_bad_files_fail_one_by_one_and_the_rest_is_ingested(
        files: Path, tmp_path: Path, base: Any, embedder: Any) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    expected = _bad_files(bad, files)
    report = ingest([bad, files], base, embedder)
    reasons = {Path(r.path).name: r.reason for r in report.failed}
    assert set(reasons) == set(expected), reasons
    for name, start in expected.items():
        assert reasons[name].startswith(start), (name, reasons[name])
    assert len(report.added) == len(MAKERS)
    assert base.check() == []


def test_typed_errors_for_locked_and_bomb_files(files: Path) -> None:
    with pytest.raises(PasswordProtected):
        load_bytes(OLE_MAGIC + bytes(512), ".docx", max_chars=BIG)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("content.xml", b" " * (8 * 1024 * 1024))
    with pytest.raises(UnsafeFile, match="inflates .* times"):
        load_bytes(bomb.getvalue(), ".odt", max_chars=BIG)


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol0 "lollollollollollollollollollol">' + "".join(
    f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10)) + "]>")
MAIN_PART = {".xlsx": ("xl/sharedStrings.xml", "Sala 12"), ".odt": ("content.xml", "Dúvidas"),
             ".pptx": ("ppt/slides/slide1.xml", "Cronograma")}


@pytest.mark.parametrize("ext", sorted(MAIN_PART))
def test_xml_entity_expansion_is_not_followed(ext: str, files: Path) -> None:
    """A "billion laughs" inside the main XML part: refused or left unexpanded, fast."""
    import time

    from vetorbase.errors import IngestError

    part, word = MAIN_PART[ext]
    out = io.BytesIO()
    with zipfile.ZipFile(files / f"documento{ext}") as src, zipfile.ZipFile(out, "w") as z:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                text = data.decode("utf-8")
                cut = text.index("?>") + 2
                text = text[:cut] + LAUGHS + text[cut:].replace(word, "&lol9;", 1)
                data = text.encode("utf-8")
            z.writestr(info, data)
    started = time.perf_counter()
    try:
        chars = load_bytes(out.getvalue(), ext, max_chars=BIG).chars
    except IngestError as e:
        assert f"broken {ext[1:].upper()}" in str(e)
        chars = 0
    assert chars < 10_000 and time.perf_counter() - started < 10


def test_ods_repeated_cells_and_rows_cost_only_what_they_show(tmp_path: Path) -> None:
    """ODF writes "this row 1,048,576 times" in a few bytes; only shown copies count."""
    import time

    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Grande")
    for values, repeat in ((["Nome", "Valor"], 1), (["linha", "1"], 1_048_575)):
        row = TableRow(numberrowsrepeated=repeat)
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        row.addElement(TableCell(numbercolumnsrepeated=16_000))  # empty to the sheet's end
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "grande.ods"))
    started = time.perf_counter()
    loaded = load_bytes((tmp_path / "grande.ods").read_bytes(), ".ods", max_chars=BIG)
    assert time.perf_counter() - started < 10
    assert loaded.units[0].text.count("Nome: linha\nValor: 1") == 1000  # MAX_REPEAT copies


def test_html_title_language_and_author() -> None:
    page = ('<html lang="pt-BR"><head><title>Relatório   de\nvendas</title>'
            '<meta name="Author" content="Maria Souza"><meta charset="utf-8"></head>'
            "<body><p>Vendas cresceram.</p></body></html>")
    loaded = load_bytes(page.encode(), ".html", max_chars=BIG)
    assert loaded.metadata == {"title": "Relatório de vendas", "author": AUTHOR,
                               "language": "pt-BR"}
    assert loaded.units[0].text == "Relatório de vendas\n\nVendas cresceram."
