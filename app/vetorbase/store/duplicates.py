"""Duplicate documents: exact copies and near copies, found as groups.

**Exact copies** are documents with the same content hash under different sources:
`documents.sha256` (the file's bytes, set by ingestion); a document stored without one
(`add_texts`, `add_document` without `sha256=`) is hashed from its chunk texts in order
instead ("text:<sha256>"), so two such documents with the same texts are copies too.
A file hash and a text hash never match each other; such a pair is found as near copies
(their vectors are identical).

**Near copies** are found from chunk vectors (twins.py). Two chunks are *twins* when
their cosine is at least `near` (default 0.97). For documents A and B let share(A, B) be
the fraction of A's chunks that have a twin in B. A and B are near copies when both
share(A, B) and share(B, A) are at least `min_share` (default 0.8): most of each one is
found in the other, so one common paragraph (a disclaimer, a letterhead) does not make
two documents copies, and neither does a short note contained in a long report. The
pair's similarity is the mean cosine of those best twins (both directions). Near
groups are the connected sets of near pairs: every member is a near copy of at least
one other member; a group reports its weakest link (lowest similarity and share).

A document that has exact copies takes part in the near scan once, by its first copy
(lowest id): its copies have the same vectors, and each group then asks for one
decision. Groups list documents oldest first (by id).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from vetorbase.errors import Cancelled, CorruptBase, InvalidInput
from vetorbase.store import dialect, queries
from vetorbase.store.twins import CancelFlag, find_twins
from vetorbase.store.types import DocumentInfo

DEFAULT_NEAR = 0.97
DEFAULT_MIN_SHARE = 0.8
#: Chunk rows read per query (about 40 MB of 512-d vectors).
READ_BATCH = 20_000
#: Documents whose texts are hashed per query (those stored without a sha256).
TEXT_BATCH = 500

#: progress(stage, done, total); stages, in order: "hashing", "reading", "comparing", "grouping".
Progress = Callable[[str, int, int], None]
#: Share of a scan's time each stage takes (measured at 100k chunks), for one overall bar.
STAGES = (("hashing", 0.05), ("reading", 0.3), ("comparing", 0.6), ("grouping", 0.05))


def overall(stage: str, done: int, total: int) -> float:
    """The whole scan's fraction done, from one stage's progress tick (0.0 to 1.0)."""
    before = 0.0
    for name, share in STAGES:
        if name == stage:
            return min(1.0, before + share * (done / total if total else 1.0))
        before += share
    return 0.0


@dataclass(frozen=True)
class DuplicateGroup:
    """Documents that copy each other. `kind` is "exact" or "near"; `similarity` is 1.0
    for exact copies, else the group's weakest mean twin cosine; `shared` the weakest
    share of chunks with a twin (1.0 for exact copies)."""

    kind: str
    documents: tuple[DocumentInfo, ...]
    similarity: float
    shared: float = 1.0
    key: str = ""

    @property
    def chunks(self) -> int:
        return sum(d.chunks for d in self.documents)

    def others(self, keep_id: int) -> list[DocumentInfo]:
        """The documents that go when `keep_id` is kept (what a confirmation states)."""
        if keep_id not in {d.id for d in self.documents}:
            raise InvalidInput(f"document {keep_id} is not in this group of duplicates")
        return [d for d in self.documents if d.id != keep_id]

    def without(self, doc_ids: Iterable[int]) -> DuplicateGroup | None:
        """This group once `doc_ids` are gone (None when fewer than two documents are left)."""
        gone = set(doc_ids)
        docs = tuple(d for d in self.documents if d.id not in gone)
        return replace(self, documents=docs) if len(docs) > 1 else None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "similarity": round(self.similarity, 6), "shared": round(self.shared, 6),
                "key": self.key, "chunks": self.chunks, "documents": [d.to_dict() for d in self.documents]}


@dataclass(frozen=True)
class DuplicateReport:
    """One scan: its groups (exact first, then near; biggest first) and what it looked at."""

    groups: tuple[DuplicateGroup, ...]
    documents: int
    chunks: int
    near: float | None
    min_share: float
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def exact(self) -> list[DuplicateGroup]:
        return [g for g in self.groups if g.kind == "exact"]

    @property
    def near_groups(self) -> list[DuplicateGroup]:
        return [g for g in self.groups if g.kind == "near"]

    @property
    def redundant(self) -> int:
        """Documents that would go if one of each group were kept."""
        return redundant(self.groups)

    def to_dict(self) -> dict[str, Any]:
        return {"near": self.near, "min_share": self.min_share, "documents": self.documents,
                "chunks": self.chunks, "exact_groups": len(self.exact), "near_groups": len(self.near_groups),
                "redundant_documents": self.redundant, "seconds": round(self.seconds, 3),
                "groups": [g.to_dict() for g in self.groups]}


def redundant(groups: Iterable[DuplicateGroup]) -> int:
    """Documents that would go if one of each group were kept."""
    return sum(len(g.documents) - 1 for g in groups)


def check_options(near: float | None, min_share: float) -> None:
    if near is not None and not (isinstance(near, (int, float)) and 0.0 < float(near) <= 1.0):
        raise InvalidInput(f"the near-duplicate threshold must be a cosine in (0, 1], not {near!r}")
    if not (isinstance(min_share, (int, float)) and 0.0 < float(min_share) <= 1.0):
        raise InvalidInput(f"the share of chunks with a twin must be in (0, 1], not {min_share!r}")


def find(
    journal: Any, dim: int, *, near: float | None = DEFAULT_NEAR, min_share: float = DEFAULT_MIN_SHARE,
    progress: Progress | None = None, cancel: CancelFlag | None = None,
) -> DuplicateReport:
    """Scan the base for duplicates (see the module doc); `near=None` finds exact copies only.

    Reads everything it needs in one read transaction (one consistent commit), then
    compares outside it. `cancel.is_set()` stops it with Cancelled between steps.
    """
    check_options(near, min_share)
    started = time.perf_counter()
    tell = progress or (lambda _s, _d, _t: None)
    stages: dict[str, float] = {}
    with journal.read() as conn:
        docs = {d.id: d for d in (queries.to_document(r) for r in conn.execute(
            f"SELECT {queries.DOC_COLUMNS} FROM documents d ORDER BY d.id").fetchall())}
        keys = {i: d.sha256 for i, d in docs.items() if d.sha256}
        keys |= _text_hashes(conn, [i for i, d in docs.items() if not d.sha256], tell, cancel)
        stages["hashing"] = time.perf_counter() - started
        exact, first_of = _exact_groups(docs, keys)
        total = sum(d.chunks for d in docs.values())
        rows = None
        if near is not None:
            rows = _read_vectors(conn, dim, total, set(first_of.values()) | _singles(docs, first_of),
                                 tell, cancel)
    stages["reading"] = time.perf_counter() - started - stages["hashing"]
    groups = list(exact)
    if rows is not None:
        mark = time.perf_counter()
        chunk_docs, vectors = rows
        a, b, sims = find_twins(vectors, float(near), cancel=cancel,
                                progress=lambda d, t: tell("comparing", d, t))
        stages["comparing"] = time.perf_counter() - mark
        _check(cancel)
        tell("grouping", 0, 1)
        ids, counts = np.unique(chunk_docs, return_counts=True)
        sizes = dict(zip(ids.tolist(), counts.tolist()))  # the chunks compared, per document
        groups += _near_groups(docs, sizes, chunk_docs[a], chunk_docs[b], a, sims, min_share)
        tell("grouping", 1, 1)
    return DuplicateReport(tuple(groups), len(docs), total, None if near is None else float(near),
                           float(min_share), time.perf_counter() - started, stages)


def _check(cancel: CancelFlag | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("duplicate scan cancelled")


def _text_hashes(conn: Any, doc_ids: list[int], tell: Progress, cancel: CancelFlag | None) -> dict[int, str]:
    """"text:<sha256>" of each document's chunk texts in order (length-prefixed, unambiguous)."""
    out: dict[int, str] = {}
    for start in range(0, len(doc_ids), TEXT_BATCH):
        _check(cancel)
        batch = doc_ids[start:start + TEXT_BATCH]
        cond, param = dialect.in_ids(conn, "doc_id", batch)
        hashers: dict[int, Any] = {}
        for doc_id, text in conn.execute(f"SELECT doc_id, text FROM chunks WHERE {cond} ORDER BY doc_id, ord",
                                         (param,)):
            data = text.encode("utf-8", errors="surrogatepass")
            h = hashers.setdefault(doc_id, hashlib.sha256())
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        out |= {i: "text:" + h.hexdigest() for i, h in hashers.items()}
        tell("hashing", min(start + TEXT_BATCH, len(doc_ids)), len(doc_ids))
    return out


