"""Helpers for the command line: filters from text, progress bars, opening bases.

Kept apart from `cli.py` so the parser stays readable; nothing here parses argv.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from vetorbase.errors import InvalidInput, NotABase
from vetorbase.filtertext import parse_value, where_from_clauses
from vetorbase.humanize import human_bytes

WHERE_HELP = (
    "filter on chunk metadata, repeatable: key=value (equality), key!=value, key>value, "
    "key>=value, key<value, key<=value (numbers, or dates like added_at>=2026-03-01), "
    "key^=value (text prefix), 'key in a|b', 'key not in a|b'. Values that read as JSON "
    "numbers or true/false are compared as such "
    '(page=3); quote them to force text (page=\'"3"\'). Repeating a key with = means '
    "any of those values; all the other conditions must match."
)



class UsageError(Exception):
    """Options that parse but make no sense together (exit 2)."""

def parse_where(items: list[str] | None) -> dict[str, Any] | None:
    """Turn repeated `--where` options into the store's `where` dict (see filtertext)."""
    return where_from_clauses(list(items)) if items else None


def parse_pairs(items: list[str] | None, option: str) -> dict[str, Any]:
    """`--meta key=value` options as a dict (values parsed like `--where`)."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise InvalidInput(f"{option} {item!r}: write key=value")
        out[key] = parse_value(value)
    return out


class ProgressBar:
    """A one-line text bar on stderr, drawn only when stderr is a terminal.

    Redraws at most 10 times a second so a fast loop does not spend its time printing.
    """

    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.label = label
        self.width = width
        self._last = 0.0
        self._drawn = False

    def update(self, fraction: float, detail: str = "") -> None:
        now = time.monotonic()
        if not self.enabled or (now - self._last < 0.1 and fraction < 1.0):
            return
        self._last = now
        fraction = min(max(fraction, 0.0), 1.0)
        filled = round(fraction * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        detail = detail if len(detail) <= 40 else "…" + detail[-39:]
        self.stream.write(f"\r{self.label} [{bar}] {fraction * 100:5.1f}% {detail:<40}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()


def make_embedder(embedder_id: str, *, cache: bool = True) -> Any:
    """Build the embedder; wrap it with the per-user cache so re-runs embed nothing twice."""
    from vetorbase.embeddings import CachedEmbedder, get_embedder

    emb = get_embedder(embedder_id)
    return CachedEmbedder(emb) if cache else emb


def open_existing(path: Path, *, read_only: bool = False, origin: str | None = None) -> Any:
    """Open a base that must exist; a missing one is a clear, user-fixable error.

    Commands that only read open read-only, so they work on a base in a folder the user
    may not write to and never take the write lock.
    """
    from vetorbase.store import VectorBase

    if not VectorBase.exists(path):
        raise NotABase(f"no Vetorbase base at {path}; create one with `vetorbase add FILES "
                       f"--base {path}` (or pass --base to pick another folder)")
    return VectorBase.open(path, read_only=read_only, origin=origin, progress=upgrade_progress())


def upgrade_progress() -> Any:
    """A progress callback for opening an older base, which indexes its text once."""
    bar = ProgressBar("upgrading the base (keyword index)")

    def progress(done: int, total: int) -> None:
        bar.update(done / max(total, 1), f"{done}/{total} chunks")
        if done >= total:
            bar.close()

    return progress


def open_for_read(path: Path) -> Any:
    return open_existing(path, read_only=True)


def open_for_write(path: Path, embedder_id: str | None, *,
                   origin: str | None = None) -> tuple[Any, Any]:
    """Open or create the base, with an embedder that matches it. Returns (base, embedder).

    A new base records `embedder_id` (default: the offline embedder). An existing one is
    opened first, so a different `--embedder` is refused with the store's message naming
    the embedder that built the base, before any embedder is contacted.
    """
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
    from vetorbase.store import VectorBase

    if VectorBase.exists(path):
        base = VectorBase.open(path, embedder_id=embedder_id, origin=origin, progress=upgrade_progress())
        embedder = make_embedder(base.embedder_id)
        if embedder.dim != base.dim:
            from vetorbase.errors import DimensionMismatch

            raise DimensionMismatch(f"{base.path} stores {base.dim}-d vectors but "
                                    f"{base.embedder_id} now makes {embedder.dim}-d ones")
        return base, embedder
    embedder = make_embedder(embedder_id or DEFAULT_EMBEDDER_ID)
    base = VectorBase.open(path, create=True, dim=embedder.dim,
                           embedder_id=embedder.embedder_id, origin=origin)
    return base, embedder


def open_for_import(path: Path, embedder_id: str | None, dim: int, folder: Path, *,
                    reembed: bool) -> tuple[Any, Any]:
    """The base a LangChain folder of `dim`-d vectors goes into, and the embedder that
    re-embeds its texts (None when its own vectors are imported).

    A new base for imported vectors must be built with an embedder of their dimension,
    or its searches could never match them; that is checked before anything is created.
    """
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID
    from vetorbase.errors import DimensionMismatch
    from vetorbase.store import VectorBase

    if reembed:
        return open_for_write(path, embedder_id, origin=cli_origin())
    if VectorBase.exists(path):
        return open_for_write(path, embedder_id, origin=cli_origin())[0], None
    probe = make_embedder(embedder_id or DEFAULT_EMBEDDER_ID, cache=False)
    if probe.dim != dim:
        raise DimensionMismatch(
            f"{folder} holds {dim}-d vectors but {probe.embedder_id} makes {probe.dim}-d "
            "ones, so its searches could never match them; pass --embedder with the "
            "embedder that built the LangChain index, or --reembed to embed the texts again")
    return VectorBase.open(path, create=True, dim=dim, embedder_id=probe.embedder_id,
                           origin=cli_origin()), None


def cli_origin() -> str:
    """"vetorbase@host": what the window shows as the author of CLI changes."""
    import socket

    return f"vetorbase@{socket.gethostname()}"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def fmt_time(ts: float | None) -> str:
    if not ts:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(ts))


def fmt_bytes(n: int) -> str:
    return human_bytes(n)


def snippet(text: str, width: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def print_json(data: Any, stream: TextIO | None = None) -> None:
    json.dump(data, stream or sys.stdout, ensure_ascii=False, indent=2, default=str)
    (stream or sys.stdout).write("\n")


def stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and os.isatty(sys.stdin.fileno())
    except (OSError, ValueError):  # closed, or replaced by an object without a descriptor
        return False
