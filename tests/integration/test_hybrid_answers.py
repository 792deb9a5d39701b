"""Known answers for keyword and hybrid search over the PT/EN corpus plus its extra
documents (invoices, norms, minutes, reports): codes, numbers and names that semantic
search ranks wrong are found by keyword and hybrid search, and hybrid search does no
worse than semantic on questions asked in other words.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from corpus import build_corpus, load_extra_queries, load_queries
from vetorbase import cli
from vetorbase.embeddings import get_embedder
from vetorbase.evaluation import evaluate, load_query_set
from vetorbase.ingest import ingest
from vetorbase.store import VectorBase

EXTRA = load_extra_queries()
KEYWORD = [q for q in EXTRA if q["kind"] == "keyword"]
QUESTIONS = load_queries() + [q for q in EXTRA if q["kind"] == "semantic"]
QUERY_SET = Path(__file__).resolve().parents[1] / "retrieval" / "queries.jsonl"
TOP = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any, Path]:
    folder = build_corpus(tmp_path_factory.mktemp("corpus"), extra=True)
    embedder = get_embedder()
    base = VectorBase.open(tmp_path_factory.mktemp("hybrid") / "base", create=True,
                           dim=embedder.dim, embedder_id=embedder.embedder_id)
    report = ingest([folder], base, embedder)
    assert not report.failed and len(report.added) == 22
    return base, embedder, folder


def names(hits: list[Any]) -> list[str]:
    out: list[str] = []
    for h in hits:
        name = Path(h.source).name
        if name not in out:
            out.append(name)
    return out


def ranks(base: Any, embedder: Any, q: dict[str, str]) -> dict[str, int | None]:
    vector = embedder.embed_query(q["query"])
    out = {}
    for mode in ("semantic", "keyword", "hybrid"):
        found = names(base.search(vector if mode != "keyword" else None, k=10, mode=mode, text=q["query"]))
        out[mode] = found.index(q["expected_filename"]) + 1 if q["expected_filename"] in found else None
    return out


def test_the_extra_documents_have_both_kinds_of_queries_in_both_languages() -> None:
    assert {(q["kind"], q["lang"]) for q in EXTRA} == {(k, l) for k in ("keyword", "semantic") for l in ("pt", "en")}


@pytest.mark.parametrize("q", KEYWORD, ids=[q["query"] for q in KEYWORD])
def test_keyword_and_hybrid_find_codes_numbers_and_names(q: dict[str, str], corpus: Any) -> None:
    base, embedder, _ = corpus
    r = ranks(base, embedder, q)
    assert r["keyword"] == 1, r
    assert r["hybrid"] is not None and r["hybrid"] <= TOP, r


def test_semantic_search_misses_many_codes_that_keyword_search_ranks_first(corpus: Any, artifacts_dir: Path) -> None:
    base, embedder, _ = corpus
    table = {q["query"]: ranks(base, embedder, q) for q in KEYWORD}
    (artifacts_dir / "keyword_known_answers.json").write_text(json.dumps(table, ensure_ascii=False, indent=2))
    semantic_first = sum(r["semantic"] == 1 for r in table.values())
    hybrid_first = sum(r["hybrid"] == 1 for r in table.values())
    assert all(r["keyword"] == 1 for r in table.values())
    # Measured here: semantic ranks 9 of the 16 first, hybrid 15 (see the README).
    assert semantic_first <= len(KEYWORD) - 4, table
    assert hybrid_first >= semantic_first + 4, table


@pytest.mark.parametrize("q", QUESTIONS, ids=[q["expected_filename"] + "-" + q["lang"] for q in QUESTIONS])
def test_hybrid_does_no_worse_than_semantic_on_questions(q: dict[str, str], corpus: Any) -> None:
    base, embedder, _ = corpus
    r = ranks(base, embedder, q)
    assert r["semantic"] is not None and r["semantic"] <= TOP, r
    assert r["hybrid"] is not None and r["hybrid"] <= max(TOP, r["semantic"]), r


def test_labelled_query_set_scores_hybrid_at_least_as_well_as_semantic(corpus: Any) -> None:
    base, embedder, _ = corpus
    queries = load_query_set(QUERY_SET)
    assert len(queries) >= 40
    keyword_like = [line for line in QUERY_SET.read_text(encoding="utf-8").splitlines() if '"keyword"' in line]
    assert len(keyword_like) * 3 >= len(queries)
    reports = {r.mode: r for r in evaluate(base, queries, modes=("semantic", "keyword", "hybrid"), k=3,
                                           embed=embedder.embed_query)}
    assert reports["hybrid"].mrr >= reports["semantic"].mrr
    assert reports["hybrid"].recall >= reports["semantic"].recall
    assert reports["keyword"].missed and not any(r.first_relevant is None for r in reports["hybrid"].results)


def test_cli_search_mode_and_eval_on_a_real_base(corpus: Any, capsys: pytest.CaptureFixture[str]) -> None:
    base, _, _ = corpus
    assert cli.main(["search", "INV-2024-0342", "--mode", "keyword", "--json", "--base", str(base.path)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert Path(hits[0]["source"]).name == "invoice_contoso.txt"
    assert hits[0]["rankers"] == ["keyword"] and hits[0]["ranks"] == {"keyword": 1}
    assert cli.main(["search", "PO 88-1432", "--mode", "hybrid", "--json", "--base", str(base.path)]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert "keyword" in hits[0]["rankers"] and set(hits[0]["ranks"]) <= {"semantic", "keyword"}
    assert cli.main(["eval", str(QUERY_SET), "--mode", "all", "-k", "3", "--base", str(base.path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "46 queries, k=3"
    assert [line.split()[0] for line in out.splitlines()[2:5]] == ["semantic", "keyword", "hybrid"]
    assert "missed by keyword:" in out
    assert cli.main(["eval", str(QUERY_SET), "--mode", "keyword", "--json", "--base", str(base.path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [m["mode"] for m in report["modes"]] == ["keyword"] and report["k"] == 10
    assert 0 < report["modes"][0]["recall"] < 1 and report["modes"][0]["missed"]
