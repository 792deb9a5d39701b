"""Removing from a base, its trash, restoring and emptying: the `VectorBase` methods.

A mixin so the facade (base.py) stays one readable page; the SQL is in trash.py and
writes.py. Every call is one write transaction that begins a commit, so other
processes' caches and windows learn of it through the change log like any write.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store import queries, trash, writes
from vetorbase.store.changelog import summary
from vetorbase.store.journal import Journal
from vetorbase.store.pgjournal import PgJournal
from vetorbase.store.types import TrashEntry, TrashResult
from vetorbase.store.vectors import check_ids

DAY = 86400.0


class Removal:
    """Removal and trash methods of VectorBase (which provides these attributes)."""

    path: Path
    origin: str
    _journal: Journal | PgJournal

    # -- removing ------------------------------------------------------------------
    def remove_where(self, where: dict[str, Any], *, purge: bool = False, origin: str | None = None) -> int:
        """Remove every chunk matching `where` in one commit; returns chunks removed.

        They go to the trash (restore() brings them back) unless `purge`, which deletes
        them for good.
        """
        if not where:
            raise InvalidInput("remove_where needs a filter; refusing to remove everything")
        return self._remove("remove_where", lambda conn: queries.matching_chunk_ids(conn, where),
                            purge, origin, where)[0]

    def remove_documents(self, doc_ids: Iterable[int], *, purge: bool = False, origin: str | None = None) -> int:
        """Remove whole documents by id in one commit (to the trash unless `purge`); chunks removed."""
        wanted = check_ids(doc_ids, "document ids")
        return self._remove("remove_documents", lambda conn: writes.chunk_ids_of_documents(conn, wanted),
                            purge, origin)[0]

    def remove_chunks(self, chunk_ids: Iterable[int], *, purge: bool = False, origin: str | None = None) -> int:
        """Remove single chunks by id in one commit (to the trash unless `purge`); chunks removed."""
        ids = check_ids(chunk_ids)
        return self._remove("remove_chunks", lambda conn: ids, purge, origin)[0]

    def remove_to_trash(
        self, *, where: dict[str, Any] | None = None, doc_ids: Iterable[int] | None = None,
        chunk_ids: Iterable[int] | None = None, origin: str | None = None,
    ) -> TrashEntry | None:
        """Like remove_where / remove_documents / remove_chunks (give one of where=,
        doc_ids=, chunk_ids=), returning the trash entry it made, or None when nothing
        matched: what an Undo needs to restore exactly this removal."""
        if sum(x is not None for x in (where, doc_ids, chunk_ids)) != 1:
            raise InvalidInput("remove_to_trash needs one of where=, doc_ids= or chunk_ids=")
        if where is not None:
            if not where:
                raise InvalidInput("remove_to_trash needs a filter; refusing to remove everything")
            _n, entry = self._remove("remove_where", lambda conn: queries.matching_chunk_ids(conn, where),
                                     False, origin, where)
        elif doc_ids is not None:
            wanted = check_ids(doc_ids, "document ids")
            _n, entry = self._remove("remove_documents",
                                     lambda conn: writes.chunk_ids_of_documents(conn, wanted), False, origin)
        else:
            ids = check_ids(chunk_ids)
            _n, entry = self._remove("remove_chunks", lambda conn: ids, False, origin)
        return self.trash([entry])[0] if entry is not None else None

    def _remove(self, kind: str, find: Any, purge: bool, origin: str | None,
                where: dict[str, Any] | None = None) -> tuple[int, int | None]:
        origin = origin or self.origin
        with self._journal.write() as conn:
            ids = find(conn)
            if not ids:
                return 0, None
            seq = writes.begin_commit(conn, origin, kind)
            entry = None if purge else trash.move(conn, seq, ids, origin, kind, where)
            removed, gone = writes.delete_chunks(conn, seq, ids)
            if not removed:  # unknown ids
                writes.abandon_commit(conn, seq)
                return 0, None
            record = summary([], gone, gone, 0, removed) | {"trash_entry": entry, "purged": bool(purge)}
            writes.finish_commit(conn, seq, record)
            return removed, entry

    # -- the trash -----------------------------------------------------------------
    def trash(
        self, entries: Sequence[int] | None = None, *, where: dict[str, Any] | None = None,
        source: str | Sequence[str] | None = None, limit: int | None = None,
    ) -> list[TrashEntry]:
        """The trash's entries (or the ones asked for), newest first, at most `limit`, with
        exact counts (kept with each entry: listing costs O(entries), not O(trash)).

        With `where` or `source`, only the entries holding such trashed chunks (their counts
        stay whole); finding them reads the trash, like restore() by the same choice.
        """
        wanted = None if entries is None else check_ids(entries, "trash entry ids")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise InvalidInput(f"limit must be a whole number >= 1, not {limit!r}")
        with self._journal.read() as conn:
            if where or source is not None:
                chosen = trash.chosen_entries(conn, _choice("list", wanted, where, source, None, False))
                wanted = [e for e in chosen if wanted is None or e in wanted]
            return trash.entries(conn, wanted, limit)

    def trash_totals(self) -> TrashResult:
        """Entries, documents and chunks in the whole trash (exact, O(entries))."""
        with self._journal.read() as conn:
            return trash.totals(conn)

    def trash_summary(
        self, entries: Sequence[int] | None = None, *, where: dict[str, Any] | None = None,
        source: str | Sequence[str] | None = None, older_than_days: float | None = None, all: bool = False,
    ) -> TrashResult:
        """What empty_trash() with the same arguments would delete now (exact counts)."""
        choice = _choice("empty", entries, where, source, older_than_days, all)
        with self._journal.read() as conn:
            return trash.chosen(conn, choice)

    def restore(
        self, entries: Sequence[int] | None = None, *, where: dict[str, Any] | None = None,
        source: str | Sequence[str] | None = None, all: bool = False, replace: bool = False,
        origin: str | None = None,
    ) -> TrashResult:
        """Bring trashed chunks back, exactly, under new chunk ids; one commit.

        Choose with trash entry ids, a metadata filter on the trashed chunks, sources,
        or all=True (the choices combine with AND). A document whose source was added
        again meanwhile raises TrashConflict, unless `replace`: then the current version
        goes to the trash and the restored one takes its place.
        """
        choice = _choice("restore", entries, where, source, None, all)
        origin = origin or self.origin
        with self._journal.write() as conn:
            seq = writes.begin_commit(conn, origin, "restore")
            done, created = trash.restore(conn, seq, origin, choice, replace=replace)
            if not done.chunks:
                writes.abandon_commit(conn, seq)
                return done
            record = summary(created, [], list(done.sources), done.chunks, _removed_by(conn, seq))
            record |= {"documents": done.documents, "restored": done.entries}
            writes.finish_commit(conn, seq, record)
        return done

    def empty_trash(
        self, entries: Sequence[int] | None = None, *, where: dict[str, Any] | None = None,
        source: str | Sequence[str] | None = None, older_than_days: float | None = None, all: bool = False,
        origin: str | None = None,
    ) -> TrashResult:
        """Delete trashed chunks for good: by entry, filter, source, age in days, or all."""
        choice = _choice("empty", entries, where, source, older_than_days, all)
        with self._journal.write() as conn:
            seq = writes.begin_commit(conn, origin or self.origin, "empty_trash")
            done = trash.empty(conn, choice)
            if not done.chunks:
                writes.abandon_commit(conn, seq)
                return done
            writes.finish_commit(conn, seq, summary([], [], [], 0, 0) | {
                "trash_entries": done.entries, "trash_documents": done.documents,
                "trash_chunks": done.chunks, "trash_sources": list(done.sources)})
        return done

    @property
    def trash_days(self) -> float:
        """Days an entry stays in the trash before compact() empties it (default 30)."""
        with self._journal.read() as conn:
            return trash.days(conn)

    def set_trash_days(self, days: float) -> None:
        if isinstance(days, bool) or not isinstance(days, (int, float)) or not days >= 0:
            raise InvalidInput(f"trash days must be a number >= 0, not {days!r}")
        with self._journal.write() as conn:
            trash.set_days(conn, days)


def _removed_by(conn: Any, seq: int) -> int:
    """Chunks commit `seq` removed so far (a restore that replaced a newer version)."""
    return int(conn.execute("SELECT count(*) FROM changes WHERE seq = ? AND op = -1", (seq,)).fetchone()[0])


def _choice(verb: str, entries: Sequence[int] | None, where: dict[str, Any] | None,
            source: str | Sequence[str] | None, older_than_days: float | None, all: bool) -> trash.Choice:
    """Check what a restore or an emptying takes: something must be named, or all=True alone."""
    named = entries is not None or bool(where) or source is not None or older_than_days is not None
    if all and named:
        raise InvalidInput(f"{verb}: all=True takes the whole trash; give it no other choice")
    if not all and not named:
        raise InvalidInput(f"say what to {verb}: trash entry ids, where=, source=, "
                           + ("older_than_days= " if verb == "empty" else "") + "or all=True")
    before = None
    if older_than_days is not None:
        if isinstance(older_than_days, bool) or not isinstance(older_than_days, (int, float)) \
                or not older_than_days >= 0:
            raise InvalidInput(f"older_than_days must be a number of days >= 0, not {older_than_days!r}")
        before = time.time() - float(older_than_days) * DAY
    sources = [source] if isinstance(source, str) else (None if source is None else [str(s) for s in source])
    return trash.Choice(entry_ids=None if entries is None else check_ids(entries, "trash entry ids"),
                        sources=sources, where=where or None, older_than=before)
