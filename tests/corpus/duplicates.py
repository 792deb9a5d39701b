"""A corpus with planted duplicates, for the duplicate scan and the ingestion report.

- exact copies: the same bytes under other names (black_holes.txt three times,
  nf_buffet.txt twice);
- near copies: a few words changed (git_branching.md, honeybees.html);
- everything else in the corpus (PDF, DOCX, HTML, CSV, JSON, the invoices and safety
  norms that share templates) is unrelated and must not be grouped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .generate import build_corpus

#: (file, [(old, new), ...]) edits that make a near copy: a few words changed.
NEAR_EDITS = {
    "git_branching.md": [("cheap pointers", "lightweight pointers"), ("teammates", "colleagues"),
                         ("straight line", "linear sequence")],
    "honeybees.html": [("sixty thousand", "fifty thousand"), ("two thousand", "fifteen hundred"),
                       ("forage", "search")],
}


@dataclass(frozen=True)
class Planted:
    folder: Path
    exact: list[list[str]]  # groups of file paths with the same bytes
    near: list[list[str]]  # pairs: original, edited copy
    files: int

    def unrelated(self) -> set[str]:
        grouped = {p for g in [*self.exact, *self.near] for p in g}
        return {str(p) for p in self.folder.rglob("*") if p.is_file()} - grouped


def build_duplicate_corpus(dest: Path) -> Planted:
    folder = build_corpus(Path(dest), extra=True)
    (folder / "copies").mkdir()
    (folder / "backup").mkdir()
    black = (folder / "black_holes.txt").read_bytes()
    (folder / "copies" / "black_holes (1).txt").write_bytes(black)
    (folder / "backup" / "buracos-negros.txt").write_bytes(black)
    (folder / "copies" / "nota-buffet.txt").write_bytes((folder / "nf_buffet.txt").read_bytes())
    near = []
    for name, edits in NEAR_EDITS.items():
        text = (folder / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert old in text, (name, old)
            text = text.replace(old, new, 1)
        edited = folder / "copies" / f"edited-{name}"
        edited.write_text(text, encoding="utf-8")
        near.append([str(folder / name), str(edited)])
    exact = [[str(folder / "black_holes.txt"), str(folder / "copies" / "black_holes (1).txt"),
              str(folder / "backup" / "buracos-negros.txt")],
             [str(folder / "nf_buffet.txt"), str(folder / "copies" / "nota-buffet.txt")]]
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    return Planted(folder, exact, near, files)
