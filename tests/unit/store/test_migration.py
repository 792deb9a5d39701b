"""A base written by round 1 (schema 1, tests/fixtures/round1-base, made by commit
3aa69b3's store) opens, is upgraded in place, and answers exactly as before."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import ReadOnlyBase
from vetorbase.store.schema import SCHEMA_VERSION

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "round1-base"


@pytest.fixture
def round1(tmp_path) -> Path:
    target = tmp_path / "round1"
    shutil.copytree(FIXTURE, target)
    return target


def _version(folder: Path) -> tuple[int, dict[str, str]]:
    conn = sqlite3.connect(folder / "vetorbase.sqlite")
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0], dict(conn.execute("SELECT key, value FROM meta"))
    finally:
        conn.close()


def test_round1_base_is_upgraded_in_place_and_keeps_every_document(round1):
    assert _version(round1)[0] == 1
    base = VectorBase.open(round1)
    version, meta = _version(round1)
    assert version == SCHEMA_VERSION and len(meta["base_id"]) == 32
    assert base.document_count() == 12 and base.count() == 34
    assert base.folders.list() == [] and base.folders.follow("/inbox").path == "/inbox"  # schema 4
    # Schema 3: every old chunk was put in the keyword index during the upgrade.
    some = base.chunks(base.documents(limit=1)[0].id)[0]
    word = max(some.text.split(), key=len)
    assert some.id in [h.id for h in base.search(text=word, mode="keyword", k=50)]
    assert base.get_document(source="docs/d3.txt") is None
    # Every stored vector finds itself first: the old snapshot (no identity) was not
    # trusted blindly, and the view matches the journal.
    for doc in base.documents(limit=100):
        for chunk in base.chunks(doc.id):
            assert base.search(base.vectors([chunk.id])[0], k=1)[0].id == chunk.id
    assert base.check() == []
    base.add_document("docs/after.txt", ["after"], np.ones((1, 8), np.float32))
    # Schema 4: the upgraded base has a trash.
    assert base.remove_where({"source": "docs/after.txt"}) == 1 and base.trash()[0].chunks == 1
    assert base.restore(all=True).chunks == 1 and base.trash() == []
    assert base.compact()["snapshot_seq"] == base.stats().seq
    assert base.check() == []
    base.close()


def test_upgrade_reports_progress_while_indexing_the_text(round1):
    seen = []
    base = VectorBase.open(round1, progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 34) and seen[-1] == (34, 34)
    assert all(a[0] <= b[0] for a, b in zip(seen, seen[1:]))
    base.close()


def test_read_only_open_of_a_round1_base_reads_without_upgrading(round1):
    base = VectorBase.open(round1, read_only=True)
    assert base.document_count() == 12
    assert base.search(np.ones(8, np.float32), k=3)
    assert _version(round1)[0] == 1
    with pytest.raises(ReadOnlyBase, match="full-text index"):
        base.search(text="anything", mode="keyword")
    assert base.folders.list() == []  # no folder tables before schema 4: it follows nothing
    base.close()


def test_upgrade_is_atomic(round1, monkeypatch):
    from vetorbase.store import schema

    def boom(conn, version, progress=None):
        conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('base_id', 'x')")
        raise RuntimeError("killed mid-upgrade")

    monkeypatch.setattr(schema, "upgrade", boom)
    with pytest.raises(RuntimeError):
        VectorBase.open(round1)
    version, meta = _version(round1)
    assert version == 1 and "base_id" not in meta


def test_cli_keyword_search_on_a_round1_base_says_how_to_upgrade_it(round1, capsys):
    from vetorbase import cli

    base = VectorBase.open(round1, read_only=True)
    word = max(base.chunks(base.documents(limit=1)[0].id)[0].text.split(), key=len)
    base.close()
    search = ["search", word, "--mode", "keyword", "--json", "--base", str(round1)]
    assert cli.main(search) == 3  # read-only commands never upgrade
    assert "vetorbase compact" in capsys.readouterr().err
    VectorBase.open(round1).close()  # each CLI run is its own process: forget the shared instance
    assert cli.main(["compact", "--base", str(round1)]) == 0
    capsys.readouterr()
    VectorBase.open(round1).close()
    assert cli.main(search) == 0 and _version(round1)[0] == SCHEMA_VERSION
    assert word in capsys.readouterr().out
