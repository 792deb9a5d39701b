"""Chunks and their offsets: `unit.text[start:end] == chunk` must always hold."""

from __future__ import annotations

import random

import pytest
from vetorbase.errors import InvalidInput
from vetorbase.ingest import TextUnit, split_units


def _texts() -> list[str]:
    rng = random.Random(3)
    words = ["casa", "café", "rio", "light", "branch", "abelha", "mel", "x"]
    paragraphs = []
    for _ in range(40):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randrange(3, 60)))
        paragraphs.append(sentence + rng.choice([".", "!", "?"]))
    return [
        "\n\n".join(paragraphs),
        "\n".join(paragraphs),
        "a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a" * 20,
        "semespaconenhumpalavramuitolonga" * 80,
        "   \n\n  texto com espaços  \n\n\n  nas bordas   \n",
    ]


@pytest.mark.parametrize("size, overlap", [(1000, 150), (200, 50), (80, 0), (50, 49)])
def test_offsets_point_at_the_chunk_text(size: int, overlap: int) -> None:
    for text in _texts():
        pieces = split_units([TextUnit(text, 3)], size, overlap)
        assert pieces, text[:40]
        previous = -1
        for p in pieces:
            assert text[p.start:p.end] == p.text
            assert len(p.text) <= size
            assert p.page == 3
            assert p.start > previous  # in order, never the same place twice
            previous = p.start


def test_chunks_cover_all_words_and_overlap() -> None:
    text = _texts()[0]
    pieces = split_units([TextUnit(text)], 300, 60)
    assert len(pieces) > 5
    joined = set(" ".join(p.text for p in pieces).split())
    assert joined == set(text.split())
    overlaps = sum(1 for a, b in zip(pieces, pieces[1:]) if b.start < a.end)
    assert overlaps > 0


def test_units_keep_their_pages_and_whitespace_units_give_nothing() -> None:
    pieces = split_units([TextUnit("página um", 1), TextUnit("   \n ", 2),
                          TextUnit("página três", 3)], 100, 10)
    assert [(p.text, p.page, p.start) for p in pieces] == [("página um", 1, 0),
                                                            ("página três", 3, 0)]


@pytest.mark.parametrize("size, overlap", [(0, 0), (100, 100), (100, -1), (10, 20)])
def test_bad_sizes_are_refused(size: int, overlap: int) -> None:
    with pytest.raises(InvalidInput):
        split_units([TextUnit("abc")], size, overlap)
