"""Finding and preparing a base folder before a `VectorBase` exists for it.

Kept apart from the facade so that opening rules (what may be created, what is read
only, what the base says about itself) read in one place.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vetorbase.errors import InvalidInput, NotABase
from vetorbase.store.fsutil import refuse_network_filesystem
from vetorbase.store.journal import Journal
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
        if dim is None or not embedder_id:
            raise InvalidInput(f"creating a base in {folder} needs dim= and embedder_id=")
        if int(dim) <= 0:
            raise InvalidInput(f"dimension must be positive, not {dim}")
        folder.mkdir(parents=True, exist_ok=True)
    refuse_network_filesystem(folder)
    writable = os.access(folder, os.W_OK) and (
        not journal_path.exists() or os.access(journal_path, os.W_OK)
    )
    journal = Journal(folder, read_only=read_only or not writable, timeout=timeout)
    if create and not journal.read_only:
        journal.initialize(
            {"dim": str(int(dim or 0)), "embedder_id": str(embedder_id), "metric": METRIC,
             "created_at": repr(time.time()), "log_floor": "0"}
        )
    return journal, journal.read_meta(progress)


def read_info(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The base's embedder and dimension, so a caller can build the embedder first."""
    folder = Path(path).expanduser().absolute()
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
