"""The Stats pane: what the base holds, who changed it last, and how it grew."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.charts import BarList, GrowthChart, growth_points

FIELDS = (("chunks", QT_TRANSLATE_NOOP("StatsPane", "Chunks")), ("documents", QT_TRANSLATE_NOOP("StatsPane", "Documents")),
          ("dimension", QT_TRANSLATE_NOOP("StatsPane", "Dimensions")), ("embedder", QT_TRANSLATE_NOOP("StatsPane", "Embedder")),
          ("disk", QT_TRANSLATE_NOOP("StatsPane", "Size on disk")), ("seq", QT_TRANSLATE_NOOP("StatsPane", "Version")),
          ("last", QT_TRANSLATE_NOOP("StatsPane", "Last change")), ("snapshots", QT_TRANSLATE_NOOP("StatsPane", "Snapshots")),
          ("path", QT_TRANSLATE_NOOP("StatsPane", "Location")))  # a folder, or a server base's URL


class StatsPane(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values: dict[str, QLabel] = {}
        facts = QGroupBox(self.tr("Base"))
        form = QFormLayout(facts)
        form.setHorizontalSpacing(18)
        for key, label in FIELDS:
            value = QLabel("—")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values[key] = value
            form.addRow(QCoreApplication.translate("StatsPane", label), value)
        self.growth = GrowthChart()
        self.types = BarList()
        growth_box = QGroupBox(self.tr("Growth (chunks over time)"))
        QVBoxLayout(growth_box).addWidget(self.growth)
        types_box = QGroupBox(self.tr("Documents per type"))
        QVBoxLayout(types_box).addWidget(self.types)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(12)
        grid.addWidget(facts, 0, 0)
        grid.addWidget(types_box, 1, 0)
        grid.addWidget(growth_box, 0, 1, 2, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)
        grid.setRowStretch(1, 1)

    def show_overview(self, overview: Any, with_types: bool = True) -> None:
        s = overview.stats
        last = (self.tr("%1 (%2) by %3").replace("%1", fmt.when(s.last_change_at)).replace(
            "%2", fmt.ago(s.last_change_at)).replace("%3", str(s.last_change_by))
                if s.last_change_at else fmt.ago(None))
        texts = {"chunks": fmt.count(s.chunks), "documents": fmt.count(s.documents),
                 "dimension": str(s.dimension), "embedder": s.embedder_id, "disk": fmt.size_bytes(s.bytes_on_disk),
                 "seq": fmt.count(s.seq), "last": last, "snapshots": str(s.snapshots), "path": s.path}
        for key, text in texts.items():
            self.values[key].setText(text)
        self.growth.set_points(growth_points(overview.history, s.chunks))
        if with_types:
            self.types.set_items(overview.per_type)
