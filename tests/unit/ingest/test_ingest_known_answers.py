"""Known-answer queries over the PT/EN corpus: the right document ranks in the top 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus import load_queries
from vetorbase.ingest import ingest

QUERIES = load_queries()


def test_queries_cover_both_languages_and_every_format() -> None:
    langs = [q["lang"] for q in QUERIES]
    assert langs.count("pt") >= 6 and langs.count("en") >= 6
    exts = {Path(q["expected_filename"]).suffix for q in QUERIES}
    assert exts == {".txt", ".md", ".html", ".csv", ".json", ".pdf", ".docx"}


@pytest.fixture(scope="module")
def ranked(corpus_dir: Path, embedder: Any, tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, list[str]]:
    """Documents (by filename, best first) for every query, over one ingested base."""
    from vetorbase.store import VectorBase

    base = VectorBase.open(tmp_path_factory.mktemp("kb") / "base", create=True,
                           dim=embedder.dim, embedder_id=embedder.embedder_id)
    report = ingest([corpus_dir], base, embedder)
    assert len(report.added) == 12, report.to_dict()
    out: dict[str, list[str]] = {}
    for q in QUERIES:
        names: list[str] = []
        for hit in base.search(embedder.embed_query(q["query"]), k=20):
            if hit.metadata["filename"] not in names:
                names.append(hit.metadata["filename"])
        out[q["query"]] = names
    base.close()
    return out


@pytest.mark.parametrize("q", QUERIES, ids=[q["expected_filename"] + "-" + q["lang"]
                                             for q in QUERIES])
def test_expected_document_in_top_3(q: dict[str, str], ranked: dict[str, list[str]]) -> None:
    assert q["expected_filename"] in ranked[q["query"]][:3], ranked[q["query"]][:3]
