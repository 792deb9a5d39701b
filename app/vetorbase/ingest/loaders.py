"""One loader per file type: bytes in, text units out.

A unit is the text of one page (PDF) or of the whole file (everything else); offsets of
chunks are counted inside their unit, so a reader can point at the exact passage.
Loaders take bytes, not paths, so the sha256 the store records is of exactly the bytes
that were parsed even if the file changes on disk meanwhile.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup, NavigableString

from vetorbase.errors import IngestError, UnsupportedFileType
from vetorbase.ingest.encoding import decode_bytes
from vetorbase.ingest.office import load_docx, load_pdf
from vetorbase.ingest.units import TextUnit

MIME_TYPES: dict[str, str] = {
    ".txt": "text/plain",
    ".text": "text/plain",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
    ".csv": "text/csv",
    ".json": "application/json",
}
#: File extensions (lower case, with the dot) that `ingest` can read.
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(sorted(MIME_TYPES))
#: Formats whose bytes are mostly text (the size limit applies to them as is).
TEXT_EXTENSIONS = frozenset(MIME_TYPES) - {".pdf", ".docx"}


@dataclass(frozen=True)
class Loaded:
    """What a loader found in a file."""

    units: list[TextUnit]
    mime: str
    encoding: str | None = None

    @property
    def chars(self) -> int:
        return sum(len(u.text) for u in self.units)


def _plain(text: str) -> str:
    return text


_BLOCK_TAGS = [
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "title", "tr", "ul",
]
_WHITESPACE = re.compile(r"\s+")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


def html_to_text(html: str) -> str:
    """Visible text of a page: scripts/styles dropped, blocks kept as paragraphs."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "svg", "head"]):
        if tag.name == "head":
            title = tag.find("title")
            tag.replace_with(f"\n{title.get_text(' ')}\n" if title else "")
        else:
            tag.decompose()
    # Line breaks in the HTML source are just spaces (except in <pre>).
    for node in soup.find_all(string=True):
        if type(node) is NavigableString and node.find_parent(["pre", "textarea"]) is None:
            node.replace_with(_WHITESPACE.sub(" ", node))
    for tag in soup.find_all("br"):
        tag.replace_with("\n")
    for tag in soup.find_all(["td", "th"]):
        tag.insert_after(" | ")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    return tidy(soup.get_text())


def tidy(text: str) -> str:
    """Collapse runs of spaces and blank lines; keep paragraph breaks."""
    lines = [_SPACES.sub(" ", line).strip(" |") for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


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
    header = [h.strip() or f"column {i + 1}" for i, h in enumerate(rows[0])]
    blocks = []
    for row in rows[1:]:
        lines = []
        for i, value in enumerate(row):
            name = header[i] if i < len(header) else f"column {i + 1}"
            if value.strip():
                lines.append(f"{name}: {value.strip()}")
        blocks.append("\n".join(lines))
    return "\n\n".join(b for b in blocks if b)


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
    ".html": html_to_text,
    ".htm": html_to_text,
    ".csv": csv_to_text,
    ".json": json_to_text,
}


def load_bytes(data: bytes, ext: str, *, max_chars: int) -> Loaded:
    """Parse one file's bytes by extension; raise IngestError with a reason on failure."""
    ext = ext.lower()
    mime = MIME_TYPES.get(ext)
    if mime is None:
        raise UnsupportedFileType(f"unsupported file type {ext or '(no extension)'}")
    if not data:
        raise IngestError("empty file (0 bytes)")
    if ext == ".pdf":
        return Loaded(load_pdf(data, max_chars=max_chars), mime)
    if ext == ".docx":
        return Loaded(load_docx(data, max_chars=max_chars), mime)
    text, encoding = decode_bytes(data)
    text = _TEXT_CONVERTERS[ext](text)
    if len(text) > max_chars:
        raise IngestError(f"too large: {len(text):,} characters of text (limit {max_chars:,})")
    return Loaded([TextUnit(text)], mime, encoding)
