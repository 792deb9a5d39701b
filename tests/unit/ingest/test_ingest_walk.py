"""Folder walking: everything under a folder is either attempted or reported."""

from __future__ import annotations

import os
from pathlib import Path

from vetorbase.ingest import expand_paths


def _tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".git" / "objects").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "sub" / "b.md").write_text("b")
    (root / "sub" / "deeper" / "c.PDF").write_bytes(b"%PDF")
    (root / "sub" / "photo.bmp").write_bytes(b"\x89PNG")
    (root / "sub" / "Makefile").write_text("all:")
    (root / ".secret.txt").write_text("s")
    (root / ".git" / "objects" / "x.txt").write_text("x")
    (root / "~$contrato.docx").write_bytes(b"lock")


def test_recursive_walk_reports_hidden_and_unsupported(tmp_path: Path) -> None:
    _tree(tmp_path)
    entries = expand_paths([tmp_path])
    todo = [os.path.relpath(e.path, tmp_path) for e in entries if e.result is None]
    assert todo == ["a.txt", "sub/b.md", "sub/deeper/c.PDF"]
    decided = {os.path.relpath(e.path, tmp_path): (e.result.status, e.result.reason)
               for e in entries if e.result is not None}
    assert decided == {
        ".git": ("skipped", "hidden folder, skipped"),
        ".secret.txt": ("skipped", "hidden file, skipped"),
        "~$contrato.docx": ("skipped", "Office lock file, skipped"),
        "sub/photo.bmp": ("failed", "unsupported file type .bmp"),
        "sub/Makefile": ("failed", "unsupported file type (no extension)"),
    }
    assert all(os.path.isabs(e.path) for e in entries)


def test_explicit_paths_hidden_missing_and_duplicates(tmp_path: Path) -> None:
    _tree(tmp_path)
    entries = expand_paths([tmp_path / ".secret.txt", tmp_path / "nope.txt",
                            tmp_path / "a.txt", str(tmp_path / "sub" / ".." / "a.txt")])
    assert [(Path(e.path).name, e.result and e.result.reason) for e in entries] == [
        (".secret.txt", None),  # asked for by name: attempted
        ("nope.txt", "not found"),
        ("a.txt", None),  # the second spelling of the same file is not repeated
    ]


def test_folder_symlinks_are_reported_not_followed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "r.txt").write_text("r")
    (tmp_path / "real" / "loop").symlink_to(tmp_path / "real")
    entries = expand_paths([tmp_path])
    names = [(Path(e.path).name, e.result and e.result.status) for e in entries]
    assert names == [("loop", "skipped"), ("r.txt", None)]
