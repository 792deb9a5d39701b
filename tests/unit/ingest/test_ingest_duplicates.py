"""Duplicates with the real embedder: planted exact and near copies among unrelated files.

Ingestion reports a file whose content another document already holds (and adds it,
unless asked to skip duplicates); the scan then returns exactly the planted groups.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus.duplicates import Planted, build_duplicate_corpus
from vetorbase.ingest import ingest
from vetorbase.store import VectorBase


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return build_duplicate_corpus(tmp_path_factory.mktemp("dups") / "corpus")


def test_ingestion_reports_copies_and_the_scan_returns_exactly_the_planted_groups(planted, base, embedder):
    report = ingest(str(planted.folder), base, embedder)
    assert report.failed == [] and len(report.added) == planted.files
    dup = {r.path: r.duplicate_of for r in report.duplicates}
    # every copy but the first of each exact group is reported, naming a member of its group
    for group in planted.exact:
        reported = [p for p in group if p in dup]
        assert len(reported) == len(group) - 1
        assert all(dup[p] in group and dup[p] != p for p in reported)
    assert set(dup) <= {p for g in planted.exact for p in g}  # near copies differ in bytes
    assert report.to_dict()["duplicates"] == 3
    assert all(r.status == "added" for r in report.duplicates)

    scan = base.duplicates()
    assert sorted(sorted(d.source for d in g.documents) for g in scan.exact) == sorted(sorted(g) for g in planted.exact)
    assert sorted(sorted(d.source for d in g.documents) for g in scan.near_groups) == sorted(
        sorted(g) for g in planted.near)
    grouped = {d.source for g in scan.groups for d in g.documents}
    assert grouped.isdisjoint(planted.unrelated())
    for g in scan.near_groups:
        assert 0.97 <= g.similarity < 1.0 and g.shared >= 0.8
    assert scan.documents == planted.files and scan.redundant == 3 + 2


def test_skip_duplicates_leaves_the_copies_out_and_says_of_what(planted, base_dir: Path, embedder: Any):
    base = VectorBase.open(base_dir, create=True, dim=embedder.dim, embedder_id=embedder.embedder_id)
    report = ingest(str(planted.folder), base, embedder, skip_duplicates=True)
    skipped = {r.path: r for r in report.skipped}
    assert len(skipped) == 3 and len(report.added) == planted.files - 3
    for path, result in skipped.items():
        group = next(g for g in planted.exact if path in g)
        assert result.duplicate_of in group and result.duplicate_of != path
        assert result.reason == f"duplicate of {result.duplicate_of} (same sha256)"
        assert base.get_document(source=path) is None
        assert result.doc_id == base.get_document(source=result.duplicate_of).id
    assert base.document_count() == planted.files - 3
    scan = base.duplicates()
    assert scan.exact == [] and len(scan.near_groups) == 2  # near copies are not byte copies

    # an unchanged file is still "unchanged", not a duplicate of itself
    kept = next(p for p in planted.exact[0] if p not in skipped)
    again = ingest(kept, base, embedder, skip_duplicates=True)
    assert [r.reason for r in again.skipped] == ["unchanged (same sha256)"] and again.duplicates == []
    base.close()


def test_the_copy_report_and_skip_duplicates_on_a_server_base(planted, pg_url: str, embedder: Any):
    base = VectorBase.open(pg_url, create=True, dim=embedder.dim, embedder_id=embedder.embedder_id)
    trio = planted.exact[0]
    first = ingest(trio[:2], base, embedder)
    assert [r.status for r in first.results] == ["added", "added"]
    assert [r.duplicate_of for r in first.results] == ["", trio[0]]
    skipped = ingest(trio[2], base, embedder, skip_duplicates=True)
    assert [(r.status, r.duplicate_of) for r in skipped.results] == [("skipped", trio[0])]
    scan = base.duplicates()
    assert [sorted(d.source for d in g.documents) for g in scan.exact] == [sorted(trio[:2])]
    base.close()


def test_ingest_text_reports_and_skips_a_text_held_under_another_source(base, embedder):
    from vetorbase.ingest import ingest_text

    text = "Minutes of the March board meeting: the budget was approved and the audit moved to May."
    first = ingest_text(base, embedder, text, source="ticket:1")
    assert (first.status, first.duplicate_of) == ("added", "")
    second = ingest_text(base, embedder, text, source="ticket:2")
    assert (second.status, second.duplicate_of) == ("added", "ticket:1")
    third = ingest_text(base, embedder, text, source="ticket:3", skip_duplicates=True)
    assert (third.status, third.duplicate_of, third.doc_id) == ("skipped", "ticket:1", first.doc_id)
    assert base.get_document(source="ticket:3") is None and base.document_count() == 2
