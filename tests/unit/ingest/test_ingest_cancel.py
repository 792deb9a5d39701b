"""Cancelling and batch-stopping failures: never half a document in the base."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from ollama_fake import OllamaFake
from vetorbase.embeddings import OllamaEmbedder
from vetorbase.errors import EmbedderMismatch, ReadOnlyBase
from vetorbase.ingest import Progress, ingest
from vetorbase.store import VectorBase


def _folder(tmp_path: Path, sizes: dict[str, int]) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for name, paragraphs in sizes.items():
        body = "\n\n".join(f"Parágrafo {i} do arquivo {name} sobre abelhas, mel e flores."
                           for i in range(paragraphs))
        (d / name).write_text(body, encoding="utf-8")
    return d


def test_cancel_between_files_leaves_the_rest_pending(
        tmp_path: Path, base: Any, embedder: Any) -> None:
    d = _folder(tmp_path, {"a.txt": 1, "b.txt": 1, "c.txt": 1})
    cancel = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.stage == "done":
            cancel.set()

    report = ingest([d], base, embedder, progress=on_progress, cancel=cancel)
    assert report.cancelled
    assert [Path(r.path).name for r in report.added] == ["a.txt"]
    assert [Path(p).name for p in report.pending] == ["b.txt", "c.txt"]
    assert base.document_count() == 1
    assert report.to_dict()["pending"] == report.pending


def test_cancel_during_embedding_commits_nothing_of_that_document(
        tmp_path: Path, base: Any, embedder: Any) -> None:
    d = _folder(tmp_path, {"a_small.txt": 1, "b_large.txt": 400})
    cancel = threading.Event()
    fractions: list[float] = []

    def on_progress(p: Progress) -> None:
        if p.stage == "embedding" and p.path.endswith("b_large.txt"):
            fractions.append(p.fraction)
            if len(fractions) == 3:  # after the first batch of the large file
                cancel.set()

    report = ingest([d], base, embedder, chunk_size=100, chunk_overlap=0,
                    progress=on_progress, cancel=cancel)
    assert report.cancelled
    assert [Path(r.path).name for r in report.added] == ["a_small.txt"]
    assert [Path(p).name for p in report.pending] == ["b_large.txt"]
    assert base.get_document(source=str(d / "b_large.txt")) is None
    assert base.count() == 1  # only a_small's one chunk
    assert len(fractions) == 3  # embedding stopped within one batch of the flag
    assert base.check() == []
    resumed = ingest(report.pending, base, embedder, chunk_size=100, chunk_overlap=0)
    assert resumed.added[0].chunks == 400 and base.count() == 401


def test_cancel_set_before_the_run(tmp_path: Path, base: Any, embedder: Any) -> None:
    d = _folder(tmp_path, {"a.txt": 1})
    (d / "x.bmp").write_bytes(b"png")
    cancel = threading.Event()
    cancel.set()
    report = ingest([d], base, embedder, cancel=cancel)
    assert report.cancelled and len(report.pending) == 1
    assert report.failed[0].reason == "unsupported file type .bmp"  # still reported
    assert base.count() == 0


def test_plain_langchain_embeddings_batch_and_cancel(tmp_path: Path, base_dir: Path) -> None:
    lc = DeterministicFakeEmbedding(size=64)
    base = VectorBase.open(base_dir, create=True, dim=64, embedder_id="import:lc:fake")
    d = _folder(tmp_path, {"a.txt": 3, "b.txt": 200})
    cancel = threading.Event()

    def on_progress(p: Progress) -> None:
        if p.stage == "embedding" and p.path.endswith("b.txt") and p.fraction > 0.6:
            cancel.set()

    report = ingest([d], base, lc, chunk_size=100, chunk_overlap=0, progress=on_progress,
                    cancel=cancel)
    assert report.added[0].chunks == 3 and report.cancelled
    assert base.count() == 3
    base.close()


def test_embedder_errors_fail_one_file_or_stop_the_batch(tmp_path: Path,
                                                           base_dir: Path) -> None:
    d = _folder(tmp_path, {"a.txt": 1, "b.txt": 1, "c.txt": 1, "d.txt": 1})
    with OllamaFake(models=["nomic-embed-text"]) as fake:
        emb = OllamaEmbedder("nomic-embed-text", fake.url, retries=0, backoff=0,
                             timeout=0.5)
        base = VectorBase.open(base_dir, create=True, dim=emb.dim,
                               embedder_id=emb.embedder_id)

        def on_progress(p: Progress) -> None:
            if p.stage == "done" and p.path.endswith("a.txt"):
                fake.fail_next(1, 500, "boom")  # b.txt: one bad answer, this file only
            if p.stage == "done" and p.path.endswith("b.txt"):
                fake.delay = 3.0  # c.txt: the server stops answering: stop the batch

        report = ingest([d], base, emb, progress=on_progress)
    statuses = [(Path(r.path).name, r.status) for r in report.results]
    assert statuses == [("a.txt", "added"), ("b.txt", "failed"), ("c.txt", "failed"),
                        ("d.txt", "failed")]
    reasons = [r.reason for r in report.failed]
    assert reasons[0].startswith("embedding failed: ") and "HTTP 500" in reasons[0]
    assert "did not answer within" in reasons[1]
    assert reasons[2] == "not attempted: " + reasons[1]
    assert base.document_count() == 1
    base.close()


def test_read_only_base_and_other_embedder_refused_up_front(
        tmp_path: Path, base_dir: Path, embedder: Any) -> None:
    d = _folder(tmp_path, {"a.txt": 1})
    other = VectorBase.open(base_dir, create=True, dim=embedder.dim,
                            embedder_id="ollama:nomic-embed-text@http://127.0.0.1:1")
    with pytest.raises(EmbedderMismatch, match="ollama:nomic-embed-text"):
        ingest([d], other, embedder)
    other.close()
    ro = VectorBase.open(base_dir, read_only=True)
    with pytest.raises(ReadOnlyBase):
        ingest([d], ro, embedder)
    ro.close()
