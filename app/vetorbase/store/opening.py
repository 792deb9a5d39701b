"""Finding and preparing a base (a folder or a server) before a `VectorBase` exists for it.

Kept apart from the facade so that opening rules (what may be created, what is read
only, what the base says about itself, whether vectors fit it) read in one place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from vetorbase.errors import DimensionMismatch, EmbedderMismatch, InvalidInput, NotABase
from vetorbase.store import locations
from vetorbase.store.fsutil import refuse_network_filesystem
from vetorbase.store.journal import Journal
from vetorbase.store.pgjournal import PgJournal
from vetorbase.store.schema import JOURNAL_NAME, SCHEMA_VERSION

METRIC = "cosine"


def not_a_base_message(folder: Path) -> str:
    if (folder / "index.faiss").exists() and (folder / "index.pkl").exists():
        return (
            f"{folder} is a LangChain FAISS folder, not a Vetorbase base. Import it safely "
            "(its pickle is never executed) with `vetorbase import-langchain`."
        )
    if not folder.exists():
        return f"{folder} does not exist. Create a base there first (create=True / `vetorbase add`)."
    return f"{folder} holds no Vetorbase base ({JOURNAL_NAME} is missing). Create one with create=True."


def open_journal(
    folder: Path, *, create: bool, dim: int | None, embedder_id: str | None, read_only: bool,
    timeout: float, progress: Callable[[int, int], None] | None = None,
) -> tuple[Journal, dict[str, str]]:
    """The folder's journal and metadata, creating the base when asked and allowed.

    Of several processes creating the same base at once exactly one creates it
    (under the base's write lock); the others open what it made.
    """
    journal_path = folder / JOURNAL_NAME
    if not journal_path.exists():
        if not create or read_only:
            raise NotABase(not_a_base_message(folder))
        _check_new(folder, dim, embedder_id)
        folder.mkdir(parents=True, exist_ok=True)
    refuse_network_filesystem(folder)
    writable = os.access(folder, os.W_OK) and (
        not journal_path.exists() or os.access(journal_path, os.W_OK)
    )
    journal = Journal(folder, read_only=read_only or not writable, timeout=timeout)
    if create and not journal.read_only:
        journal.initialize(_new_meta(dim, embedder_id))
    return journal, journal.read_meta(progress)


def read_info(location: str | os.PathLike[str], password: str | None = None) -> dict[str, Any]:
    """The base's embedder and dimension, so a caller can build the embedder first."""
    if locations.is_url(location):
        journal = PgJournal(locations.parse(str(location)), password=password, read_only=True, timeout=5.0)
    else:
        folder = Path(location).expanduser().absolute()
        if not (folder / JOURNAL_NAME).is_file():
            raise NotABase(not_a_base_message(folder))
        journal = Journal(folder, read_only=True, timeout=5.0)
    try:
        meta = journal.read_meta()
    finally:
        journal.close()
    return {
        "embedder_id": meta["embedder_id"], "dim": int(meta["dim"]),
        "metric": meta.get("metric", METRIC), "schema_version": SCHEMA_VERSION,
        "created_at": float(meta.get("created_at", 0)),
    }


@dataclass(frozen=True)
class Opened:
    """A base's journal, ready, with what the facade needs to know about it."""

    journal: Journal | PgJournal
    meta: dict[str, str]
    folder: Path
    display: str
    key: str
    backend: str


def location_key(location: str | os.PathLike[str]) -> str:
    """One key per base in this process, however its location was spelled."""
    if locations.is_url(location):
        return locations.parse(str(location)).key
    folder = Path(location).expanduser().absolute()
    return str(folder.resolve() if folder.exists() else folder)


def open_location(
    location: str | os.PathLike[str], *, create: bool, dim: int | None, embedder_id: str | None,
    read_only: bool, timeout: float, progress: Callable[[int, int], None] | None = None,
    password: str | None = None,
) -> Opened:
    """Open (or create) the base at a folder or a server URL."""
    if locations.is_url(location):
        return _open_server(locations.parse(str(location)), create=create, dim=dim,
                            embedder_id=embedder_id, read_only=read_only, timeout=timeout,
                            password=password)
    folder = Path(location_key(location))
    journal, meta = open_journal(folder, create=create, dim=dim, embedder_id=embedder_id,
                                 read_only=read_only, timeout=timeout, progress=progress)
    return Opened(journal, meta, folder, str(folder), str(folder), "folder")


def _open_server(
    where: locations.ServerLocation, *, create: bool, dim: int | None, embedder_id: str | None,
    read_only: bool, timeout: float, password: str | None,
) -> Opened:
    journal = PgJournal(where, password=password, read_only=read_only, timeout=timeout)
    try:
        if create and not read_only:
            with journal.read() as conn:
                made = journal._has_meta(conn)
            if not made:
                _check_new(where.display, dim, embedder_id)
                journal.initialize(_new_meta(dim, embedder_id))
        meta = journal.read_meta()
    except BaseException:
        journal.close()
        raise
    journal.folder = server_cache_dir(meta["base_id"])
    journal.folder.mkdir(parents=True, exist_ok=True)
    return Opened(journal, meta, journal.folder, where.display, where.key, "postgresql")


def server_cache_dir(base_id: str) -> Path:
    """This host's folder for a server base's snapshots, keyed by the base's id (so a
    base re-created under the same name never reuses another's snapshots)."""
    root = os.environ.get("VETORBASE_CACHE_DIR") or platformdirs.user_cache_dir("vetorbase")
    return Path(root) / "servers" / base_id


def location_exists(location: str | os.PathLike[str], password: str | None = None) -> bool:
    if not locations.is_url(location):
        return (Path(location).expanduser() / JOURNAL_NAME).is_file()
    try:
        read_info(location, password)
    except NotABase:
        return False
    return True


def _check_new(where: object, dim: int | None, embedder_id: str | None) -> None:
    if dim is None or not embedder_id:
        raise InvalidInput(f"creating a base in {where} needs dim= and embedder_id=")
    if int(dim) <= 0:
        raise InvalidInput(f"dimension must be positive, not {dim}")


def _new_meta(dim: int | None, embedder_id: str | None) -> dict[str, str]:
    return {"dim": str(int(dim or 0)), "embedder_id": str(embedder_id), "metric": METRIC,
            "created_at": repr(time.time()), "log_floor": "0"}


def check_compatible(location: str, have_dim: int, have_embedder: str, dim: int | None,
                     embedder_id: str | None) -> None:
    """Refuse vectors of another embedder or dimension than the base's (the one check)."""
    if embedder_id and embedder_id != have_embedder:
        raise EmbedderMismatch(
            f"{location} was built with embedder '{have_embedder}' ({have_dim}-d); "
            f"it cannot take vectors from '{embedder_id}'. Open it with "
            f"'{have_embedder}', or create a new base for the other embedder."
        )
    if dim is not None and int(dim) != have_dim:
        raise DimensionMismatch(
            f"{location} stores {have_dim}-d vectors (embedder '{have_embedder}'), "
            f"not {dim}-d. Use the base's embedder or create a new base."
        )
