"""`vetorbase reembed`: JSON shapes, text output, usage errors, and Ctrl+C then resume
(a real process interrupted with SIGINT while it stages vectors)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hashembed import HASH_ID, SLOW_ID
from vetorbase import VectorBase, cli
from vetorbase.embeddings import get_embedder
from vetorbase.store.reembed import status

SALTED64 = "import:hashembed:salted64"
TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def base_path(tmp_path) -> Path:
    emb = get_embedder(HASH_ID)
    base = VectorBase.open(tmp_path / "b", create=True, dim=96, embedder_id=HASH_ID)
    for d in range(4):
        texts = [f"doc {d} trecho {j} contratos multas" for j in range(100)]
        base.add_document(f"d{d}.txt", texts, emb.embed_array(texts))
    base.close()
    return tmp_path / "b"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_move_and_json_shapes(base_path, capsys):
    code, out, _ = run(capsys, "reembed", "--status", "--json", "--base", str(base_path))
    assert code == 0 and json.loads(out) == {
        "embedder_id": HASH_ID, "dim": 96, "chunks": 400, "trashed": 0, "target_embedder_id": None,
        "target_dim": None, "staged": 0, "started_at": None}
    code, out, _ = run(capsys, "reembed", "--embedder", SALTED64, "--json", "--base", str(base_path))
    result = json.loads(out)
    assert code == 0 and result["switched"] is True
    assert {k: result[k] for k in ("embedder_from", "embedder_to", "dim_from", "dim_to", "chunks", "embedded")} == {
        "embedder_from": HASH_ID, "embedder_to": SALTED64, "dim_from": 96, "dim_to": 64,
        "chunks": 400, "embedded": 400}
    code, out, _ = run(capsys, "reembed", "--embedder", SALTED64, "--base", str(base_path))
    assert code == 0 and out.strip() == f"the base already uses {SALTED64}; nothing to do"
    code, out, _ = run(capsys, "reembed", "--status", "--base", str(base_path))
    assert out.splitlines() == [f"embedder: {SALTED64} (64-d), 400 chunks", "no move under way"]


def test_usage_and_bad_embedder(base_path, capsys):
    for argv in (["reembed"], ["reembed", "--embedder", SALTED64, "--batch-size", "0"],
                 ["reembed", "--status", "--discard"]):
        with pytest.raises(SystemExit) as exit_:
            cli.main([*argv, "--base", str(base_path)])
        assert exit_.value.code == 2
    assert "--embedder ID" in capsys.readouterr().err
    code, _out, err = run(capsys, "reembed", "--embedder", "nope", "--base", str(base_path))
    assert code == 3 and "Unknown embedder id 'nope'" in err
    code, _out, err = run(capsys, "reembed", "--embedder", SALTED64, "--base", str(base_path.with_name("none")))
    assert code == 3 and "no Vetorbase base" in err


def test_ctrl_c_leaves_the_old_base_and_the_same_command_resumes(base_path, capsys):
    app = Path(cli.__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(app), str(TESTS)]), "HASH_SLOW_SECONDS": "0.15"}
    argv = [sys.executable, "-m", "vetorbase", "reembed", "--embedder", SLOW_ID, "--batch-size", "32",
            "--base", str(base_path)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = VectorBase.open(base_path, read_only=True)
    deadline = time.monotonic() + 60
    while status(base).staged < 64 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    st = status(base)
    assert st.embedder_id == HASH_ID and 64 <= st.staged < 400
    assert f"the base still uses {HASH_ID}, {st.staged} of 400 chunks" in err
    assert "run the same command again to continue" in err
    base.close()
    code, out, _ = run(capsys, "reembed", "--status", "--base", str(base_path))
    assert f"moving to {SLOW_ID} (96-d): {st.staged} of 400 chunks" in out
    os.environ["HASH_SLOW_SECONDS"] = "0"
    try:
        code, out, _ = run(capsys, "reembed", "--embedder", SLOW_ID, "--json", "--base", str(base_path))
    finally:
        del os.environ["HASH_SLOW_SECONDS"]
    result = json.loads(out)
    assert code == 0 and result["resumed"] == st.staged and result["embedded"] == 400 - st.staged
