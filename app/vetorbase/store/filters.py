"""Metadata filters (`where` dicts, the Chroma/LangChain dialect) compiled to SQL.

Filters select chunk ids in SQLite *before* any ranking (vector, keyword or both), so
a filtered search ranks only matching chunks and returns their true top-k. Every
value is a bound parameter; keys and operators are checked against fixed lists.

`added_at` names the document's own column (when it was added to the base), which
every chunk has without metadata; any other key is chunk metadata (`meta_index`).
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store.vectors import check_value

SCALARS = (str, int, float, bool)
COMPARISONS = {"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}
OPERATORS = ("$eq", "$ne", "$in", "$nin", "$prefix", *COMPARISONS)
LOGICAL = ("$and", "$or")
DOCUMENT_COLUMNS = {"added_at": "d.added_at"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")
_ALL = "SELECT id FROM chunks"


def _check_value(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if not isinstance(value, SCALARS):
        raise InvalidInput(
            f"filter on {key!r}: values must be text, numbers or booleans, not "
            f"{type(value).__name__}"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"filter on {key!r}: {value} is not a number that can be compared")
    check_value(value, f"filter on {key!r}")
    return value


def _prefix_upper(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix + "\U0010ffff"


def as_timestamp(key: str, text: str) -> float | None:
    """A date or date-time in ISO form as a Unix timestamp (local time when no zone)."""
    if not _DATE.fullmatch(text.strip()):
        return None
    try:
        return datetime.fromisoformat(text.strip().replace("Z", "+00:00")).timestamp()
    except ValueError:
        raise InvalidInput(f"filter on {key!r}: {text!r} is not a valid date (write YYYY-MM-DD)") from None


def compile_where(where: dict[str, Any] | None) -> tuple[str, list[Any]] | None:
    """Return (SQL selecting matching chunk ids, params), or None for "everything".

    Supported: {"k": v} equality; {"k": {"$op": v}} with $eq, $ne, $in, $nin, $prefix,
    $gt, $gte, $lt, $lte (several operators on one key must all hold); {"$and": [...]}
    and {"$or": [...]} of such filters; several keys are combined with AND. $ne/$nin
    also match chunks without the key. Comparisons take numbers, or text; a date in
    ISO form (2026-03-01) compares with dates stored as ISO text and as timestamps.
    """
    if not where:
        return None
    params: list[Any] = []
    return _node(where, params), params


def _node(where: Any, params: list[Any]) -> str:
    if not isinstance(where, dict) or not where:
        raise InvalidInput(f"a filter must be a non-empty dict like {{'source': 'a.pdf'}}, not {where!r}")
    parts = []
    for key, cond in where.items():
        if not isinstance(key, str) or not key:
            raise InvalidInput(f"filter keys must be non-empty strings, not {key!r}")
        if key in LOGICAL:
            if not isinstance(cond, (list, tuple)) or not cond:
                raise InvalidInput(f"{key} needs a non-empty list of filters, not {cond!r}")
            subs = [_node(c, params) for c in cond]
            parts.append(_combine(subs, " INTERSECT " if key == "$and" else " UNION "))
        elif key.startswith("$"):
            raise InvalidInput(f"unknown filter operator {key!r} (use $and or $or, or a metadata key)")
        elif isinstance(cond, dict):
            if not cond:
                raise InvalidInput(f"filter on {key!r}: give an operator, e.g. {{'$eq': value}}")
            parts.append(_combine([_operator(key, op, arg, params) for op, arg in cond.items()], " INTERSECT "))
        else:
            parts.append(_operator(key, "$eq", cond, params))
    return _combine(parts, " INTERSECT ")


def _combine(parts: list[str], glue: str) -> str:
    if len(parts) == 1:
        return parts[0]
    # Compound selects of equal precedence chain left to right: wrap each part.
    return glue.join(f"SELECT id FROM ({p})" for p in parts)


def _operator(key: str, op: Any, arg: Any, params: list[Any]) -> str:
    if op not in OPERATORS:
        raise InvalidInput(f"filter on {key!r}: unknown operator {op!r} (use one of {', '.join(OPERATORS)})")
    if op in ("$ne", "$nin"):
        positive = _operator(key, "$eq" if op == "$ne" else "$in", arg, params)
        return f"{_ALL} EXCEPT SELECT id FROM ({positive})"
    if key in DOCUMENT_COLUMNS:
        return _document_column(key, op, arg, params)
    base = "SELECT chunk_id AS id FROM meta_index WHERE key = ?"
    if op == "$eq":
        params += [key, _check_value(key, arg)]
        return f"{base} AND value = ?"
    if op == "$in":
        if not isinstance(arg, (list, tuple, set)) or not arg:
            raise InvalidInput(f"filter on {key!r}: {op} needs a non-empty list")
        values = [_check_value(key, v) for v in arg]
        params += [key, *values]
        return f"{base} AND value IN ({','.join('?' * len(values))})"
    if op == "$prefix":
        if not isinstance(arg, str) or not arg:
            raise InvalidInput(f"filter on {key!r}: $prefix needs a non-empty string")
        params += [key, arg, _prefix_upper(arg)]
        return f"{base} AND value >= ? AND value < ? AND typeof(value) = 'text'"
    sign = COMPARISONS[op]
    value = _comparable(key, op, arg)
    # SQLite orders every number before every text, so `value < ''` means "a number".
    numeric, text = f"(value {sign} ? AND value < '')", f"(value {sign} ? AND value >= '')"
    if isinstance(value, str):
        stamp = as_timestamp(key, value)
        if stamp is not None:  # a date: stored as ISO text or as a timestamp
            params += [key, value, stamp]
            return f"{base} AND ({text} OR {numeric})"
        params += [key, value]
        return f"{base} AND {text}"
    params += [key, value]
    return f"{base} AND {numeric}"


def _comparable(key: str, op: str, arg: Any) -> Any:
    if isinstance(arg, bool) or not isinstance(arg, (int, float, str)):
        raise InvalidInput(
            f"filter on {key!r}: {op} compares numbers, dates (2026-03-01) or text, not {arg!r}"
        )
    return _check_value(key, arg)


def _document_column(key: str, op: str, arg: Any, params: list[Any]) -> str:
    column = DOCUMENT_COLUMNS[key]
    if op not in ("$eq", *COMPARISONS):
        raise InvalidInput(f"filter on {key!r}: {op} does not apply to a date; use $gt, $gte, $lt, $lte or $eq")
    stamp = as_timestamp(key, arg) if isinstance(arg, str) else None
    if stamp is None:
        if isinstance(arg, bool) or not isinstance(arg, (int, float)):
            raise InvalidInput(f"filter on {key!r}: give a date (2026-03-01) or a Unix timestamp, not {arg!r}")
        stamp = float(_check_value(key, arg))
    params.append(stamp)
    sign = "=" if op == "$eq" else COMPARISONS[op]
    return f"SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id WHERE {column} {sign} ?"


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
