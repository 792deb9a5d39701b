"""Followed folders in the base (store/folders.py) and `rename_document`: real bases,
another process reading what one wrote, leases that block, expire and are released."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import InvalidInput
from vetorbase.store.folders import FileState, FolderSettings

DIM = 8
BACKENDS = ["folder", "postgresql"]


def vecs(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


@pytest.fixture(params=BACKENDS)
def location(request, base_dir):
    return str(base_dir) if request.param == "folder" else request.getfixturevalue("pg_url")


@pytest.fixture
def base(location):
    b = VectorBase.open(location, create=True, dim=DIM, embedder_id="t:8")
    b.add_document("/d/a.txt", ["alpha one", "alpha two"], vecs(2),
                   metadata={"source": "/d/a.txt", "filename": "a.txt", "tag": "x"})
    b.add_document("/d/b.txt", ["beta"], vecs(1, 1), metadata={"filename": "b.txt"})
    yield b
    b.close()


def _other_process(location: str, code: str) -> str:
    prog = f"import sys, json; from vetorbase import VectorBase; b = VectorBase.open(sys.argv[1]); {code}"
    out = subprocess.run([sys.executable, "-c", prog, location], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_follow_is_idempotent_keeps_settings_and_is_seen_by_another_process(base, location):
    f = base.folders.follow("/data/inbox", origin="me@here",
                            settings=FolderSettings(("drafts/*",), hidden=True))
    again = base.folders.follow("/data/inbox")
    assert again.id == f.id and again.settings == FolderSettings(("drafts/*",), True)
    assert base.folders.follow("/data/inbox", settings=FolderSettings()).settings == FolderSettings()
    base.folders.follow("/data/other", host="elsewhere")
    assert sorted(x.path for x in base.folders.list()) == ["/data/inbox", "/data/other"]
    here = base.folders.list(f.host)
    assert [x.path for x in here] == ["/data/inbox"]
    base.folders.set_paused(f.id, True)
    seen = _other_process(location, "print(json.dumps([(x.path, x.paused) for x in b.folders.list()]))")
    assert sorted(map(tuple, json.loads(seen))) == [("/data/inbox", True), ("/data/other", False)]
    base.folders.unfollow(f.id)
    assert base.folders.find("/data/inbox") is None
    with pytest.raises(InvalidInput, match="no followed folder"):
        base.folders.get(f.id)


def test_a_lease_blocks_others_until_released_or_expired(base, location):
    f = base.folders.follow("/data/inbox")
    assert base.folders.take_lease(f.id, "h:1:a", 30)
    assert base.folders.take_lease(f.id, "h:1:a", 30)  # renewal
    assert not base.folders.take_lease(f.id, "h:2:b", 30)
    assert _other_process(location, f"print(b.folders.take_lease({f.id}, 'h:3:c', 30))") == "False"
    assert base.folders.get(f.id).syncing()
    base.folders.release_lease(f.id, "h:2:b")  # not the holder: no effect
    assert not base.folders.take_lease(f.id, "h:2:b", 30)
    base.folders.release_lease(f.id, "h:1:a")
    assert not base.folders.get(f.id).syncing()
    assert base.folders.take_lease(f.id, "h:2:b", 0.2)
    time.sleep(0.3)  # the holder vanished without releasing: its lease runs out
    assert base.folders.take_lease(f.id, "h:3:c", 30)
    assert not base.folders.take_over_lease(f.id, "h:4:d", dead="h:2:b")  # changed hands since
    assert base.folders.take_over_lease(f.id, "h:4:d", dead="h:3:c")
    assert base.folders.get(f.id).holder == "h:4:d"


def test_file_state_rows_are_written_and_dropped_together(base):
    f = base.folders.follow("/d")
    a = base.get_document(source="/d/a.txt")
    base.folders.put_files(f.id, [FileState("a.txt", 10, 1_700_000_000_123_456_789, "ab" * 32, a.id),
                                  FileState("bad.pdf", 5, 2, None, None, "cannot read")])
    got = base.folders.files(f.id)
    assert got["a.txt"] == FileState("a.txt", 10, 1_700_000_000_123_456_789, "ab" * 32, a.id)
    assert got["bad.pdf"].error == "cannot read" and got["bad.pdf"].doc_id is None
    base.folders.put_files(f.id, [FileState("c.txt", 1, 1, "cd" * 32, a.id)], drop=["a.txt"])
    assert sorted(base.folders.files(f.id)) == ["bad.pdf", "c.txt"]
    b = base.get_document(source="/d/b.txt")
    assert base.folders.documents_under("/d/") == {"/d/a.txt": (a.id, None, a.added_by),
                                                   "/d/b.txt": (b.id, None, b.added_by)}
    assert base.folders.documents_under("/d/a") == {"/d/a.txt": (a.id, None, a.added_by)}
    base.folders.record_pass(f.id, {"added": 3, "failed": 1})
    assert base.folders.get(f.id).last_pass == {"added": 3, "failed": 1}


def test_rename_document_keeps_chunks_and_vectors_and_moves_every_filter(base, location):
    doc = base.get_document(source="/d/a.txt")
    chunks = base.chunks(doc.id)
    before = base.vectors([c.id for c in chunks])
    q = before[0]
    seq = base.journal_seq()
    renamed = base.rename_document(doc.id, "/d/sub/a2.txt", updates={"filename": "a2.txt"})
    assert renamed.id == doc.id and renamed.source == "/d/sub/a2.txt"
    assert renamed.metadata["filename"] == "a2.txt" and renamed.metadata["tag"] == "x"
    after = base.chunks(doc.id)
    assert [c.id for c in after] == [c.id for c in chunks]
    assert all(c.metadata["source"] == "/d/sub/a2.txt" and c.metadata["filename"] == "a2.txt" for c in after)
    assert np.array_equal(base.vectors([c.id for c in after]), before)
    assert base.get_document(source="/d/a.txt") is None
    assert base.count({"source": "/d/sub/a2.txt"}) == 2 and base.count({"source": "/d/a.txt"}) == 0
    assert base.count({"filename": "a2.txt"}) == 2 and base.count({"filename": "a.txt"}) == 0
    hit = base.search(q, k=1)[0]
    assert hit.id == chunks[0].id and hit.source == "/d/sub/a2.txt"
    assert base.search(text="alpha", mode="keyword", k=5)[0].source == "/d/sub/a2.txt"
    entry = base.history(1)[0]
    assert base.journal_seq() == seq + 1 and entry["kind"] == "rename_document"
    assert entry["chunks_added"] == 0 and entry["chunks_removed"] == 0
    assert entry["renamed_from"] == "/d/a.txt" and entry["renamed_to"] == "/d/sub/a2.txt"
    assert _other_process(location, "print(b.count({'source': '/d/sub/a2.txt'}), "
                                    "b.search(b.vectors([%d])[0], k=1)[0].source)" % chunks[0].id) \
        == "2 /d/sub/a2.txt"
    assert base.check() == []
    # The same name again changes nothing; another document's name is refused.
    base.rename_document(doc.id, "/d/sub/a2.txt")
    assert base.journal_seq() == seq + 1
    with pytest.raises(InvalidInput, match="another document"):
        base.rename_document(doc.id, "/d/b.txt")
    with pytest.raises(InvalidInput, match="no document"):
        base.rename_document(999, "/d/z.txt")
    with pytest.raises(InvalidInput):
        base.rename_document(doc.id, "")
    assert base.journal_seq() == seq + 1 and base.check() == []


def test_of_processes_racing_for_a_free_lease_exactly_one_wins(base, location, tmp_path):
    f = base.folders.follow("/data/race")
    go = tmp_path / "go"
    code = ("import sys, time, os; from pathlib import Path; from vetorbase import VectorBase\n"
            "b = VectorBase.open(sys.argv[1]); b.folders.list()\n"
            "while not Path(sys.argv[2]).exists(): time.sleep(0.005)\n"
            f"print(b.folders.take_lease({f.id}, 'h:' + str(os.getpid()) + ':n', 30))")
    procs = [subprocess.Popen([sys.executable, "-c", code, location, str(go)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(6)]
    time.sleep(2.0)  # all of them opened the base and wait for the signal
    go.touch()
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, [o[1] for o in outs]
    assert sorted(o[0].strip() for o in outs) == ["False"] * 5 + ["True"]
    holder = base.folders.get(f.id).holder
    assert holder is not None and holder.startswith("h:")
