"""Spreadsheets (xlsx, ods) and the rows-to-text form they share with CSV.

One unit per sheet (`page` is the sheet's position, `section` its name). Each data row
becomes "header: value" lines, rows separated by a blank line, so a chunk keeps a row
whole and a query for "aluguel 2.400" finds the row that says it. Formulas are never
evaluated: the value the spreadsheet program last computed is read (xlsx), or the
shown text (ods). Sheets may declare a million empty cells; only cells with content
cost time or memory.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator
from typing import Any

from vetorbase.errors import IngestError
from vetorbase.ingest.office import Extracted, core_properties
from vetorbase.ingest.opendoc import (
    attr,
    blocks,
    elements,
    local,
    node_text,
    odf_metadata,
    open_odf,
)
from vetorbase.ingest.units import LoadOptions, TextUnit
from vetorbase.ingest.zipguard import check_zip, inflated_limit

#: Columns kept per row and copies made of a repeated row (ODF can repeat a cell or a
#: row a million times in a few bytes).
MAX_COLUMNS = 1024
MAX_REPEAT = 1000
_CHECK_EVERY = 500


def rows_to_text(rows: Iterable[list[str]]) -> str:
    """The first non-empty row is the header; each later row gives "name: value" lines."""
    header: list[str] | None = None
    blocks: list[str] = []
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip() or f"column {i + 1}" for i, h in enumerate(row)]
            continue
        lines = []
        for i, value in enumerate(row):
            name = header[i] if i < len(header) else f"column {i + 1}"
            if value.strip():
                lines.append(f"{name}: {value.strip()}")
        if lines:
            blocks.append("\n".join(lines))
    if header is not None and not blocks:  # a single row: it is the content
        return ", ".join(h for h in header if not h.startswith("column "))
    return "\n\n".join(blocks)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return str(value)


class _Budget:
    """Counts characters across sheets and looks at the cancel event now and then."""

    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.chars = 0
        self.rows = 0

    def take(self, row: list[str]) -> list[str]:
        self.rows += 1
        if self.rows % _CHECK_EVERY == 0:
            self.options.check_cancel()
        self.chars += sum(len(c) for c in row) + len(row)
        if self.chars > self.options.max_chars:
            raise self.options.too_large(self.chars)
        return row


def _units(sheets: Iterable[tuple[str, Iterable[list[str]]]], budget: _Budget) -> list[TextUnit]:
    units = []
    for number, (name, rows) in enumerate(sheets, start=1):
        text = rows_to_text(budget.take(r) for r in rows)
        if text.strip():
            units.append(TextUnit(f"{name}\n\n{text}", number, section=name))
    return units


def load_xlsx(data: bytes, options: LoadOptions) -> Extracted:
    """Excel workbooks, read-only and without evaluating formulas or following links."""
    import openpyxl

    check_zip(data, "XLSX", max_inflated=inflated_limit(options.max_chars))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                      keep_links=False, keep_vba=False)
    except Exception as e:
        raise IngestError(f"broken XLSX: not a readable Excel workbook ({e})") from e
    budget = _Budget(options)

    def sheets() -> Iterable[tuple[str, Iterable[list[str]]]]:
        for sheet in book.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # a declared A1:XFD1048576 must not pad rows
            yield sheet.title, ([_cell(v) for v in row[:MAX_COLUMNS]]
                                for row in sheet.iter_rows(values_only=True))

    try:
        units = _units(sheets(), budget)
        meta = core_properties(book.properties)
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"broken XLSX: {e}") from e
    finally:
        book.close()
    return units, meta


def _ods_row(row: Any) -> list[str]:
    """A row's shown values; repeated cells expanded up to MAX_COLUMNS."""
    cells: list[str] = []
    for cell in row:
        if local(cell.tag) not in ("table-cell", "covered-table-cell"):
            continue
        text = "\n".join(node_text(p) for p in elements(cell, frozenset({"p"})))
        repeat = int(attr(cell, "number-columns-repeated") or 1)
        cells.extend([text] * min(repeat, MAX_COLUMNS - len(cells)))
        if len(cells) >= MAX_COLUMNS:
            break
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _ods_sheets(archive: Any) -> Iterator[tuple[str, Iterator[list[str]]]]:
    """(name, rows) per sheet from one stream: each sheet's rows are read as they are
    consumed, so memory holds one row (and the text made so far)."""
    stream = blocks(archive, "content.xml", "ODS", frozenset({"table-row"}),
                    marks=frozenset({"table"}))

    def rows() -> Iterator[list[str]]:
        for event, node in stream:
            if event == "end":
                return
            cells = _ods_row(node) if event == "block" else []
            for _ in range(min(int(attr(node, "number-rows-repeated") or 1), MAX_REPEAT)
                           if cells else 0):
                yield cells

    for event, node in stream:
        if event == "start":
            yield attr(node, "name") or "", rows()


def load_ods(data: bytes, options: LoadOptions) -> Extracted:
    """OpenDocument spreadsheets (LibreOffice Calc)."""
    archive = open_odf(data, "ODS", options)
    with archive:
        units = _units(((name or f"sheet {i + 1}", rows)
                        for i, (name, rows) in enumerate(_ods_sheets(archive))), _Budget(options))
        return units, odf_metadata(archive)
