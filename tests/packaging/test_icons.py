"""The build renders the SVG icon to every hicolor size, legible down to 16 px."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]


def load_build():
    spec = importlib.util.spec_from_file_location("vb_build", REPO / "build_spec" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_icons_rendered_at_every_size(qapp, tmp_path: Path) -> None:
    build = load_build()
    pngs = build.render_icons(tmp_path)
    assert sorted(pngs) == sorted(build.ICON_SIZES)
    for size, path in pngs.items():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size)
    small = QImage(str(pngs[16]))
    colors = {small.pixel(x, y) for x in range(16) for y in range(16)}
    opaque = sum(small.pixelColor(x, y).alpha() > 200 for x in range(16) for y in range(16))
    assert opaque > 160  # a solid silhouette, not a faint outline
    assert len(colors) > 8  # tile, pages and the constellation are all visible


def test_no_rendered_pngs_committed() -> None:
    assert not list((REPO / "resources").rglob("*.png"))
