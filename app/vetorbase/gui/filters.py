"""Turn what a person types ("type=pdf, source^=/docs/") into the store's `where` dict."""

from __future__ import annotations

import re
from typing import Any

from vetorbase import filtertext
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from vetorbase.errors import InvalidInput

OPERATORS = ("equals", "in", "starts with")



def operator_label(operator: str) -> str:
    """The condition's name in the window's language (OPERATORS stay the program's names)."""
    labels = {"equals": QT_TRANSLATE_NOOP("filters", "equals"), "in": QT_TRANSLATE_NOOP("filters", "is one of"),
              "starts with": QT_TRANSLATE_NOOP("filters", "starts with")}
    return QCoreApplication.translate("filters", labels.get(operator, operator))


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
        raise InvalidInput(QCoreApplication.translate("filters", "pick a metadata key"))
    if operator == "in":
        values = [typed(v) for v in re.split(r"[|,]", value) if v.strip()]
        if not values:
            raise InvalidInput(QCoreApplication.translate("filters", "give at least one value, separated by | or ,"))
        return {key: {"$in": values}}
    if operator == "starts with":
        if not value:
            raise InvalidInput(QCoreApplication.translate("filters", "give the start of the value"))
        return {key: {"$prefix": value}}
    if value == "":
        raise InvalidInput(QCoreApplication.translate("filters", "give a value"))
    return {key: typed(value)}


def parse_filter(text: str) -> dict[str, Any] | None:
    """`key=value; page>2; key in a|b; key^=prefix` -> where dict, None if empty.

    The same dialect as the command line's `--where` (vetorbase.filtertext).
    """
    return filtertext.parse_filter(text)
