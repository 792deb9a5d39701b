"""The pt_BR catalogue itself: complete for the newer views, and every translation keeps its
source's placeholders and menu mnemonic (a lost %1 shows a raw "%1"; a lost & a dead Alt key).

The views added with typed requests (History, Map, document viewer, Check/Compact) once
carried their texts in a side TSV; they are in vetorbase_pt_BR.ts now, and this keeps them so.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUI = REPO / "app" / "vetorbase" / "gui"
CATALOGUE = REPO / "resources" / "i18n" / "vetorbase_pt_BR.ts"
NEW_VIEWS = ["history.py", "maintenance.py", "mapview.py", "docviewer.py"]
_PLACEHOLDER = re.compile(r"%(?:L?n|\d)")


def _catalogue() -> dict[tuple[str, str], list[str]]:
    """(context, source) -> translated forms ([] when unfinished)."""
    out = {}
    for context in ET.parse(CATALOGUE).iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            node = message.find("translation")
            if node is None or node.get("type") == "unfinished":
                forms: list[str] = []
            else:
                forms = [f.text or "" for f in node.iter("numerusform")] or [node.text or ""]
            out[(name, message.findtext("source") or "")] = forms
    return out


def _tr_strings(path: Path) -> set[tuple[str, str]]:
    found = set()
    for cls in (n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.ClassDef)):
        for node in ast.walk(cls):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "tr"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                found.add((cls.name, node.args[0].value))
    return found


def test_the_newer_views_are_translated_in_the_catalogue():
    catalogue = _catalogue()
    wanted = set().union(*(_tr_strings(GUI / name) for name in NEW_VIEWS))
    assert len(wanted) > 50
    missing = sorted(k for k in wanted if not catalogue.get(k))
    assert not missing, f"run scripts/translations.py and translate {missing}"
    assert not list((REPO / "resources" / "i18n").glob("pending_views*")), "merged: no side table left"


def test_translations_keep_placeholders_and_mnemonics():
    catalogue = _catalogue()
    assert len(catalogue) > 300
    for (context, source), forms in catalogue.items():
        assert forms, f"untranslated: {context}: {source}"
        for text in forms:
            assert text.strip(), (context, source)
            assert sorted(_PLACEHOLDER.findall(text)) == sorted(_PLACEHOLDER.findall(source)), (context, source, text)
            assert text.replace("&&", "").count("&") == source.replace("&&", "").count("&"), (context, source, text)
