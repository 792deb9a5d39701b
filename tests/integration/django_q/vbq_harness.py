"""Run and watch a real Django-Q cluster for the tests: start, poll, stop, find strays.

Everything here talks to real processes: `python -m django migrate|qcluster` subprocesses,
/proc for the process tree, and the Django SQLite file (read-only) for task outcomes.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent


def django_env(work: Path, **extra: str) -> dict[str, str]:
    """The environment every Django subprocess of the tests runs with."""
    env = os.environ.copy()
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT), env.get("PYTHONPATH")) if p)
    env["DJANGO_SETTINGS_MODULE"] = "vbq_settings"
    env["VBQ_WORK"] = str(work)
    env.setdefault("VBQ_WORKERS", "2")
    env.setdefault("VBQ_SLOW_SECONDS", "5")
    env["OMP_NUM_THREADS"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def run_django(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m django <args>`; raise with its output when it fails."""
    proc = subprocess.run(
        [sys.executable, "-m", "django", *args], env=env, cwd=env["VBQ_WORK"],
        capture_output=True, text=True, timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(f"django {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def run_script(env: dict[str, str], name: str, *args: str, timeout: float = 120) -> str:
    """Run one of this folder's scripts and return its stdout."""
    proc = subprocess.run(
        [sys.executable, str(PROJECT / name), *args], env=env, cwd=env["VBQ_WORK"],
        capture_output=True, text=True, timeout=timeout,
    )
    if proc.returncode != 0:
        raise AssertionError(f"{name} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def enqueue(env: dict[str, str], items: list[dict]) -> list[str]:
    """Enqueue tasks from a fresh producer process; returns their task ids."""
    spec = Path(env["VBQ_WORK"]) / f"enqueue-{time.time_ns()}.json"
    spec.write_text(json.dumps(items), encoding="utf-8")
    return json.loads(run_script(env, "vbq_enqueue.py", str(spec)))


def all_tasks(env: dict[str, str]) -> dict[str, dict]:
    """Every Django-Q task record (results unpickled by Django), by task id."""
    data = json.loads(run_script(env, "vbq_tasks.py"))
    return {t["id"]: t for t in data["tasks"]}


def task_states(work: Path, pg: str | None = None) -> dict[str, tuple[bool, int]]:
    """Cheap poll: task id -> (success, attempt_count), read straight from Django's database.

    That is the SQLite file in `work`, or the PostgreSQL database at the libpq URL `pg`.
    """
    if pg is not None:
        import psycopg

        with psycopg.connect(pg) as pcon:
            rows = pcon.execute("SELECT id, success, attempt_count FROM django_q_task").fetchall()
        return {r[0]: (bool(r[1]), int(r[2])) for r in rows}
    db = work / "django.sqlite3"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        rows = con.execute("SELECT id, success, attempt_count FROM django_q_task").fetchall()
    finally:
        con.close()
    return {r[0]: (bool(r[1]), int(r[2])) for r in rows}


def wait_tasks(work: Path, ids: list[str], timeout: float, *, success: bool = True,
               pg: str | None = None) -> float:
    """Wait until every id has a record (a successful one when `success`); seconds waited."""
    t0 = time.monotonic()
    while True:
        states = task_states(work, pg)
        pending = [i for i in ids if i not in states or (success and not states[i][0])]
        if not pending:
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"{len(pending)} task(s) not done after {timeout} s: {pending[:5]}")
        time.sleep(0.2)


def proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, session id) of a live process, or None."""
    try:
        data = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = data.rsplit(")", 1)[1].split()
    return fields[0], int(fields[1]), int(fields[3])


def session_members(sid: int) -> list[int]:
    """Live (non-zombie) processes of a session: the cluster's whole tree."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_stat(int(entry))
            if st and st[2] == sid and st[0] != "Z":
                out.append(int(entry))
    return sorted(out)


def alive(pid: int) -> bool:
    st = proc_stat(pid)
    return st is not None and st[0] != "Z"


class Cluster:
    """A real `python -m django qcluster` in its own session (so it can be stopped whole)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log_path = log
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "django", "qcluster"], env=self.env, cwd=self.env["VBQ_WORK"],
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while "running." not in self.log():
            if self.proc.poll() is not None:
                raise AssertionError(f"qcluster exited ({self.proc.returncode}):\n{self.log()}")
            if time.monotonic() > deadline:
                raise AssertionError(f"qcluster did not start in {timeout} s:\n{self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def members(self) -> list[int]:
        return session_members(self.proc.pid) if self.proc else []

    def stop(self, grace: float = 25) -> list[int]:
        """SIGTERM the cluster, SIGKILL its group after `grace`; return stray pids (killed)."""
        if self.proc is None:
            return []
        sid = self.proc.pid
        if self.proc.poll() is None:
            os.kill(sid, signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(sid, signal.SIGKILL)
                self.proc.wait(10)
        deadline = time.monotonic() + 10
        while session_members(sid) and time.monotonic() < deadline:
            time.sleep(0.1)
        strays = session_members(sid)
        for pid in strays:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()
        self.proc = None
        return strays
