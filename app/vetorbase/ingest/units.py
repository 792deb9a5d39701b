"""The text unit: what loaders produce and the splitter consumes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TextUnit:
    """Text of one page (`page` is 1-based) or of a whole file (`page` is None)."""

    text: str
    page: int | None = None
