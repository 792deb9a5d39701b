"""One loader per file type: bytes in, text units (and what the file says about itself) out.

A unit is the text of one page, sheet, slide or chapter, or of the whole file; offsets
of chunks are counted inside their unit, so a reader can point at the exact passage.
Loaders take bytes, not paths, so the sha256 the store records is of exactly the bytes
that were parsed even if the file changes on disk meanwhile. `FORMATS` is the one list
of what can be read: the folder walk, the size limits and the window's file dialog
("Supported documents") are all built from it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vetorbase.errors import IngestError, UnsupportedFileType
from vetorbase.ingest.books import load_eml, load_epub
from vetorbase.ingest.encoding import decode_bytes
from vetorbase.ingest.htmltext import html_document, html_to_text, tidy
from vetorbase.ingest.ocr import IMAGE_MIME_TYPES, load_image
from vetorbase.ingest.office import Extracted, load_docx, load_odt, load_rtf
from vetorbase.ingest.pdf import load_pdf
from vetorbase.ingest.sheets import load_ods, load_xlsx, rows_to_text
from vetorbase.ingest.slides import load_odp, load_pptx
from vetorbase.ingest.units import LoadOptions, TextUnit

__all__ = ["FORMATS", "MIME_TYPES", "SUPPORTED_EXTENSIONS", "TEXT_EXTENSIONS", "Loaded",
           "csv_to_text", "html_to_text", "json_to_text", "load_bytes",
           "file_dialog_filter", "supported_patterns", "tidy"]

_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."


@dataclass(frozen=True)
class Format:
    """One family of files: its label in file dialogs and its extensions' MIME types."""

    label: str
    mime_types: dict[str, str]
    text: bool = False  # mostly text bytes: the size limit applies as is


#: Every readable type, grouped as a person names them; the order is the dialog's.
FORMATS: tuple[Format, ...] = (
    Format("Text and Markdown", {".txt": "text/plain", ".text": "text/plain",
                                 ".md": "text/markdown", ".markdown": "text/markdown"}, True),
    Format("PDF documents", {".pdf": "application/pdf"}),
    Format("Word documents", {".docx": _OOXML + "wordprocessingml.document",
                              ".odt": _ODF + "text", ".rtf": "application/rtf"}),
    Format("Spreadsheets", {".xlsx": _OOXML + "spreadsheetml.sheet",
                            ".ods": _ODF + "spreadsheet", ".csv": "text/csv"}),
    Format("Presentations", {".pptx": _OOXML + "presentationml.presentation",
                             ".odp": _ODF + "presentation"}),
    Format("Web pages and data", {".html": "text/html", ".htm": "text/html",
                                  ".json": "application/json"}, True),
    Format("E-books and e-mail", {".epub": "application/epub+zip", ".eml": "message/rfc822"}),
    Format("Images (read by OCR)", dict(IMAGE_MIME_TYPES)),
)
MIME_TYPES: dict[str, str] = {ext: mime for f in FORMATS for ext, mime in f.mime_types.items()}
#: File extensions (lower case, with the dot) that `ingest` can read.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(MIME_TYPES))
#: Formats whose bytes are mostly text (the size limit applies to them as is).
TEXT_EXTENSIONS = frozenset({e for f in FORMATS if f.text for e in f.mime_types} | {".csv"})


def supported_patterns() -> list[tuple[str, list[str]]]:
    """(label, ["*.pdf", ...]) pairs for file dialogs, "Supported documents" first."""
    every = [f"*{ext}" for ext in SUPPORTED_EXTENSIONS]
    return [("Supported documents", every)] + [
        (f.label, [f"*{ext}" for ext in f.mime_types]) for f in FORMATS]


def file_dialog_filter() -> str:
    """The same list as one file-dialog filter string ("Label (*.a *.b);;...")."""
    return ";;".join(f"{label} ({' '.join(globs)})" for label, globs in supported_patterns())


@dataclass(frozen=True)
class Loaded:
    """What a loader found in a file: its units and what it says about itself."""

    units: list[TextUnit]
    mime: str
    encoding: str | None = None
    #: title, author, created, modified, language: where the format records them.
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def chars(self) -> int:
        return sum(len(u.text) for u in self.units)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for u in self.units if u.ocr)


def _plain(text: str) -> str:
    return text


_BLANKS = re.compile(r"\n{3,}")


