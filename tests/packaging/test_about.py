"""The About dialog shows the version and the bundled components with their licenses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from vetorbase.gui.about import AboutDialog, app_icon, offscreen_check
from vetorbase.licenses import app_version


def test_about_lists_components_and_version(qtbot, artifacts_dir) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.grab().save(str(artifacts_dir / "about-dialog.png"))
    rows = dialog.rows()
    by_name = {name: (version, lic) for name, version, lic in rows}
    assert by_name["Qt"][0].startswith("6.") and by_name["Qt"][1] == "LGPL-3.0-only"
    assert by_name["faiss-cpu"][1] == "MIT"
    assert by_name["vetorbase"][0] == app_version()
    assert by_name["Python"][1] == "PSF-2.0"
    assert [name for name, _, _ in rows[:2]] == ["Python", "Qt"]  # runtimes first
    assert any(f"Vetorbase {app_version()}" in label.text() for label in dialog.findChildren(QLabel))
    for r in range(dialog.table.rowCount()):
        assert not dialog.table.item(r, 0).flags() & Qt.ItemFlag.ItemIsEditable


def test_icon_renders_and_offscreen_check_passes(qtbot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(16, 16).toImage()
    assert image.width() == 16 and image.pixelColor(8, 8).alpha() == 255  # solid, not blank
    assert "About dialog lists" in offscreen_check()
