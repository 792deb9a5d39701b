"""The "Add files" dialog's filters, from ingestion's own list of formats.

`vetorbase.ingest.supported_patterns()` is the single list of what can be read; this
module only puts its labels into the window's language.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from vetorbase.ingest import supported_patterns

# The labels of vetorbase.ingest.loaders.FORMATS, listed so lupdate collects them.
LABELS = (
    QT_TRANSLATE_NOOP("filetypes", "Supported documents"),
    QT_TRANSLATE_NOOP("filetypes", "Text and Markdown"),
    QT_TRANSLATE_NOOP("filetypes", "PDF documents"),
    QT_TRANSLATE_NOOP("filetypes", "Word documents"),
    QT_TRANSLATE_NOOP("filetypes", "Spreadsheets"),
    QT_TRANSLATE_NOOP("filetypes", "Presentations"),
    QT_TRANSLATE_NOOP("filetypes", "Web pages and data"),
    QT_TRANSLATE_NOOP("filetypes", "E-books and e-mail"),
    QT_TRANSLATE_NOOP("filetypes", "Images (read by OCR)"),
    QT_TRANSLATE_NOOP("filetypes", "All files"),
)


def document_filter() -> str:
    """"Supported documents (*.pdf …);;PDF documents (*.pdf);;…;;All files (*)"."""
    parts = [f"{QCoreApplication.translate('filetypes', label)} ({' '.join(globs)})"
             for label, globs in supported_patterns()]
    return ";;".join([*parts, f"{QCoreApplication.translate('filetypes', 'All files')} (*)"])
