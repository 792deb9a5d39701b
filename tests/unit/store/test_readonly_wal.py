"""Issue 16, item 3: a read-only open must read the WAL, or refuse — never serve stale data.

When the `-shm` cannot be created (a folder we cannot write), the journal fell back to
SQLite's `immutable=1`, which ignores the `-wal`: a crashed writer's last commits
vanished (10 documents shown of 25, `check()` ok), and a long-lived read-only reader
never saw a commit made after it opened. The reader here runs as an unprivileged user
(root ignores permission bits), in a folder it cannot write.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from vetorbase import VectorBase

DIM = 8

#: Commits 10 documents, closes (so they reach the main file), reopens, commits 15
#: more and is killed with SIGKILL: those 15 live only in the -wal.
WRITER = r"""
import os, signal, sys
import numpy as np
from vetorbase import VectorBase
folder = sys.argv[1]
rng = np.random.default_rng(0)
b = VectorBase.open(folder, create=True, dim=8, embedder_id="test:8")
for i in range(10):
    b.add_document(f"doc-{i:02d}", [f"text {i}"], rng.normal(size=(1, 8)))
b.close()
b = VectorBase.open(folder)
for i in range(10, 25):
    b.add_document(f"doc-{i:02d}", [f"text {i}"], rng.normal(size=(1, 8)))
os.kill(os.getpid(), signal.SIGKILL)
"""

#: Reads as an unprivileged user; one JSON line per line read on stdin.
READER = r"""
import json, os, sys
import numpy as np, numpy.ma  # numpy imports numpy.ma lazily (np.unique): do it while we may
from vetorbase import VectorBase            # imported first: nobody may not read root's files
from vetorbase.errors import VetorbaseError
if os.geteuid() == 0:
    os.setgroups([]); os.setgid(65534); os.setuid(65534)

def report():
    try:
        b = VectorBase.open(sys.argv[1])
        b.refresh()
        hits = b.search(np.ones(8, dtype=np.float32), k=100)
        return {"read_only": b.read_only, "documents": b.document_count(),
                "searchable": len({h.source for h in hits}), "check": b.check()}
    except VetorbaseError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}

for _ in sys.stdin:
    print(json.dumps(report()), flush=True)
"""


@pytest.fixture
def ro_folder() -> Iterator[Path]:
    """A folder under /tmp (so an unprivileged user can reach it), restored for cleanup."""
    folder = Path(tempfile.mkdtemp(prefix="vb-ro-wal-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def _make_read_only(folder: Path) -> None:
    for name in os.listdir(folder):
        os.chmod(folder / name, 0o644)
    os.chmod(folder, 0o555)
    if os.geteuid() != 0 and os.access(folder, os.W_OK):
        pytest.skip("this user can write a 0o555 folder (capabilities), so no read-only view can be made")


class Reader:
    """A long-lived reader process: each `ask()` makes it open/refresh/search and report."""

    def __init__(self, folder: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", READER, str(folder)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:  # type: ignore[union-attr]
            self.lines.put(line)

    def ask(self) -> dict:
        self.proc.stdin.write("go\n")  # type: ignore[union-attr]
        self.proc.stdin.flush()  # type: ignore[union-attr]
        try:
            return json.loads(self.lines.get(timeout=60))
        except queue.Empty:
            self.proc.kill()
            pytest.fail(f"the reader gave no answer in 60 s: {self.proc.stderr.read()[-3000:]}")  # type: ignore[union-attr]

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()  # type: ignore[union-attr]
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def _assert_complete_or_refused(answer: dict, total: int, *, refusal_names_wal: bool) -> None:
    if "error" in answer:
        assert answer["error"] in ("ReadOnlyBase", "CorruptBase"), answer
        if refusal_names_wal:
            assert "wal" in answer["message"].lower(), f"the refusal does not name the WAL: {answer}"
        return
    assert answer["read_only"] is True, answer
    assert answer["documents"] == total and answer["searchable"] == total, (
        f"stale read: {answer['documents']} documents ({answer['searchable']} searchable) shown of "
        f"{total}; check() said {answer['check']}"
    )


@pytest.mark.parametrize("shm", ["kept", "gone"])
def test_crashed_writers_last_commits_are_read_or_refused(ro_folder, shm):
    """`gone`: the -shm is a disposable index that a copy or restore of the folder may lack."""
    out = subprocess.run([sys.executable, "-c", WRITER, str(ro_folder)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == -signal.SIGKILL, out.stderr[-3000:]
    wal = ro_folder / "vetorbase.sqlite-wal"
    assert wal.is_file() and wal.stat().st_size > 0, "precondition: the last commits live in the -wal"
    if shm == "gone":
        (ro_folder / "vetorbase.sqlite-shm").unlink()
    _make_read_only(ro_folder)
    before = sorted(os.listdir(ro_folder))
    reader = Reader(ro_folder)
    try:
        answer = reader.ask()
    finally:
        reader.close()
    _assert_complete_or_refused(answer, 25, refusal_names_wal=True)
    assert sorted(os.listdir(ro_folder)) == before


def test_long_lived_read_only_reader_sees_later_commits(ro_folder):
    rng = np.random.default_rng(1)
    base = VectorBase.open(ro_folder, create=True, dim=DIM, embedder_id="test:8")
    for i in range(10):
        base.add_document(f"doc-{i:02d}", [f"text {i}"], rng.normal(size=(1, DIM)))
    base.close()  # cleanly closed: no -wal, no -shm
    _make_read_only(ro_folder)
    reader = Reader(ro_folder)
    try:
        first = reader.ask()
        assert first.get("documents") == 10, first
        if os.geteuid() != 0:
            os.chmod(ro_folder, 0o755)  # the owner makes it writable again for its writer
        writer = VectorBase.open(ro_folder)  # root writes the 0o555 folder as it is
        assert not writer.read_only
        for i in range(10, 25):
            writer.add_document(f"doc-{i:02d}", [f"text {i}"], rng.normal(size=(1, DIM)))
        _assert_complete_or_refused(reader.ask(), 25, refusal_names_wal=False)  # writer still open
        writer.close()  # checkpointed into the main file, -wal removed
        _assert_complete_or_refused(reader.ask(), 25, refusal_names_wal=False)
    finally:
        reader.close()
