"""Suite-wide setup: offscreen Qt, an artifacts folder, and a few shared fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Must be set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep BLAS/OpenMP from oversubscribing the 2-core machines while tests spawn processes.
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(os.environ.get("VETORBASE_ARTIFACTS", REPO / "artifacts"))


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Where tests leave things a person should look at (screenshots, reports)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    """A fresh folder path for a base (not created)."""
    return tmp_path / "base"


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for the whole session (see tests/pgserver.py), stopped at the end."""
    from pgserver import PgServer

    server = PgServer()
    try:
        yield server
    finally:
        server.destroy()


_pg_bases = iter(range(1, 1 << 30))


@pytest.fixture
def pg_url(pg_server, request):
    """The URL of a fresh, empty base on the session's server (a base name per test).

    This process's instance of the base is closed afterwards, so a long session does
    not keep a server connection per test."""
    url = pg_server.url(f"t{next(_pg_bases)}_{os.getpid()}")
    yield url
    from vetorbase.store import registry
    from vetorbase.store.opening import location_key

    base = registry.get(location_key(url))
    if base is not None:
        base.close()


@pytest.fixture(params=["folder", "postgresql"])
def base_location(request, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Where a fresh base goes, once per backend: a folder path, or a PostgreSQL base URL.

    The contract tests take this instead of `base_dir` so the same assertions run on both
    backends. The user cache folder (where a server base keeps this host's snapshot cache)
    is the test's own, for this process and every process it starts.
    """
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    if request.param == "folder":
        return str(tmp_path / "base")
    return request.getfixturevalue("pg_url")
