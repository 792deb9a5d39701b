"""Metadata every chunk carries, and the identities of a source.

`doc_id` here is a stable string derived from the source path (the same file gets the
same id in every base and on every machine); the store's own integer document id is
something else and is reported as `FileResult.doc_id`.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from typing import Any

from vetorbase.store.origin import default_origin as store_default_origin

#: Keys the pipeline sets; user metadata cannot override them.
RESERVED_KEYS = frozenset({
    "source", "filename", "doc_id", "sha256", "page", "chunk", "start", "end", "mime",
    "ingested_at", "ingested_by", "ocr", "ocr_pages", "section",
})
#: What a document says about itself, where its format records it. Not reserved: a
#: caller's own `author=...` wins over the file's (the file's is often a template's).
DOCUMENT_FIELDS = ("title", "author", "created", "modified", "language")
_FIELD_MAX = 500


def stable_doc_id(source: str) -> str:
    """First 16 hex digits of the sha1 of the source string."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def filename_of(source: str) -> str:
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def default_origin() -> str:
    """Who ingests: the store's "program@host", so `ingested_by` matches `added_by`."""
    return store_default_origin()


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def file_metadata(source: str, sha256: str, mime: str, *, origin: str | None = None,
                  user: dict[str, Any] | None = None, at: str | None = None) -> dict[str, Any]:
    """Document-level metadata: user keys first, then ours (ours win on a clash)."""
    meta: dict[str, Any] = {k: v for k, v in (user or {}).items() if k not in RESERVED_KEYS}
    meta.update(
        source=source,
        filename=filename_of(source),
        doc_id=stable_doc_id(source),
        sha256=sha256,
        mime=mime,
        ingested_at=at or utc_now_iso(),
        ingested_by=origin or default_origin(),
    )
    return meta


def source_derived(source: str) -> dict[str, Any]:
    """The keys `file_metadata` derives from a source, for a document moved to `source`."""
    return {"filename": filename_of(source), "doc_id": stable_doc_id(source)}


def chunk_metadata(doc_meta: dict[str, Any], index: int, start: int, end: int,
                   page: int | None, *, ocr: bool = False,
                   section: str | None = None) -> dict[str, Any]:
    """Full metadata of one chunk (document keys repeated so filters see them all)."""
    meta = dict(doc_meta)
    meta.update(chunk=index, start=start, end=end)
    if page is not None:
        meta["page"] = page
    if ocr:
        meta["ocr"] = True
    if section:
        meta["section"] = section
    return meta


def _field_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v).strip() for v in value if v and str(v).strip())
    text = " ".join(str(value).split())
    return text[:_FIELD_MAX] or None


def document_fields(**fields: Any) -> dict[str, str]:
    """Normalise what a file says about itself: dates as ISO 8601, blank values dropped.

    Dates become strings so that filters can match a prefix (`created` "2024-03").
    """
    unknown = set(fields) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValueError(f"not a document field: {sorted(unknown)}")
    out = {}
    for key, value in fields.items():
        normalised = _field_value(value)
        if normalised is not None:
            out[key] = normalised
    return out


def absolute_source(path: str | os.PathLike[str]) -> str:
    """Absolute path without resolving symlinks: the name the user sees is the source."""
    return os.path.abspath(os.fspath(path))
