"""Chunk metadata: stable ids, our keys win over user keys."""

from __future__ import annotations

import hashlib
from datetime import datetime

from vetorbase.ingest.metadata import chunk_metadata, file_metadata, stable_doc_id


def test_doc_id_is_sha1_prefix_of_source() -> None:
    source = "/data/relatório.pdf"
    assert stable_doc_id(source) == hashlib.sha1(source.encode()).hexdigest()[:16]
    assert len(stable_doc_id(source)) == 16


def test_file_and_chunk_metadata() -> None:
    meta = file_metadata("/d/a.pdf", "ab" * 32, "application/pdf", origin="worker@h",
                         user={"project": "x", "source": "evil", "sha256": "no"})
    assert meta["project"] == "x"
    assert meta["source"] == "/d/a.pdf" and meta["sha256"] == "ab" * 32
    assert meta["filename"] == "a.pdf" and meta["ingested_by"] == "worker@h"
    assert datetime.fromisoformat(meta["ingested_at"]).utcoffset().total_seconds() == 0
    chunk = chunk_metadata(meta, 4, 10, 20, page=2)
    assert (chunk["chunk"], chunk["start"], chunk["end"], chunk["page"]) == (4, 10, 20, 2)
    assert "page" not in chunk_metadata(meta, 0, 0, 1, page=None)
    assert "chunk" not in meta  # the document dict is not mutated