def _exact_groups(docs: dict[int, DocumentInfo], keys: dict[int, str]) -> tuple[list[DuplicateGroup], dict[int, int]]:
    """Groups of same-hash documents, and each copied document's first copy (by id)."""
    by_key: dict[str, list[int]] = {}
    for doc_id in sorted(keys):
        by_key.setdefault(keys[doc_id], []).append(doc_id)
    groups, first_of = [], {}
    for key, ids in by_key.items():
        if len(ids) > 1:
            groups.append(DuplicateGroup("exact", tuple(docs[i] for i in ids), 1.0, 1.0, key))
            first_of |= {i: ids[0] for i in ids}
    groups.sort(key=lambda g: (-len(g.documents), g.documents[0].id))
    return groups, first_of


def _singles(docs: dict[int, DocumentInfo], first_of: dict[int, int]) -> set[int]:
    return {i for i in docs if i not in first_of}


def _read_vectors(conn: Any, dim: int, total: int, wanted: set[int], tell: Progress,
                  cancel: CancelFlag | None) -> tuple[np.ndarray, np.ndarray]:
    """(document id per row, unit vectors) of the chunks of `wanted` documents, by chunk id."""
    vectors = np.empty((total, dim), np.float32)
    owners = np.empty(total, np.int64)
    keep = np.fromiter(sorted(wanted), np.int64, len(wanted))
    n, last, seen = 0, 0, 0
    while True:
        _check(cancel)
        rows = conn.execute("SELECT id, doc_id, vector FROM chunks WHERE id > ? ORDER BY id LIMIT ?",
                            (last, READ_BATCH)).fetchall()
        if not rows:
            break
        last, seen = int(rows[-1][0]), seen + len(rows)
        doc_ids = np.fromiter((r[1] for r in rows), np.int64, len(rows))
        mine = np.isin(doc_ids, keep)
        picked = [r[2] for r, m in zip(rows, mine) if m]
        k = len(picked)
        if n + k > total:
            raise CorruptBase("the base's documents count fewer chunks than it holds; the duplicate scan "
                              "stopped. Run `vetorbase check` to see the damage.")
        if k:
            block = np.frombuffer(b"".join(picked), dtype=np.float32).reshape(k, dim)
            vectors[n:n + k] = block
            owners[n:n + k] = doc_ids[mine]
            n += k
        tell("reading", min(seen, total), total)
    return owners[:n], vectors[:n]


