"""Presentations (pptx, odp): one unit per slide, its speaker notes included.

`page` is the slide number and `section` its title, so a hit can say "slide 7:
Cronograma". Notes are where presenters write what the slide only hints at, so they
are part of the slide's text, after a "Notes:" line.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from vetorbase.errors import IngestError
from vetorbase.ingest.office import Extracted, core_properties
from vetorbase.ingest.opendoc import attr, blocks, elements, odf_metadata, open_odf, paragraphs
from vetorbase.ingest.units import LoadOptions, TextUnit
from vetorbase.ingest.zipguard import check_zip, inflated_limit


class _Slides:
    """Collects slide units under the character limit."""

    def __init__(self, options: LoadOptions) -> None:
        self.options = options
        self.units: list[TextUnit] = []
        self.chars = 0

    def add(self, number: int, title: str, body: list[str], notes: str) -> None:
        self.options.check_cancel()
        parts = [p.strip() for p in body if p and p.strip()]
        if notes.strip():
            parts.append("Notes:\n" + notes.strip())
        text = "\n\n".join(parts)
        self.chars += len(text)
        if self.chars > self.options.max_chars:
            raise self.options.too_large(self.chars)
        if text:
            self.units.append(TextUnit(text, number, section=title.strip() or None))


def _shape_texts(shapes: Any) -> list[str]:
    """Text of every shape, tables as "a | b" rows, groups opened (without recursion)."""
    out: list[str] = []
    stack = [iter(shapes)]
    while stack:
        shape = next(stack[-1], None)
        if shape is None:
            stack.pop()
            continue
        if getattr(shape, "shapes", None) is not None and shape.shape_type == 6:  # group
            stack.append(iter(shape.shapes))
        elif getattr(shape, "has_table", False):
            rows = [" | ".join(c.text.strip() for c in row.cells if c.text.strip())
                    for row in shape.table.rows]
            out.append("\n".join(r for r in rows if r))
        elif getattr(shape, "has_text_frame", False):
            out.append(shape.text_frame.text)
    return out


def load_pptx(data: bytes, options: LoadOptions) -> Extracted:
    """PowerPoint presentations; slide order as shown, hidden slides included."""
    from pptx import Presentation

    check_zip(data, "PPTX", max_inflated=inflated_limit(options.max_chars))
    try:
        deck = Presentation(io.BytesIO(data))
    except Exception as e:
        raise IngestError(f"broken PPTX: not a readable PowerPoint file ({e})") from e
    slides = _Slides(options)
    try:
        for number, slide in enumerate(deck.slides, start=1):
            title_shape = slide.shapes.title
            title = title_shape.text_frame.text if title_shape is not None else ""
            notes = ""
            if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
                notes = slide.notes_slide.notes_text_frame.text
            slides.add(number, title, _shape_texts(slide.shapes), notes)
        meta = core_properties(deck.core_properties)
    except IngestError:
        raise
    except Exception as e:
        raise IngestError(f"broken PPTX: {e}") from e
    return slides.units, meta


def load_odp(data: bytes, options: LoadOptions) -> Extracted:
    """OpenDocument presentations (LibreOffice Impress), streamed one slide at a time."""
    archive = open_odf(data, "ODP", options)
    slides = _Slides(options)
    with archive:
        pages = blocks(archive, "content.xml", "ODP", frozenset({"page"}))
        for number, (_, page) in enumerate(pages, start=1):
            body = list(paragraphs(page, stop=frozenset({"notes"})))
            notes = "\n".join(
                "\n".join(paragraphs(n)) for n in elements(page, frozenset({"notes"})))
            title = next(_titles(page), "") or attr(page, "name") or ""
            slides.add(number, title, body, notes)
        return slides.units, odf_metadata(archive)


def _titles(page: Any) -> Iterator[str]:
    """Text of the frames whose presentation class is "title"."""
    for frame in elements(page, frozenset({"frame"}), stop=frozenset({"notes"})):
        if attr(frame, "class") == "title":
            yield "\n".join(paragraphs(frame))
