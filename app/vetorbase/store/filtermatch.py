"""Metadata filters evaluated in Python, on one chunk's metadata.

The live chunks are filtered in SQL (filters.py) through `meta_index`; chunks in the
trash have no index (indexing them would cost every removal a second index write and
would let filters on live chunks pay for the trash). Choosing what to restore is rare
and bounded by the trash, so it reads the trashed metadata and asks this module, which
follows the SQL's meaning: only scalar values no longer than MAX_INDEXED_VALUE_CHARS
match, numbers never equal text, booleans are 0/1, `$ne`/`$nin` match a missing key,
and a date matches ISO text and timestamps alike.
"""

from __future__ import annotations

from typing import Any

from vetorbase.store.filters import COMPARISONS, DOCUMENT_COLUMNS, LOGICAL, as_timestamp, compile_where
from vetorbase.store.schema import MAX_INDEXED_VALUE_CHARS

_OPS = {
    "$gt": lambda a, b: a > b, "$gte": lambda a, b: a >= b,
    "$lt": lambda a, b: a < b, "$lte": lambda a, b: a <= b,
}


def check(where: dict[str, Any] | None) -> None:
    """Raise InvalidInput for a filter the SQL compiler would refuse (same messages)."""
    compile_where(where)


def matches(where: dict[str, Any] | None, meta: dict[str, Any], added_at: float) -> bool:
    """Whether a chunk with `meta`, of a document added at `added_at`, matches `where`.

    `where` must have passed check() first: this function does not re-validate.
    """
    if not where:
        return True
    for key, cond in where.items():
        if key in LOGICAL:
            results = (matches(c, meta, added_at) for c in cond)
            if not (all(results) if key == "$and" else any(results)):
                return False
        elif isinstance(cond, dict):
            if not all(_operator(key, op, arg, meta, added_at) for op, arg in cond.items()):
                return False
        elif not _operator(key, "$eq", cond, meta, added_at):
            return False
    return True


def _scalar(value: Any) -> Any:
    """The value as meta_index holds it, or None when it is not indexed."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        return value if len(value) <= MAX_INDEXED_VALUE_CHARS else None
    if isinstance(value, (int, float)):
        return value
    return None


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    return a == b


def _operator(key: str, op: str, arg: Any, meta: dict[str, Any], added_at: float) -> bool:
    if op == "$ne":
        return not _operator(key, "$eq", arg, meta, added_at)
    if op == "$nin":
        return not _operator(key, "$in", arg, meta, added_at)
    if key in DOCUMENT_COLUMNS:
        stamp = as_timestamp(key, arg) if isinstance(arg, str) else float(arg)
        return added_at == stamp if op == "$eq" else bool(_OPS[op](added_at, stamp))
    value = _scalar(meta.get(key)) if key in meta else None
    if value is None:
        return False
    if op == "$eq":
        return _same(value, _scalar(arg))
    if op == "$in":
        return any(_same(value, _scalar(v)) for v in arg)
    if op == "$prefix":
        return isinstance(value, str) and value.startswith(arg)
    assert op in COMPARISONS
    if isinstance(arg, str):
        stamp = as_timestamp(key, arg)
        if isinstance(value, str):
            return bool(_OPS[op](value, arg))
        return stamp is not None and bool(_OPS[op](value, stamp))
    return not isinstance(value, str) and bool(_OPS[op](value, arg))
