"""Sort SQLite failures into the environment's fault (tell the user) and our bugs.

Follows qutebrowser's misc/sql.py: errors are sorted by SQLite's result code
(`sqlite3.Error.sqlite_errorcode`), never by message text. Busy, full, read-only and
corrupt databases become typed Vetorbase errors naming the file and what to do;
anything else propagates unchanged because it is a programming error.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from vetorbase.errors import CorruptBase, DiskFull, LockTimeout, ReadOnlyBase, VetorbaseError

# Primary result codes (https://sqlite.org/rescode.html); extended codes keep them in
# their low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26

#: Below this many free bytes an I/O error is taken for a full disk.
NEARLY_FULL_BYTES = 1 << 20


def result_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def free_bytes(path: Path) -> int | None:
    """Free bytes on the filesystem holding `path` (None when unknown)."""
    probe = path if path.exists() else path.parent
    try:
        st = os.statvfs(probe)
    except OSError:
        return None
    return st.f_bavail * st.f_frsize


def disk_full(path: Path) -> DiskFull:
    return DiskFull(
        f"{path}: the disk is full. The base is not damaged and nothing was written by "
        "this call; free some space and try again."
    )


def translate(exc: sqlite3.Error, path: Path, timeout: float) -> VetorbaseError | None:
    """Return the Vetorbase error for `exc`, or None when it is a bug to re-raise."""
    code = result_code(exc)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return LockTimeout(
            f"{path}: another process held the base's write lock for more than "
            f"{timeout:g} s. Nothing was written; try again (the error is retryable)."
        )
    if code == SQLITE_FULL:
        return disk_full(path)
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        free = free_bytes(path)
        if free is not None and free < NEARLY_FULL_BYTES:
            return disk_full(path)
        if code == SQLITE_CANTOPEN:
            return ReadOnlyBase(
                f"{path}: SQLite cannot open the journal or its -wal/-shm files ({exc}). "
                "Check that the folder exists and that you may read and write it."
            )
        return CorruptBase(
            f"{path}: disk I/O error ({exc}). Check the disk (dmesg, SMART); the journal "
            "itself may be fine.", path=str(path),
        )
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return ReadOnlyBase(
            f"{path}: the base is read-only (opened read-only, or the folder or file "
            "is not writable). Reads work; to write, fix the permissions."
        )
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return CorruptBase(
            f"{path}: the journal is damaged ({exc}). Vetorbase changed nothing; "
            "restore the file from a backup or re-create the base.",
            path=str(path),
        )
    return None
