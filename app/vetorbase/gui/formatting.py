"""Small text helpers shared by the panes (numbers, dates, sizes, error messages)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, QObject

from vetorbase import errors
from vetorbase.highlight import highlight_html


class Words(QObject):
    """Counted nouns and relative times, translated with their plural forms (`tr` with n)."""

    def of(self, word: str, n: int) -> str:
        forms = {
            "document": lambda: self.tr("%Ln document(s)", "", n),
            "chunk": lambda: self.tr("%Ln chunk(s)", "", n),
            "file": lambda: self.tr("%Ln file(s)", "", n),
            "result": lambda: self.tr("%Ln result(s)", "", n),
            "character": lambda: self.tr("%Ln character(s)", "", n),
            "waiting": lambda: self.tr("%Ln waiting", "", n),
        }
        make = forms.get(word)
        return make() if make else f"{QLocale().toString(n)} {word}{'' if n == 1 else 's'}"

    def ago(self, seconds: float) -> str:
        if seconds >= 86400:
            return self.tr("%Ln day(s) ago", "", int(seconds // 86400))
        if seconds >= 3600:
            return self.tr("%Ln hour(s) ago", "", int(seconds // 3600))
        if seconds >= 60:
            return self.tr("%Ln min ago", "", int(seconds // 60))
        return self.tr("just now")

    def never(self) -> str:
        return self.tr("never")

    def describe(self, exc: BaseException) -> str:
        text = str(exc) or exc.__class__.__name__
        if isinstance(exc, errors.LockTimeout):
            return self.tr("The base is busy (another program holds it): %1. Try again.").replace("%1", text)
        if isinstance(exc, errors.ServerUnavailable):
            return self.tr("The database server cannot be reached: %1. Try again when it is back.").replace("%1", text)
        if isinstance(exc, errors.AuthenticationFailed):
            return self.tr("The database server refused the user or password: %1").replace("%1", text)
        if isinstance(exc, errors.EmbedderUnavailable):
            return self.tr("The embedding server cannot be reached: %1").replace("%1", text)
        if isinstance(exc, errors.EmbedderMismatch):
            return self.tr("Embedder mismatch: %1").replace("%1", text)
        if isinstance(exc, errors.ReadOnlyBase):
            return self.tr("Read-only: %1").replace("%1", text)
        if isinstance(exc, errors.InvalidInput):
            return self.tr("Invalid input: %1").replace("%1", text)
        if isinstance(exc, errors.VetorbaseError):
            return text
        return self.tr("Unexpected error (%1): %2").replace("%1", exc.__class__.__name__).replace("%2", text)


_words: Words | None = None


def words() -> Words:
    global _words
    if _words is None:
        _words = Words()
    return _words


def when(ts: float | None) -> str:
    """A date and time in the window's locale (short form, full year where the locale has it)."""
    if not ts:
        return "—"
    moment = QDateTime.fromMSecsSinceEpoch(int(ts * 1000))
    return QLocale().toString(moment, QLocale.FormatType.ShortFormat)


def ago(ts: float | None) -> str:
    if not ts:
        return words().never()
    return words().ago(max(0.0, time.time() - ts))


def count(n: int | None) -> str:
    return "—" if n is None else QLocale().toString(int(n))


def size_bytes(n: int | None) -> str:
    """Binary units (KiB, MiB), as Linux file managers show them; decimal comma in pt_BR."""
    if n is None:
        return "—"
    return QLocale().formattedDataSize(int(n), 1, QLocale.DataSizeFormat.DataSizeIecFormat)


def plural(n: int, word: str) -> str:
    """"1 document" / "2.345 documentos": the count with its noun, in the window's language."""
    return words().of(word, int(n))


def pages_of(metadata: dict[str, Any]) -> str:
    for key in ("pages", "page_count", "total_pages"):
        if metadata.get(key) not in (None, ""):
            return str(metadata[key])
    return ""


def page_of(metadata: dict[str, Any]) -> str:
    page = metadata.get("page")
    if page in (None, ""):
        return ""
    if isinstance(page, int):
        return str(page + 1) if metadata.get("page_zero_based") else str(page)
    return str(page)


def highlight(text: str, query: str, limit: int = 600) -> str:
    """HTML of `text` (shortened) with the query's words marked: whole words, accents
    ignored, no stopwords, codes as phrases (vetorbase.highlight, which has no Qt)."""
    return highlight_html(text, query, limit)


def describe(exc: BaseException) -> str:
    """One line a person can act on; the messages of our errors already say what to do."""
    return words().describe(exc)
