"""The command line on a base in PostgreSQL: `--base postgresql://...` and $VETORBASE_BASE.

Real processes against the suite's real server; a password never appears in what the
commands print, whether it came in the URL or from PGPASSWORD.
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

from vetorbase.store.locations import password_of

REPO = Path(__file__).resolve().parents[2]
HASH_DIR = REPO / "tests" / "integration" / "django_q"
HASH_ID = "import:vbq_embedders:HashEmbedder"


def _cli(*args: str, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "app"), str(HASH_DIR)]),
           **env_extra}
    for name in ("PGPASSWORD", "VETORBASE_BASE"):
        if name not in env_extra:
            env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], capture_output=True,
                          text=True, env=env, timeout=300, stdin=subprocess.DEVNULL)


def test_commands_take_a_server_url(tmp_path: Path, pg_url: str) -> None:
    secret = password_of(pg_url)
    assert secret
    (tmp_path / "lava.txt").write_text("Lava and ash buried the Roman town of Pompeii.")
    (tmp_path / "tax.txt").write_text("Invoice INV-2024-0342: tax on services.")
    out = _cli("add", str(tmp_path / "lava.txt"), str(tmp_path / "tax.txt"), "--base", pg_url,
               "--embedder", HASH_ID)
    assert out.returncode == 0, out.stderr
    assert "2 added" in out.stdout and secret not in out.stdout + out.stderr
    out = _cli("list", "--base", pg_url, "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["total"] == 2
    out = _cli("search", "INV-2024-0342", "--mode", "keyword", "--base", pg_url, "--json")
    assert json.loads(out.stdout)[0]["source"].endswith("tax.txt")
    out = _cli("search", "Roman town lava", "--base", pg_url, "--json", "-k", "1")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["source"].endswith("lava.txt")
    out = _cli("check", "--base", pg_url)
    assert out.returncode == 0 and secret not in out.stdout and "postgresql://" in out.stdout


def test_the_base_may_come_from_the_environment_and_the_password_from_pgpassword(
        pg_server, pg_url: str) -> None:
    secret = password_of(pg_url)
    plain = pg_server.url(pg_url.rsplit("base=", 1)[1], password=False)
    out = _cli("add", str(REPO / "README.md"), "--embedder", HASH_ID, VETORBASE_BASE=plain,
               PGPASSWORD=secret)
    assert out.returncode == 0, out.stderr
    out = _cli("stats", "--json", VETORBASE_BASE=plain, PGPASSWORD=secret)
    assert out.returncode == 0 and json.loads(out.stdout)["documents"] == 1
    assert secret not in out.stdout + out.stderr


def test_no_or_wrong_password_is_a_clear_error_without_a_prompt(pg_server, pg_url: str) -> None:
    secret = password_of(pg_url)
    name = pg_url.rsplit("base=", 1)[1]
    out = _cli("stats", "--base", pg_server.url(name, password=False))
    assert out.returncode == 3 and "Traceback" not in out.stderr and out.stderr.strip()
    wrong = pg_url.replace(secret, "not-" + secret)
    out = _cli("stats", "--base", wrong)
    assert out.returncode == 3 and "Traceback" not in out.stderr
    assert secret not in out.stderr and "not-" not in out.stderr


def test_a_missing_server_base_says_how_to_make_one(pg_url: str) -> None:
    out = _cli("list", "--base", pg_url)
    assert out.returncode == 3 and "no Vetorbase base at postgresql://" in out.stderr
    assert "vetorbase add" in out.stderr and password_of(pg_url) not in out.stderr


def test_a_terminal_user_is_asked_for_the_password_the_server_wants(pg_server, pg_url: str) -> None:
    """stdin a real pseudo-terminal: the command asks once, and the answer opens the base."""
    import pty

    secret = password_of(pg_url)
    name = pg_url.rsplit("base=", 1)[1]
    assert _cli("add", str(REPO / "README.md"), "--base", pg_url, "--embedder", HASH_ID).returncode == 0
    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "app"), str(HASH_DIR)])}
    env.pop("PGPASSWORD", None)
    proc = subprocess.Popen([sys.executable, "-m", "vetorbase", "stats", "--json", "--base",
                             pg_server.url(name, password=False)], stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)  # no controlling terminal: getpass reads stdin
    os.close(slave)
    asked = b""
    deadline = time.monotonic() + 60
    while b"Password for " not in asked and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stderr], [], [], 1.0)
        if ready:
            asked += os.read(proc.stderr.fileno(), 4096)
    # Only once asked: getpass flushes what was typed before it turned echo off.
    assert b"Password for postgresql://vetorbase@127.0.0.1" in asked, asked
    os.write(master, (secret + "\n").encode())
    out, err = proc.communicate(timeout=120)
    os.close(master)
    assert proc.returncode == 0, err
    assert secret not in out + err + asked.decode()
    assert json.loads(out)["documents"] == 1


def test_a_server_that_is_not_there_is_a_user_error(tmp_path: Path) -> None:
    out = _cli("list", "--base", "postgresql://nobody:pw-123@127.0.0.1:1/none?base=x")
    assert out.returncode == 3 and "cannot reach the PostgreSQL server" in out.stderr
    assert "pw-123" not in out.stderr and "Traceback" not in out.stderr
