"""Hostile LangChain folders: pickles that expand or never finish hashing, odd indexes.

The bounded-input tests run the import in a fresh process and assert its peak memory
(`ru_maxrss`) and time: an expansion must be refused while it happens, not afterwards.
"""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import pytest
from vetorbase.errors import IngestError, InvalidInput, UnsafePickle
from vetorbase.integrations.langchain_faiss import read_langchain_folder

DIM = 8


class FakeDoc:
    """Pickles like LangChain's pydantic `Document` (whose validation would walk a bomb)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields

    def __reduce__(self) -> Any:
        return (FakeDoc, (), {"__dict__": self.fields})


class FakeDocstore:
    def __init__(self, docs: dict[str, Any]) -> None:
        self.docs = docs

    def __reduce__(self) -> Any:
        return (FakeDocstore, (), {"_dict": self.docs})


class Pairs:
    """A dict pickled from its pairs, so building the test data never hashes its keys."""

    def __init__(self, *pairs: tuple[Any, Any]) -> None:
        self.pairs = pairs


class _Pickler(pickle._Pickler):  # type: ignore[name-defined,misc]
    dispatch = dict(pickle._Pickler.dispatch)  # type: ignore[attr-defined]

    def save_pairs(self, obj: Pairs) -> None:
        self.write(pickle.EMPTY_DICT + pickle.MARK)
        for key, value in obj.pairs:
            self.save(key)
            self.save(value)
        self.write(pickle.SETITEMS)

    dispatch[Pairs] = save_pairs


def lc_pickle(docs: dict[str, dict[str, Any]], id_map: dict[int, Any]) -> bytes:
    """`(InMemoryDocstore, index_to_docstore_id)` as LangChain pickles it (protocol 2)."""
    store = FakeDocstore({k: FakeDoc(v) for k, v in docs.items()})
    buf = io.BytesIO()
    _Pickler(buf, protocol=2).dump((store, id_map))
    data = buf.getvalue()
    mod = FakeDoc.__module__.encode()
    data = data.replace(b"c" + mod + b"\nFakeDocstore\n",
                        b"clangchain_community.docstore.in_memory\nInMemoryDocstore\n")
    return data.replace(b"c" + mod + b"\nFakeDoc\n",
                        b"clangchain_core.documents.base\nDocument\n")


def write_folder(folder: Path, pkl: bytes, n: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    index = faiss.IndexFlatL2(DIM)
    index.add(np.random.default_rng(0).random((n, DIM), dtype="float32"))
    faiss.write_index(index, str(folder / "index.faiss"))
    (folder / "index.pkl").write_bytes(pkl)
    return folder


def laughs(levels: int, width: int = 10) -> list[Any]:
    """width**levels leaves from `levels` shared lists: tiny pickled, huge copied."""
    node: list[Any] = ["lol"] * width
    for _ in range(levels - 1):
        node = [node] * width
    return node


_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))  # today's code: MemoryError
    from vetorbase.integrations.langchain_faiss import read_langchain_folder
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    try:
        read_langchain_folder(sys.argv[1])
        error, message = None, ""
    except BaseException as e:
        error, message = type(e).__name__, str(e)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"error": error, "message": message, "seconds": seconds,
                      "grew_mib": (after - before) / 1024}))
""")


def read_in_child(folder: Path, timeout: float = 90) -> dict[str, Any]:
    try:
        out = subprocess.run([sys.executable, "-c", _CHILD, str(folder)], capture_output=True,
                             text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"reading {folder} did not finish within {timeout} s")
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_billion_laughs_pickle_is_refused_with_bounded_memory_and_time(tmp_path: Path) -> None:
    pkl = lc_pickle({"d1": {"page_content": "x", "metadata": {"source": "a",
                                                              "lol": laughs(9)}}}, {0: "d1"})
    assert len(pkl) < 700  # 10**9 leaves in a few hundred bytes
    result = read_in_child(write_folder(tmp_path / "lc", pkl))
    assert result["error"] == "UnsafePickle", result
    assert "billion laughs" in result["message"] and "index.pkl" in result["message"]
    assert result["grew_mib"] < 300, result
    assert result["seconds"] < 20, result


def test_shared_texts_cannot_expand_past_the_budget(tmp_path: Path) -> None:
    big = "palavra " * (4 << 20)  # 32 MiB of text, stored once, reached by 64 positions
    pkl = lc_pickle({"d1": {"page_content": big, "metadata": {}}}, dict.fromkeys(range(64), "d1"))
    result = read_in_child(write_folder(tmp_path / "lc", pkl, n=64))
    assert result["error"] == "UnsafePickle", result


