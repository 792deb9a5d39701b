"""Hostile files cost bounded time and memory (issue 16, items 5 and 6).

Each load runs in a child process that reports its own peak memory (ru_maxrss) before
and after the call, so a bomb that inflates gigabytes shows up as a failed bound rather
than as a slow test suite. Bounds are generous: they separate "bounded" from "grows
with the bomb", not fast from slow.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from vetorbase.errors import Cancelled
from vetorbase.ingest import ingest, load_bytes

MiB = 1024 * 1024
GiB = 1024 * MiB

CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from vetorbase.ingest import load_bytes
    import vetorbase.ingest.loaders  # every parser imported before the baseline
    path, ext = sys.argv[1], sys.argv[2]
    data = open(path, "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        load_bytes(data, ext, max_chars=10_000_000)
        error = None
    except Exception as e:
        error = f"{type(e).__name__}: {e}"
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"error": error, "seconds": seconds, "grew_mib": (after - before) / 1024}))
""")


def load_in_child(path: Path, ext: str, timeout: float = 240) -> dict[str, Any]:
    """Load `path` in a fresh interpreter; its error, seconds and peak memory growth."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), ext], capture_output=True,
                         text=True, timeout=timeout, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def _real_file(ext: str) -> tuple[bytes, str]:
    """A genuine small file of the format and the name of its main XML entry."""
    buffer = io.BytesIO()
    if ext == ".docx":
        import docx

        docx.Document().save(buffer)
        return buffer.getvalue(), "word/document.xml"
    if ext == ".xlsx":
        import openpyxl

        openpyxl.Workbook().save(buffer)
        return buffer.getvalue(), "xl/worksheets/sheet1.xml"
    if ext == ".pptx":
        from pptx import Presentation

        deck = Presentation()
        deck.slides.add_slide(deck.slide_layouts[1])
        deck.save(buffer)
        return buffer.getvalue(), "ppt/slides/slide1.xml"
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    document = OpenDocumentText()
    document.text.addElement(P(text="olá"))
    document.save(buffer)
    return buffer.getvalue(), "content.xml"


def make_bomb(path: Path, ext: str, inflated: int) -> Path:
    """The real file with its main XML part replaced by one that inflates to `inflated`
    bytes (a text run of one repeated letter: ~1,000x compression, zlib's maximum)."""
    real, main = _real_file(ext)
    with zipfile.ZipFile(io.BytesIO(real)) as src, zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in src.infolist():
            if info.filename != main:
                out.writestr(info, src.read(info))
                continue
            with out.open(main, "w", force_zip64=True) as stream:
                stream.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<x>')
                block = b"a" * MiB
                for _ in range(inflated // MiB):
                    stream.write(block)
                stream.write(b"</x>")
    return path


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("bombs")
    make_bomb(d / "giga.docx", ".docx", GiB)
    return d


def test_docx_inflating_to_a_gibibyte_is_refused_with_bounded_memory(bombs: Path) -> None:
    path = bombs / "giga.docx"
    assert path.stat().st_size < 2 * MiB  # ~1 MB on disk, 1 GiB inflated
    result = load_in_child(path, ".docx")
    assert result["grew_mib"] < 100, result  # the first version: 2,000 MiB and more
    assert result["seconds"] < 20, result
    assert result["error"] and result["error"].startswith("UnsafeFile: refused DOCX")
    assert "decompression bomb" in result["error"]


@pytest.mark.parametrize("ext", [".xlsx", ".pptx", ".odt"])
def test_every_zip_format_is_guarded(ext: str, tmp_path: Path) -> None:
    path = make_bomb(tmp_path / f"bomb{ext}", ext, 256 * MiB)  # under the total limit
    result = load_in_child(path, ext)
    assert result["error"] and result["error"].startswith(f"UnsafeFile: refused {ext[1:].upper()}")
    assert "inflates" in result["error"]  # refused by its ratio before inflating
    assert result["grew_mib"] < 100 and result["seconds"] < 20, result


def test_zip_whose_headers_lie_is_stopped_while_inflating(tmp_path: Path) -> None:
    """Declared sizes say 1 KiB; the stream inflates to 64 MiB: refused, memory bounded."""
    path = make_bomb(tmp_path / "liar.docx", ".docx", 64 * MiB)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    # The local header keeps the size in a zip64 extra field (8 bytes), the central
    # directory in its 4-byte field: declare 1 KiB in both.
    for width in (8, 4):
        true_size = info.file_size.to_bytes(width, "little")
        assert data.count(true_size) == 1
        data = data.replace(true_size, (1024).to_bytes(width, "little"))
    liar = tmp_path / "liar2.docx"
    liar.write_bytes(bytes(data))
    result = load_in_child(liar, ".docx")
    assert result["error"] and "broken DOCX: entry 'word/document.xml' is damaged" in result[
        "error"], result
    assert result["grew_mib"] < 100 and result["seconds"] < 20, result


def test_deeply_nested_html_takes_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text("<html><body>" + "<div>" * 32_000 + "fundo" + "</div>" * 32_000)
    result = load_in_child(path, ".html")
    assert result["error"] is None
    assert result["seconds"] < 10, result  # today's code: ~50 s here
    assert result["grew_mib"] < 200, result


HOSTILE = {"nested": ("<div>", 1_880_000), "unclosed": ("<a ", 3_000_000),
           "bare": ("< ", 4_500_000)}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_megabytes_of_hostile_markup_are_bounded(kind: str, tmp_path: Path) -> None:
    """~9 MB each: nested tags, a tag that never closes, lone "<" characters."""
    piece, times = HOSTILE[kind]
    path = tmp_path / "hostile.html"
    path.write_text(piece * times)
    result = load_in_child(path, ".html")
    assert result["seconds"] < 60, result
    assert result["grew_mib"] < 500, result


def test_cancel_is_honoured_inside_one_long_html_file(tmp_path: Path, base: Any,
                                                      embedder: Any) -> None:
    path = tmp_path / "long.html"
    path.write_text("<html><body>" + "<p>linha de texto número</p>" * 300_000)  # 9 MB
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        load_bytes(path.read_bytes(), ".html", max_chars=10**7, cancel=cancel)
    cancel.clear()
    timer = threading.Timer(0.5, cancel.set)
    started = time.perf_counter()
    timer.start()
    try:
        report = ingest([path], base, embedder, cancel=cancel)
    finally:
        timer.cancel()
    elapsed = time.perf_counter() - started
    assert report.cancelled and report.pending == [str(path)]
    assert elapsed < 2.5, elapsed  # parsing the whole page takes several seconds
    assert base.count() == 0


def test_pdf_with_a_giant_page_is_refused_with_bounded_memory(tmp_path: Path) -> None:
    """A 200-pixel scan declared at 0.144 dpi: a 100,000-point (1,389-inch) page."""
    from PIL import Image

    path = tmp_path / "giant.pdf"
    Image.new("L", (200, 200), 255).save(path, "PDF", resolution=0.144)
    result = load_in_child(path, ".pdf")
    assert result["grew_mib"] < 100 and result["seconds"] < 20, result
    assert result["error"].startswith("UnsafeFile: refused PDF: page 1 is 1,389 x 1,389 inches")


def test_image_of_400_megapixels_is_refused_before_decoding(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "huge.png"
    Image.new("1", (20000, 20000)).save(path)  # 50 MB of pixels, a few hundred KB on disk
    result = load_in_child(path, ".png")
    assert result["grew_mib"] < 100 and result["seconds"] < 20, result
    assert result["error"].startswith("UnsafeFile: refused PNG image")


def test_opendocument_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """7 MB of content.xml cost odfpy's object tree 200 MB; a stream holds one row."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Dados")
    for i in range(20_000):
        row = TableRow()
        for j in range(5):
            cell = TableCell()
            cell.addElement(P(text=f"valor {i} {j}"))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "dados.ods"))
    result = load_in_child(tmp_path / "dados.ods", ".ods")
    assert result["error"] is None
    assert result["grew_mib"] < 60 and result["seconds"] < 20, result