def _near_groups(docs: dict[int, DocumentInfo], sizes: dict[int, int], doc_a: np.ndarray, doc_b: np.ndarray,
                 rows_a: np.ndarray, sims: np.ndarray, min_share: float) -> list[DuplicateGroup]:
    """Near pairs of documents from chunk twins, joined into connected groups."""
    other = doc_a != doc_b
    doc_a, doc_b, rows_a, sims = doc_a[other], doc_b[other], rows_a[other], sims[other]
    if not len(doc_a):
        return []
    # Best twin in B of each chunk of A: sort by (A, B, chunk, -cosine), keep the first.
    order = np.lexsort((-sims, rows_a, doc_b, doc_a))
    doc_a, doc_b, rows_a, sims = doc_a[order], doc_b[order], rows_a[order], sims[order]
    first = np.ones(len(doc_a), bool)
    first[1:] = (doc_a[1:] != doc_a[:-1]) | (doc_b[1:] != doc_b[:-1]) | (rows_a[1:] != rows_a[:-1])
    doc_a, doc_b, sims = doc_a[first], doc_b[first], sims[first]
    # Per ordered pair (A, B): chunks of A with a twin in B, and the sum of their cosines.
    start = np.ones(len(doc_a), bool)
    start[1:] = (doc_a[1:] != doc_a[:-1]) | (doc_b[1:] != doc_b[:-1])
    at = np.flatnonzero(start)
    counts = np.diff(np.append(at, len(doc_a)))
    sums = np.add.reduceat(sims.astype(np.float64), at)
    directed = {(int(a), int(b)): (int(c), float(s))
                for a, b, c, s in zip(doc_a[at], doc_b[at], counts, sums)}
    links: list[tuple[int, int, float, float]] = []
    for (a, b), (count_ab, sum_ab) in directed.items():
        if a > b or (b, a) not in directed:
            continue
        count_ba, sum_ba = directed[(b, a)]
        shared = min(count_ab / sizes[a], count_ba / sizes[b])
        if shared >= min_share:
            links.append((a, b, (sum_ab + sum_ba) / (count_ab + count_ba), shared))
    return _components(docs, links)


def _components(docs: dict[int, DocumentInfo], links: list[tuple[int, int, float, float]]) -> list[DuplicateGroup]:
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b, _s, _h in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    weakest: dict[int, tuple[float, float]] = {}
    for i in parent:
        members.setdefault(root(i), []).append(i)
    for a, _b, sim, shared in links:
        r = root(a)
        s0, h0 = weakest.get(r, (1.0, 1.0))
        weakest[r] = (min(s0, sim), min(h0, shared))
    groups = [DuplicateGroup("near", tuple(docs[i] for i in sorted(ids)), min(1.0, weakest[r][0]), weakest[r][1])
              for r, ids in members.items()]
    groups.sort(key=lambda g: (-len(g.documents), g.documents[0].id))
    return groups
