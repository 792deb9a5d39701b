"""A document's file moved: give it its new source without embedding anything again,
and the base's followed folders (store/folders.py).

Kept out of base.py (a mixin of `VectorBase`) so the facade stays small.
A rename changes no text and no vector, so it records a commit (history, other
processes' listings) but no change rows: no cache has anything to replay.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store import queries, writes
from vetorbase.store.changelog import summary
from vetorbase.store.folders import FolderStore
from vetorbase.store.types import DocumentInfo
from vetorbase.store.vectors import check_ids, check_metadatas
from vetorbase.textcheck import check_text


def rename_in(conn: Any, doc_id: int, new_source: str, updates: dict[str, Any]) -> str | None:
    """Set the document's source (and `updates`, keys derived from it) on the document,
    every chunk and the metadata index. Returns the old source (None: no such document)."""
    row = conn.execute("SELECT source FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    taken = conn.execute("SELECT id FROM documents WHERE source = ?", (new_source,)).fetchone()
    if taken is not None and int(taken[0]) != doc_id:
        raise InvalidInput(f"cannot rename document {doc_id} to {new_source}: another document "
                           f"(id {taken[0]}) has that source; remove it first")
    conn.execute("UPDATE documents SET source = ? WHERE id = ?", (new_source, doc_id))
    writes.set_document_metadata(conn, doc_id, {**updates, "source": new_source}, ())
    return str(row[0])


class RenameMixin:
    """`VectorBase.rename_document` and `VectorBase.folders`."""

    _journal: Any
    origin: str
    path: Any

    @cached_property
    def folders(self) -> FolderStore:
        """The folders this base follows, their settings, file state and leases."""
        return FolderStore(self._journal, str(getattr(self, "location", self.path)))

    def rename_document(self, doc_id: int, new_source: str, *, updates: dict[str, Any] | None = None,
                        origin: str | None = None) -> DocumentInfo:
        """Give document `doc_id` the source `new_source` (its file moved), in one commit.

        Chunk ids, texts and vectors stay as they are, so nothing is embedded again and
        every search finds the same chunks under the new name. `updates` are other
        metadata keys derived from the source (a file name) to set with it. Renaming to
        the source it already has changes nothing; to another document's source is refused.
        """
        if not isinstance(new_source, str) or not new_source:
            raise InvalidInput("a document needs a non-empty source")
        check_text(new_source, "source")
        doc_id = check_ids([doc_id], "document id")[0]
        extra = check_metadatas([updates or {}], 1)[0]
        with self._journal.write() as conn:
            current = queries.get_document(conn, None, doc_id)
            if current is None:
                raise InvalidInput(f"no document with id {doc_id} in {self.path}")
            if current.source == new_source and all(current.metadata.get(k) == v for k, v in extra.items()):
                return current
            seq = writes.begin_commit(conn, origin or self.origin, "rename_document")
            old = rename_in(conn, doc_id, new_source, extra)
            # Neither added nor removed: change notices must not read "1 added, 1 removed".
            record = summary([], [], [new_source], 0, 0)
            writes.finish_commit(conn, seq, record | {"renamed_from": old, "renamed_to": new_source})
            doc = queries.get_document(conn, None, doc_id)
        assert doc is not None
        return doc
