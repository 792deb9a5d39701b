"""Where the window's resources (style sheet, icon, translations) are read from.

Installed or bundled, they are the `vetorbase.resources` package. Run from a source
checkout (PYTHONPATH=app), the checkout's own resources/ folder wins: an editable install
of another checkout would otherwise serve its style sheet and catalogues to this code.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_dir() -> Path:
    source_tree = Path(__file__).resolve().parents[3] / "resources"
    if (source_tree / "__init__.py").is_file() and (source_tree / "window.qss").is_file():
        return source_tree
    return Path(str(resources.files("vetorbase.resources")))
