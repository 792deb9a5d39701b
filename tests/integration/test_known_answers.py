"""Known-answer queries in Portuguese and English: the right document ranks in the top 3.

The corpus (tests/corpus) is ingested once per route: through the CLI (real processes)
and through the Python API (`ingest` + `VectorBase.search`), with the offline embedder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from corpus import build_corpus, load_queries
from vetorbase import cli
from vetorbase.embeddings import get_embedder
from vetorbase.ingest import ingest
from vetorbase.store import VectorBase

QUERIES = load_queries()
TOP = 3


def _id(q: dict[str, str]) -> str:
    return f"{q['lang']}-{q['expected_filename']}-{QUERIES.index(q)}"


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], check=False,
                          capture_output=True,
                          text=True, env=env, timeout=180)


def _rank(names: list[str], expected: str) -> int | None:
    return names.index(expected) + 1 if expected in names else None


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "VETORBASE_BASE"}
    env["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    return env


@pytest.fixture(scope="module")
def cli_base(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path,
             cli_env: dict[str, str]) -> Path:
    base = tmp_path_factory.mktemp("cli") / "base"
    out = _cli("add", str(corpus_dir), "--base", str(base), "--json", env=cli_env)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert not report["failed"] and len(report["added"]) == len(list(corpus_dir.iterdir()))
    return base


@pytest.fixture(scope="module")
def api_base(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[Any, Any]:
    embedder = get_embedder()
    base = VectorBase.open(tmp_path_factory.mktemp("api") / "base", create=True,
                           dim=embedder.dim, embedder_id=embedder.embedder_id)
    report = ingest([corpus_dir], base, embedder)
    assert not report.failed and len(report.added) == len(list(corpus_dir.iterdir()))
    return base, embedder


@pytest.fixture(scope="module")
def ranks(artifacts_dir: Path) -> Any:
    """Collects every route's rank per query into artifacts/known_answers.json."""
    found: dict[str, dict[str, Any]] = {}
    yield found
    (artifacts_dir / "known_answers.json").write_text(
        json.dumps(found, ensure_ascii=False, indent=2), encoding="utf-8")


def test_queries_cover_both_languages_and_every_document(corpus_dir: Path) -> None:
    assert {q["lang"] for q in QUERIES} == {"pt", "en"}
    names = {p.name for p in corpus_dir.iterdir()}
    assert {q["expected_filename"] for q in QUERIES} == names


@pytest.mark.parametrize("q", QUERIES, ids=_id)
def test_python_api_ranks_the_right_document_top3(q: dict[str, str], api_base: tuple[Any, Any],
                                                  ranks: dict[str, dict[str, Any]]) -> None:
    base, embedder = api_base
    hits = base.search(embedder.embed_query(q["query"]), k=10)
    names = [Path(h.source).name for h in hits]  # rank of its best chunk, not of documents
    rank = _rank(names, q["expected_filename"])
    ranks.setdefault(q["query"], {"expected": q["expected_filename"]})["api_rank"] = rank
    assert rank is not None and rank <= TOP, (q, names[:5])


def _cli_rank(q: dict[str, str], stdout: str, ranks: dict[str, dict[str, Any]]) -> int | None:
    names = [Path(h["source"]).name for h in json.loads(stdout)]
    rank = _rank(names, q["expected_filename"])
    ranks.setdefault(q["query"], {"expected": q["expected_filename"]})["cli_rank"] = rank
    return rank


@pytest.mark.parametrize("q", QUERIES, ids=_id)
def test_cli_ranks_the_right_document_top3(q: dict[str, str], cli_base: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           ranks: dict[str, dict[str, Any]]) -> None:
    # The CLI's own entry point in this process (argparse, embedder, --json output) on
    # the base a real `vetorbase add` process built; a model load per query would make
    # this file take minutes, so real search processes are the next test's job.
    code = cli.main(["search", q["query"], "-k", "10", "--json", "--base", str(cli_base)])
    out = capsys.readouterr()
    assert code == 0, out.err
    rank = _cli_rank(q, out.out, ranks)
    assert rank is not None and rank <= TOP, (q, out.out[:500])


@pytest.mark.parametrize("lang", ["pt", "en"])
def test_cli_process_ranks_the_right_document_top3(lang: str, cli_base: Path,
                                                   cli_env: dict[str, str],
                                                   ranks: dict[str, dict[str, Any]]) -> None:
    q = next(q for q in QUERIES if q["lang"] == lang)
    out = _cli("search", q["query"], "-k", str(TOP), "--json", "--base", str(cli_base),
               env=cli_env)
    assert out.returncode == 0, out.stderr
    rank = _cli_rank(q, out.stdout, ranks)
    assert rank is not None and rank <= TOP, (q, out.stdout[:500])


def test_filtered_search_stays_inside_the_filter(api_base: tuple[Any, Any],
                                                 corpus_dir: Path) -> None:
    base, embedder = api_base
    target = str((corpus_dir / "receita_feijoada.txt").resolve())
    hits = base.search(embedder.embed_query("buracos negros"), k=3, where={"source": target})
    assert hits and {h.source for h in hits} == {target}
