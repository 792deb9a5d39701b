"""Streaming reader for OpenDocument files (odt, ods, odp).

ODF files are zips of XML, so the zip guard runs first. odfpy, tried first, builds a
Python object per XML node: 27x the XML's size in memory (7 MB of content.xml took
200 MB and 17 s), so a spreadsheet within the zip guard's limits could still take
gigabytes. Here content.xml is parsed as a stream (defusedxml's iterparse: no entity
declarations, no external references) and each block (a paragraph, a table row, a
slide) is handed over whole and then dropped, so memory holds one block and the open
path to it. Trees are walked with explicit stacks: a document nested thousands of
levels deep costs time in proportion to its size, not a RecursionError.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from typing import Any

from vetorbase.errors import IngestError
from vetorbase.ingest.metadata import document_fields
from vetorbase.ingest.units import LoadOptions
from vetorbase.ingest.zipguard import check_zip, inflated_limit

Element = Any  # xml.etree.ElementTree.Element

_PARAGRAPHS = frozenset({"p", "h"})
_CELLS = frozenset({"table-cell", "covered-table-cell"})
#: Text that is not part of the document's flow.
_NOT_SHOWN = frozenset({"annotation", "note-citation", "tracked-changes"})


def open_odf(data: bytes, kind: str, options: LoadOptions) -> zipfile.ZipFile:
    """The zip, after the guard; IngestError when it holds no OpenDocument content."""
    import io

    check_zip(data, kind, max_inflated=inflated_limit(options.max_chars))
    archive = zipfile.ZipFile(io.BytesIO(data))
    if "content.xml" not in archive.namelist():
        raise IngestError(f"broken {kind}: no content.xml inside (not an OpenDocument file)")
    return archive


def local(tag: Any) -> str:
    """The element's local name ("p", "table-row") without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def attr(node: Element, name: str) -> str | None:
    """An attribute by its local name, whatever its namespace."""
    for key, value in node.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return None


def blocks(archive: zipfile.ZipFile, part: str, kind: str, roots: frozenset[str],
           marks: frozenset[str] = frozenset()) -> Iterator[tuple[str, Element]]:
    """Stream `part`: ("start"/"end", element) for elements named in `marks`, and
    ("block", element) for each outermost element named in `roots` once it is complete
    (its whole subtree), after which it is dropped. Marks inside a root, and anything
    inside `_NOT_SHOWN` elements, are not yielded."""
    from defusedxml.ElementTree import iterparse

    path: list[Element] = []
    keep = 0  # open roots: their subtrees are kept until the outermost one ends
    hidden = 0
    try:
        with archive.open(part) as stream:
            for event, node in iterparse(stream, events=("start", "end")):
                name = local(node.tag)
                if event == "start":
                    path.append(node)
                    hidden += name in _NOT_SHOWN
                    if name in marks and not hidden and not keep:
                        yield "start", node
                    keep += name in roots
                    continue
                path.pop()
                if name in roots:
                    keep -= 1
                    if keep == 0 and not hidden:
                        yield "block", node
                elif name in marks and not hidden and not keep:
                    yield "end", node
                hidden -= name in _NOT_SHOWN
                if keep == 0 and path:
                    path[-1].remove(node)  # the only child left: O(1)
    except IngestError:
        raise
    except Exception as e:  # expat and defusedxml errors, damaged streams
        raise IngestError(f"broken {kind}: {part} cannot be read ({type(e).__name__}: {e})") from e


def elements(root: Element, names: frozenset[str],
             stop: frozenset[str] = frozenset()) -> Iterator[Element]:
    """Elements named in `names` under `root` in document order, without descending
    into the ones found nor into those named in `stop`."""
    stack = [iter(root)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        name = local(node.tag)
        if name in names:
            yield node
        elif name not in stop and name not in _NOT_SHOWN:
            stack.append(iter(node))


def node_text(root: Element) -> str:
    """Text of a paragraph-like element: spaces, tabs and line breaks kept."""
    parts: list[str] = []
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        if finished:
            if node is not root and node.tail:
                parts.append(node.tail)
            continue
        stack.append((node, True))
        name = local(node.tag)
        if node is not root and name in _NOT_SHOWN:
            continue
        if name == "s":
            parts.append(" " * int(attr(node, "c") or 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        stack.extend((child, False) for child in reversed(node))
    return "".join(parts)


def paragraphs(root: Element, stop: frozenset[str] = frozenset()) -> Iterator[str]:
    """Paragraphs and headings in order; a table row becomes one "a | b" line."""
    if local(root.tag) in _PARAGRAPHS:
        yield node_text(root)
        return
    for node in elements(root, _PARAGRAPHS | {"table-row"}, stop):
        if local(node.tag) == "table-row":
            cells = [" ".join(node_text(p) for p in elements(cell, _PARAGRAPHS)).strip()
                     for cell in elements(node, _CELLS)]
            line = " | ".join(c for c in cells if c)
            if line:
                yield line
        else:
            yield node_text(node)


def odf_metadata(archive: zipfile.ZipFile) -> dict[str, str]:
    """Title, author (the first author, else the last editor), dates and language."""
    if "meta.xml" not in archive.namelist():
        return {}
    found: dict[str, str] = {}
    for kind, node in blocks(archive, "meta.xml", "metadata", frozenset(
            {"title", "initial-creator", "creator", "creation-date", "date", "language"})):
        if kind == "block":
            found.setdefault(local(node.tag), node_text(node).strip())
    return document_fields(
        title=found.get("title"),
        author=found.get("initial-creator") or found.get("creator"),
        created=found.get("creation-date"),
        modified=found.get("date"),
        language=found.get("language"),
    )
