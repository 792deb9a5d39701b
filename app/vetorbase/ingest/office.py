"""Word-processing documents: DOCX, ODT and RTF, each as one unit of text.

DOCX and ODT are zips and go through the zip guard before their parser sees them. The
parsers raise a zoo of exception types on damaged input (KeyError, ValueError,
AssertionError, zip errors...), so each is wrapped whole and turned into one
IngestError naming the format: a broken file must cost one report line, never the batch.
Nothing in a document is run: macros are never read, external links never fetched.
"""

from __future__ import annotations

import io
import re
from typing import Any

from vetorbase.errors import IngestError
from vetorbase.ingest.metadata import document_fields
from vetorbase.ingest.opendoc import blocks, odf_metadata, open_odf, paragraphs
from vetorbase.ingest.units import LoadOptions, TextUnit
from vetorbase.ingest.zipguard import check_zip, inflated_limit

Extracted = tuple[list[TextUnit], dict[str, str]]
#: What an ODT's body is made of, each streamed whole: a table's rows stay together.
_ODT_BLOCKS = frozenset({"p", "h", "table"})


def core_properties(props: Any) -> dict[str, str]:
    """Title, author, dates and language from OOXML core properties (docx/xlsx/pptx)."""
    fields: dict[str, Any] = {}
    for key, name in (("title", "title"), ("author", "author"), ("created", "created"),
                      ("modified", "modified"), ("language", "language")):
        try:
            fields[key] = getattr(props, name, None)
        except Exception:  # noqa: BLE001 - a malformed property is just unknown
            pass
    if not fields.get("author"):
        fields["author"] = getattr(props, "creator", None) or getattr(props, "last_modified_by", None)
    return document_fields(**fields)


def _joined(parts: list[str], options: LoadOptions) -> list[TextUnit]:
    text = "\n".join(parts).strip()
    if len(text) > options.max_chars:
        raise options.too_large(len(text))
    return [TextUnit(text)] if text else []


def load_docx(data: bytes, options: LoadOptions) -> Extracted:
    """Paragraphs and tables in document order; table rows become "a | b | c" lines."""
    import docx
    from docx.table import Table

    check_zip(data, "DOCX", max_inflated=inflated_limit(options.max_chars))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:
        raise IngestError(f"broken DOCX: not a readable Word .docx file ({e})") from e
    parts: list[str] = []
    chars = 0
    try:
        for block in document.iter_inner_content():
            text = "\n" + _table_text(block) + "\n" if isinstance(block, Table) else block.text
            chars += len(text)
            if chars > options.max_chars:
                raise options.too_large(chars)
            parts.append(text)
        meta = core_properties(document.core_properties)
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"broken DOCX: {e}") from e
    return _joined(parts, options), meta


def _table_text(table: Any) -> str:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            # Merged cells appear once per grid column: keep one copy.
            if value and (not cells or cells[-1] != value):
                cells.append(value)
        if cells:
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def load_odt(data: bytes, options: LoadOptions) -> Extracted:
    """Headings, paragraphs and table rows of an OpenDocument text, in order (streamed)."""
    archive = open_odf(data, "ODT", options)
    parts: list[str] = []
    chars = 0
    with archive:
        for _, block in blocks(archive, "content.xml", "ODT", _ODT_BLOCKS):
            for text in paragraphs(block):
                chars += len(text) + 1
                if chars > options.max_chars:
                    raise options.too_large(chars)
                parts.append(text)
            if len(parts) % 256 == 0:
                options.check_cancel()
        return _joined(parts, options), odf_metadata(archive)


def load_rtf(data: bytes, options: LoadOptions) -> Extracted:
    """Text of an RTF file; its \\info group gives the title and author."""
    from striprtf.striprtf import rtf_to_text

    head = data[:16].lstrip(b"\xef\xbb\xbf \r\n\t")
    if not head.startswith(b"{\\rtf"):
        raise IngestError("broken RTF: the file does not start with {\\rtf (wrong extension?)")
    # RTF is 7-bit text with \'xx escapes decoded by striprtf; latin-1 maps every byte.
    source = data.decode("latin-1")
    if len(source) > 20 * options.max_chars:
        raise options.too_large(len(source))
    try:
        text = rtf_to_text(source, errors="replace")
    except Exception as e:
        raise IngestError(f"broken RTF: {e}") from e
    return _joined([text], options), _rtf_info(source)


_RTF_FIELD = re.compile(r"\{\\(title|author)\s+((?:[^{}\\]|\\'[0-9a-fA-F]{2}|\\[^'{}])*)\}")
_RTF_HEX = re.compile(r"\\'([0-9a-fA-F]{2})")


def _rtf_info(source: str) -> dict[str, str]:
    """Title and author from the \\info group (near the start of the file)."""
    found: dict[str, str] = {}
    for match in _RTF_FIELD.finditer(source[:65536]):
        value = _RTF_HEX.sub(lambda m: bytes([int(m.group(1), 16)]).decode("cp1252", "replace"),
                             match.group(2))
        found.setdefault(match.group(1), value)
    return document_fields(title=found.get("title"), author=found.get("author"))
