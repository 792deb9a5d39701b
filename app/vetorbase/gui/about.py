"""The About dialog: version, and the version and license of every bundled component.

The table comes from `vetorbase.licenses` (importlib.metadata at run time), so a
frozen build shows exactly the distributions its spec copied in, not a stale list.
"""

from __future__ import annotations

import platform
import sys

from PySide6.QtCore import QtMsgType, Qt, qInstallMessageHandler, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from vetorbase.licenses import Component, app_version, components

ICON_NAME = "vetorbase.svg"


def app_icon() -> QIcon:
    """The application icon from the bundled SVG (null icon if it cannot be found)."""
    from importlib.resources import files

    try:
        path = files("vetorbase.resources") / ICON_NAME
        return QIcon(str(path)) if path.is_file() else QIcon()
    except Exception:  # a missing resources package must not break the dialog
        return QIcon()


def component_rows() -> list[Component]:
    """Bundled components plus the Qt runtime, which has no metadata of its own."""
    rows = components()
    rows.insert(1, Component("Qt", qVersion(), "LGPL-3.0-only"))
    return rows


class AboutDialog(QDialog):
    """Modal About box; `table` is public so tests can read what users see."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About Vetorbase"))
        self.setWindowIcon(app_icon())
        self.resize(640, 480)

        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(
            f"<h2>Vetorbase {app_version()}</h2>"
            "<p>" + self.tr("A shared, crash-safe FAISS document vector base for a desktop window "
                            "and many worker processes.") + "</p>"
            f"<p>Python {platform.python_version()} · Qt {qVersion()} · "
            f"{platform.system()} {platform.machine()}</p>"
        )
        title.setWordWrap(True)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QHBoxLayout()
        header.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(title, 1)

        rows = component_rows()
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("License")])
        for r, row in enumerate(rows):
            for c, text in enumerate((row.name, row.version, row.license)):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        # Rows come ordered: runtimes first, then distributions by name, case-insensitively.
        hdr = self.table.horizontalHeader()
        hdr.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(QLabel(self.tr("Bundled components and their licenses:")))
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's contents as displayed."""
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]


def show_about(parent: QWidget | None = None) -> None:
    """Open the About dialog modally (what the window's Help menu calls)."""
    AboutDialog(parent).exec()


def offscreen_check() -> str:
    """Build the dialog and render it without a display; used by `--selftest`.

    Proves the bundle carries QtWidgets, a platform plugin and the SVG icon plugin.
    """
    def quiet(kind: QtMsgType, _context: object, message: str) -> None:
        # The offscreen platform notes what it cannot do (size hints); only real problems show.
        if kind not in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) and "propagateSizeHints" not in message:
            print(f"Qt: {message}", file=sys.stderr)

    previous = qInstallMessageHandler(quiet)
    try:
        return _render_offscreen()
    finally:
        qInstallMessageHandler(previous)


def _render_offscreen() -> str:
    app = QApplication.instance() or QApplication(["vetorbase-selftest"])
    icon = app_icon()
    if icon.isNull() or icon.pixmap(32, 32).isNull():
        raise RuntimeError("application icon did not render (SVG image plugin missing?)")
    dialog = AboutDialog()
    dialog.show()
    app.processEvents()
    image = dialog.grab()
    rows = dialog.rows()
    dialog.close()
    if image.isNull() or image.width() < 100:
        raise RuntimeError("About dialog did not render offscreen")
    names = {name for name, _, _ in rows}
    missing = {"vetorbase", "faiss-cpu", "Qt"} - names
    if missing:
        raise RuntimeError(f"About dialog lacks components: {sorted(missing)}")
    return f"{app.platformName()} platform, About dialog lists {len(rows)} components"
