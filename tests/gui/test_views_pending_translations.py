"""Every string the new views pass to tr() has a pt_BR translation waiting to be merged
(resources/i18n/pending_views_pt_BR.tsv: context, source, translation)."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUI = REPO / "app" / "vetorbase" / "gui"
NEW_VIEWS = ["history.py", "maintenance.py", "mapview.py", "docviewer.py"]
ADDED_ELSEWHERE = {("MainWindow", "&Tools"), ("MainWindow", "&Check base…"), ("MainWindow", "C&ompact base…"),
                   ("MainWindow", "&History"), ("MainWindow", "&Map of the base"), ("BaseView", "History"),
                   ("BaseView", "Map"), ("MainWindow", "Search result in &context"),
                   ("BaseView", "Select a search result first.")}


def tr_strings(path: Path) -> set[tuple[str, str]]:
    found = set()
    for cls in (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.ClassDef)):
        for node in ast.walk(cls):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add((cls.name, node.args[0].value))
    return found


def test_every_new_view_string_has_a_pending_translation():
    with open(REPO / "resources" / "i18n" / "pending_views_pt_BR.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    table = {(r["context"], r["source"]): r["translation"] for r in rows}
    wanted = set().union(*(tr_strings(GUI / name) for name in NEW_VIEWS)) | ADDED_ELSEWHERE
    assert len(wanted) > 50
    missing = sorted(wanted - set(table))
    assert not missing, f"add pt_BR translations for {missing}"
    for (context, source), translation in table.items():
        assert translation and translation != source, (context, source)
        assert source.count("%1") == translation.count("%1") and source.count("&") == translation.count("&")
