"""Everything the window does to a base, run only on the worker thread (no Qt here).

One Session per window owns the process's shared `VectorBase` for that folder and the
embedder that built it; the UI never calls these methods directly: it sends the typed
requests of requests.py through the worker (worker.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from vetorbase.errors import Cancelled, EmbedderMismatch, NotABase, VetorbaseError
from vetorbase.gui.passwords import Secret
from vetorbase.gui.prefs import Preferences
from vetorbase.gui.reembedwork import follow_embedder

PER_TYPE_SCAN_LIMIT = 20000
T = TypeVar("T")
PREVIEW_LIST_LIMIT = 200  # documents listed in the removal preview; the counts are always exact


@dataclass(frozen=True)
class Page:
    offset: int
    docs: list
    total: int


@dataclass(frozen=True)
class Overview:
    stats: Any
    history: list[dict]
    per_type: list[tuple[str, int]]


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: list
    elapsed_ms: float


@dataclass(frozen=True)
class FileOutcome:
    """One file of an ingestion queue: status is added/replaced/skipped/failed/cancelled, or
    duplicate (skipped: the base holds its content under another name; `reason` says which)."""

    path: str
    status: str
    chunks: int = 0
    reason: str = ""


@dataclass(frozen=True)
class ExternalChanges:
    """Changes by other processes caught up in the middle of a long request (a big file)."""

    changes: Any


@dataclass(frozen=True)
class IngestProgress:
    path: str
    stage: str
    fraction: float


@dataclass
class Session:
    """Worker-thread state: the base, the embedder, and the operations the UI may request."""

    base_path: Path | str  # a folder, or a server base's URL without its password
    prefs: Preferences = field(default_factory=Preferences)
    origin: str | None = None
    password: Secret = field(default_factory=lambda: Secret(None), repr=False)
    base: Any = None
    embedder: Any = None
    progress_sink: Callable[[object], None] = lambda _item: None
    yield_point: Callable[..., None] = lambda wait=0.0: None  # set by the Worker: serve urgent requests now
    _per_type_cache: tuple[int, list] | None = None
    _last_midway: float = 0.0

    # -- opening -------------------------------------------------------------------
    def open_base(self, create: bool = False) -> Any:
        """Open (or create with the preferred embedder) the base and load its embedder."""
        from vetorbase.bases import open_base

        opened = open_base(self.base_path, password=self.password.value, create=create,
                           default_embedder=self.prefs.embedder_id(), origin=self.origin,
                           missing_hint="create one or pick another folder")
        self.base, self.embedder = opened.base, opened.embedder
        self.base.refresh()
        self._warm_up()
        return self.base.stats()

    def _warm_up(self) -> None:
        """Load the local model now, while the window says "Opening…", not on the first search."""
        if not str(getattr(self.embedder, "embedder_id", "")).startswith("local:"):
            return  # a server embedder is only contacted when needed
        try:
            self.embedder.embed_query("warm up")
        except VetorbaseError:
            pass  # the first real request reports it properly

    def set_prefs(self, prefs: Preferences) -> None:
        self.prefs = prefs

    def _require(self) -> Any:
        if self.base is None:
            raise NotABase(f"{self.base_path} is not open yet")
        return self.base

    # -- reads ---------------------------------------------------------------------
    def documents_page(self, offset: int, limit: int, sort: str, descending: bool, text: str | None) -> Page:
        base = self._require()
        text = text or None
        total = base.document_count(text=text)
        docs = base.documents(offset=offset, limit=limit, sort=sort, descending=descending, text=text)
        return Page(offset, docs, total)

    def locate(self, doc_ids: list[int], sort: str, descending: bool, text: str | None,
               max_rows: int = 5000, page_size: int = 200) -> list[Page]:
        """The list pages holding these documents (scanning at most `max_rows` rows), so the
        window can keep a selection that moved out of the pages it had loaded."""
        base = self._require()
        wanted, found = set(doc_ids), []
        total = base.document_count(text=text or None)
        for offset in range(0, min(total, max_rows), page_size):
            docs = base.documents(offset=offset, limit=page_size, sort=sort, descending=descending, text=text or None)
            ids = {d.id for d in docs}
            if ids & wanted:
                found.append(Page(offset, docs, total))
                wanted -= ids
            if not wanted or len(docs) < page_size:
                break
        return found

    def document_detail(self, doc_id: int) -> tuple[Any, list]:
        base = self._require()
        return base.get_document(doc_id=doc_id), base.chunks(doc_id)

    def set_metadata(self, doc_id: int, updates: dict, remove: tuple[str, ...]) -> Any:
        return self._require().set_metadata(doc_id, updates, remove=remove, origin=self.origin)

    def chunks_by_ids(self, ids: list[int]) -> list:
        return self._require().get_chunks(ids)

    def search(self, query: str, k: int, where: dict | None, mode: str = "semantic") -> SearchResult:
        base = self._require()
        started = time.perf_counter()
        try:
            vector = self.embedder.embed_query(query) if mode != "keyword" else None
            hits = base.search(vector, k=k, where=where or None, mode=mode, text=query)
        except EmbedderMismatch:
            if not follow_embedder(self):  # re-embedded by another program since our last catch-up
                raise
            vector = self.embedder.embed_query(query) if mode != "keyword" else None
            hits = base.search(vector, k=k, where=where or None, mode=mode, text=query)
        return SearchResult(query, hits, (time.perf_counter() - started) * 1000.0)

    def evaluate(self, query_set: str, modes: tuple[str, ...], k: int, where: dict | None) -> list:
        """The "Test retrieval" pane's run (vetorbase.evaluation); lets searches in between."""
        from vetorbase.evaluation import evaluate, parse_query_set

        queries = parse_query_set(query_set, "the query set")
        return evaluate(self._require(), queries, modes=modes, k=k, where=where or None,
                        embed=self.embedder.embed_query, progress=lambda _d, _t: self.yield_point())

    def overview(self, with_types: bool = True) -> Overview:
        """Stats and history; the per-type scan (O(documents)) only when the Stats pane shows."""
        base = self._require()
        stats = base.stats()
        per_type = self._per_type(base, stats.seq) if with_types else []
        return Overview(stats, base.history(limit=500), per_type)

    def _per_type(self, base: Any, seq: int) -> list[tuple[str, int]]:
        if self._per_type_cache and self._per_type_cache[0] == seq:
            return self._per_type_cache[1]
        counts: dict[str, int] = {}
        offset = 0
        while offset < PER_TYPE_SCAN_LIMIT:
            docs = base.documents(offset=offset, limit=1000, sort="added_at")
            for doc in docs:
                suffix = Path(doc.source).suffix.lower().lstrip(".") or "text"
                counts[suffix] = counts.get(suffix, 0) + 1
            if len(docs) < 1000:
                break
            offset += 1000
        result = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        self._per_type_cache = (seq, result)
        return result

    def journal_seq(self) -> int:
        return self._require().journal_seq()

    def refresh(self) -> Any:
        changes = self._require().refresh()
        follow_embedder(self)  # another program re-embedded the base: take its embedder
        return changes

    def change_log(self, from_seq: int, to_seq: int, limit: int = 2000) -> list[dict]:
        """The commits after `from_seq` up to `to_seq`, with their summaries (for notices)."""
        base = self._require()
        newest = base.journal_seq()
        commits = base.history(limit=max(1, min(limit, newest - from_seq)))
        return [c for c in commits if from_seq < c["seq"] <= to_seq]

    def preview_where(self, where: dict) -> tuple[list, int, int]:
        """(first documents listed, exact document count, exact chunk count): a destructive
        confirmation states the library's own counts, however few documents it lists."""
        base = self._require()
        docs, _ = base.preview_where(where, limit=PREVIEW_LIST_LIMIT)
        documents, chunks = base.count_matching(where)
        return docs, documents, chunks

    def metadata_keys(self) -> list[str]:
        return self._require().metadata_keys()

    def metadata_values(self, key: str, prefix: str = "") -> tuple[str, list]:
        return key, self._require().metadata_values(key, prefix=prefix, limit=200)

    # -- writes --------------------------------------------------------------------
    def _absorb(self) -> None:
        """Catch up right after our own write, in the same job, so the next refresh() the
        watcher asks for reports only other processes' changes (they get a notice, ours not)."""
        self._require().refresh()

    def remove_where(self, where: dict) -> Any:
        """To the trash: the TrashEntry (None when nothing matched), for Undo."""
        return self.with_base(lambda base: base.remove_to_trash(where=where), write=True)

    def remove_documents(self, doc_ids: Iterable[int]) -> Any:
        return self.with_base(lambda base: base.remove_to_trash(doc_ids=list(doc_ids)), write=True)

    def with_base(self, op: Callable[[Any], T], *, write: bool = False) -> T:
        """Run `op(base)` (the trash requests, trashrequests.py); after a write, absorb it."""
        result = op(self._require())
        if write:
            self._absorb()
        return result

    def expand_paths(self, paths: list[str]) -> list[tuple[str, FileOutcome | None]]:
        """Files to ingest (None) or already decided (hidden, unsupported type) with the reason."""
        from vetorbase.ingest import expand_paths

        out: list[tuple[str, FileOutcome | None]] = []
        for entry in expand_paths(paths):
            r = entry.result
            out.append((entry.path, None if r is None else FileOutcome(r.path, r.status, r.chunks, r.reason)))
        return out

    def ingest_file(self, path: str, cancel: threading.Event, skip_duplicates: bool = False) -> FileOutcome:
        """Ingest one file; the queue is split per file so searches can run in between."""
        from vetorbase.ingest import ingest

        if cancel.is_set():
            return FileOutcome(path, "cancelled", reason="cancelled before it started")
        base = self._require()
        last = [0.0]

        def progress(p: Any) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or p.fraction >= 1.0:
                last[0] = now
                self.progress_sink(IngestProgress(path, str(p.stage), float(p.fraction or 0.0)))
            if p.stage == "embedding":
                # After telling the UI of others' changes, give it a moment to ask for the new rows.
                self.yield_point(0.2 if self._catch_up_midway(base) else 0.0)

        try:
            report = ingest([path], base, self.embedder, chunk_size=self.prefs.chunk_size,
                            chunk_overlap=self.prefs.chunk_overlap, progress=progress, cancel=cancel,
                            origin=self.origin, max_file_mb=self.prefs.max_file_mb,
                            skip_duplicates=skip_duplicates)
        except Cancelled:
            return FileOutcome(path, "cancelled", reason="cancelled; nothing of it was stored")
        if report.cancelled:
            return FileOutcome(path, "cancelled", reason="cancelled; nothing of it was stored")
        results = [*report.added, *report.replaced, *report.skipped, *report.failed]
        if report.added or report.replaced:
            self._absorb()
        if not results:
            return FileOutcome(path, "failed", reason="no supported content found in this file")
        first = results[0]
        if first.duplicate_of:
            if first.status == "skipped":
                return FileOutcome(path, "duplicate", first.chunks, first.reason)
            return FileOutcome(path, first.status, first.chunks, f"same content as {first.duplicate_of}")
        reason = first.reason or ("unchanged since it was last added" if first.status == "skipped" else "")
        return FileOutcome(path, first.status, first.chunks, reason)

    def _catch_up_midway(self, base: Any) -> bool:
        """While a big file embeds (seconds), still show other processes' commits: the check
        is O(1), and nothing of this file is committed yet, so the changes are all theirs."""
        now = time.monotonic()
        if now - self._last_midway < 0.25:
            return False
        self._last_midway = now
        if base.journal_seq() != base.seq:
            changes = base.refresh()
            if changes.changed:
                self.progress_sink(ExternalChanges(changes))
                return True
        return False

    def test_connection(self, embedder_id: str) -> str:
        from vetorbase.embeddings import get_embedder

        result = get_embedder(embedder_id).test_connection()
        if isinstance(result, int):
            return f"connected: the model returns {result}-dimensional vectors"
        return str(result)

    def import_langchain(self, folder: str) -> Any:
        """Import a LangChain FAISS folder into this (new or open) base without unpickling code."""
        from vetorbase.integrations import langchain_faiss

        try:
            return langchain_faiss.import_langchain_folder(folder, self._require(), origin=self.origin)
        finally:
            self._absorb()

    def map_data(self, limit: int) -> Any:
        """The map's points: a sample of chunk vectors projected to 2D (projection.py)."""
        from vetorbase.gui.projection import build_map

        base = self._require()
        ids, doc_ids, sources, vectors = base.sample_vectors(limit)
        return build_map(ids, doc_ids, sources, vectors, base.count(), base.journal_seq())

    def project_chunks(self, ids: list[int], projection: Any) -> tuple[list[int], Any]:
        """Map coordinates of chunks outside the sample (search hits), on the map's axes."""
        base = self._require()
        known = [c.id for c in base.get_chunks(ids)]
        return known, projection.project(base.vectors(known))

    def compact(self) -> dict:
        result = self._require().compact()
        self._absorb()
        return result

    def check(self) -> list[str]:
        return self._require().check()

    def relink_document(self, doc_id: int, new_path: str) -> Any:
        """Point a document at its file's new place: the same document, chunks and vectors
        under the new source (`rename_document`, one commit; nothing is embedded again).

        Refused unless the file there has the same content."""
        from vetorbase.errors import InvalidInput
        from vetorbase.ingest.metadata import absolute_source, sha256_bytes, source_derived

        base = self._require()
        doc = base.get_document(doc_id=doc_id)
        if doc is None:
            raise InvalidInput("that document is no longer in the base")
        source = absolute_source(new_path)
        if doc.sha256 and sha256_bytes(Path(new_path).read_bytes()) != doc.sha256:
            raise InvalidInput(f"{new_path} is not the same file as {doc.source} (its content differs); "
                               "add it as a new file instead")
        derived = {k: v for k, v in source_derived(source).items() if k == "filename" or k in doc.metadata}
        moved = base.rename_document(doc_id, source, updates=derived, origin=self.origin)
        self._absorb()
        return moved

    def import_langchain_new(self, folder: str, target: str, embedder_id: str) -> Any:
        """Import into a new base at `target` (any session's worker may run it: it opens its own)."""
        from vetorbase.gui.lcimport import import_into_new_base

        return import_into_new_base(folder, target, embedder_id, self.origin)

    def close(self) -> None:
        if self.base is not None:
            self.base.close()
            self.base = None
