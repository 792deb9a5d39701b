"""Watched folders with real processes: `vetorbase sync` passes between which files are
created, changed, touched, moved and deleted; two syncs at once; kill -9 mid-pass then
resume; `vetorbase watch` (real watchdog) making a saved file searchable; ignore rules."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sync_helpers import HASH_ID, SLOW_ID, assert_matches, cli, start_cli, sync_json

from vetorbase.embeddings import get_embedder
from vetorbase.ingest.foldersync import sync_folder
from vetorbase.store import VectorBase
from vetorbase.store.folders import FolderSettings

pytestmark = [pytest.mark.timeout(300)]

LONG = " ".join(f"Paragraph {i} of the long report talks about rivers, bridges and tolls."
                for i in range(60))  # ~4,300 characters: several chunks


def _base(path: Path, embedder_id: str = HASH_ID) -> VectorBase:
    emb = get_embedder(embedder_id)
    return VectorBase.open(path, create=True, dim=emb.dim, embedder_id=emb.embedder_id)


def _write(folder: Path, rel: str, text: str) -> None:
    (folder / rel).parent.mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(text, encoding="utf-8")


def _ids(base: VectorBase, source: Path) -> tuple[int, list[int]]:
    doc = base.get_document(source=str(source))
    assert doc is not None, source
    return doc.id, [c.id for c in base.chunks(doc.id)]


def test_passes_follow_creates_changes_moves_and_deletes(tmp_path: Path) -> None:
    base = _base(tmp_path / "base")
    f = tmp_path / "inbox"
    files = {"a.txt": "apples and pears", "b.md": "# Bees\nmake honey", "sub/c.txt": "cherries in june",
             "sub/long.txt": LONG, "d.txt": "dates from the oasis", "e.txt": "elderberry syrup"}
    for rel, text in files.items():
        _write(f, rel, text)
    # Never taken: version control, lock and temporary files, hidden ones, other types.
    for rel in (".git/config", "~$report.docx", ".~lock.sheet.ods#", "draft.tmp", ".notes.txt.swp",
                ".hidden.txt", ".cache/x.txt", "photo.xyz"):
        _write(f, rel, "ignored")

    first = sync_json(tmp_path / "base", f)
    assert (first["added"], first["replaced"], first["renamed"], first["removed"], first["failed"]) == (6, 0, 0, 0, 0)
    assert_matches(base, f, set(files))
    long_id, long_chunks = _ids(base, f / "sub/long.txt")
    a_id, a_chunks = _ids(base, f / "a.txt")
    assert len(long_chunks) >= 4

    # Between passes: change one, touch one (same bytes), move two, delete one, add one.
    _write(f, "b.md", "# Bees\nmake honey and wax")
    os.utime(f / "d.txt", ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    (f / "archive").mkdir()
    (f / "sub/long.txt").rename(f / "archive/long-2026.txt")
    (f / "a.txt").rename(f / "sub/apples.txt")
    (f / "e.txt").unlink()
    _write(f, "new.txt", "nectarines are new")
    seq = base.journal_seq()
    second = sync_json(tmp_path / "base", f)
    assert {k: second[k] for k in ("added", "replaced", "renamed", "removed", "unchanged", "failed")} == \
        {"added": 1, "replaced": 1, "renamed": 2, "removed": 1, "unchanged": 2, "failed": 0}
    assert sorted((r["from"], r["to"]) for r in second["folders"][0]["paths"]["renamed"]) == [
        (str(f / "a.txt"), str(f / "sub/apples.txt")),
        (str(f / "sub/long.txt"), str(f / "archive/long-2026.txt"))]
    files = {"sub/apples.txt", "b.md", "sub/c.txt", "archive/long-2026.txt", "d.txt", "new.txt"}
    assert_matches(base, f, files)
    # A move keeps the document, its chunk ids and vectors: nothing was embedded again.
    assert _ids(base, f / "archive/long-2026.txt") == (long_id, long_chunks)
    assert _ids(base, f / "sub/apples.txt") == (a_id, a_chunks)
    kinds = [c["kind"] for c in base.history(50) if c["seq"] > seq]
    assert sorted(kinds) == sorted(["rename_document"] * 2 + ["add_document"] * 2 + ["remove_documents"])
    assert sum(c["chunks_added"] for c in base.history(50) if c["seq"] > seq) == \
        len(base.chunks(base.get_document(source=str(f / "b.md")).id)) + 1

    # Nothing changed: nothing is committed, nothing is read.
    seq = base.journal_seq()
    third = sync_json(tmp_path / "base", f)
    assert (third["unchanged"], third["added"] + third["replaced"] + third["removed"] + third["renamed"]) == (6, 0)
    assert base.journal_seq() == seq

    # A whole folder moved, another deleted, and content swapped between two names.
    (f / "sub").rename(f / "moved")
    (f / "archive/long-2026.txt").unlink()
    (f / "archive").rmdir()
    b, d = (f / "b.md").read_text(), (f / "d.txt").read_text()
    _write(f, "b.md", d)
    _write(f, "d.txt", b)
    fourth = sync_json(tmp_path / "base", f)
    assert (fourth["renamed"], fourth["removed"], fourth["failed"]) == (2, 1, 0)
    assert_matches(base, f, {"moved/apples.txt", "moved/c.txt", "b.md", "d.txt", "new.txt"})
    assert _ids(base, f / "moved/apples.txt") == (a_id, a_chunks)

    folders = base.folders.list()
    assert [x.path for x in folders] == [str(f)] and folders[0].last_pass["renamed"] == 2
    listed = cli("folders", "--base", str(tmp_path / "base"))
    assert listed.returncode == 0 and str(f) in listed.stdout and "2 renamed" in listed.stdout


def test_two_processes_syncing_one_folder_duplicate_nothing(tmp_path: Path) -> None:
    base = _base(tmp_path / "base", SLOW_ID)
    f = tmp_path / "inbox"
    rels = {f"doc{i:02d}.txt" for i in range(24)}
    for i, rel in enumerate(sorted(rels)):
        _write(f, rel, f"document number {i} [slow]" if i == 3 else f"document number {i} words {i * 7}")
    work = {"VBQ_WORK": str(tmp_path), "VBQ_SLOW_SECONDS": "3"}
    args = ("sync", str(f), "--base", str(tmp_path / "base"), "--json")
    procs = [start_cli(*args, **work) for _ in range(2)]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1] for o in outs]
    statuses = sorted(json.loads(o[0])["folders"][0]["status"] for o in outs)
    assert statuses == ["busy", "done"]
    assert_matches(base, f, rels)
    adds = [c for c in base.history(500) if c["kind"] == "add_document"]
    assert len(adds) == len(rels)  # every file ingested exactly once
    again = sync_json(tmp_path / "base", f, **work)
    assert (again["unchanged"], again["added"]) == (len(rels), 0)


def _mutate(f: Path, rng: random.Random, live: set[str], n: int) -> None:
    """Random creates, changes, moves and deletes among the files `live` (kept up to date)."""
    for _ in range(n):
        op = rng.choice(["add", "add", "change", "move", "delete"])
        if op == "add" or not live:
            rel = f"d{rng.randrange(5)}/f{rng.randrange(10**6)}.txt"
            _write(f, rel, f"fresh file {rel} " + " ".join(rng.choice(["x", "y", "z"]) for _ in range(30)))
            live.add(rel)
            continue
        rel = rng.choice(sorted(live))
        if op == "change":
            _write(f, rel, (f / rel).read_text() + f" changed {rng.random()}")
        elif op == "move":
            new = f"m{rng.randrange(3)}/{Path(rel).stem}-{rng.randrange(10**6)}.txt"
            (f / new).parent.mkdir(parents=True, exist_ok=True)
            (f / rel).rename(f / new)
            live.discard(rel)
            live.add(new)
        else:
            (f / rel).unlink()
            live.discard(rel)


def test_kill_9_mid_pass_leaves_the_base_consistent_and_the_next_pass_resumes(tmp_path: Path) -> None:
    base = _base(tmp_path / "base", SLOW_ID)
    f = tmp_path / "inbox"
    rng = random.Random(13)
    live: set[str] = set()
    _mutate(f, rng, live, 120)
    # 1. Killed while embedding a file (known point): a document is all there or absent.
    _write(f, "d0/zz-slow.txt", "this one is [slow] to embed")
    live.add("d0/zz-slow.txt")
    p = start_cli("sync", str(f), "--base", str(tmp_path / "base"), VBQ_WORK=str(tmp_path),
                  VBQ_SLOW_SECONDS="60")
    deadline = time.monotonic() + 120
    while not (tmp_path / "slow-pids").exists() or not any((tmp_path / "slow-pids").iterdir()):
        assert time.monotonic() < deadline and p.poll() is None, p.communicate()
        time.sleep(0.05)
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert base.check() == []
    assert 0 < base.document_count() < len(live)
    assert base.folders.list()[0].holder is not None  # the dead pass's lease is still there
    (f / "d0/zz-slow.txt").write_text("no longer slow", encoding="utf-8")
    # 2. Killed at random moments of passes over a folder that keeps changing.
    kills = 0
    for _ in range(6):
        _mutate(f, rng, live, 40)
        p = start_cli("sync", str(f), "--base", str(tmp_path / "base"), stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL)
        # Once this pass holds the folder (its pid is in the lease), kill it a moment later.
        _wait(lambda: p.poll() is not None or f":{p.pid}:" in (base.folders.list()[0].holder or ""),
              "the pass to start", 120)
        time.sleep(rng.uniform(0.0, 0.25))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            kills += 1
        p.wait()
        assert base.check() == []
    # 3. The next pass takes over the dead holders' lease at once and finishes the work.
    last = sync_json(tmp_path / "base", f)
    assert last["folders"][0]["status"] == "done" and last["failed"] == 0
    assert_matches(base, f, live)
    assert sync_json(tmp_path / "base", f)["unchanged"] == len(live)
    print(f"\n[sync] {kills + 1} passes killed with SIGKILL; {len(live)} files matched after resuming")
    assert kills >= 3


def test_watch_makes_a_saved_file_searchable_and_follows_moves(tmp_path: Path) -> None:
    base = _base(tmp_path / "base")
    f = tmp_path / "inbox"
    _write(f, "old.txt", "an old note about tea")
    log = (tmp_path / "watch.out").open("w")
    p = start_cli("watch", str(f), "--base", str(tmp_path / "base"), "--debounce", "0.3", stdout=log)
    try:
        _wait(lambda: base.get_document(source=str(f / "old.txt")) is not None, "the first pass")
        saved = time.monotonic()
        _write(f, "kiwi.txt", "a quokka ate the kiwi fruit")
        _wait(lambda: any(h.source == str(f / "kiwi.txt")
                          for h in base.search(text="quokka", mode="keyword", k=3)), "the new file")
        latency = time.monotonic() - saved
        # A file written slowly, in pieces, is ingested once, complete.
        with open(f / "slow.txt", "w", encoding="utf-8") as out:
            for i in range(12):
                out.write(f"slowly written line {i} about walruses\n")
                out.flush()
                time.sleep(0.12)
        _wait(lambda: base.get_document(source=str(f / "slow.txt")) is not None, "the slow file")
        time.sleep(1.0)
        slow = base.get_document(source=str(f / "slow.txt"))
        assert "line 11" in base.chunks(slow.id)[-1].text
        assert [c["kind"] for c in base.history(100)
                if str(f / "slow.txt") in c.get("sources", [])] == ["add_document"]
        kiwi = _ids(base, f / "kiwi.txt")
        (f / "kiwi.txt").rename(f / "fruit.txt")
        _wait(lambda: base.get_document(source=str(f / "fruit.txt")) is not None, "the move")
        assert _ids(base, f / "fruit.txt") == kiwi
        (f / "old.txt").unlink()
        _wait(lambda: base.get_document(source=str(f / "old.txt")) is None, "the deletion")
        _write(f, ".git/HEAD", "ref: refs/heads/main")
        _write(f, "~$lock.docx", "lock")
        time.sleep(1.0)
        assert_matches(base, f, {"fruit.txt", "slow.txt"})
        # Paused by another program: nothing is synced; resumed: the watcher catches up.
        assert cli("folders", "--base", str(tmp_path / "base"), "--pause", str(f)).returncode == 0
        _write(f, "while-paused.txt", "written while the folder was paused")
        time.sleep(2.0)
        assert base.get_document(source=str(f / "while-paused.txt")) is None
        assert cli("folders", "--base", str(tmp_path / "base"), "--resume", str(f)).returncode == 0
        _wait(lambda: base.get_document(source=str(f / "while-paused.txt")) is not None, "the resume")
    finally:
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
    log.close()
    assert p.returncode == 0, err
    assert "stopped watching" in err
    shown = (tmp_path / "watch.out").read_text()
    assert "1 renamed" in shown and shown.count(": paused:") == 1, shown  # said once, not per event
    assert base.folders.list()[0].holder is None  # released on the way out
    print(f"\n[watch] saved -> searchable in {latency:.2f} s (debounce 0.3 s, hash embedder)")
    assert latency < 10


def _wait(cond, what: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def test_ignore_patterns_hidden_setting_progress_and_cancel(tmp_path: Path) -> None:
    emb = get_embedder(HASH_ID)
    base = _base(tmp_path / "base")
    f = tmp_path / "inbox"
    for rel in ("a.txt", "drafts/wip.txt", "notes/keep.md", ".hidden.txt", ".dot/inner.txt",
                "x.tmp", "~$a.docx", ".~lock.b.odt#", "c.txt.swp", ".git/HEAD.txt"):
        _write(f, rel, f"text of {rel}")
    r = sync_folder(base, emb, f, settings=FolderSettings(("drafts",)))
    assert sorted(r.added) == [str(f / "a.txt"), str(f / "notes/keep.md")]
    assert base.folders.find(str(f)).settings.ignore == ("drafts",)
    r = sync_folder(base, emb, f, settings=FolderSettings((), hidden=True))
    assert sorted(r.added) == [str(f / ".dot/inner.txt"), str(f / ".hidden.txt"), str(f / "drafts/wip.txt")]
    r = sync_folder(base, emb, f, settings=FolderSettings(("*.md",)))
    assert sorted(r.removed) == [str(f / ".dot/inner.txt"), str(f / ".hidden.txt"), str(f / "notes/keep.md")]
    assert_matches(base, f, {"a.txt", "drafts/wip.txt"})

    for i in range(10):
        _write(f, f"many/{i}.txt", f"many file {i}")
    cancel = threading.Event()
    seen: list[tuple[str, int, int]] = []

    def progress(p) -> None:
        seen.append((p.stage, p.done, p.total))
        if p.stage == "ingesting" and p.path.endswith("many/4.txt"):
            cancel.set()

    r = sync_folder(base, emb, f, cancel=cancel, progress=progress)
    assert r.status == "cancelled" and r.added == [str(f / f"many/{i}.txt") for i in range(4)]
    # a.txt and drafts/wip.txt were recorded seconds after being written ("racy"): read again.
    assert ("ingesting", 0, 12) in seen and base.folders.find(str(f)).holder is None
    r = sync_folder(base, emb, f)
    assert r.status == "done" and len(r.added) == 6 and r.unchanged == 6
    assert_matches(base, f, {"a.txt", "drafts/wip.txt", *(f"many/{i}.txt" for i in range(10))})
    base.folders.set_paused(base.folders.find(str(f)).id, True)
    _write(f, "later.txt", "later")
    assert sync_folder(base, emb, f).status == "paused"
    assert base.get_document(source=str(f / "later.txt")) is None


def test_a_pass_that_loses_its_lease_mid_file_stops_before_storing(tmp_path: Path, monkeypatch) -> None:
    """Another process took the folder over while this pass embedded a slow file: the pass
    notices when it renews the lease (ingestion's progress), before storing that file."""
    import vetorbase.ingest.folderlease as lease

    monkeypatch.setenv("VBQ_WORK", str(tmp_path))
    monkeypatch.setenv("VBQ_SLOW_SECONDS", "1.5")
    monkeypatch.setattr(lease, "LEASE_RENEW", 0.0)  # renew at every chance
    base = _base(tmp_path / "base", SLOW_ID)
    emb = get_embedder(SLOW_ID)
    f = tmp_path / "inbox"
    _write(f, "a.txt", "an ordinary note")
    _write(f, "b.txt", "a [slow] note")
    _write(f, "c.txt", "another ordinary note")
    out: list = []
    worker = threading.Thread(target=lambda: out.append(sync_folder(base, emb, f)))
    worker.start()
    _wait(lambda: (tmp_path / "slow-pids").exists() and any((tmp_path / "slow-pids").iterdir()), "b.txt")
    folder = base.folders.find(str(f))
    assert base.folders.take_over_lease(folder.id, "elsewhere:1:x", dead=folder.holder)
    worker.join(60)
    (report,) = out
    assert report.status == "lost-lease" and report.added == [str(f / "a.txt")]
    assert base.get_document(source=str(f / "b.txt")) is None, "not stored after the lease was lost"
    assert base.folders.find(str(f)).holder == "elsewhere:1:x", "the new holder keeps it"
    assert base.check() == []


def test_same_size_same_mtime_changes_are_not_missed(tmp_path: Path) -> None:
    """Size and mtime alone can lie: a file rewritten within one timestamp tick, or moved over
    another of the same size and mtime. The pass still sees both."""
    emb = get_embedder(HASH_ID)
    base = _base(tmp_path / "base")
    f = tmp_path / "inbox"
    old = time.time_ns() - 60 * 10**9
    for name, text in (("a.txt", "alpha text"), ("b.txt", "bravo text"), ("c.txt", "charl text")):
        _write(f, name, text)
        os.utime(f / name, ns=(old, old))  # one mtime for all three, long settled
    assert len(sync_folder(base, emb, f).added) == 3
    a_doc, a_chunks = _ids(base, f / "a.txt")
    os.replace(f / "a.txt", f / "b.txt")  # same size, same mtime: only the inode differs
    r = sync_folder(base, emb, f)
    assert r.renamed == [(str(f / "a.txt"), str(f / "b.txt"))] and r.replaced == [str(f / "b.txt")]
    assert _ids(base, f / "b.txt") == (a_doc, a_chunks)

    # Written just now, recorded, then rewritten in place with the same size and mtime.
    _write(f, "d.txt", "delta text")
    assert sync_folder(base, emb, f).added == [str(f / "d.txt")]
    st = os.stat(f / "d.txt")
    _write(f, "d.txt", "DELTA TEXT")
    os.utime(f / "d.txt", ns=(st.st_atime_ns, st.st_mtime_ns))
    assert os.stat(f / "d.txt").st_ino == st.st_ino
    assert sync_folder(base, emb, f).replaced == [str(f / "d.txt")]
    assert_matches(base, f, {"b.txt", "c.txt", "d.txt"})


def test_documents_under_the_folder_whose_file_is_gone_are_removed_if_this_host_added_them(tmp_path: Path) -> None:
    """What a pass killed between storing a file and recording it leaves behind (then the
    file deleted) goes; a document another computer added under the same path stays."""
    from vetorbase.store.folders import this_host

    emb = get_embedder(HASH_ID)
    base = _base(tmp_path / "base")
    f = tmp_path / "inbox"
    _write(f, "kept.txt", "a file that is there")
    vec = [emb.embed_query("x")]
    base.add_document(str(f / "left-behind.txt"), ["stored, then its file deleted"], vec,
                      origin=f"vetorbase@{this_host()}")
    base.add_document(str(f / "theirs.txt"), ["a file on another computer"], vec, origin="vetorbase@laptop-2")
    r = sync_folder(base, emb, f)
    assert r.added == [str(f / "kept.txt")] and r.removed == [str(f / "left-behind.txt")]
    assert sorted(d.source for d in base.documents()) == [str(f / "kept.txt"), str(f / "theirs.txt")]
