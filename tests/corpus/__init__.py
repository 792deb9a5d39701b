"""The test corpus: 12 short documents in Portuguese and English, known-answer queries."""

from .generate import DOCS, QUERIES, build_corpus, load_queries, make_docx, make_pdf

__all__ = ["DOCS", "QUERIES", "build_corpus", "load_queries", "make_docx", "make_pdf"]
