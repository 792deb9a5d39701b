"""Listing a followed folder: every file a sync pass should hold, with its size and
mtime, and nothing it should not.

Left out: `.git` and other version-control folders, temporary and office lock files
(`~$*`, `.~lock.*#`, `*.tmp`, `*.swp`...), hidden files and folders unless the folder's
settings let them in, the folder's own ignore patterns (fnmatch, on the name or on the
path relative to the folder, with `/`), files of types ingestion cannot read, and links
(a link could make any readable file searchable; a followed folder holds its own files).
Listing only stats (one `scandir` per folder): no file is opened, so a pass over
10,000 unchanged files costs a listing and a dictionary comparison.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field

from vetorbase.ingest.loaders import MIME_TYPES
from vetorbase.ingest.walk import extension, is_hidden, readable
from vetorbase.store.folders import FolderSettings

#: Always left out, whatever the settings: version control and editors' scratch files.
DEFAULT_IGNORE = (".git", ".hg", ".svn", "~$*", ".~lock.*#", "*.tmp", "*.swp", "*.swo",
                  "*.part", "*.crdownload", "*~")


@dataclass(frozen=True)
class Seen:
    """One file as listed: enough to tell "unchanged" without opening it."""

    rel: str
    path: str
    size: int
    mtime_ns: int
    ino: int = 0


@dataclass
class Listing:
    files: dict[str, Seen] = field(default_factory=dict)
    #: Paths that could not be listed or named, with the reason (reported as failures).
    problems: list[tuple[str, str]] = field(default_factory=list)


class Ignore:
    """The ignore rules of one folder (defaults + its settings)."""

    def __init__(self, settings: FolderSettings) -> None:
        self.patterns = (*DEFAULT_IGNORE, *settings.ignore)
        self.hidden = settings.hidden

    def ignored(self, rel: str, name: str, st: os.stat_result | None = None) -> bool:
        if not self.hidden and is_hidden(name, st):
            return True
        return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p) for p in self.patterns)

    def ignored_path(self, root: str, path: str, is_dir: bool = False) -> bool:
        """For a watcher's event: is `path` (anywhere below `root`) left out?"""
        rel = os.path.relpath(path, root)
        if rel.startswith(".."):
            return True
        parts = rel.split(os.sep)
        for i in range(len(parts)):
            if self.ignored("/".join(parts[:i + 1]), parts[i]):
                return True
        return not is_dir and extension(path) not in MIME_TYPES


def signed_ino(ino: int) -> int:
    """An inode number as a signed 64-bit integer (what both databases store)."""
    return ino - (1 << 64) if ino >= (1 << 63) else ino


def scan(root: str, settings: FolderSettings) -> Listing:
    """Every file to hold under `root`, keyed by its relative path (with `/`)."""
    rules = Ignore(settings)
    out = Listing()
    stack = [("", root)]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except FileNotFoundError:
            if folder == root:
                raise
            continue  # vanished while listing: the next pass sees what replaced it
        except OSError as e:
            if folder == root:
                raise
            out.problems.append((readable(folder), f"cannot list folder: {e.strerror or e}"))
            continue
        for entry in entries:
            rel = prefix + entry.name
            try:
                rel.encode("utf-8")
            except UnicodeEncodeError:
                out.problems.append((readable(entry.path), "the name is not valid UTF-8, so it "
                                     "cannot be stored as a source; rename it (e.g. with convmv)"))
                continue
            try:
                if entry.is_symlink():
                    continue
                st = entry.stat(follow_symlinks=False)
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue  # gone between listing and stat
            if rules.ignored(rel, entry.name, st):
                continue
            if is_dir:
                stack.append((rel + "/", entry.path))
            elif entry.is_file(follow_symlinks=False) and extension(entry.name) in MIME_TYPES:
                out.files[rel] = Seen(rel, entry.path, st.st_size, st.st_mtime_ns, signed_ino(st.st_ino))
    return out
