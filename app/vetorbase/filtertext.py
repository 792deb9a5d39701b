"""Filters as people type them (`page>2`, `lang!=en`, `source^=/docs/`) -> `where` dicts.

One parser for the command line's repeated `--where` and the window's filter box, so
both accept the same dialect and give the same errors:

    key=value    equal (repeat the key for "any of")   key!=value   not equal
    key>value  key>=value  key<value  key<=value        key^=text    starts with
    key in a|b   any of                                 key not in a|b   none of

Values that read as JSON numbers or true/false are compared as such (`page=3`);
quote them to force text (`page="3"`); dates are written 2026-03-01.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vetorbase.errors import InvalidInput

#: Operator as typed -> the store's operator; longest first so ">=" wins over ">".
SYMBOLS = {"^=": "$prefix", "!=": "$ne", ">=": "$gte", "<=": "$lte", "=": "$eq", ">": "$gt", "<": "$lt"}
_CLAUSE = re.compile(
    r"^\s*(?P<key>[^\s=<>!^]+?)\s*(?P<op>\^=|!=|>=|<=|=|>|<|\s+not\s+in\s+|\s+in\s+)\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
#: Between clauses of the window's box: ";" always, "," when a new clause follows.
_SPLIT = re.compile(r";|,(?=\s*[^=<>!^|,\s]+\s*(?:\^=|!=|>=|<=|=|>|<|\s+in\s|\s+not\s+in\s))", re.IGNORECASE)
SYNTAX = "write key=value, key!=value, key>value (>=, <, <=), key^=prefix, key in a|b or key not in a|b"


def parse_value(text: str) -> Any:
    """`3` -> 3, `2.5` -> 2.5, `true` -> True, `"3"` -> "3", anything else -> text."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, bool | int | float | str):
        return value
    return text


def parse_clause(text: str) -> tuple[str, str, Any]:
    """One clause as (key, store operator, value)."""
    match = _CLAUSE.match(text)
    if not match or not match["value"]:
        raise InvalidInput(f"cannot read filter '{text.strip()}'; {SYNTAX}")
    key, op, raw = match["key"], " ".join(match["op"].lower().split()), match["value"]
    if op in SYMBOLS and op != "^=" and raw[0] in "<>=!":
        raise InvalidInput(f"cannot read filter '{text.strip()}': write >=, <= or != "
                           "(quote a value that starts with < > or =)")
    if op in ("in", "not in"):
        values = [parse_value(v.strip()) for v in re.split(r"[|,]", raw) if v.strip()]
        if not values:
            raise InvalidInput(f"filter {text.strip()!r}: give at least one value, separated by |")
        return key, "$in" if op == "in" else "$nin", values
    return key, SYMBOLS[op], raw if op == "^=" else parse_value(raw)


def where_from_clauses(clauses: list[str]) -> dict[str, Any] | None:
    """Clauses that must all hold, as one `where`; key=value repeated means any of them."""
    equal: dict[str, list[Any]] = {}
    merged: dict[str, dict[str, Any]] = {}
    repeated: list[tuple[str, dict[str, Any]]] = []
    for text in clauses:
        key, op, value = parse_clause(text)
        if op == "$eq":
            equal.setdefault(key, []).append(value)
        elif op in merged.setdefault(key, {}):  # one operator twice on a key: both must hold
            repeated.append((key, {op: value}))
        else:
            merged[key][op] = value
    for key, values in equal.items():
        op, value = ("$eq", values[0]) if len(values) == 1 else ("$in", values)
        if op in merged.setdefault(key, {}):
            repeated.append((key, {op: value}))
        else:
            merged[key][op] = value
    plain = {k: (ops["$eq"] if list(ops) == ["$eq"] else ops) for k, ops in merged.items()}
    if not plain:
        return None
    if not repeated:
        return plain
    return {"$and": [plain, *({k: c} for k, c in repeated)]}


def parse_filter(text: str) -> dict[str, Any] | None:
    """The window's filter box: clauses joined by ";" or "," -> where dict, None if empty."""
    parts = [p for p in _SPLIT.split(text or "") if p.strip()]
    return where_from_clauses(parts) if parts else None
