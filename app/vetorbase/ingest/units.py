"""The text unit loaders produce and the splitter consumes, and what loaders are given.

Loaders get one `LoadOptions` rather than a growing list of keywords: the character
limit, the cancel event and the per-page progress callback matter to every loader that
does long work inside one file (OCR, huge HTML), not only between files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vetorbase.errors import Cancelled, IngestError


@dataclass(frozen=True)
class TextUnit:
    """Text of one page, sheet, slide or chapter (`page` is 1-based) or of a whole file.

    `ocr` marks text read from pixels (it may hold recognition errors); `section` names
    the unit where the format does (a sheet's name, a chapter's title, an attachment).
    """

    text: str
    page: int | None = None
    ocr: bool = False
    section: str | None = None


@dataclass(frozen=True)
class LoadOptions:
    """Limits and hooks for one file's loader."""

    max_chars: int
    cancel: Any = None
    #: Called with (pages done, pages total) while pages are read by OCR.
    progress: Callable[[int, int], None] | None = None
    #: Tesseract languages ("por+eng"); None means the default (see ingest.ocr).
    ocr_languages: str | None = None

    def check_cancel(self) -> None:
        """Raise Cancelled when the user asked to stop: loaders call it between pages."""
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("ingestion cancelled")

    def report(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(done, total)

    def too_large(self, chars: int) -> IngestError:
        return IngestError(f"too large: more than {self.max_chars:,} characters of text "
                           f"(limit {self.max_chars:,}; at {chars:,})")
