"""`vetorbase remove` to the trash, `--purge`, and `vetorbase trash list|restore|empty`:
JSON shapes, the counts in the text (the library's), confirmations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from vetorbase import VectorBase, cli

DIM = 8


@pytest.fixture
def base_path(tmp_path: Path) -> Path:
    folder = tmp_path / "base"
    b = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:8")
    rng = np.random.default_rng(0)
    for name, lang, n in (("a.txt", "pt", 3), ("b.txt", "en", 2), ("c.txt", "pt", 1)):
        b.add_document(str(tmp_path / name), [f"{name} {i}" for i in range(n)], rng.normal(size=(n, DIM)),
                       metadata={"lang": lang}, sha256=name)
    b.close()
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_remove_goes_to_the_trash_and_restore_brings_it_back(base_path, tmp_path, capsys):
    code, out, err = run(capsys, "remove", "--where", "lang=pt", "--yes", "--json", "--base", str(base_path))
    assert code == 0, err
    removed = json.loads(out)
    assert removed["removed"] == 4 and removed["purged"] is False
    assert sorted(d["name"] for d in removed["documents"]) == ["a.txt", "c.txt"]
    entry = removed["trash_entry"]
    assert set(entry) == {"id", "seq", "removed_at", "removed_by", "kind", "documents", "chunks", "chars",
                          "sources", "where"}
    assert (entry["documents"], entry["chunks"], entry["where"]) == (2, 4, {"lang": "pt"})
    assert "will be moved to the trash" in err

    code, out, _ = run(capsys, "trash", "list", "--json", "--base", str(base_path))
    listing = json.loads(out)
    assert set(listing) == {"entries", "trash_days", "documents", "chunks"}
    assert (listing["documents"], listing["chunks"], listing["trash_days"]) == (2, 4, 30)
    assert listing["entries"] == [entry]

    code, out, _ = run(capsys, "trash", "list", "--base", str(base_path))
    assert code == 0 and f"{entry['id']:>6}" in out and "a.txt, " in out and "(1 trash entry;" in out
    code, out, _ = run(capsys, "trash", "list", "--json", "--source", str(tmp_path / "c.txt"), "--base", str(base_path))
    assert [e["id"] for e in json.loads(out)["entries"]] == [entry["id"]]
    code, out, _ = run(capsys, "trash", "list", "--json", "--where", "lang=en", "--base", str(base_path))
    assert json.loads(out)["entries"] == [] and json.loads(out)["chunks"] == 4  # totals: the whole trash

    code, out, _ = run(capsys, "trash", "restore", "--source", str(tmp_path / "c.txt"), "--base", str(base_path))
    assert code == 0 and out.strip() == "restored 1 document (1 chunk) from 1 trash entry"
    code, out, _ = run(capsys, "trash", "restore", str(entry["id"]), "--json", "--base", str(base_path))
    restored = json.loads(out)
    assert set(restored) == {"entries", "documents", "chunks", "sources", "chunk_ids"}
    assert (restored["documents"], restored["chunks"], len(restored["chunk_ids"])) == (1, 3, 3)
    assert restored["sources"] == [str(tmp_path / "a.txt")]
    code, out, _ = run(capsys, "trash", "list", "--base", str(base_path))
    assert out.strip() == "the trash is empty"
    b = VectorBase.open(base_path)
    assert b.count() == 6 and b.check() == []


def test_purge_deletes_for_good_and_says_so(base_path, capsys):
    code, out, err = run(capsys, "remove", "--where", "lang=en", "--purge", "--yes", "--base", str(base_path))
    assert code == 0, err
    assert "cannot be undone" in out and out.strip().endswith("deleted 2 chunks for good")
    code, out, _ = run(capsys, "trash", "list", "--json", "--base", str(base_path))
    assert json.loads(out)["entries"] == []
    code, out, _ = run(capsys, "remove", "--where", "lang=en", "--purge", "--json", "--yes",
                       "--base", str(base_path))
    assert json.loads(out) == {"removed": 0, "purged": True, "documents": [], "trash_entry": None}


def test_empty_states_the_librarys_count_and_needs_a_choice(base_path, capsys):
    run(capsys, "remove", "--where", "lang=pt", "--yes", "--base", str(base_path))
    run(capsys, "remove", "--where", "lang=en", "--yes", "--base", str(base_path))
    with pytest.raises(SystemExit) as exit_:
        cli.main(["trash", "empty", "--yes", "--base", str(base_path)])
    assert exit_.value.code == 2 and "--all" in capsys.readouterr().err  # nothing chosen: nothing deleted
    code, out, _ = run(capsys, "trash", "empty", "--where", "lang=en", "--yes", "--base", str(base_path))
    assert code == 0
    assert out.splitlines() == ["2 chunks of 1 document from 1 trash entry will be deleted for good",
                                "deleted 2 chunks of 1 document for good"]
    code, out, _ = run(capsys, "trash", "empty", "--older-than", "1", "--json", "--yes", "--base", str(base_path))
    assert json.loads(out) == {"entries": 0, "documents": 0, "chunks": 0, "sources": [], "chunk_ids": []}
    code, out, err = run(capsys, "trash", "empty", "--all", "--json", "--yes", "--base", str(base_path))
    emptied = json.loads(out)
    assert (emptied["entries"], emptied["documents"], emptied["chunks"]) == (1, 2, 4)
    assert "4 chunks of 2 documents from 1 trash entry" in err
    assert VectorBase.open(base_path).trash() == []


def test_empty_refuses_to_guess_without_a_terminal(base_path, capsys):
    run(capsys, "remove", "--where", "lang=pt", "--yes", "--base", str(base_path))
    env = {k: v for k, v in os.environ.items() if k != "VETORBASE_BASE"}
    proc = subprocess.run([sys.executable, "-m", "vetorbase", "trash", "empty", "--all", "--base", str(base_path)],
                          capture_output=True, text=True, input="y\n", env=env, timeout=120)
    assert proc.returncode == 2 and "--yes" in proc.stderr
    assert VectorBase.open(base_path).trash()[0].chunks == 4


def test_restore_conflict_is_a_clear_error_and_replace_resolves_it(base_path, tmp_path, capsys):
    run(capsys, "remove", "--source", str(tmp_path / "c.txt"), "--yes", "--base", str(base_path))
    b = VectorBase.open(base_path)
    b.add_document(str(tmp_path / "c.txt"), ["new c"], np.ones((1, DIM), np.float32), sha256="new")
    code, _out, err = run(capsys, "trash", "restore", "--all", "--base", str(base_path))
    assert code == 3 and "added again" in err and "c.txt" in err
    code, out, err = run(capsys, "trash", "restore", "--all", "--replace", "--json", "--base", str(base_path))
    assert code == 0, err and json.loads(out)["chunks"] == 1
    b.refresh()
    assert b.get_document(source=str(tmp_path / "c.txt")).sha256 == "c.txt"
    assert [e.kind for e in b.trash()] == ["replaced_by_restore"]


def test_trash_days_is_read_and_set_in_the_base(base_path, capsys):
    code, out, _ = run(capsys, "trash", "days", "--json", "--base", str(base_path))
    assert code == 0 and json.loads(out) == {"trash_days": 30.0}
    code, out, _ = run(capsys, "trash", "days", "7", "--base", str(base_path))
    assert out.strip() == "`vetorbase compact` empties what was removed more than 7 days ago"
    assert VectorBase.open(base_path).trash_days == 7
    code, _out, err = run(capsys, "trash", "days", "-1", "--base", str(base_path))
    assert code == 3 and "trash days must be a number >= 0" in err
