"""Sort SQLite failures into the environment's fault (tell the user) and our bugs.

Follows qutebrowser's misc/sql.py: busy, full, read-only and corrupt databases become
typed Vetorbase errors with a message naming the file and what to do; anything else
propagates unchanged because it is a programming error.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from vetorbase.errors import (
    CorruptBase,
    DiskFull,
    LockTimeout,
    ReadOnlyBase,
    VetorbaseError,
)


def translate(exc: sqlite3.Error, path: Path, timeout: float) -> VetorbaseError | None:
    """Return the Vetorbase error for `exc`, or None when it is a bug to re-raise."""
    msg = str(exc).lower()
    name = getattr(exc, "sqlite_errorname", "") or ""
    if "locked" in msg or "busy" in name.lower():
        return LockTimeout(
            f"{path}: another process held the base's write lock for more than "
            f"{timeout:g} s. Nothing was written; try again (the error is retryable)."
        )
    if "full" in msg:
        return DiskFull(
            f"{path}: the disk is full. Nothing was written by this call; free some "
            "space and try again."
        )
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyBase(
            f"{path}: the base is read-only (opened read-only, or the folder or file "
            "is not writable). Reads work; to write, fix the permissions."
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in name.lower():
        return CorruptBase(
            f"{path}: the journal is damaged ({exc}). Vetorbase changed nothing; "
            "restore the file from a backup or re-create the base.",
            path=str(path),
        )
    if "disk i/o" in msg:
        return CorruptBase(f"{path}: disk I/O error ({exc}); check the disk.", path=str(path))
    return None
