"""Reading an untrusted LangChain `index.pkl` without running it or letting it explode.

Three attacks are stopped here, each while the data is being read, not afterwards:

- **Code execution.** Only LangChain's docstore and document classes (as inert
  placeholders, so no LangChain code runs either) and a few plain builtins resolve;
  any other global is refused with `UnsafePickle` before it is touched.
- **Hash bombs.** A pickle may use a tuple built from shared references (2^60 leaves in
  a few hundred bytes) as a dict key, or thousands of integers that collide modulo
  2^61-1; hashing those never ends. Keys and set elements must therefore be plain
  scalars whose hash costs O(1) (small ints, text, bytes, floats, dates), checked before
  each insertion. This needs the pure-Python unpickler (the C one cannot be hooked): about
  3x slower, still ~1.5 s for 50,000 documents.
- **Billion laughs.** Shared references make a tiny file describe a huge tree. The
  unpickled graph itself is linear in the file size; only copying it out expands it, so
  `PlainConverter` counts every value it emits (shared ones each time) against a budget
  proportional to the file, and refuses the file the moment the budget runs out. It also
  refuses self-referencing and absurdly deep metadata with `InvalidInput`.
"""

from __future__ import annotations

import datetime as _dt
import io
import math
import os
import pickle
from pathlib import Path
from typing import Any, Self

from vetorbase.errors import IngestError, InvalidInput, UnsafePickle, VetorbaseError
from vetorbase.textcheck import check_text

#: Converted values allowed per file: a floor for small files, plus one per byte.
NODE_FLOOR = 1_000_000
#: Characters of text (documents and metadata) allowed per file: a floor plus 8 per byte,
#: so legitimately shared metadata (one dict reused by many chunks) still fits.
CHAR_FLOOR = 64 * 1024 * 1024
CHARS_PER_BYTE = 8
#: Metadata nested deeper than this is refused (JSON and the store recurse on it).
MAX_DEPTH = 100
#: Integer dict keys / memo indexes beyond this could be chosen to collide in a hash table.
_MAX_HASH_INT = 2**61 - 1


class _Inert:
    """Placeholder for an admitted LangChain class: keeps its state, runs nothing."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Self:
        obj = object.__new__(cls)
        obj.__dict__["_args"] = args
        return obj

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __setstate__(self, state: Any) -> None:
        self.__dict__["_state"] = state


class Docstore(_Inert):
    """Stands in for `InMemoryDocstore` (state: {"_dict": {id: Document}})."""


class Document(_Inert):
    """Stands in for LangChain's `Document` (pydantic v1 or v2 pickled state)."""


_CHEAP_HASH = (str, bytes, bool, float, type(None), _dt.datetime, _dt.date, _dt.time,
               _dt.timedelta)


def _check_hashable(items: Any) -> None:
    for item in items:
        kind = type(item)
        if kind is int:
            if -_MAX_HASH_INT < item < _MAX_HASH_INT:
                continue
        elif kind in _CHEAP_HASH:
            continue
        raise pickle.UnpicklingError(
            f"a {kind.__name__} used as a dict key or set element (LangChain data keys "
            "documents by text and positions by small numbers)")


def _set(items: Any = ()) -> set[Any]:
    values = list(items)
    _check_hashable(values)
    return set(values)


def _frozenset(items: Any = ()) -> frozenset[Any]:
    values = list(items)
    _check_hashable(values)
    return frozenset(values)


def _bytearray(data: bytes | str = b"", *rest: Any) -> bytearray:
    # bytearray(10**12) from a hostile pickle would exhaust memory: only copy data.
    if not isinstance(data, bytes | str):
        raise pickle.UnpicklingError("bytearray from something other than bytes")
    return bytearray(data, *rest) if isinstance(data, str) else bytearray(data)


