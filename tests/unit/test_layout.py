"""Project layout rules that are easy to break by accident."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "app" / "vetorbase"
QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "qasync", "shiboken6")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_only_the_gui_package_imports_qt():
    offenders = []
    for path in PKG.rglob("*.py"):
        if "gui" in path.relative_to(PKG).parts:
            continue
        bad = {n for n in _imports(path) if n.split(".")[0] in QT_MODULES}
        if bad:
            offenders.append(f"{path.relative_to(REPO)}: {sorted(bad)}")
    assert offenders == []


def test_every_package_folder_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(("vetorbase", *p.parent.relative_to(PKG).parts)).rstrip(".")
        for p in PKG.rglob("__init__.py")
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert "vetorbase.resources" in listed and (REPO / "resources" / "__init__.py").exists()


def test_no_pickle_in_the_store():
    for path in (PKG / "store").rglob("*.py"):
        assert not {"pickle", "dill", "cloudpickle"} & _imports(path), path


def _module_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (`from pkg import mod` counts as mod)."""
    mods = {}
    for path in PKG.rglob("*.py"):
        name = ".".join(("vetorbase", *path.relative_to(PKG).with_suffix("").parts))
        mods[name.removesuffix(".__init__")] = path
    graph = {}
    for name, path in mods.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vetorbase"):
                subs = {f"{node.module}.{a.name}" for a in node.names} & mods.keys()
                deps |= subs or {node.module}
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names} & mods.keys()
        graph[name] = (deps & mods.keys()) - {name}
    return graph


def test_no_import_cycles():
    graph = _module_graph()
    cycles, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append(path[path.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, path + [dep])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_sql_stays_out_of_the_store_facade():
    text = (PKG / "store" / "base.py").read_text("utf-8")
    assert ".execute(" not in text and "SELECT " not in text
