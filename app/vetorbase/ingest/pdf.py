"""PDF loader: the text layer with pypdf, and OCR for pages that have none.

A page is read by OCR when its text layer holds almost nothing (fewer than
`MIN_TEXT_CHARS` characters) but it draws an image, or when it holds only a line or two
(a scanner's stamp, a page number) over an image covering half the page or more: that
is a scanned page. What the text layer had is kept in front of what OCR read.
Pages are rendered with pypdfium2 (a wheel, no system library) at 300 dpi, capped in
pixels so a PDF declaring a 100,000-point page cannot allocate gigabytes. OCR is the
slow part (seconds per page), so it reports progress per page and honours cancel
between pages. pypdf raises a zoo of exception types on damaged input, so parsing is
wrapped whole and turned into one IngestError naming the format.
"""

from __future__ import annotations

import io
import logging
import math
from typing import Any

from vetorbase.errors import IngestError, PasswordProtected, UnsafeFile
from vetorbase.ingest import ocr
from vetorbase.ingest.metadata import document_fields
from vetorbase.ingest.units import LoadOptions, TextUnit

# pypdf logs every recoverable oddity of real-world PDFs as a warning; the report says
# what matters, so keep it from flooding the worker's log.
logging.getLogger("pypdf").setLevel(logging.ERROR)

#: A page whose text layer has fewer characters than this (a page number) and that
#: draws an image is treated as scanned.
MIN_TEXT_CHARS = 20
#: ...and so is one with fewer than this (a stamp "Digitalizado em ...") over an image
#: covering at least SCAN_COVERAGE of the page.
STAMP_CHARS = 200
SCAN_COVERAGE = 0.5


def _metadata(reader: Any) -> dict[str, str]:
    """Title, author, dates and language from the info dictionary and the catalog."""
    fields: dict[str, Any] = {}
    try:
        info = reader.metadata
        if info is not None:
            fields.update(title=info.title, author=info.author)
            for key, attr in (("created", "creation_date"), ("modified", "modification_date")):
                try:
                    fields[key] = getattr(info, attr)
                except Exception:  # noqa: BLE001 - a malformed date is just unknown
                    pass
        lang = reader.trailer["/Root"].get("/Lang")
        if lang:
            fields["language"] = str(lang)
    except Exception:  # noqa: BLE001 - metadata is optional; never lose the text for it
        pass
    return document_fields(**fields)


def _open(data: bytes) -> Any:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as e:  # any parser error: see module docstring
        raise IngestError(f"broken PDF: {e}") from e
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")  # many "protected" PDFs only restrict printing
        except Exception as e:
            raise PasswordProtected(f"encrypted PDF: cannot decrypt ({e})") from e
        if not ok:
            raise PasswordProtected("encrypted PDF: a password is needed to read it; "
                                    "save a copy without a password and add that")
    return reader


def load_pdf(data: bytes, options: LoadOptions) -> tuple[list[TextUnit], dict[str, str]]:
    """One unit per page that has text (page numbers start at 1), and the metadata."""
    reader = _open(data)
    try:
        pages = list(reader.pages)
    except Exception as e:
        raise IngestError(f"broken PDF: cannot read its pages ({e})") from e
    texts: dict[int, tuple[str, bool]] = {}  # page -> (text, read by OCR)
    failures = 0
    for number, page in enumerate(pages, start=1):
        options.check_cancel()
        try:
            texts[number] = ((page.extract_text() or "").replace("\x00", "").strip(), False)
        except Exception:  # noqa: BLE001 - one bad page must not lose the others
            failures += 1
    short = {n: len(texts.get(n, ("", False))[0]) for n in range(1, len(pages) + 1)}
    short = {n: chars for n, chars in short.items() if chars < STAMP_CHARS}
    if short:
        for number, read in _ocr_pages(data, short, options).items():
            texts[number] = _merged(texts.get(number, ("", False))[0], read)
    units: list[TextUnit] = []
    chars = 0
    for number in sorted(texts):
        text, is_ocr = texts[number]
        if text:
            chars += len(text)
            if chars > options.max_chars:
                raise options.too_large(chars)
            units.append(TextUnit(text, number, ocr=is_ocr))
    if failures and not units:
        raise IngestError(f"broken PDF: no page could be read ({failures} failed)")
    return units, _metadata(reader)


def _merged(layer: str, read: str) -> tuple[str, bool]:
    """OCR's text, after the text layer's few words unless OCR read them too."""
    if not read:  # OCR that finds nothing leaves the page's few characters
        return layer, False
    if layer and " ".join(layer.split()) not in " ".join(read.split()):
        return f"{layer}\n\n{read}", True
    return read, True


def _render_scale(width: float, height: float, number: int) -> float:
    """Scale for rendering at DPI within MAX_PIXELS; refuse a page too big for that."""
    scale = ocr.DPI / 72
    area = max(width * height, 1.0)
    if area * scale * scale > ocr.MAX_PIXELS:
        scale = math.sqrt(ocr.MAX_PIXELS / area)
    if scale * 72 < ocr.MIN_DPI:
        raise UnsafeFile(
            f"refused PDF: page {number} is {width / 72:,.0f} x {height / 72:,.0f} inches; "
            f"reading it by OCR would need a bitmap over {ocr.MAX_PIXELS / 1e6:.0f} Mpx")
    return scale


def _ocr_pages(data: bytes, short: dict[int, int], options: LoadOptions) -> dict[int, str]:
    """OCR the scanned pages among `short` ({page: characters in its text layer})."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        raise IngestError(f"broken PDF: cannot render its pages ({e})") from e
    try:
        scanned = [n for n, chars in short.items() if _is_scanned(document, n, chars)]
        if not scanned:
            return {}
        langs = ocr.ocr_languages(options.ocr_languages)
        program = ocr.check_tesseract(langs)
        found: dict[int, str] = {}
        for done, number in enumerate(scanned):
            options.check_cancel()
            options.report(done, len(scanned))
            page = document[number - 1]
            try:
                scale = _render_scale(*page.get_size(), number)
                bitmap = page.render(scale=scale, grayscale=True)
                image = bitmap.to_pil()
            except pdfium.PdfiumError as e:
                raise IngestError(f"broken PDF: page {number} cannot be rendered ({e})") from e
            finally:
                page.close()
            found[number] = ocr.read_image(image, langs, program, f"page {number}")
            del image, bitmap
        options.report(len(scanned), len(scanned))
        return found
    finally:
        document.close()


def _is_scanned(document: Any, number: int, chars: int) -> bool:
    """Whether the page draws images (any, for an empty text layer; or big ones)."""
    import pypdfium2.raw as raw

    page = document[number - 1]
    try:
        width, height = page.get_size()
        area = max(width * height, 1.0)
        coverage = 0.0
        for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,)):
            if chars < MIN_TEXT_CHARS:
                return True
            left, bottom, right, top = image.get_bounds()
            coverage = max(coverage, (right - left) * (top - bottom) / area)
        return coverage >= SCAN_COVERAGE
    finally:
        page.close()