def test_hash_bomb_key_is_refused_while_unpickling(tmp_path: Path) -> None:
    key: Any = ("x",)
    for _ in range(60):  # hashing this tuple visits 2**60 leaves
        key = (key, key)
    pkl = lc_pickle({"d1": {"page_content": "x", "metadata": Pairs((key, 1))}}, {0: "d1"})
    result = read_in_child(write_folder(tmp_path / "lc", pkl), timeout=60)
    assert result["error"] == "IngestError", result
    assert "tuple used as a dict key" in result["message"]
    assert result["seconds"] < 10, result


def test_colliding_integer_keys_are_refused(tmp_path: Path) -> None:
    p = 2**61 - 1  # every multiple of it hashes to 0: inserting n of them costs n**2
    pkl = lc_pickle({"d1": {"page_content": "x", "metadata": {}}},
                    Pairs(*[(k * p, "d1") for k in range(3)]))  # type: ignore[arg-type]
    with pytest.raises(IngestError, match="int used as a dict key"):
        read_langchain_folder(write_folder(tmp_path / "lc", pkl, n=3))


def test_self_referencing_metadata_is_invalid_input(tmp_path: Path) -> None:
    meta: dict[str, Any] = {"source": "a.pdf"}
    meta["itself"] = meta
    looped: list[Any] = []
    looped.append(looped)
    for bad in (meta, {"source": "b", "list": looped}):
        folder = write_folder(tmp_path / str(id(bad)), lc_pickle(
            {"d1": {"page_content": "texto", "metadata": bad}}, {0: "d1"}))
        with pytest.raises(InvalidInput, match="contains itself") as err:
            read_langchain_folder(folder)
        assert "index.pkl" in str(err.value) and "'d1'" in str(err.value)


def test_deep_metadata_and_foreign_objects_are_invalid_input(tmp_path: Path) -> None:
    deep: Any = "fundo"
    for _ in range(150):  # the pure-Python pickler used here recurses too
        deep = [deep]
    folder = write_folder(tmp_path / "deep", lc_pickle(
        {"d1": {"page_content": "t", "metadata": {"deep": deep}}}, {0: "d1"}))
    with pytest.raises(InvalidInput, match="nested more than 100 levels"):
        read_langchain_folder(folder)
    folder = write_folder(tmp_path / "doc", lc_pickle(
        {"d1": {"page_content": "t", "metadata": {"inner": FakeDoc({"x": 1})}}}, {0: "d1"}))
    with pytest.raises(InvalidInput, match="not plain metadata"):
        read_langchain_folder(folder)


def test_lone_surrogates_name_the_document(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "lc", lc_pickle(
        {"d1": {"page_content": "ok", "metadata": {"author": "Jos\udce9"}}}, {0: "d1"}))
    with pytest.raises(InvalidInput, match=r"'d1', metadata\['author'\].*lone surrogate"):
        read_langchain_folder(folder)


def test_shared_metadata_of_a_genuine_file_still_imports(tmp_path: Path) -> None:
    shared = {"source": "manual.pdf", "tags": ["a", "b"], "when": {"y": 2024}}
    docs = {f"d{i}": {"page_content": f"trecho {i}", "metadata": shared} for i in range(500)}
    data = read_langchain_folder(write_folder(
        tmp_path / "lc", lc_pickle(docs, {i: f"d{i}" for i in range(500)}), n=500))
    assert len(data) == 500 and data.metadatas[499] == shared
    assert data.metadatas[0] is not data.metadatas[1]  # copies, not shared objects


_READ = textwrap.dedent("""
    import json, sys
    from vetorbase.integrations.langchain_faiss import read_langchain_folder
    try:
        d = read_langchain_folder(sys.argv[1])
        print(json.dumps({"ids": d.ids, "vectors": d.vectors.tolist()}))
    except Exception as e:
        print(json.dumps({"error": type(e).__name__, "message": str(e)}))
""")


