"""Validation of what callers hand the store: vectors, texts and metadata."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from vetorbase.errors import DimensionMismatch, InvalidInput
from vetorbase.store.schema import MAX_METADATA_BYTES
from vetorbase.textcheck import check_text

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
MAX_METADATA_DEPTH = 32
#: More results than any screen or prompt uses; bounds the work of one search.
MAX_K = 100_000


def as_matrix(vectors: Any, dim: int, *, what: str = "vectors") -> np.ndarray:
    """Return C-contiguous, L2-normalized float32 rows of width `dim`, or raise."""
    try:
        arr = np.asarray(vectors, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{what} must be numbers: {exc}") from None
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2:
        raise InvalidInput(f"{what} must be a 2-d array (one row per text), got shape {arr.shape}")
    if arr.shape[1] != dim:
        raise DimensionMismatch(
            f"{what} have dimension {arr.shape[1]}, but this base stores {dim}-d vectors; "
            "embed with the base's embedder."
        )
    finite = np.isfinite(arr).all(axis=1)
    if not finite.all():
        bad = int(np.flatnonzero(~finite)[0])
        raise InvalidInput(f"{what}: row {bad} contains NaN or infinity; nothing was written.")
    # In float64: the norm of large float32 entries (3e38) overflows float32 to inf,
    # which used to store such a vector as all zeros.
    wide = arr.astype(np.float64)
    norms = np.linalg.norm(wide, axis=1)
    if (norms == 0).any():
        bad = int(np.flatnonzero(norms == 0)[0])
        raise InvalidInput(f"{what}: row {bad} is all zeros and has no direction.")
    return np.ascontiguousarray(wide / norms[:, None], dtype=np.float32)


def check_texts(texts: Sequence[str]) -> list[str]:
    """Texts must be non-empty strings: an empty chunk can never be found again."""
    if isinstance(texts, str):
        raise InvalidInput("texts must be a list of strings, not one string")
    out = list(texts)
    for i, text in enumerate(out):
        if not isinstance(text, str):
            raise InvalidInput(f"text {i} is {type(text).__name__}, not a string")
        if not text.strip():
            raise InvalidInput(f"text {i} is empty; nothing was written.")
        check_text(text, f"text {i}")
    return out


def check_value(value: Any, field: str, depth: int = 0) -> None:
    """Metadata SQLite and JSON can hold: 64-bit integers, bounded nesting, valid text."""
    if depth > MAX_METADATA_DEPTH:
        raise InvalidInput(f"{field} is nested more than {MAX_METADATA_DEPTH} levels deep; flatten it.")
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return
    if isinstance(value, int):
        if not INT64_MIN <= value <= INT64_MAX:
            raise InvalidInput(
                f"{field}: the integer {value} does not fit in 64 bits; store it as a string."
            )
    elif isinstance(value, str):
        check_text(value, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                check_text(key, f"{field} (a key)")
            check_value(item, f"{field}.{key}", depth + 1)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            check_value(item, f"{field}[{i}]", depth + 1)


def check_metadatas(metadatas: Sequence[dict[str, Any]] | None, n: int) -> list[dict[str, Any]]:
    """One JSON-serializable dict per text, each at most MAX_METADATA_BYTES."""
    if metadatas is None:
        return [{} for _ in range(n)]
    out = list(metadatas)
    if len(out) != n:
        raise InvalidInput(f"got {n} texts but {len(out)} metadata dicts")
    for i, meta in enumerate(out):
        if meta is None:
            out[i] = {}
        elif not isinstance(meta, dict):
            raise InvalidInput(f"metadata {i} must be a dict, not {type(meta).__name__}")
        else:
            check_value(meta, f"metadata {i}")
    return out


def check_k(k: Any) -> int:
    """A result count: a positive whole number (not NaN, infinity, None or text)."""
    if isinstance(k, bool) or not isinstance(k, (int, float, np.integer, np.floating)):
        raise InvalidInput(f"k must be a positive whole number, not {k!r}")
    if isinstance(k, (float, np.floating)) and (not np.isfinite(k) or k != int(k)):
        raise InvalidInput(f"k must be a positive whole number, not {k!r}")
    if int(k) <= 0:
        raise InvalidInput(f"k must be positive, not {k}")
    return min(int(k), MAX_K)


def check_ids(ids: Any, what: str = "chunk ids") -> list[int]:
    """Whole-number ids from any iterable; anything else is InvalidInput."""
    out = []
    for value in ids:
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise InvalidInput(f"{what} must be whole numbers, not {value!r}")
        if not INT64_MIN <= int(value) <= INT64_MAX:
            raise InvalidInput(f"{what}: {value} is out of range")
        out.append(int(value))
    return out


def dump_metadata(meta: dict[str, Any], index: int) -> str:
    try:
        text = json.dumps(meta, ensure_ascii=False, allow_nan=False, default=_jsonable)
    except (TypeError, ValueError, RecursionError) as exc:
        raise InvalidInput(f"metadata {index} cannot be stored as JSON: {exc}") from None
    if len(text.encode("utf-8")) > MAX_METADATA_BYTES:
        raise InvalidInput(
            f"metadata {index} is {len(text.encode('utf-8')) // 1024} KiB; the limit is "
            f"{MAX_METADATA_BYTES // 1024} KiB per chunk. Put large content in the text."
        )
    return text


def _jsonable(value: Any) -> Any:
    """Accept the few non-JSON types metadata commonly carries (paths, dates, numpy)."""
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "__fspath__"):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def unpack_vectors(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """Stored vector blobs as one (n, dim) float32 matrix (a copy the caller owns)."""
    if not blobs:
        return np.empty((0, dim), np.float32)
    return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), dim).copy()
