"""Cutting text units into chunks with their character offsets.

The recursive character splitter keeps paragraphs, then lines, then words together as
long as they fit; offsets (`start`, `end`, end exclusive) are positions inside the unit
text, so `unit.text[start:end] == chunk.text` always holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from vetorbase.errors import InvalidInput
from vetorbase.ingest.units import TextUnit


@dataclass(frozen=True)
class Piece:
    """One chunk of a unit, before it has a vector."""

    text: str
    page: int | None
    start: int
    end: int
    ocr: bool = False
    section: str | None = None


def make_splitter(chunk_size: int, chunk_overlap: int) -> RecursiveCharacterTextSplitter:
    """Validate sizes here so a bad setting fails before any file is read."""
    if chunk_size < 1:
        raise InvalidInput(f"chunk_size must be at least 1, got {chunk_size}")
    if not 0 <= chunk_overlap < chunk_size:
        raise InvalidInput(
            f"chunk_overlap must be between 0 and chunk_size - 1 ({chunk_size - 1}), "
            f"got {chunk_overlap}")
    return RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap)


def split_units(units: Iterable[TextUnit], chunk_size: int = 1000,
                chunk_overlap: int = 150) -> list[Piece]:
    """Split every unit; whitespace-only chunks are dropped (the store refuses them)."""
    splitter = make_splitter(chunk_size, chunk_overlap)
    pieces: list[Piece] = []
    for unit in units:
        cursor, previous = 0, -1
        for text in splitter.split_text(unit.text):
            if not text.strip():
                continue
            # Chunks come in order and overlap at most `chunk_overlap` characters,
            # so searching from just before the previous end finds the right spot.
            start = unit.text.find(text, max(previous + 1, cursor - chunk_overlap - 1))
            if start < 0:  # cannot happen with strip_whitespace; stay correct anyway
                start = unit.text.find(text)
            end = start + len(text)
            pieces.append(Piece(text, unit.page, start, end, unit.ocr, unit.section))
            cursor, previous = end, start
    return pieces
