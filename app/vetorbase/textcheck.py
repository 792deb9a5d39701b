"""Refusing text that cannot be stored, with the field named, before anything is written.

Python strings may hold lone surrogates ("\\udcff"): file names decoded with
`surrogateescape`, JSON with "\\ud800" escapes, text cut in the middle of a UTF-16 pair.
SQLite stores UTF-8, so binding such a string fails deep inside a write with a raw
`UnicodeEncodeError`. These checks turn that into `InvalidInput` naming the field.
"""

from __future__ import annotations

from typing import Any

from vetorbase.errors import InvalidInput


def check_text(value: str, field: str) -> None:
    """Raise InvalidInput when `value` cannot be encoded as UTF-8 (lone surrogates)."""
    if value.isascii():  # the common case costs one fast scan
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        bad = value[e.start]
        raise InvalidInput(
            f"{field}: contains {bad!r} at character {e.start}, half of a UTF-16 pair (a "
            "lone surrogate) that UTF-8 cannot store; it usually comes from text decoded "
            "with the wrong encoding. Repair or drop that character.") from None


def check_tree(value: Any, field: str) -> None:
    """`check_text` on every string (keys too) inside dicts, lists and tuples.

    Iterative, so metadata nested thousands of levels deep does not hit the recursion
    limit here; containers met twice (shared or cyclic) are checked once.
    """
    stack: list[tuple[Any, str]] = [(value, field)]
    seen: set[int] = set()
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            check_text(item, where)
        elif isinstance(item, dict | list | tuple | set | frozenset):
            if id(item) in seen:
                continue
            seen.add(id(item))
            if isinstance(item, dict):
                for key, sub in item.items():
                    name = f"{where}[{key!r:.60}]" if where == field else where
                    if isinstance(key, str):
                        check_text(key, f"{where} (a key)")
                    stack.append((sub, name))
            else:
                stack.extend((sub, where) for sub in item)
