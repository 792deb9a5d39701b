"""One real file per office, e-book and e-mail format, written by the writing side of
the same libraries the loaders read with (no hand-made XML), with known text and
metadata so tests can assert units, pages/sheets/slides and metadata."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

AUTHOR = "Maria Souza"
CREATED = dt.datetime(2024, 3, 1, 9, 30, 0)


def make_xlsx(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    rent = book.active
    rent.title = "Aluguéis"
    rent.append(["Imóvel", "Cidade", "Valor"])
    rent.append(["Sala 12", "São Paulo", 2400])
    rent.append(["Galpão", "Campinas", 8150.5])
    staff = book.create_sheet("Equipe")
    staff.append(["Nome", "Função"])
    staff.append(["João", "Coordenação"])
    book.create_sheet("Vazia")
    book.properties.title = "Planilha de locações"
    book.properties.creator = AUTHOR
    book.properties.created = CREATED
    book.properties.language = "pt-BR"
    book.save(path)
    return path


def _odf_meta(document: object, title: str) -> None:
    from odf import dc, meta

    document.meta.addElement(dc.Title(text=title))  # type: ignore[attr-defined]
    document.meta.addElement(meta.InitialCreator(text=AUTHOR))  # type: ignore[attr-defined]
    document.meta.addElement(meta.CreationDate(text=CREATED.isoformat()))  # type: ignore[attr-defined]
    document.meta.addElement(dc.Language(text="pt-BR"))  # type: ignore[attr-defined]


def _odf_table(name: str, rows: list[list[str]]) -> object:
    """A table:table of one-paragraph cells (spreadsheets and text documents alike)."""
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P

    table = Table(name=name)
    table.addElement(TableColumn(numbercolumnsrepeated=max(len(r) for r in rows)))
    for values in rows:
        row = TableRow()
        for value in values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    return table


def make_ods(path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet

    document = OpenDocumentSpreadsheet()
    for name, rows in (("Orçamento", [["Item", "Custo"], ["Cadeiras", "1200"],
                                      ["Mesas", "3400"]]),
                       ("Notas", [["Observação"], ["Entrega em março"]])):
        document.spreadsheet.addElement(_odf_table(name, rows))
    _odf_meta(document, "Orçamento do escritório")
    document.save(str(path))
    return path


def make_odt(path: Path) -> Path:
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Política de férias"))
    document.text.addElement(P(text="Cada funcionário tem direito a trinta dias de férias."))
    document.text.addElement(
        _odf_table("Prazos", [["Pedido", "Prazo"], ["Férias", "30 dias de antecedência"]]))
    document.text.addElement(P(text="Dúvidas: departamento pessoal."))
    _odf_meta(document, "Política de férias")
    document.save(str(path))
    return path


def make_pptx(path: Path) -> Path:
    from pptx import Presentation

    deck = Presentation()
    for title, body, notes in (
            ("Cronograma", "Fase 1: levantamento em abril", "Lembrar do atraso do fornecedor."),
            ("Orçamento", "Total previsto: R$ 48 mil", "")):
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    deck.core_properties.title = "Projeto da nova sede"
    deck.core_properties.author = AUTHOR
    deck.core_properties.created = CREATED
    deck.save(path)
    return path


def make_odp(path: Path) -> Path:
    from odf import draw, presentation, style
    from odf.namespaces import PRESENTATIONNS
    from odf.opendocument import OpenDocumentPresentation
    from odf.text import P

    document = OpenDocumentPresentation()
    layout = style.PageLayout(name="Layout")
    document.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Master", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    for name, title, body, notes in (("s1", "Abertura", "Boas-vindas à equipe", "Falar devagar."),
                                     ("s2", "Metas", "Reduzir custos em 10%", "")):
        page = draw.Page(name=name, masterpagename=master)
        for cls, text in (("title", title), ("outline", body)):
            frame = draw.Frame(width="20cm", height="3cm", x="1cm", y="1cm")
            frame.attributes[(PRESENTATIONNS, "class")] = cls
            box = draw.TextBox()
            box.addElement(P(text=text))
            frame.addElement(box)
            page.addElement(frame)
        if notes:
            note = presentation.Notes()
            frame = draw.Frame(width="20cm", height="10cm", x="1cm", y="1cm")
            box = draw.TextBox()
            box.addElement(P(text=notes))
            frame.addElement(box)
            note.addElement(frame)
            page.addElement(note)
        document.presentation.addElement(page)
    _odf_meta(document, "Reunião de planejamento")
    document.save(str(path))
    return path


RTF = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}"
       r"{\info{\title Ata da reuni\'e3o}{\author Maria Souza}}"
       r"\f0\fs24 Ata da reuni\'e3o de condom\'ednio.\par "
       r"Aprovada a reforma da fachada em mar\'e7o.\par}")


def make_rtf(path: Path) -> Path:
    path.write_bytes(RTF.encode("ascii"))
    return path


def make_epub(path: Path) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("vetorbase-test-epub")
    book.set_title("Manual do colaborador")
    book.set_language("pt")
    book.add_author(AUTHOR)
    chapters = []
    for i, (title, text) in enumerate((("Boas-vindas", "Bem-vindo à empresa, leia com atenção."),
                                       ("Benefícios", "Vale-refeição e plano de saúde."))):
        chapter = epub.EpubHtml(title=title, file_name=f"cap{i + 1}.xhtml", lang="pt")
        chapter.content = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>"
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]
    epub.write_epub(str(path), book)
    return path


def make_eml(path: Path) -> Path:
    message = EmailMessage()
    message["From"] = f"{AUTHOR} <maria@example.com>"
    message["To"] = "equipe@example.com"
    message["Subject"] = "Reajuste do contrato de limpeza"
    message["Date"] = format_datetime(CREATED.replace(tzinfo=dt.UTC))
    message.set_content("Olá a todos,\n\no contrato de limpeza terá reajuste de 4,5% em abril.\n")
    message.add_attachment("serviço;valor\nlimpeza;5200\n", subtype="csv", filename="valores.csv")
    message.add_attachment(b"%PDF-1.4 binary", maintype="application", subtype="pdf",
                           filename="contrato.pdf")
    message["Content-Language"] = "pt-BR"  # after set_content, which drops Content-*
    path.write_bytes(bytes(message))
    return path


MAKERS = {".xlsx": make_xlsx, ".ods": make_ods, ".odt": make_odt, ".pptx": make_pptx,
          ".odp": make_odp, ".rtf": make_rtf, ".epub": make_epub, ".eml": make_eml}
