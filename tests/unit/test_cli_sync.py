"""`vetorbase sync`, `watch` and `folders` in-process: exit codes, clear errors, the JSON
shapes, and pause / resume / forget. (Passes between real processes, kill -9 and the real
watcher are in tests/integration/test_folder_sync.py.)"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from vetorbase import cli
from vetorbase.embeddings import get_embedder
from vetorbase.store import VectorBase

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration" / "django_q"))
HASH_ID = "import:vbq_embedders:HashEmbedder"


@pytest.fixture
def base_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    emb = get_embedder(HASH_ID)
    VectorBase.open(tmp_path / "base", create=True, dim=emb.dim, embedder_id=emb.embedder_id).close()
    return tmp_path / "base"


def _main(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    VectorBase.open(args[args.index("--base") + 1]).close()  # each CLI run is its own process
    return code, out.out, out.err


def test_sync_json_folders_and_pause_resume_forget(base_path: Path, tmp_path: Path, capsys) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("alpha", encoding="utf-8")
    (inbox / "b.md").write_text("# beta", encoding="utf-8")
    (inbox / "c.xyz").write_text("not a document type", encoding="utf-8")
    code, out, _ = _main(capsys, "sync", str(inbox), "--base", str(base_path), "--json", "--ignore", "b.*")
    assert code == 0
    r = json.loads(out)
    assert {k: r[k] for k in ("added", "replaced", "renamed", "removed", "unchanged", "failed")} == \
        {"added": 1, "replaced": 0, "renamed": 0, "removed": 0, "unchanged": 0, "failed": 0}
    assert r["failures"] == [] and r["folders"][0]["paths"]["added"] == [str(inbox / "a.txt")]
    # Without FOLDER: every folder this host follows, with its recorded settings (b.* still left out).
    code, out, _ = _main(capsys, "sync", "--base", str(base_path))
    assert code == 0 and out.startswith(f"{inbox}: 0 added, 0 replaced, 0 renamed, 0 removed, 1 unchanged, "
                                        "0 failed in ")
    code, out, _ = _main(capsys, "folders", "--base", str(base_path), "--json")
    (f,) = json.loads(out)["folders"]
    assert f["path"] == str(inbox) and f["settings"] == {"ignore": ["b.*"], "hidden": False}
    assert f["paused"] is False and f["last_pass"]["unchanged"] == 1 and f["syncing"] is False

    code, out, _ = _main(capsys, "folders", "--base", str(base_path), "--pause", str(inbox))
    assert code == 0 and "[paused]" in out
    (inbox / "new.txt").write_text("new", encoding="utf-8")
    code, out, _ = _main(capsys, "sync", str(inbox), "--base", str(base_path))
    assert code == 0 and "paused" in out
    assert VectorBase.open(base_path).get_document(source=str(inbox / "new.txt")) is None
    code, out, _ = _main(capsys, "folders", "--base", str(base_path), "--resume", str(inbox))
    assert "[idle]" in out
    code, out, _ = _main(capsys, "sync", str(inbox), "--base", str(base_path), "--json")
    assert json.loads(out)["added"] == 1
    code, out, _ = _main(capsys, "folders", "--base", str(base_path), "--forget", str(inbox))
    assert code == 0 and "no followed folders" in out
    assert VectorBase.open(base_path).document_count() == 2, "forgetting a folder keeps its documents"


def test_sync_errors_are_clear(base_path: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as e:
        cli.main(["sync", "--base", str(base_path)])
    assert e.value.code == 2 and "follows no folder" in capsys.readouterr().err
    code, _, err = _main(capsys, "sync", str(tmp_path / "missing"), "--base", str(base_path))
    assert code == 3 and "is not a folder" in err and str(tmp_path / "missing") in err
    code, _, err = _main(capsys, "folders", "--base", str(base_path), "--pause", str(tmp_path))
    assert code == 3 and "is not a folder" in err and "vetorbase folders" in err
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "empty.txt").write_text("   \n", encoding="utf-8")
    code, out, err = _main(capsys, "sync", str(inbox), "--base", str(base_path))
    assert code == 3 and "1 failed" in out and "empty.txt" in err and "no text" in err
    with pytest.raises(SystemExit) as e:
        cli.main(["watch", str(inbox), "--base", str(base_path), "--rescan", "0"])
    assert e.value.code == 2