def read_faiss_in_child(folder: Path) -> dict[str, Any]:
    """A process of its own: faiss aborts the whole process on some indexes."""
    out = subprocess.run([sys.executable, "-c", _READ, str(folder)], capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, f"exit {out.returncode}: {out.stderr[-1500:]}"
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", ["IndexIDMap", "IndexIDMap2"])
def test_id_mapped_index_imports_by_label_instead_of_aborting(tmp_path: Path, kind: str) -> None:
    vectors = np.random.default_rng(1).random((3, DIM), dtype="float32")
    labels = np.array([700, 5, 42], dtype="int64")
    index = getattr(faiss, kind)(faiss.IndexFlatL2(DIM))
    index.add_with_ids(vectors, labels)
    folder = tmp_path / "lc"
    write_folder(folder, lc_pickle(  # LangChain keys its id map by the labels search returns
        {f"d{i}": {"page_content": f"texto {i}", "metadata": {}} for i in range(3)},
        {700: "d0", 5: "d1", 42: "d2"}))
    faiss.write_index(index, str(folder / "index.faiss"))
    result = read_faiss_in_child(folder)
    assert result.get("ids") == ["d0", "d1", "d2"], result
    assert np.allclose(result["vectors"], vectors)


def _lossy(kind: str, train: np.ndarray) -> Any:
    if kind == "IndexPQ":
        index = faiss.IndexPQ(DIM, 2, 4)
    elif kind == "IndexIVFPQ":
        index = faiss.IndexIVFPQ(faiss.IndexFlatL2(DIM), DIM, 1, 2, 4)
    elif kind == "IndexLSH":
        index = faiss.IndexLSH(DIM, 16)
    elif kind == "IndexScalarQuantizer":
        index = faiss.IndexScalarQuantizer(DIM, faiss.ScalarQuantizer.QT_8bit)
    else:
        index = faiss.IndexIDMap(faiss.IndexPQ(DIM, 2, 4))
    index.train(train)
    return index


@pytest.mark.parametrize("kind", ["IndexPQ", "IndexIVFPQ", "IndexLSH", "IndexScalarQuantizer",
                                  "IDMap over IndexPQ"])
def test_lossy_index_is_refused_with_what_to_do_then_reembedded(
        tmp_path: Path, base_dir: Path, kind: str) -> None:
    from langchain_core.embeddings import DeterministicFakeEmbedding
    from vetorbase.integrations.langchain_faiss import import_langchain_folder
    from vetorbase.store import VectorBase

    rng = np.random.default_rng(2)
    index = _lossy(kind, rng.random((256, DIM), dtype="float32"))
    vectors = rng.random((4, DIM), dtype="float32")
    if isinstance(index, faiss.IndexIDMap):
        index.add_with_ids(vectors, np.arange(4, dtype="int64"))
    else:
        index.add(vectors)
    folder = tmp_path / "lc"
    texts = ["contrato de aluguel", "receita de pão", "relatório do tempo", "multa"]
    write_folder(folder, lc_pickle({f"d{i}": {"page_content": t, "metadata": {"source": "s"}}
                                    for i, t in enumerate(texts)},
                                   {i: f"d{i}" for i in range(4)}))
    faiss.write_index(index, str(folder / "index.faiss"))
    result = read_faiss_in_child(folder)
    assert result.get("error") == "LossyIndex", result
    assert "cannot be recovered exactly" in result["message"]
    assert "--reembed" in result["message"] and "index.faiss" in result["message"]
    emb = DeterministicFakeEmbedding(size=DIM)
    base = VectorBase.open(base_dir, create=True, dim=DIM, embedder_id="test:fake")
    done = import_langchain_folder(folder, base, embedder=emb)
    assert done["chunks"] == 4
    hit = base.search(emb.embed_query("receita de pão"), k=1)[0]  # the index's vectors
    assert hit.text == "receita de pão" and hit.score > 0.999  # were random: re-embedded


def test_state_cannot_be_set_on_admitted_functions(tmp_path: Path) -> None:
    """BUILD on the `bytearray` helper would change its defaults for every later pickle."""
    from vetorbase.integrations.langchain_faiss import ALLOWED_GLOBALS, safe_load_pickle

    helper = ALLOWED_GLOBALS[("builtins", "bytearray")]
    path = tmp_path / "index.pkl"  # bytearray; BUILD (None, {"__defaults__": (b"pwn",)})
    path.write_bytes(b"\x80\x03cbuiltins\nbytearray\nN}X\x0c\x00\x00\x00__defaults__"
                     b"C\x03pwn\x85s\x86b.")
    with pytest.raises(IngestError, match="state set on a function"):
        safe_load_pickle(path)
    assert helper() == bytearray()
