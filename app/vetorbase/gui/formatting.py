"""Small text helpers shared by the panes (numbers, dates, sizes, error messages)."""

from __future__ import annotations

import time
from typing import Any

from vetorbase import errors
from vetorbase.highlight import highlight_html
from vetorbase.humanize import human_bytes


def when(ts: float | None) -> str:
    if not ts:
        return "—"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts))


def ago(ts: float | None) -> str:
    if not ts:
        return "never"
    seconds = max(0.0, time.time() - ts)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


def count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def size_bytes(n: int | None) -> str:
    return human_bytes(n)


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


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
    text = str(exc) or exc.__class__.__name__
    if isinstance(exc, errors.LockTimeout):
        return f"The base is busy (another program holds it): {text}. Try again."
    if isinstance(exc, errors.EmbedderUnavailable):
        return f"The embedding server cannot be reached: {text}"
    if isinstance(exc, errors.EmbedderMismatch):
        return f"Embedder mismatch: {text}"
    if isinstance(exc, errors.ReadOnlyBase):
        return f"Read-only: {text}"
    if isinstance(exc, errors.InvalidInput):
        return f"Invalid input: {text}"
    if isinstance(exc, errors.VetorbaseError):
        return text
    return f"Unexpected error ({exc.__class__.__name__}): {text}"


def count_text(n: int, one: str, many: str) -> str:
    """`one` (already translated, e.g. tr("1 change")) for 1, else `many` with %1 = the count:
    readable in English without a plural-forms catalogue, and pt_BR uses the plural for 0 too."""
    return one if n == 1 else many.replace("%1", count(n))
