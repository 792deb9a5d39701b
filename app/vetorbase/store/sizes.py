"""How much room a base takes, for either backend (stats() and compact() report it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vetorbase.store.fsutil import file_bytes, folder_bytes
from vetorbase.store.pgjournal import PgJournal
from vetorbase.store.snapshots import Snapshots


def journal_bytes(journal: Any) -> tuple[int, int]:
    """(journal, write-ahead log) bytes: the SQLite file and its -wal, or the server's tables."""
    if isinstance(journal, PgJournal):
        return journal.relation_bytes(), 0
    return file_bytes(journal.path), file_bytes(Path(f"{journal.path}-wal"))


def bytes_on_disk(journal: Any, folder: Path, snapshots: Snapshots) -> int:
    """The folder's bytes; a server base: its tables plus this host's snapshots."""
    if isinstance(journal, PgJournal):
        return journal.relation_bytes() + snapshots.nbytes()
    return folder_bytes(folder)