_DOCSTORES = ("langchain_community.docstore.in_memory", "langchain.docstore.in_memory")
_DOCUMENTS = (
    "langchain_core.documents.base",
    "langchain_core.documents",
    "langchain.schema.document",
    "langchain.schema",
    "langchain.docstore.document",
)
ALLOWED_GLOBALS: dict[tuple[str, str], Any] = {
    **{(m, "InMemoryDocstore"): Docstore for m in _DOCSTORES},
    **{(m, "Document"): Document for m in _DOCUMENTS},
    ("builtins", "set"): _set,
    ("builtins", "frozenset"): _frozenset,
    ("builtins", "complex"): complex,
    ("builtins", "bytearray"): _bytearray,
    ("datetime", "datetime"): _dt.datetime,
    ("datetime", "date"): _dt.date,
    ("datetime", "time"): _dt.time,
    ("datetime", "timedelta"): _dt.timedelta,
}

_Base = pickle._Unpickler  # type: ignore[attr-defined]  # the hookable pure-Python one


def _load_dict(self: _Base) -> None:
    items = self.pop_mark()
    _check_hashable(items[0::2])
    self.append({items[i]: items[i + 1] for i in range(0, len(items), 2)})


def _load_setitem(self: _Base) -> None:
    _check_hashable(self.stack[-2:-1])
    _Base.load_setitem(self)


def _load_setitems(self: _Base) -> None:
    _check_hashable(self.stack[0::2])  # before pop_mark: the stack holds k, v, k, v...
    _Base.load_setitems(self)


def _load_additems(self: _Base) -> None:
    _check_hashable(self.stack)
    _Base.load_additems(self)


def _load_frozenset(self: _Base) -> None:
    self.append(_frozenset(self.pop_mark()))


def _load_build(self: _Base) -> None:
    # Only placeholders take state: BUILD on an admitted function could set attributes
    # such as its __defaults__, changing what later pickles in this process produce.
    if not isinstance(self.stack[-2], _Inert):
        raise pickle.UnpicklingError(f"state set on a {type(self.stack[-2]).__name__}")
    _Base.load_build(self)


def _load_put(self: _Base) -> None:
    line = self.readline()[:-1]
    if len(line) > 10 or not line.isdigit() or int(line) >= 2**32:
        raise pickle.UnpicklingError("memo index out of range")
    self.memo[int(line)] = self.stack[-1]


class _SafeUnpickler(_Base):
    dispatch = dict(_Base.dispatch)
    dispatch[pickle.DICT[0]] = _load_dict
    dispatch[pickle.SETITEM[0]] = _load_setitem
    dispatch[pickle.SETITEMS[0]] = _load_setitems
    dispatch[pickle.ADDITEMS[0]] = _load_additems
    dispatch[pickle.FROZENSET[0]] = _load_frozenset
    dispatch[pickle.PUT[0]] = _load_put
    dispatch[pickle.BUILD[0]] = _load_build

    def __init__(self, file: io.BufferedIOBase, path: Path) -> None:
        super().__init__(file)
        self._path = path

    def find_class(self, module: str, name: str) -> Any:
        try:
            return ALLOWED_GLOBALS[(module, name)]
        except KeyError:
            err = UnsafePickle(
                f"{self._path}: refused to load it because it references {module}.{name}, "
                "which is not LangChain document data. Vetorbase never runs code from a "
                "pickle; if you trust the file, load it with LangChain and save plain "
                "documents again."
            )
            err.path = str(self._path)  # type: ignore[attr-defined]
            err.refused = f"{module}.{name}"  # type: ignore[attr-defined]
            raise err from None

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("persistent ids are not LangChain document data")


def safe_load_pickle(path: str | os.PathLike[str]) -> Any:
    """Unpickle `path` admitting only `ALLOWED_GLOBALS`; nothing in it is executed."""
    p = Path(path)
    try:
        with open(p, "rb") as f:
            return _SafeUnpickler(f, p).load()
    except VetorbaseError:
        raise
    except FileNotFoundError:
        raise IngestError(f"{p}: no such file", path=str(p)) from None
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError,
            IndexError, KeyError, MemoryError, OverflowError, UnicodeDecodeError,
            RecursionError) as e:
        raise IngestError(f"{p}: not a readable LangChain pickle ({e})", path=str(p)) from None


