"""Metadata filters (`where` dicts) compiled to SQL over the `meta_index` table.

Filters select chunk ids in SQLite *before* the vector search, so a filtered search
ranks only matching chunks and returns their true top-k.
"""

from __future__ import annotations

from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store.vectors import check_value

SCALARS = (str, int, float, bool)


def _check_value(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, SCALARS):
        raise InvalidInput(
            f"filter on {key!r}: values must be text, numbers or booleans, not "
            f"{type(value).__name__}"
        )
    check_value(value, f"filter on {key!r}")
    return value


def _prefix_upper(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix + "\U0010ffff"


def compile_where(where: dict[str, Any] | None) -> tuple[str, list[Any]] | None:
    """Return (SQL selecting matching chunk ids, params), or None for "everything".

    Supported: {"k": v} equality, {"k": {"$in": [...]}}, {"k": {"$prefix": "..."}},
    {"k": {"$eq": v}}; several keys are combined with AND.
    """
    if not where:
        return None
    if not isinstance(where, dict):
        raise InvalidInput(f"a filter must be a dict like {{'source': 'a.pdf'}}, not {where!r}")
    parts: list[str] = []
    params: list[Any] = []
    for key, cond in where.items():
        if not isinstance(key, str) or not key:
            raise InvalidInput(f"filter keys must be non-empty strings, not {key!r}")
        if isinstance(cond, dict):
            if len(cond) != 1:
                raise InvalidInput(f"filter on {key!r}: use exactly one operator, got {cond!r}")
            op, arg = next(iter(cond.items()))
            if op == "$eq":
                parts.append("SELECT chunk_id FROM meta_index WHERE key = ? AND value = ?")
                params += [key, _check_value(key, arg)]
            elif op == "$in":
                if not isinstance(arg, (list, tuple, set)) or not arg:
                    raise InvalidInput(f"filter on {key!r}: $in needs a non-empty list")
                values = [_check_value(key, v) for v in arg]
                marks = ",".join("?" * len(values))
                parts.append(
                    f"SELECT chunk_id FROM meta_index WHERE key = ? AND value IN ({marks})"
                )
                params += [key, *values]
            elif op == "$prefix":
                if not isinstance(arg, str) or not arg:
                    raise InvalidInput(f"filter on {key!r}: $prefix needs a non-empty string")
                parts.append(
                    "SELECT chunk_id FROM meta_index WHERE key = ? AND value >= ? "
                    "AND value < ? AND typeof(value) = 'text'"
                )
                params += [key, arg, _prefix_upper(arg)]
            else:
                raise InvalidInput(
                    f"filter on {key!r}: unknown operator {op!r} (use $eq, $in or $prefix)"
                )
        else:
            parts.append("SELECT chunk_id FROM meta_index WHERE key = ? AND value = ?")
            params += [key, _check_value(key, cond)]
    return " INTERSECT ".join(parts), params


def index_rows(chunk_id: int, meta: dict[str, Any], max_chars: int) -> list[tuple[str, Any, int]]:
    """The `meta_index` rows for one chunk: its scalar values that are short enough."""
    rows = []
    for key, value in meta.items():
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, str):
            if len(value) > max_chars:
                continue
        elif not isinstance(value, (int, float)):
            continue
        rows.append((key, value, chunk_id))
    return rows
