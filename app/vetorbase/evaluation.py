"""Retrieval test bench: run a labelled query set against a base, score each mode.

A query set is JSON Lines, one object per line:
    {"query": "NR-12 proteções", "relevant": ["nr12_maquinas.txt"]}
`relevant` names documents by source, file name or a trailing part of the path.
Scores are per document: the ranked list of a query is the distinct documents of its
top chunks, in order. recall@k counts relevant documents among the first k chunks'
documents; MRR is 1/rank of the first relevant document; nDCG@10 uses binary gains
over the first 10 chunks' documents. Used by `vetorbase eval` and the window's
"Test retrieval" pane; no LLM is involved.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from vetorbase.errors import InvalidInput
from vetorbase.store.hybrid import MODES

NDCG_AT = 10


@dataclass(frozen=True)
class LabelledQuery:
    query: str
    relevant: tuple[str, ...]


@dataclass
class QueryResult:
    query: str
    relevant: list[str]
    retrieved: list[str]
    #: 1-based rank of the first relevant document, None when none came back.
    first_relevant: int | None
    recall: float
    ndcg: float

    @property
    def missed(self) -> bool:
        return self.recall == 0.0


@dataclass
class ModeReport:
    mode: str
    k: int
    recall: float = 0.0
    mrr: float = 0.0
    ndcg: float = 0.0
    results: list[QueryResult] = field(default_factory=list)

    @property
    def missed(self) -> list[QueryResult]:
        return [r for r in self.results if r.missed]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["missed"] = [r.query for r in self.missed]
        return d


def parse_query_set(text: str, name: str = "query set") -> list[LabelledQuery]:
    """Queries from JSON Lines text; a bad line is an error naming the line."""
    queries = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise InvalidInput(f"{name}, line {number}: not JSON ({exc}); write one "
                               '{"query": "...", "relevant": ["file.pdf"]} per line') from None
        query, relevant = (obj.get("query"), obj.get("relevant")) if isinstance(obj, dict) else (None, None)
        if isinstance(relevant, str):
            relevant = [relevant]
        if not isinstance(query, str) or not query.strip() or not isinstance(relevant, list) or not relevant \
                or not all(isinstance(r, str) and r for r in relevant):
            raise InvalidInput(f"{name}, line {number}: needs \"query\" (text) and \"relevant\" "
                               "(a list of source or file names)")
        queries.append(LabelledQuery(query.strip(), tuple(relevant)))
    if not queries:
        raise InvalidInput(f"{name} holds no queries; write one JSON object per line")
    return queries


def load_query_set(path: str | Path) -> list[LabelledQuery]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read the query set {path}: {exc}") from None
    return parse_query_set(text, str(path))


def is_relevant(source: str, relevant: Iterable[str]) -> bool:
    s = source.replace("\\", "/")
    return any(s == r or s.endswith("/" + r.replace("\\", "/").lstrip("/")) for r in relevant)


def documents_of(sources: Iterable[str]) -> list[str]:
    """Distinct sources in first-seen order: chunks ranked, documents scored."""
    seen: dict[str, None] = {}
    for s in sources:
        seen.setdefault(s, None)
    return list(seen)


def score_query(q: LabelledQuery, sources: list[str], k: int) -> QueryResult:
    """Score one query's ranked chunk sources (at least max(k, 10) of them if there are)."""
    docs = documents_of(sources)
    top_k = documents_of(sources[:k])
    found = {r for r in q.relevant if any(is_relevant(d, [r]) for d in top_k)}
    first = next((i for i, d in enumerate(docs, 1) if is_relevant(d, q.relevant)), None)
    at10 = documents_of(sources[:NDCG_AT])
    dcg = sum(1 / math.log2(i + 1) for i, d in enumerate(at10, 1) if is_relevant(d, q.relevant))
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(q.relevant), NDCG_AT) + 1))
    return QueryResult(q.query, list(q.relevant), docs, first, len(found) / len(q.relevant),
                       dcg / ideal if ideal else 0.0)


def evaluate(
    base: Any, queries: list[LabelledQuery], *, modes: Iterable[str] = ("semantic",), k: int = 10,
    embed: Callable[[str], Any] | None = None, where: dict[str, Any] | None = None,
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
) -> list[ModeReport]:
    """Run every query in every mode; each query is embedded once and shared by the modes."""
    modes = list(modes)
    for mode in modes:
        if mode not in MODES:
            raise InvalidInput(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    if k < 1:
        raise InvalidInput("k must be at least 1")
    needs_vectors = any(m != "keyword" for m in modes)
    if needs_vectors and embed is None:
        raise InvalidInput("semantic and hybrid evaluation need the base's embedder")
    reports = {m: ModeReport(m, k) for m in modes}
    depth = max(k, NDCG_AT)
    for i, q in enumerate(queries):
        if cancelled and cancelled():
            break
        vector = embed(q.query) if needs_vectors and embed else None
        for mode in modes:
            hits = base.search(vector if mode != "keyword" else None, depth, where, mode=mode, text=q.query)
            reports[mode].results.append(score_query(q, [h.source for h in hits], k))
        if progress:
            progress(i + 1, len(queries))
    for report in reports.values():
        n = len(report.results) or 1
        report.recall = sum(r.recall for r in report.results) / n
        report.mrr = sum(1 / r.first_relevant for r in report.results if r.first_relevant) / n
        report.ndcg = sum(r.ndcg for r in report.results) / n
    return list(reports.values())


def short_name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]
