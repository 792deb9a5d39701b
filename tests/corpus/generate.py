"""Build the test corpus: committed text files plus PDF/DOCX generated on the spot.

Binary formats are generated (fpdf2, python-docx) instead of committed so the repo holds
only text and the files are always made by the installed libraries. Usable from tests
(`from corpus import build_corpus`, since tests/ is on sys.path under pytest) or as a
script: `python tests/corpus/generate.py DEST`.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
QUERIES = HERE / "queries.json"
#: Invoices, norms, minutes and reports full of codes, numbers and names (issue 12):
#: what keyword and hybrid search must find. Added only when asked (`extra=True`), so
#: the round-1 corpus and its tests stay as they were.
EXTRA_DOCS = HERE / "docs_extra"
EXTRA_QUERIES = HERE / "extra_queries.json"

VULCOES = [
    ("Vulcões: a Terra por dentro",
     "Um vulcão é uma abertura na crosta terrestre por onde o magma, rocha derretida do "
     "manto, chega à superfície como lava, cinzas e gases. A maioria dos vulcões fica nas "
     "bordas das placas tectônicas, como no Círculo de Fogo do Pacífico, que concentra "
     "três quartos dos vulcões ativos do planeta."),
    ("Erupções e riscos",
     "As erupções explosivas lançam nuvens de cinza a dezenas de quilômetros de altura e "
     "fluxos piroclásticos que descem as encostas a centenas de quilômetros por hora. Em "
     "79 d.C., o Vesúvio soterrou Pompeia. Os vulcanólogos monitoram tremores, gases e a "
     "deformação do solo para prever novas erupções e evacuar a população a tempo."),
]
CASTLES = [
    ("Medieval castles",
     "Castles were fortified residences built by kings and lords in medieval Europe, "
     "mostly between the eleventh and fifteenth centuries. Early motte-and-bailey castles "
     "were wooden towers on earth mounds; later lords built stone keeps with thick curtain "
     "walls, towers and a gatehouse protected by a drawbridge and a portcullis."),
    ("Sieges",
     "Attackers besieged castles with trebuchets hurling stones, siege towers, battering "
     "rams and miners digging tunnels under the walls, while defenders shot arrows through "
     "arrow slits and dropped rocks from the battlements. A well-supplied garrison behind "
     "a moat could hold out for months until hunger forced a surrender."),
]
CONTRATO = [
    "CONTRATO DE LOCAÇÃO RESIDENCIAL",
    "Pelo presente instrumento, o LOCADOR cede ao LOCATÁRIO o uso do apartamento situado "
    "na Rua das Acácias, 120, para fins exclusivamente residenciais, pelo prazo de trinta "
    "meses.",
    "Cláusula primeira: o aluguel mensal será pago até o dia cinco de cada mês, reajustado "
    "anualmente pelo índice IPCA. O atraso implica multa de dez por cento e juros de mora.",
    "Cláusula segunda: como garantia, o locatário entrega caução equivalente a três "
    "aluguéis, devolvida ao fim da locação se o imóvel for entregue em bom estado.",
    "Cláusula terceira: a rescisão antecipada pelo inquilino obriga ao pagamento de multa "
    "proporcional ao tempo restante do contrato.",
]
CONTRATO_TABLE = [("Item", "Valor"), ("Aluguel mensal", "R$ 2.400,00"),
                  ("Condomínio", "R$ 650,00"), ("IPTU anual", "R$ 1.100,00")]
REMOTE = [
    "Remote Work Policy",
    "Employees may work from home up to three days a week after their probation period, "
    "with their manager's approval. Core collaboration hours are 10:00 to 15:00 in the "
    "employee's home office time zone.",
    "The company provides a laptop, a monitor and a yearly allowance for internet and "
    "office furniture. Employees must use the VPN and keep confidential documents off "
    "personal devices.",
    "Remote employees report their working hours in the timesheet tool and must be "
    "reachable on chat and video calls during core hours.",
]
REMOTE_TABLE = [("Benefit", "Amount"), ("Home office allowance", "USD 600 per year"),
                ("Internet stipend", "USD 40 per month")]


def make_pdf(path: Path, pages: list[tuple[str, str]]) -> Path:
    """One titled page per (title, body) pair, core font (Latin-1 covers Portuguese)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    for title, body in pages:
        pdf.add_page()
        pdf.set_font("helvetica", "B", 16)
        pdf.multi_cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("helvetica", size=12)
        pdf.multi_cell(0, 7, body, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def make_docx(path: Path, paragraphs: list[str], table: list[tuple[str, str]]) -> Path:
    """Heading, paragraphs, then a two-column table (tables must be loaded too)."""
    import docx

    document = docx.Document()
    document.add_heading(paragraphs[0], level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=2)
    for row, values in zip(grid.rows, table):
        for cell, value in zip(row.cells, values):
            cell.text = value
    document.save(str(path))
    return path


def build_corpus(dest: Path, *, extra: bool = False) -> Path:
    """Copy the committed documents to `dest` and generate the PDF/DOCX ones there."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for src in sorted([*DOCS.iterdir(), *(EXTRA_DOCS.iterdir() if extra else [])]):
        shutil.copyfile(src, dest / src.name)
    make_pdf(dest / "vulcoes.pdf", VULCOES)
    make_pdf(dest / "medieval_castles.pdf", CASTLES)
    make_docx(dest / "contrato_aluguel.docx", CONTRATO, CONTRATO_TABLE)
    make_docx(dest / "remote_work_policy.docx", REMOTE, REMOTE_TABLE)
    return dest


def load_queries() -> list[dict[str, str]]:
    """Known-answer queries: {"query", "lang", "expected_filename"}."""
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def load_extra_queries() -> list[dict[str, str]]:
    """Known answers over the extra documents: like load_queries(), plus "kind": "keyword"
    (codes, numbers, names) or "semantic" (questions in other words)."""
    return json.loads(EXTRA_QUERIES.read_text(encoding="utf-8"))


if __name__ == "__main__":
    args = sys.argv[1:]
    with_extra = "--extra" in args
    args = [a for a in args if a != "--extra"]
    if len(args) != 1:
        sys.exit("usage: python tests/corpus/generate.py [--extra] DEST")
    print(build_corpus(Path(args[0]), extra=with_extra))
