"""Validation of what callers hand the store: vectors, texts and metadata."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import numpy as np

from vetorbase.errors import DimensionMismatch, InvalidInput
from vetorbase.store.schema import MAX_METADATA_BYTES


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
    norms = np.linalg.norm(arr, axis=1)
    if (norms == 0).any():
        bad = int(np.flatnonzero(norms == 0)[0])
        raise InvalidInput(f"{what}: row {bad} is all zeros and has no direction.")
    return np.ascontiguousarray(arr / norms[:, None], dtype=np.float32)


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
    return out


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
    return out


def dump_metadata(meta: dict[str, Any], index: int) -> str:
    try:
        text = json.dumps(meta, ensure_ascii=False, allow_nan=False, default=_jsonable)
    except (TypeError, ValueError) as exc:
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
