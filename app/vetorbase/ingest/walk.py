"""Turning the paths a user gave into the files to ingest, and the ones we won't.

Inside a walked folder, hidden entries (dot names, or the Windows hidden attribute) are
reported as "skipped" — a `.git` or `.venv` folder is one report line, not thousands —
and files of other types as "failed" ("unsupported file type .xyz"), because the user
asked for the folder and should see what did not go in. A path given explicitly is
always attempted, hidden or not. Folder symlinks are not followed (no loops).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vetorbase.ingest.loaders import MIME_TYPES
from vetorbase.ingest.report import FileResult


@dataclass(frozen=True)
class Entry:
    """A file to ingest (`result` is None) or a path already decided (`result` set)."""

    path: str
    result: FileResult | None = None


def is_hidden(path: str, st: os.stat_result | None = None) -> bool:
    name = os.path.basename(path.rstrip(os.sep))
    if name.startswith("."):
        return True
    attrs = getattr(st, "st_file_attributes", 0) if st is not None else 0
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def _judge_file(path: str, st: os.stat_result | None, walked: bool) -> Entry:
    name = os.path.basename(path)
    if walked and is_hidden(path, st):
        return Entry(path, FileResult(path, "skipped", reason="hidden file, skipped"))
    if name.startswith("~$"):
        return Entry(path, FileResult(path, "skipped", reason="Office lock file, skipped"))
    ext = extension(path)
    if ext not in MIME_TYPES:
        return Entry(path, FileResult(
            path, "failed", reason=f"unsupported file type {ext or '(no extension)'}"))
    return Entry(path)


def _walk(folder: str) -> Iterator[Entry]:
    try:
        with os.scandir(folder) as it:
            children = sorted(it, key=lambda d: d.name)
    except FileNotFoundError:
        yield Entry(folder, FileResult(folder, "failed", reason="folder vanished while listing"))
        return
    except OSError as e:
        yield Entry(folder, FileResult(folder, "failed",
                                       reason=f"cannot list folder: {e.strerror or e}"))
        return
    for child in children:
        path = os.path.join(folder, child.name)
        try:
            is_dir = child.is_dir(follow_symlinks=False)
            st = child.stat(follow_symlinks=False) if os.name == "nt" else None
        except OSError:
            is_dir, st = False, None
        if is_dir:
            if is_hidden(path, st):
                yield Entry(path, FileResult(path, "skipped", reason="hidden folder, skipped"))
            else:
                yield from _walk(path)
        elif child.is_symlink() and os.path.isdir(path):
            yield Entry(path, FileResult(path, "skipped",
                                         reason="link to a folder, not followed"))
        else:
            yield _judge_file(path, st, walked=True)


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Entry]:
    """Every file under `paths` in a stable order, each real file once."""
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in paths:
        path = os.path.abspath(os.fspath(raw))
        if os.path.isdir(path):
            found: Iterable[Entry] = _walk(path)
        elif os.path.exists(path):
            found = [_judge_file(path, None, walked=False)]
        else:
            found = [Entry(path, FileResult(path, "failed", reason="not found"))]
        for entry in found:
            key = os.path.realpath(entry.path) if entry.result is None else entry.path
            if key in seen:
                continue
            seen.add(key)
            entries.append(entry)
    return entries
