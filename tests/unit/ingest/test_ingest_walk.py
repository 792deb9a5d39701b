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


def _decided(entries: list, root: Path) -> dict[str, tuple[str, str]]:
    return {os.path.relpath(e.path, root): (e.result.status, e.result.reason)
            for e in entries if e.result is not None}


def _upload_with_links(tmp_path: Path) -> Path:
    """upload/ with links leading out of it, inside it, to a folder outside, and nowhere."""
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "passwd.txt").write_text("root:x:0:0")
    (outside / "more" / "m.txt").write_text("m")
    up = tmp_path / "upload"
    up.mkdir()
    (up / "real.txt").write_text("r")
    (up / "innocent.txt").symlink_to(outside / "passwd.txt")
    (up / "alias.txt").symlink_to(up / "real.txt")  # sorts before real.txt
    (up / "outdir").symlink_to(outside)
    (up / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    return up


def test_links_out_of_the_folder_are_skipped_and_reported(tmp_path: Path) -> None:
    up = _upload_with_links(tmp_path)
    entries = expand_paths([up])
    assert [os.path.relpath(e.path, up) for e in entries if e.result is None] == ["real.txt"]
    decided = _decided(entries, up)
    assert decided["innocent.txt"][0] == "skipped"
    assert "outside the folder" in decided["innocent.txt"][1]
    assert str(tmp_path / "outside" / "passwd.txt") in decided["innocent.txt"][1]
    assert "--follow-links" in decided["innocent.txt"][1]
    assert decided["outdir"][0] == "skipped" and "outside the folder" in decided["outdir"][1]
    assert decided["broken.txt"][0] == "failed" and "broken link" in decided["broken.txt"][1]
    assert "alias.txt" not in decided  # inside the folder: the file goes in once, by its name


def test_follow_links_follows_them_each_real_file_once(tmp_path: Path) -> None:
    up = _upload_with_links(tmp_path)
    (up / "loop").symlink_to(up)
    (up / "parent").symlink_to(tmp_path)  # the walk comes back into upload/ through it
    entries = expand_paths([up], follow_links=True)
    todo = [os.path.relpath(e.path, up) for e in entries if e.result is None]
    assert sorted(todo) == ["innocent.txt", "outdir/more/m.txt", "real.txt"]
    reals = [os.path.realpath(e.path) for e in entries if e.result is None]
    assert len(set(reals)) == len(reals)
    assert _decided(entries, up)["loop"] == ("skipped",
                                             "link to a folder already walked, not followed")


def test_names_that_are_not_utf8_fail_alone_with_a_readable_name(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    with open(os.path.join(root, b"caf\xe9.txt"), "wb") as f:
        f.write(b"latin-1 name")
    os.mkdir(os.path.join(root, b"pasta\xff"))
    with open(os.path.join(root, b"pasta\xff", b"dentro.txt"), "wb") as f:
        f.write(b"inside a folder with a bad name")
    (tmp_path / "bom.txt").write_text("ok")
    entries = expand_paths([tmp_path])
    assert [Path(e.path).name for e in entries if e.result is None] == ["bom.txt"]
    decided = _decided(entries, tmp_path)
    assert set(decided) == {"caf\\xe9.txt", "pasta\\xff"}
    assert decided["caf\\xe9.txt"][0] == "failed"
    assert "file name is not valid UTF-8" in decided["caf\\xe9.txt"][1]
    assert "folder name is not valid UTF-8" in decided["pasta\\xff"][1]
    for e in entries:
        e.path.encode("utf-8")  # printable and storable as they are
    [explicit] = expand_paths([os.path.join(root, b"caf\xe9.txt").decode(
        "utf-8", "surrogateescape")])
    assert explicit.result is not None and explicit.path.endswith("caf\\xe9.txt")
