"""Turning the paths a user gave into the files to ingest, and the ones we won't.

Inside a walked folder, hidden entries (dot names, or the Windows hidden attribute) are
reported as "skipped" — a `.git` or `.venv` folder is one report line, not thousands —
and files of other types as "failed" ("unsupported file type .xyz"), because the user
asked for the folder and should see what did not go in. A path given explicitly is
always attempted, hidden or not.

Links: inside a walked folder, a link whose target lies outside that folder is skipped
and reported unless `follow_links` is set — otherwise `ln -s /etc/passwd upload/a.txt`
would make any readable file searchable. Links to files inside it are followed (each
real file goes in once); links to folders only with `follow_links`, never twice.

Names that are not valid UTF-8 (possible on Linux) cannot be stored as a source: each
such file or folder is one "failed" line, shown with its bytes escaped (`caf\xe9.txt`).
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
    """A file to ingest (`result` is None) or a path already decided (`result` set).

    `identity` is the (device, inode) the listing saw: the reader refuses a file that
    was swapped (for a link, a pipe, another file) between listing and reading.
    """

    path: str
    result: FileResult | None = None
    identity: tuple[int, int] | None = None


def is_hidden(path: str, st: os.stat_result | None = None) -> bool:
    name = os.path.basename(path.rstrip(os.sep))
    if name.startswith("."):
        return True
    attrs = getattr(st, "st_file_attributes", 0) if st is not None else 0
    return bool(attrs & getattr(stat, "FILE_ATTRIBUTE_HIDDEN", 0))


def extension(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def readable(path: str) -> str:
    """`path` as printable, storable text: bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _bad_name(path: str, what: str) -> Entry | None:
    """A "failed" entry when `path` holds bytes that are not UTF-8 (surrogate escapes)."""
    try:
        path.encode("utf-8")
        return None
    except UnicodeEncodeError:
        shown = readable(path)
        return Entry(shown, FileResult(shown, "failed", reason=(
            f"the {what} name is not valid UTF-8, so it cannot be stored as a source; "
            "rename it (e.g. with convmv) and add it again")))


def _within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([path, folder]) == folder
    except ValueError:  # another drive (Windows)
        return False


def _identity(path: str, st: os.stat_result | None) -> tuple[int, int] | None:
    try:
        if st is None or not st.st_ino:  # Windows' DirEntry.stat() leaves st_ino at 0
            st = os.stat(path)
    except OSError:
        return None  # the reader will say what is wrong with it
    return (st.st_dev, st.st_ino) if st.st_ino else None


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
    return Entry(path, identity=_identity(path, st))


def _link(path: str, root: str, follow: bool, walked: set[str]) -> Iterator[Entry]:
    """Decide a symlink met inside the folder being walked (`root` is its real path)."""
    target = os.path.realpath(path)
    if not os.path.exists(path):
        yield Entry(path, FileResult(path, "failed", reason=(
            f"broken link: its target {readable(target)} does not exist")))
    elif not follow and not _within(target, root):
        yield Entry(path, FileResult(path, "skipped", reason=(
            f"link to {readable(target)}, outside the folder: not followed "
            "(--follow-links follows it)")))
    elif not os.path.isdir(path):
        yield _judge_file(path, None, walked=True)
    elif not follow:
        yield Entry(path, FileResult(path, "skipped",
                                     reason="link to a folder, not followed"))
    elif target in walked:
        yield Entry(path, FileResult(path, "skipped",
                                     reason="link to a folder already walked, not followed"))
    else:
        yield from _walk(path, root, follow, walked)


def _walk(folder: str, root: str, follow: bool, walked: set[str]) -> Iterator[Entry]:
    real = os.path.realpath(folder)
    if real in walked:  # reached again through a followed link: its files are listed
        return
    walked.add(real)
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
            st = child.stat(follow_symlinks=False)
        except OSError:
            is_dir, st = False, None
        bad = _bad_name(path, "folder" if is_dir else "file")
        if bad is not None:
            yield bad
        elif is_dir:
            if is_hidden(path, st):
                yield Entry(path, FileResult(path, "skipped", reason="hidden folder, skipped"))
            else:
                yield from _walk(path, root, follow, walked)
        elif child.is_symlink() and not is_hidden(path, st):
            yield from _link(path, root, follow, walked)
        else:
            yield _judge_file(path, st, walked=True)


def expand_paths(paths: Iterable[str | os.PathLike[str]], *,
                 follow_links: bool = False) -> list[Entry]:
    """Every file under `paths` in a stable order, each real file once.

    `follow_links` also follows links that lead out of a walked folder (see module doc).
    """
    entries: list[Entry] = []
    seen: dict[str, int] = {}  # real path -> its entry's index
    for raw in paths:
        path = os.path.abspath(os.fsdecode(raw))
        bad = _bad_name(path, "path")
        if bad is not None:
            found: Iterable[Entry] = [bad]
        elif os.path.isdir(path):
            found = _walk(path, os.path.realpath(path), follow_links, set())
        elif os.path.exists(path):
            found = [_judge_file(path, None, walked=False)]
        else:
            found = [Entry(path, FileResult(path, "failed", reason="not found"))]
        for entry in found:
            key = os.path.realpath(entry.path) if entry.result is None else entry.path
            if key not in seen:
                seen[key] = len(entries)
                entries.append(entry)
            elif entry.path == key:  # met through a link first: keep the file's own name
                entries[seen[key]] = entry
    return entries
