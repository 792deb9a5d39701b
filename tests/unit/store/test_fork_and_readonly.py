"""Fork safety (Django-Q forks its workers) and read-only folders.

The fork case runs on a folder and on a PostgreSQL base (where the child must open its
own server connections and leave the parent's session alone)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
import pytest

from vetorbase import VectorBase
from vetorbase.errors import ReadOnlyBase

DIM = 8


def vecs(n, seed=0):
    return np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)


def _wait_for(base, source, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        base.refresh()
        if any(h.source == source for h in base.search(np.ones(DIM), k=100)):
            return True
        time.sleep(0.02)
    return False


def test_fork_child_and_parent_see_each_others_writes(base_location):
    base = VectorBase.open(base_location, create=True, dim=DIM, embedder_id="test:8")
    base.add_document("before-fork", ["x"], vecs(1))
    assert base.search(np.ones(DIM), k=1)  # parent's cache and connection are live
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: must not reuse the parent's SQLite connection
        code = 1
        try:
            os.close(read_fd)
            child = VectorBase.open(base_location)
            assert child is base  # same shared object, reopened underneath
            child.add_document("from-child", ["c"], vecs(1, 1))
            os.write(write_fd, b"1")
            code = 0 if _wait_for(child, "from-parent") and child.check() == [] else 2
        finally:
            os._exit(code)
    os.close(write_fd)
    assert os.read(read_fd, 1) == b"1"
    base.add_document("from-parent", ["p"], vecs(1, 2))
    assert _wait_for(base, "from-child")
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert {d.source for d in base.documents()} == {"before-fork", "from-child", "from-parent"}
    assert base.check() == []
    base.close()


def test_explicit_read_only_open_reads_and_refuses_writes(base_dir):
    b = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:8")
    b.add_document("a", ["a"], vecs(1))
    b.close()
    ro = VectorBase.open(base_dir, read_only=True)
    assert ro.read_only and ro.search(vecs(1)[0], k=1)[0].source == "a"
    with pytest.raises(ReadOnlyBase, match="read-only"):
        ro.add_document("b", ["b"], vecs(1))
    ro.close()


READER = r"""
import os, sys, numpy as np
from vetorbase import VectorBase          # import first: nobody cannot read root's Python
from vetorbase.errors import ReadOnlyBase
if os.getuid() == 0:
    os.setgid(65534); os.setuid(65534)   # drop to nobody: root ignores permission bits
b = VectorBase.open(sys.argv[1])
print("read_only", b.read_only)
print("hits", [h.source for h in b.search(np.ones(8, dtype=np.float32), k=5)])
try:
    b.add_document("new", ["n"], np.ones((1, 8)))
    print("WROTE")
except ReadOnlyBase as exc:
    print("refused", exc)
"""


def test_base_in_a_read_only_folder_opens_for_reading(tmp_path):
    folder = tempfile.mkdtemp(prefix="vb-ro-")
    try:
        os.chmod(folder, 0o755)
        b = VectorBase.open(folder, create=True, dim=DIM, embedder_id="test:8")
        b.add_document("a", ["a"], vecs(1))
        b.close()
        for name in os.listdir(folder):
            os.chmod(os.path.join(folder, name), 0o644)
        if os.getuid() != 0:
            os.chmod(folder, 0o555)
        before = sorted(os.listdir(folder))
        out = subprocess.run([sys.executable, "-c", READER, folder], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0, out.stderr
        assert "read_only True" in out.stdout
        assert "hits ['a']" in out.stdout
        assert "refused" in out.stdout and "permissions" in out.stdout and "WROTE" not in out.stdout
        assert sorted(os.listdir(folder)) == before
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder, ignore_errors=True)