def csv_to_text(text: str) -> str:
    """Each data row becomes lines "column: value", rows separated by a blank line."""
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as e:
        raise IngestError(f"malformed CSV: {e}") from e
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if len(rows) < 2:
        return tidy("\n".join(", ".join(r) for r in rows))
    return rows_to_text(rows)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _flatten(obj: Any, prefix: str, out: list[str]) -> None:
    if isinstance(obj, dict):
        for key, value in obj.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(obj, list):
        if all(not isinstance(v, (dict, list)) for v in obj):
            out.append(f"{prefix}: {', '.join(_scalar(v) for v in obj)}" if prefix
                       else ", ".join(_scalar(v) for v in obj))
            return
        for i, value in enumerate(obj):
            # A blank line between records lets the splitter keep each record whole.
            out.append("")
            _flatten(value, f"{prefix}[{i}]" if prefix else "", out)
        out.append("")
    else:
        out.append(f"{prefix}: {_scalar(obj)}" if prefix else _scalar(obj))


def json_to_text(text: str) -> str:
    """Flatten to readable lines "a.b[0].c: value"; records separated by blank lines."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise IngestError(f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}") from e
    except RecursionError as e:
        raise IngestError("invalid JSON: nested too deeply") from e
    out: list[str] = []
    try:
        _flatten(data, "", out)
    except RecursionError as e:
        raise IngestError("JSON nested too deeply to flatten") from e
    return _BLANKS.sub("\n\n", "\n".join(out)).strip()


_TEXT_CONVERTERS: dict[str, Callable[[str], str]] = {
    ".txt": _plain,
    ".text": _plain,
    ".md": _plain,
    ".markdown": _plain,
    ".csv": csv_to_text,
    ".json": json_to_text,
}
#: What a file's first bytes say it is, for "wrong extension" messages.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF", "a PDF document", ".pdf"),
    (b"PK\x03\x04", "a zip container (an Office, OpenDocument or e-book file)", ".docx"),
    (b"\x89PNG", "a PNG image", ".png"),
    (b"\xff\xd8\xff", "a JPEG image", ".jpg"),
    (b"{\\rtf", "an RTF document", ".rtf"),
)
_ZIP_BASED = frozenset({".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub"})


def _check_content(data: bytes, ext: str) -> None:
    """Refuse a file whose bytes are plainly another format than its extension says."""
    head = data[:1024].lstrip()
    for magic, what, family in _MAGIC:
        if head.startswith(magic):
            same = ext == family or (family == ".docx" and ext in _ZIP_BASED) or (
                family in (".png", ".jpg") and ext in IMAGE_MIME_TYPES)
            if not same:
                raise IngestError(f"wrong extension: named {ext} but the content is {what}; "
                                  "rename it with the right extension and add it again")
            return


_BINARY_LOADERS: dict[str, Callable[[bytes, LoadOptions], Extracted]] = {
    ".pdf": load_pdf, ".docx": load_docx, ".odt": load_odt, ".rtf": load_rtf,
    ".xlsx": load_xlsx, ".ods": load_ods, ".pptx": load_pptx, ".odp": load_odp,
    ".epub": load_epub, ".eml": load_eml,
}


def load_bytes(data: bytes, ext: str, *, max_chars: int, cancel: Any = None,
               progress: Callable[[int, int], None] | None = None,
               ocr_languages: str | None = None) -> Loaded:
    """Parse one file's bytes by extension; raise IngestError with a reason on failure.

    `cancel` (an Event) is honoured inside long files (between OCR pages, pieces of a
    huge page); `progress(done, total)` is called per page read by OCR.
    """
    ext = ext.lower()
    mime = MIME_TYPES.get(ext)
    if mime is None:
        raise UnsupportedFileType(f"unsupported file type {ext or '(no extension)'}")
    if not data:
        raise IngestError("empty file (0 bytes)")
    options = LoadOptions(max_chars, cancel, progress, ocr_languages)
    if ext not in TEXT_EXTENSIONS:  # text files get "binary content" from decode_bytes
        _check_content(data, ext)
    if ext in IMAGE_MIME_TYPES:
        return Loaded(load_image(data, ext, options), mime)
    if ext in _BINARY_LOADERS:
        units, metadata = _BINARY_LOADERS[ext](data, options)
        return Loaded(units, mime, metadata=metadata)
    text, encoding = decode_bytes(data)
    metadata: dict[str, str] = {}
    if ext in (".html", ".htm"):
        text, metadata = html_document(text, options)
    else:
        text = _TEXT_CONVERTERS[ext](text)
    if len(text) > max_chars:
        raise IngestError(f"too large: {len(text):,} characters of text (limit {max_chars:,})")
    return Loaded([TextUnit(text)], mime, encoding, metadata)
