"""Turn what a person types ("type=pdf, source^=/docs/") into the store's `where` dict."""

from __future__ import annotations

import re
from typing import Any

from vetorbase import filtertext
from vetorbase.errors import InvalidInput

OPERATORS = ("equals", "in", "starts with")


def typed(value: str) -> Any:
    """Numbers and booleans as the store holds them; anything else stays text."""
    text = value.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d*", text):
        return float(text)
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def clause(key: str, operator: str, value: str) -> dict[str, Any]:
    """One condition from the removal dialog's key / operator / value."""
    key = key.strip()
    if not key:
        raise InvalidInput("pick a metadata key")
    if operator == "in":
        values = [typed(v) for v in re.split(r"[|,]", value) if v.strip()]
        if not values:
            raise InvalidInput("give at least one value, separated by | or ,")
        return {key: {"$in": values}}
    if operator == "starts with":
        if not value:
            raise InvalidInput("give the start of the value")
        return {key: {"$prefix": value}}
    if value == "":
        raise InvalidInput("give a value")
    return {key: typed(value)}


def parse_filter(text: str) -> dict[str, Any] | None:
    """`key=value; page>2; key in a|b; key^=prefix` -> where dict, None if empty.

    The same dialect as the command line's `--where` (vetorbase.filtertext).
    """
    return filtertext.parse_filter(text)
