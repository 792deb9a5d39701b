"""Metadata filters (`where` dicts, the Chroma/LangChain dialect) compiled to SQL.

Filters select chunk ids in the journal *before* any ranking (vector, keyword or both), so
a filtered search ranks only matching chunks and returns their true top-k. Every
value is a bound parameter; keys and operators are checked against fixed lists.

`added_at` names the document's own column (when it was added to the base), which
every chunk has without metadata; any other key is chunk metadata (`meta_index`).

SQLite keeps a metadata value in one dynamically typed column (`value`, numbers
ordered before text); PostgreSQL has no such column, so there a value is in `num`
(numbers, booleans as 0/1) or in `txt` (text, C collation so a prefix is a range).
The two spellings differ only in `_SqliteValues` / `_PostgresValues` below.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store.dialect import is_postgres
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


def compile_where(where: dict[str, Any] | None, conn: Any = None) -> tuple[str, list[Any]] | None:
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
    values = _PostgresValues() if is_postgres(conn) else _SqliteValues()
    return _node(where, params, values), params


class _SqliteValues:
    """Conditions on `meta_index.value` (SQLite: one column, numbers before text)."""

    def eq(self, value: Any, params: list[Any]) -> str:
        params.append(value)
        return "value = ?"

    def one_of(self, values: list[Any], params: list[Any]) -> str:
        params.extend(values)
        return f"value IN ({','.join('?' * len(values))})"

    def prefix(self, low: str, high: str, params: list[Any]) -> str:
        params += [low, high]
        return "value >= ? AND value < ? AND typeof(value) = 'text'"

    def compare(self, sign: str, number: float | None, text: str | None, params: list[Any]) -> str:
        # SQLite orders every number before every text, so `value < ''` means "a number".
        parts = []
        if text is not None:
            params.append(text)
            parts.append(f"(value {sign} ? AND value >= '')")
        if number is not None:
            params.append(number)
            parts.append(f"(value {sign} ? AND value < '')")
        return f"({' OR '.join(parts)})"


class _PostgresValues:
    """Conditions on `meta_index.num` / `meta_index.txt` (PostgreSQL: typed columns)."""

    def eq(self, value: Any, params: list[Any]) -> str:
        params.append(value)
        return "txt = ?" if isinstance(value, str) else "num = ?"

    def one_of(self, values: list[Any], params: list[Any]) -> str:
        texts = [v for v in values if isinstance(v, str)]
        numbers = [v for v in values if not isinstance(v, str)]
        parts = []
        if texts:
            params.extend(texts)
            parts.append(f"txt IN ({','.join('?' * len(texts))})")
        if numbers:
            params.extend(numbers)
            parts.append(f"num IN ({','.join('?' * len(numbers))})")
        return f"({' OR '.join(parts)})"

    def prefix(self, low: str, high: str, params: list[Any]) -> str:
        params += [low, high]
        return "txt >= ? AND txt < ?"

    def compare(self, sign: str, number: float | None, text: str | None, params: list[Any]) -> str:
        parts = []
        if text is not None:
            params.append(text)
            parts.append(f"txt {sign} ?")
        if number is not None:
            params.append(number)
            parts.append(f"num {sign} ?")
        return f"({' OR '.join(parts)})"


def _node(where: Any, params: list[Any], values: Any) -> str:
    if not isinstance(where, dict) or not where:
        raise InvalidInput(f"a filter must be a non-empty dict like {{'source': 'a.pdf'}}, not {where!r}")
    parts = []
    for key, cond in where.items():
        if not isinstance(key, str) or not key:
            raise InvalidInput(f"filter keys must be non-empty strings, not {key!r}")
        if key in LOGICAL:
            if not isinstance(cond, (list, tuple)) or not cond:
                raise InvalidInput(f"{key} needs a non-empty list of filters, not {cond!r}")
            subs = [_node(c, params, values) for c in cond]
            parts.append(_combine(subs, " INTERSECT " if key == "$and" else " UNION "))
        elif key.startswith("$"):
            raise InvalidInput(f"unknown filter operator {key!r} (use $and or $or, or a metadata key)")
        elif isinstance(cond, dict):
            if not cond:
                raise InvalidInput(f"filter on {key!r}: give an operator, e.g. {{'$eq': value}}")
            parts.append(_combine([_operator(key, op, arg, params, values) for op, arg in cond.items()],
                                  " INTERSECT "))
        else:
            parts.append(_operator(key, "$eq", cond, params, values))
    return _combine(parts, " INTERSECT ")


def _combine(parts: list[str], glue: str) -> str:
    if len(parts) == 1:
        return parts[0]
    # Compound selects of equal precedence chain left to right: wrap each part.
    return glue.join(f"SELECT id FROM ({p}) AS f{i}" for i, p in enumerate(parts))


def _operator(key: str, op: Any, arg: Any, params: list[Any], values: Any) -> str:
    if op not in OPERATORS:
        raise InvalidInput(f"filter on {key!r}: unknown operator {op!r} (use one of {', '.join(OPERATORS)})")
    if op in ("$ne", "$nin"):
        positive = _operator(key, "$eq" if op == "$ne" else "$in", arg, params, values)
        return f"{_ALL} EXCEPT SELECT id FROM ({positive}) AS p"
    if key in DOCUMENT_COLUMNS:
        return _document_column(key, op, arg, params)
    base = "SELECT chunk_id AS id FROM meta_index WHERE key = ?"
    if op == "$eq":
        value = _check_value(key, arg)
        params.append(key)
        return f"{base} AND {values.eq(value, params)}"
    if op == "$in":
        if not isinstance(arg, (list, tuple, set)) or not arg:
            raise InvalidInput(f"filter on {key!r}: {op} needs a non-empty list")
        checked = [_check_value(key, v) for v in arg]
        params.append(key)
        return f"{base} AND {values.one_of(checked, params)}"
    if op == "$prefix":
        if not isinstance(arg, str) or not arg:
            raise InvalidInput(f"filter on {key!r}: $prefix needs a non-empty string")
        params.append(key)
        return f"{base} AND {values.prefix(arg, _prefix_upper(arg), params)}"
    sign = COMPARISONS[op]
    value = _comparable(key, op, arg)
    params.append(key)
    if isinstance(value, str):
        stamp = as_timestamp(key, value)
        # A date compares with dates stored as ISO text and as timestamps.
        return f"{base} AND {values.compare(sign, stamp, value, params)}"
    return f"{base} AND {values.compare(sign, value, None, params)}"


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


def insert_index_rows(conn: Any, rows: list[tuple[str, Any, int]]) -> None:
    """Write `index_rows()` output in this backend's layout of `meta_index`."""
    if not rows:
        return
    if is_postgres(conn):
        conn.executemany(
            "INSERT INTO meta_index(key, num, txt, chunk_id) VALUES (?, ?, ?, ?)",
            [(k, None if isinstance(v, str) else v, v if isinstance(v, str) else None, c) for k, v, c in rows],
        )
    else:
        conn.executemany("INSERT OR IGNORE INTO meta_index(key, value, chunk_id) VALUES (?, ?, ?)", rows)
