"""`vetorbase import-langchain` / `export-langchain` as real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from vetorbase.embeddings import get_embedder

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # langchain-community announces its sunset on import
    from langchain_community.vectorstores import FAISS

from langchain_core.embeddings import DeterministicFakeEmbedding

TEXTS = ["A fotossíntese transforma luz em energia química nas folhas.",
         "Git branches let several people work on the same code at once.",
         "Honeybees turn nectar into honey inside the hive."]
METAS = [{"source": "bio.txt", "lang": "pt"}, {"source": "git.md", "lang": "en"},
         {"source": "bees.html", "lang": "en"}]


def run_cli(*args: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VETORBASE_BASE"}
    env["XDG_CACHE_HOME"] = str(tmp / "cache")
    return subprocess.run([sys.executable, "-m", "vetorbase", *args], check=False,
                          capture_output=True,
                          text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def lc_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LangChain FAISS folder built with the same offline embedder Vetorbase uses."""
    folder = tmp_path_factory.mktemp("lc") / "index"
    FAISS.from_texts(TEXTS, get_embedder(), METAS, ids=["p", "g", "b"]).save_local(str(folder))
    return folder


def test_import_then_search_then_export_round_trip(tmp_path: Path, lc_folder: Path) -> None:
    base = tmp_path / "base"
    out = run_cli("import-langchain", str(lc_folder), "--base", str(base), "--json", tmp=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"folder": str(lc_folder), "dimension": 512, "chunks": 3,
                                      "documents": 3, "skipped_empty": 0}
    out = run_cli("search", "como as plantas usam a luz", "-k", "1", "--json", "--base",
                  str(base), tmp=tmp_path)
    assert json.loads(out.stdout)[0]["source"] == "bio.txt"

    exported = tmp_path / "exported"
    out = run_cli("export-langchain", str(exported), "--base", str(base), tmp=tmp_path)
    assert out.returncode == 0 and "exported 3 chunks" in out.stdout, out.stderr
    loaded = FAISS.load_local(str(exported), get_embedder(), allow_dangerous_deserialization=True)
    top = loaded.similarity_search("how is honey made", k=1)[0]
    assert top.id == "b" and top.metadata["source"] == "bees.html"
    out = run_cli("export-langchain", str(exported), "--base", str(base), tmp=tmp_path)
    assert out.returncode == 3 and "--force" in out.stderr
    out = run_cli("export-langchain", str(exported), "--base", str(base), "--force",
                  tmp=tmp_path)
    assert out.returncode == 0, out.stderr


def test_hostile_pickle_is_refused_by_the_cli_and_nothing_runs(tmp_path: Path,
                                                               lc_folder: Path) -> None:
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "index.faiss").write_bytes((lc_folder / "index.faiss").read_bytes())
    marker = tmp_path / "pwned"
    payload = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()
    (folder / "index.pkl").write_bytes(payload)
    base = tmp_path / "base"
    out = run_cli("import-langchain", str(folder), "--base", str(base), tmp=tmp_path)
    assert out.returncode == 3
    assert "index.pkl" in out.stderr and "os.system" in out.stderr
    assert "Traceback" not in out.stderr
    assert not marker.exists() and not base.exists()


def test_import_with_wrong_dimension_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "lc16"
    FAISS.from_texts(TEXTS, DeterministicFakeEmbedding(size=16), METAS).save_local(str(folder))
    base = tmp_path / "base"
    out = run_cli("import-langchain", str(folder), "--base", str(base), tmp=tmp_path)
    assert out.returncode == 3 and "16-d" in out.stderr and "--embedder" in out.stderr
    assert not base.exists()


def test_lossy_index_is_refused_then_reembedded(tmp_path: Path) -> None:
    """A PQ index from another (16-d) embedder: refused as lossy; --reembed imports it."""
    import faiss

    folder = tmp_path / "pq"
    store = FAISS.from_texts(TEXTS, DeterministicFakeEmbedding(size=16), METAS)
    pq = faiss.IndexPQ(16, 2, 4)
    pq.train(faiss.rand((256, 16)))
    pq.add(store.index.reconstruct_n(0, 3))
    store.index = pq
    store.save_local(str(folder))
    base = tmp_path / "base"
    out = run_cli("import-langchain", str(folder), "--base", str(base), tmp=tmp_path)
    assert out.returncode == 3 and "cannot be recovered exactly" in out.stderr, out.stderr
    assert "--reembed" in out.stderr and not base.exists()
    out = run_cli("import-langchain", str(folder), "--reembed", "--base", str(base), "--json",
                  tmp=tmp_path)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["dimension"] == 512  # the default embedder's vectors
    out = run_cli("search", "como as plantas usam a luz", "-k", "1", "--json", "--base",
                  str(base), tmp=tmp_path)
    assert json.loads(out.stdout)[0]["metadata"]["source"] == "bio.txt"
