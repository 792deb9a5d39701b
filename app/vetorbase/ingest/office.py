"""PDF and DOCX loaders: binary formats whose parsers fail in many different ways.

Both parsers raise a zoo of exception types on damaged input (KeyError, ValueError,
AssertionError, zip errors...), so each is wrapped whole and turned into one IngestError
naming the format: a broken file must cost one report line, never the batch.
"""

from __future__ import annotations

import io
import logging

from vetorbase.errors import IngestError
from vetorbase.ingest.units import TextUnit

# pypdf logs every recoverable oddity of real-world PDFs as a warning; the report says
# what matters, so keep it from flooding the worker's log.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _too_large(chars: int, max_chars: int) -> IngestError:
    return IngestError(f"too large: more than {max_chars:,} characters of text "
                       f"(limit {max_chars:,}; at {chars:,})")


def load_pdf(data: bytes, *, max_chars: int) -> list[TextUnit]:
    """One unit per page that has text; page numbers start at 1."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
    except Exception as e:  # any parser error: see module docstring
        raise IngestError(f"broken PDF: {e}") from e
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")  # many "protected" PDFs only restrict printing
        except Exception as e:
            raise IngestError(f"encrypted PDF: cannot decrypt ({e})") from e
        if not ok:
            raise IngestError("encrypted PDF: a password is needed to read it")
    units: list[TextUnit] = []
    chars = 0
    try:
        pages = list(reader.pages)
    except Exception as e:
        raise IngestError(f"broken PDF: cannot read its pages ({e})") from e
    failures = 0
    for number, page in enumerate(pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one bad page must not lose the others
            failures += 1
            continue
        text = text.replace("\x00", "").strip()
        if text:
            chars += len(text)
            if chars > max_chars:
                raise _too_large(chars, max_chars)
            units.append(TextUnit(text, number))
    if failures and not units:
        raise IngestError(f"broken PDF: no page could be read ({failures} failed)")
    return units


def load_docx(data: bytes, *, max_chars: int) -> list[TextUnit]:
    """Paragraphs and tables in document order; table rows become "a | b | c" lines."""
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise IngestError(f"broken DOCX: not a readable Word .docx file ({e})") from e
    parts: list[str] = []
    chars = 0
    try:
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                text = "\n" + _table_text(block) + "\n"
            else:
                text = block.text
            chars += len(text)
            if chars > max_chars:
                raise _too_large(chars, max_chars)
            parts.append(text)
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"broken DOCX: {e}") from e
    text = "\n".join(parts).strip()
    return [TextUnit(text)] if text else []


def _table_text(table: object) -> str:
    rows = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            # Merged cells appear once per grid column: keep one copy.
            if value and (not cells or cells[-1] != value):
                cells.append(value)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)
