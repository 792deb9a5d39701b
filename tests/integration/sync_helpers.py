"""Shared by the folder-sync tests and benchmark: run the real CLI in its own process with
the cheap hash embedders (`import:vbq_embedders:...`), and check that a base holds exactly
what a folder holds."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
EMBEDDERS = REPO / "tests" / "integration" / "django_q"
HASH_ID = "import:vbq_embedders:HashEmbedder"
SLOW_ID = "import:vbq_embedders:SlowHashEmbedder"
if str(EMBEDDERS) not in sys.path:
    sys.path.insert(0, str(EMBEDDERS))
#: The CLI's per-user embedding cache goes here, not into the user's own cache folder.
CACHE = tempfile.mkdtemp(prefix="vbsync-cache-")
atexit.register(shutil.rmtree, CACHE, True)


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    paths = [str(REPO / "app"), str(EMBEDDERS), out.get("PYTHONPATH", "")]
    out["PYTHONPATH"] = os.pathsep.join(p for p in paths if p)
    out.setdefault("XDG_CACHE_HOME", CACHE)
    out.update(extra)
    return out


def cli(*args: str, timeout: float = 180, **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vetorbase.cli", *args], env=env(**extra),
                          capture_output=True, text=True, timeout=timeout)


def start_cli(*args: str, stdout: Any = subprocess.PIPE, stderr: Any = subprocess.PIPE,
              **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "vetorbase.cli", *args], env=env(**extra),
                            stdout=stdout, stderr=stderr, text=True)


def sync_json(base_dir: Path, *folders: Path, extra: tuple[str, ...] = (), **env_extra: str) -> dict:
    out = cli("sync", *map(str, folders), "--base", str(base_dir), "--json", *extra, **env_extra)
    assert out.returncode in (0, 3), out.stderr
    return json.loads(out.stdout)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected_chunks(path: Path, chunk_size: int = 1000, overlap: int = 150) -> list[str]:
    """The chunk texts ingestion makes of `path` (its own loader and splitter)."""
    from vetorbase.ingest.loaders import load_bytes
    from vetorbase.ingest.splitting import split_units
    from vetorbase.ingest.walk import extension

    loaded = load_bytes(path.read_bytes(), extension(str(path)), max_chars=10_000_000)
    return [p.text for p in split_units(loaded.units, chunk_size, overlap)]


def assert_matches(base: Any, folder: Path, rels: set[str]) -> None:
    """The base holds exactly the files `rels` of `folder`: sources, sha256, chunk texts."""
    docs = {d.source: d for d in base.documents(limit=100_000)}
    wanted = {str(folder / r) for r in rels}
    assert set(docs) == wanted, (sorted(set(docs) - wanted), sorted(wanted - set(docs)))
    for source, doc in docs.items():
        path = Path(source)
        assert doc.sha256 == sha256(path), source
        texts = [c.text for c in base.chunks(doc.id)]
        assert texts == expected_chunks(path) and doc.chunks == len(texts), source
        assert doc.metadata["filename"] == path.name
    assert base.count() == sum(d.chunks for d in docs.values())
    assert base.check() == []
