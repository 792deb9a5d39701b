"""Numbers as people read them, for the CLI (no Qt here; the window formats with QLocale)."""

from __future__ import annotations


def human_bytes(n: int | None) -> str:
    """1536 -> "1.5 KiB" (binary units, so they match what file managers on Linux show)."""
    if n is None:
        return "—"
    size = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"