class PlainConverter:
    """Copies unpickled values into JSON-able ones, within a budget for the whole file.

    Sets become sorted lists, dates ISO text, bytes text. Every value emitted counts,
    shared ones each time they are reached, so expansion stops at the budget however
    the references are arranged; the texts of documents are charged with `charge_text`.
    """

    def __init__(self, path: Path, file_size: int) -> None:
        self.path = path
        self.file_size = file_size
        self.max_nodes = NODE_FLOOR + file_size
        self.max_chars = CHAR_FLOOR + CHARS_PER_BYTE * file_size
        self.nodes = 0
        self.chars = 0
        self._open: set[int] = set()  # containers on the current path: cycle detection

    def _refuse(self) -> UnsafePickle:
        err = UnsafePickle(
            f"{self.path}: refused: its documents expand to more than "
            f"{self.max_nodes:,} values or {self.max_chars // 2**20:,} MiB of text, far "
            f"more than its {self.file_size:,} bytes can hold without shared references "
            "(a \"billion laughs\" pickle). Nothing was imported. If the file is genuine, "
            "save its documents again from LangChain without sharing metadata objects.")
        err.path = str(self.path)  # type: ignore[attr-defined]
        return err

    def charge_text(self, text: str, where: str) -> None:
        """Count a document's text against the budget and refuse unstorable characters."""
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise self._refuse()
        check_text(text, where)

    def convert(self, value: Any, where: str, depth: int = 0) -> Any:
        """A JSON-able copy of `value`; `where` names it in errors (file, document, key)."""
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self._refuse()
        kind = type(value)
        if kind is str:
            self.charge_text(value, where)
            return value
        if value is None or kind is bool:
            return value
        if kind is int:
            if -2**63 <= value < 2**63:
                return value
            if value.bit_length() > 4000:
                raise InvalidInput(f"{where}: an integer with {value.bit_length()} bits")
            return str(value)  # SQLite's JSON holds 64-bit integers; keep the digits
        if kind is float:
            return value if math.isfinite(value) else None
        if kind is bytes or kind is bytearray:
            text = bytes(value).decode("utf-8", "replace")
            self.charge_text(text, where)
            return text
        if kind is complex:
            return str(value)
        if isinstance(value, _dt.date | _dt.time):
            return value.isoformat()
        if kind is _dt.timedelta:
            return value.total_seconds()
        if kind not in (dict, list, tuple, set, frozenset):
            raise InvalidInput(f"{where}: holds a {kind.__name__.lstrip('_')} object, which "
                               "is not plain metadata (text, numbers, lists, dicts)")
        if depth >= MAX_DEPTH:
            raise InvalidInput(f"{where}: metadata nested more than {MAX_DEPTH} levels deep; "
                               "flatten it before importing")
        if id(value) in self._open:
            raise InvalidInput(f"{where}: metadata that contains itself (a reference "
                               "cycle) cannot be stored; remove the cycle before importing")
        self._open.add(id(value))
        try:
            if kind is dict:
                return {self._key(k, where): self.convert(
                    v, f"{where}[{k!r:.60}]" if depth == 0 else where, depth + 1)
                    for k, v in value.items()}
            items = [self.convert(v, where, depth + 1) for v in value]
        finally:
            self._open.discard(id(value))
        return sorted(items, key=repr) if kind in (set, frozenset) else items

    def _key(self, key: Any, where: str) -> str:
        if type(key) is str:
            self.charge_text(key, where)
            return key
        return str(self.convert(key, where, MAX_DEPTH))  # keys are scalars (see unpickler)
