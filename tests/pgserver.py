"""A real PostgreSQL server for the tests: Debian's binaries, started and stopped here.

`initdb` runs into a temporary folder as an unprivileged user (PostgreSQL refuses to
run as root: when the suite runs as root the server runs as `nobody`), the server
listens on a free port of 127.0.0.1 only, and password authentication is on for TCP
(so a wrong password is a real refusal). Nothing outside the machine is used.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "vetorbase"
PASSWORD = "s3cret-pg-pass"
DATABASE = "vetorbase"
SUPERUSER = "postgres"


def find_bindir() -> Path | None:
    """The newest installed server's bin folder (Debian keeps them versioned)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("postgres")
    return Path(on_path).parent if on_path else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One throw-away cluster: `start()`, `stop()`, `restart()`, `url(base)`."""

    def __init__(self, root: Path | None = None) -> None:
        bindir = find_bindir()
        if bindir is None:
            raise RuntimeError(
                "PostgreSQL's server binaries are missing: run `bash scripts/system-deps.sh` "
                "(it installs Debian's postgresql package)."
            )
        self.bindir = bindir
        self.root = Path(root or tempfile.mkdtemp(prefix="vetorbase-pg-"))
        self.data = self.root / "data"
        self.sockets = self.root / "sock"
        self.port = free_port()
        self.as_user = "nobody" if os.geteuid() == 0 else None
        self._initdb()

    # -- running commands as the server's user ---------------------------------------
    def _run(self, *args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        env.pop("PGPASSWORD", None)
        return subprocess.run([str(a) for a in args], user=self.as_user, env=env, text=True,
                              capture_output=True, check=check, timeout=timeout, cwd=self.root)

    def _initdb(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.sockets.mkdir(exist_ok=True)
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self.as_user:
            entry = pwd.getpwnam(self.as_user)
            for p in (self.root, self.sockets, pwfile):
                os.chown(p, entry.pw_uid, entry.pw_gid)
            os.chmod(self.root, 0o700)
        self._run(self.bindir / "initdb", "-D", self.data, "-U", SUPERUSER, "-E", "UTF8",
                  "--locale=C.UTF-8", "--auth-local=trust", "--auth-host=scram-sha-256",
                  f"--pwfile={pwfile}")
        pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{self.sockets}'\nmax_connections = 200\n"
                "shared_buffers = 64MB\nlogging_collector = off\n"
            )
        self.start()
        self.psql(f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'")
        self.psql(f"CREATE DATABASE {DATABASE} OWNER {USER}")

    def psql(self, sql: str, database: str = "postgres") -> str:
        out = self._run(self.bindir / "psql", "-h", self.sockets, "-p", str(self.port), "-U",
                        SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)
        return out.stdout.strip()

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-l", self.root / "server.log",
                  "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        self.stop()
        self.start()

    def running(self) -> bool:
        return self._run(self.bindir / "pg_ctl", "-D", self.data, "status", check=False).returncode == 0

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    # -- addresses ------------------------------------------------------------------------
    def url(self, base: str | None = None, *, password: bool = True, database: str = DATABASE) -> str:
        auth = f"{USER}:{PASSWORD}" if password else USER
        query = f"?base={base}" if base else ""
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}{query}"

    def log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")
        except OSError:
            return ""
