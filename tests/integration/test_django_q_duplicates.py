"""The Django-Q ingestion tasks report copies (duplicate_of) and skip them on request.

Called in-process with explicit arguments, as a worker runs them (the cluster itself is
exercised in test_django_q_cluster.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent / "django_q"
sys.path.insert(0, str(PROJECT))

from vetorbase.integrations import django_q as vq  # noqa: E402
from vetorbase.store import VectorBase  # noqa: E402

HASH_ID = "import:vbq_embedders:HashEmbedder"


def test_ingest_tasks_report_and_skip_copies(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("the quarterly report of the water utility", encoding="utf-8")
    (folder / "b.txt").write_text("the quarterly report of the water utility", encoding="utf-8")
    (folder / "c.txt").write_text("a different note about the roads", encoding="utf-8")
    kw = {"base_dir": str(tmp_path / "b"), "embedder": HASH_ID}
    added = vq.ingest_path(folder, **kw)
    assert (added["added"], added["duplicates"]) == (3, 1)
    by_path = {f["path"]: f for f in added["files"]}
    assert by_path[str(folder / "b.txt")]["duplicate_of"] == str(folder / "a.txt")
    assert by_path[str(folder / "c.txt")]["duplicate_of"] == ""

    (folder / "d.txt").write_text("a different note about the roads", encoding="utf-8")
    skipped = vq.ingest_path(folder / "d.txt", skip_duplicates=True, **kw)
    assert (skipped["added"], skipped["skipped"], skipped["duplicates"]) == (0, 1, 1)
    assert skipped["files"][0]["duplicate_of"] == str(folder / "c.txt")

    text = vq.ingest_text("a different note about the roads", source="ticket:9", skip_duplicates=True, **kw)
    assert (text["status"], text["duplicate_of"]) == ("skipped", str(folder / "c.txt"))
    json.dumps([added, skipped, text])
    base = VectorBase.open(tmp_path / "b")
    assert base.document_count() == 3 and [len(g.documents) for g in base.duplicates().exact] == [2]
