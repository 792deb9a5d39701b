"""The test corpus: 12 short documents in Portuguese and English and known-answer
queries; 10 extra documents full of codes, numbers and names for keyword search."""

from .generate import (
    DOCS,
    QUERIES,
    build_corpus,
    load_extra_queries,
    load_queries,
    make_docx,
    make_pdf,
)

__all__ = ["DOCS", "QUERIES", "build_corpus", "load_extra_queries", "load_queries", "make_docx", "make_pdf"]
