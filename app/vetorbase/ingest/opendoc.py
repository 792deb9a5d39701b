"""Shared reading of OpenDocument files (odt, ods, odp) with odfpy.

ODF files are zips of XML, so the zip guard runs first. The XML trees are walked with an
explicit stack, not recursion: a document nested thousands of levels deep must cost
time proportional to its size, not a RecursionError.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from vetorbase.errors import IngestError
from vetorbase.ingest.metadata import document_fields
from vetorbase.ingest.units import LoadOptions
from vetorbase.ingest.zipguard import check_zip, inflated_limit


def open_odf(data: bytes, kind: str, options: LoadOptions) -> Any:
    """The odfpy document, after the zip guard; IngestError when it is not one."""
    from odf.opendocument import load

    check_zip(data, kind, max_inflated=inflated_limit(options.max_chars))
    try:
        return load(io.BytesIO(data))
    except Exception as e:  # odfpy raises KeyError, ExpatError...: one line per file
        raise IngestError(f"broken {kind}: not a readable OpenDocument file ({e})") from e


def local(node: Any) -> str:
    """The element's local name ("p", "table-row"), or "" for text nodes."""
    qname = getattr(node, "qname", None)
    return qname[1] if qname else ""


def attr(node: Any, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace prefix."""
    for (_, key), value in getattr(node, "attributes", {}).items():
        if key == name:
            return value
    return None


def elements(root: Any, names: frozenset[str], stop: frozenset[str] = frozenset()) -> Iterator[Any]:
    """Elements named in `names` under `root` in document order, without descending
    into the ones found nor into those named in `stop`."""
    stack = [iter(root.childNodes)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        name = local(node)
        if name in names:
            yield node
        elif name and name not in stop:
            stack.append(iter(node.childNodes))


def node_text(node: Any) -> str:
    """Text of a paragraph-like element: spaces, tabs and line breaks kept."""
    parts: list[str] = []
    stack = [iter(node.childNodes)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        name = local(child)
        if not name:
            parts.append(str(child.data) if hasattr(child, "data") else "")
        elif name == "s":
            parts.append(" " * int(attr(child, "c") or 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in ("note-citation", "annotation"):
            stack.append(iter(child.childNodes))
    return "".join(parts)


_PARAGRAPHS = frozenset({"p", "h"})
_ROW = frozenset({"table-row"})
_CELLS = frozenset({"table-cell", "covered-table-cell"})


def paragraphs(root: Any, stop: frozenset[str] = frozenset()) -> Iterator[str]:
    """Paragraphs and headings in order; a table row becomes one "a | b" line."""
    for node in elements(root, _PARAGRAPHS | _ROW, stop):
        if local(node) == "table-row":
            cells = [" ".join(node_text(p) for p in elements(cell, _PARAGRAPHS)).strip()
                     for cell in elements(node, _CELLS)]
            line = " | ".join(c for c in cells if c)
            if line:
                yield line
        else:
            yield node_text(node)


def odf_metadata(document: Any) -> dict[str, str]:
    """Title, author (the first author, else the last editor), dates and language."""
    found: dict[str, str] = {}
    meta = getattr(document, "meta", None)
    if meta is None:
        return {}
    for node in meta.childNodes:
        name = local(node)
        if name:
            found.setdefault(name, node_text(node).strip())
    return document_fields(
        title=found.get("title"),
        author=found.get("initial-creator") or found.get("creator"),
        created=found.get("creation-date"),
        modified=found.get("date"),
        language=found.get("language"),
    )
