"""`vetorbase copy SRC DST` and `transfer.copy_base`: folders and servers, either way.

A copy is judged by what a reader of the destination sees: the same documents with
the same metadata, sha256, added_at/added_by, the same chunks (text, metadata,
ordinal, vector) and the same search answers; and by what it never leaves behind.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from vetorbase.errors import Cancelled, InvalidInput
from vetorbase.store import VectorBase
from vetorbase.transfer import copy_base

REPO = Path(__file__).resolve().parents[2]
DIM = 16
WORDS = "lava ash tax invoice minutes meeting norm safety scaffold roof port wine bread".split()


def _fill(base: VectorBase, documents: int = 12, per_doc: int = 5, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    for d in range(documents):
        texts = [" ".join(rng.choice(WORDS, 6)) + f" doc{d} part{i}" for i in range(per_doc)]
        metas = [{"page": i + 1, "lang": "pt" if d % 2 else "en"} for i in range(per_doc)]
        base.add_document(f"/docs/d{d}.txt", texts, rng.standard_normal((per_doc, DIM)), metas,
                          metadata={"author": f"a{d % 3}", "tags": ["x", d]}, sha256=f"{d:064x}",
                          origin=f"user{d % 2}@host")
    # A chunk removed on its own leaves a gap in its document's ordinals.
    doc = base.get_document(source="/docs/d3.txt")
    assert doc is not None
    base.remove_chunks([base.chunks(doc.id)[2].id])


def _content(base: VectorBase) -> list[dict[str, Any]]:
    """Everything a reader sees, without the ids the destination numbers itself."""
    out = []
    for doc in sorted(base.documents(limit=10_000), key=lambda d: d.source):
        chunks = base.chunks(doc.id)
        out.append({
            "source": doc.source, "sha256": doc.sha256, "metadata": doc.metadata,
            "added_at": doc.added_at, "added_by": doc.added_by, "chunks": doc.chunks,
            "chars": doc.chars,
            "rows": [(c.ordinal, c.text, c.metadata) for c in chunks],
            "vectors": base.vectors([c.id for c in chunks]).tobytes(),
        })
    return out


def _answers(base: VectorBase, backend: str) -> list[Any]:
    """Semantic answers in order; keyword answers in order within one backend (BM25 in
    SQLite's FTS5 and PostgreSQL's tsvector rank ties differently), else what matched."""
    rng = np.random.default_rng(3)
    found = []
    for q in rng.standard_normal((4, DIM)):
        found.append([(h.text, round(h.score, 6)) for h in base.search(q, k=5)])
        found.append([(h.text, round(h.score, 6)) for h in base.search(q, k=3, where={"lang": "pt"})])
    if base.backend == backend:
        found.append([h.text for h in base.search(text="tax invoice", k=5, mode="keyword")])
    else:
        found.append(sorted(h.text for h in base.search(text="tax invoice", k=100, mode="keyword")))
    return found


def _assert_same(src: VectorBase, dst: VectorBase) -> None:
    assert dst.embedder_id == src.embedder_id and dst.dim == src.dim
    assert (dst.document_count(), dst.count()) == (src.document_count(), src.count())
    assert _content(dst) == _content(src)
    assert _answers(dst, src.backend) == _answers(src, dst.backend)
    assert dst.check() == []


@pytest.fixture
def source(tmp_path: Path) -> VectorBase:
    base = VectorBase.open(tmp_path / "src", create=True, dim=DIM, embedder_id="test:16")
    _fill(base)
    return base


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "app")}
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_cli_copies_folder_to_folder_with_everything_a_reader_sees(source: VectorBase,
                                                                   tmp_path: Path) -> None:
    out = _cli("copy", str(source.path), str(tmp_path / "new" / "dst"), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report == {**report, "documents": 12, "chunks": 59, "replaced": False,
                      "embedder_id": "test:16", "dimension": DIM,
                      "destination": str(tmp_path / "new" / "dst")}
    dst = VectorBase.open(tmp_path / "new" / "dst", read_only=True)
    _assert_same(source, dst)
    assert dst.history(limit=5)[0]["kind"] == "copy"  # one commit at the destination
    assert _leftovers(tmp_path / "new") == []


def test_a_destination_with_documents_is_refused_then_replaced_with_force(
        source: VectorBase, tmp_path: Path) -> None:
    other = VectorBase.open(tmp_path / "dst", create=True, dim=8, embedder_id="test:8")
    other.add_texts(["old"], np.ones((1, 8)), [{"source": "old.txt"}])
    other.close()
    out = _cli("copy", str(source.path), str(tmp_path / "dst"))
    assert out.returncode == 3 and "already holds a base with 1 documents" in out.stderr
    assert "--force" in out.stderr
    assert VectorBase.open(tmp_path / "dst", read_only=True).count() == 1
    VectorBase.open(tmp_path / "dst", read_only=True).close()
    out = _cli("copy", str(source.path), str(tmp_path / "dst"), "--force")
    assert out.returncode == 0, out.stderr
    assert "copied 12 documents (59 chunks)" in out.stdout and "replaced" in out.stdout
    _assert_same(source, VectorBase.open(tmp_path / "dst", read_only=True))
    assert _leftovers(tmp_path) == []


def test_a_folder_that_is_not_a_base_is_never_overwritten(source: VectorBase, tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    for force in (False, True):
        with pytest.raises(InvalidInput, match="is not a Vetorbase base"):
            copy_base(source.path, tmp_path / "mine", force=force)
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    with pytest.raises(InvalidInput, match="is the base being copied"):
        copy_base(source.path, source.path, force=True)


def test_an_interrupted_copy_leaves_nothing(source: VectorBase, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def interrupt(done: int, total: int) -> None:
        seen.append((done, total))
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_base(source.path, tmp_path / "dst", progress=interrupt, batch_chunks=10)
    assert seen == [(0, 59), (10, 59)]  # streamed in batches, stopped after the first
    assert not (tmp_path / "dst").exists() and _leftovers(tmp_path) == []


def test_a_cancelled_forced_copy_keeps_the_old_base(source: VectorBase, tmp_path: Path) -> None:
    old = VectorBase.open(tmp_path / "dst", create=True, dim=DIM, embedder_id="test:16")
    old.add_texts(["old"], np.ones((1, DIM)), [{"source": "old.txt"}])
    cancel = threading.Event()

    def stop_midway(done: int, _total: int) -> None:
        if done >= 20:
            cancel.set()

    with pytest.raises(Cancelled, match="left as it was"):
        copy_base(source.path, tmp_path / "dst", force=True, progress=stop_midway, cancel=cancel,
                  batch_chunks=10)
    assert [c.text for c in VectorBase.open(tmp_path / "dst").get_chunks(range(1, 5))] == ["old"]
    assert _leftovers(tmp_path) == []


def test_folder_to_server_and_back(source: VectorBase, tmp_path: Path, pg_url: str) -> None:
    out = _cli("copy", str(source.path), pg_url, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["chunks"] == 59 and "s3cret" not in out.stdout + out.stderr
    _assert_same(source, VectorBase.open(pg_url, read_only=True))
    out = _cli("copy", pg_url, str(tmp_path / "back"), "--json")
    assert out.returncode == 0, out.stderr
    _assert_same(source, VectorBase.open(tmp_path / "back", read_only=True))
    out = _cli("copy", str(tmp_path / "back"), pg_url)
    assert out.returncode == 3 and "--force" in out.stderr and "s3cret" not in out.stderr
    out = _cli("copy", str(tmp_path / "back"), pg_url, "--force")
    assert out.returncode == 0, out.stderr
    _assert_same(source, VectorBase.open(pg_url, read_only=True))


def _copy_schemas(pg_server: Any) -> list[str]:
    return pg_server.psql("SELECT nspname FROM pg_namespace WHERE nspname LIKE '%\\_copy%'",
                          database="vetorbase").split()


def test_server_to_server_and_an_interrupted_copy_leaves_no_schema(
        source: VectorBase, pg_server: Any, pg_url: str) -> None:
    from vetorbase.store.locations import with_base

    copy_base(source.path, pg_url)
    other = with_base(pg_url, pg_url.rsplit("base=", 1)[1] + "_b")
    report = copy_base(pg_url, other)
    assert (report.documents, report.chunks, report.replaced) == (12, 59, False)
    assert "s3cret" not in report.destination
    _assert_same(source, VectorBase.open(other, read_only=True))

    def interrupt(done: int, _total: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        copy_base(source.path, other, force=True, progress=interrupt, batch_chunks=10)
    assert _copy_schemas(pg_server) == []
    _assert_same(source, VectorBase.open(other, read_only=True))  # the old one, untouched
