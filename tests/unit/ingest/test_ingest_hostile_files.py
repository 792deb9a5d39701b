"""Hostile folders: files swapped for pipes, names that are not UTF-8, links leading out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from vetorbase.errors import IngestError

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs and byte file names")


def test_pipes_folders_and_sockets_are_refused_without_waiting(tmp_path: Path) -> None:
    import socket

    from vetorbase.ingest.safeopen import read_limited

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match=r"not a regular file \(a named pipe \(FIFO\)\)"):
        read_limited(str(fifo), 1000)  # a plain open() would wait here for a writer
    with pytest.raises(IngestError, match=r"a folder"):
        read_limited(str(tmp_path), 1000)
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.txt"))
    with pytest.raises(IngestError, match="socket"):
        read_limited(str(tmp_path / "s.txt"), 1000)
    sock.close()
    (tmp_path / "ok.txt").write_text("conteúdo")
    assert read_limited(str(tmp_path / "ok.txt"), 1000) == "conteúdo".encode()
    with pytest.raises(IngestError, match="too large"):
        read_limited(str(tmp_path / "ok.txt"), 3)


_SWAP = textwrap.dedent("""
    import json, os, sys
    from vetorbase.embeddings import DEFAULT_EMBEDDER_ID, get_embedder
    from vetorbase.ingest import ingest
    from vetorbase.store import VectorBase

    folder, base_dir, swap_for = sys.argv[1], sys.argv[2], sys.argv[3]
    target = os.path.join(folder, "b.txt")
    swapped = []

    def swap(event, args):  # runs after every check, just before the open
        if event == "open" and not swapped and args and args[0] == target:
            swapped.append(True)
            os.unlink(target)
            if swap_for == "fifo":
                os.mkfifo(target)
            else:  # a link to a file outside the folder
                os.symlink(swap_for, target)

    embedder = get_embedder(DEFAULT_EMBEDDER_ID)
    base = VectorBase.open(base_dir, create=True, dim=embedder.dim,
                           embedder_id=embedder.embedder_id)
    sys.addaudithook(swap)
    report = ingest([folder], base, embedder)
    texts = [c.text for d in base.documents() for c in base.chunks(d.id)]
    print(json.dumps({"swapped": bool(swapped), "texts": texts, **report.to_dict()}))
""")


@pytest.mark.parametrize("swap_for", ["fifo", "link out"])
def test_file_swapped_before_the_open_fails_alone(tmp_path: Path, swap_for: str) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("O contrato de aluguel vence em março.")
    (folder / "b.txt").write_text("Este arquivo é trocado antes de ser aberto.")
    (folder / "c.txt").write_text("A receita de pão leva farinha, água e sal.")
    secret = tmp_path / "secret.txt"
    secret.write_text("senha do servidor: hunter2")
    arg = "fifo" if swap_for == "fifo" else str(secret)
    try:
        out = subprocess.run(
            [sys.executable, "-c", _SWAP, str(folder), str(tmp_path / "base"), arg],
            capture_output=True, text=True, timeout=120, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"ingestion hung on a file swapped for a {swap_for}")
    assert out.returncode == 0, out.stderr[-2000:]
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["swapped"]
    assert [r["path"] for r in report["added"]] == [str(folder / "a.txt"), str(folder / "c.txt")]
    [failed] = report["failed"]
    assert failed["path"] == str(folder / "b.txt")
    expected = ("not a regular file (a named pipe (FIFO))" if swap_for == "fifo"
                else "replaced between listing the folder and reading it")
    assert expected in failed["reason"]
    assert not any("hunter2" in t for t in report["texts"])


def test_lone_surrogates_through_the_api_name_the_field(base: Any, embedder: Any) -> None:
    from vetorbase.errors import InvalidInput
    from vetorbase.ingest import ingest_text

    with pytest.raises(InvalidInput, match=r"^text: contains '\\udce9' at character 3"):
        ingest_text(base, embedder, "caf\udce9 com leite", source="ticket:1")
    with pytest.raises(InvalidInput, match="^source: .*lone surrogate"):
        ingest_text(base, embedder, "café", source="/docs/caf\udce9.txt")
    with pytest.raises(InvalidInput, match=r"^metadata\['autor'\]: "):
        ingest_text(base, embedder, "café", source="ticket:2", metadata={"autor": "Jos\ud800"})
    with pytest.raises(InvalidInput, match=r"^metadata\['tags'\]: "):
        ingest_text(base, embedder, "café", source="ticket:3",
                    metadata={"tags": [{"x": ["\udfff"]}]})
    with pytest.raises(InvalidInput, match=r"\(a key\)"):
        ingest_text(base, embedder, "café", source="ticket:4", metadata={"k\udc80": 1})
    assert base.count() == 0
    assert ingest_text(base, embedder, "café com leite", source="ticket:5").status == "added"


def test_check_tree_walks_deep_and_cyclic_values_without_recursion() -> None:
    from vetorbase.errors import InvalidInput
    from vetorbase.textcheck import check_tree

    deep: Any = "fim\udc80"
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidInput, match="^meta: "):
        check_tree(deep, "meta")
    cyclic: list[Any] = ["ok"]
    cyclic.append(cyclic)
    check_tree({"a": cyclic, "b": ("ção", 1, None)}, "meta")  # returns: nothing to refuse
