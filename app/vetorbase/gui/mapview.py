"""The Map tab: where the base's chunks lie relative to each other, coloured by folder or type.

The projection is computed on the worker (`MapProjection`: sample, PCA) when the tab is
shown, and again only after the base changed.  Hovering a point fetches its chunk's text;
clicking it opens the document at that chunk; the latest search's hits are ringed in red
(hits outside the sample are projected onto the same axes by a second small request).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from vetorbase.gui import formatting as fmt
from vetorbase.gui.aio import spawn
from vetorbase.gui.mapcanvas import OTHER, PALETTE, MapCanvas
from vetorbase.gui.projection import MapData
from vetorbase.gui.requests import ChunkText, MapProjection, ProjectChunks
from vetorbase.gui.throttle import Throttle
from vetorbase.gui.worker import Worker

MAX_GROUPS = len(PALETTE)
HOVER_CHARS = 400
REDRAW_MS = 3000  # a 50k-chunk map costs the worker about a second


class MapView(QWidget):
    """`open_chunk(chunk_id, doc_id)` when a point is clicked; `ready` after each new map."""

    open_chunk = Signal(int, int)
    ready = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self.data: MapData | None = None
        self.stale = True
        self.active = False  # nothing is asked of the worker before the base is open
        self._hit_ids: list[int] = []
        self.hover_text = ""
        self.hover_chunk_id = -1
        self.colour_combo = QComboBox()
        self.colour_combo.addItem(self.tr("Folder"), "folder")
        self.colour_combo.addItem(self.tr("File type"), "type")
        self.colour_combo.currentIndexChanged.connect(lambda _i: self._recolour())
        colour_label = QLabel(self.tr("Colour by:"))
        colour_label.setBuddy(self.colour_combo)
        self.summary = QLabel(self.tr("The map is drawn when this tab is shown."))
        self.summary.setObjectName("muted")
        self.refresh_button = QPushButton(self.tr("Redraw"))
        self.refresh_button.setToolTip(self.tr("Compute the map again from the base's current chunks"))
        self.refresh_button.clicked.connect(self.refresh)
        self._refresh_soon = Throttle(self.refresh, REDRAW_MS, self)
        self.canvas = MapCanvas()
        self.canvas.hovered.connect(self._on_hover)
        self.canvas.clicked.connect(self._on_click)
        self.detail = QLabel(self.tr("Point at a dot to read its chunk; click it to open the document."))
        self.detail.setObjectName("muted")
        self.detail.setWordWrap(True)
        self.detail.setMinimumHeight(self.detail.fontMetrics().height() * 3)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addWidget(colour_label)
        row.addWidget(self.colour_combo)
        row.addSpacing(12)
        row.addWidget(self.summary, 1)
        row.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.detail)

    # -- computing -----------------------------------------------------------------------
    def mark_stale(self) -> None:
        """The base changed: recompute if the map is on screen (at most every few seconds while
        a queue commits file after file), else when it is next shown."""
        self.stale = True
        if self.isVisible():
            self._refresh_soon()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def refresh(self) -> None:
        if not self.active:
            return
        self.stale = False
        self.summary.setText(self.tr("Computing the map…"))
        spawn(self._load(), self._failed)

    async def _load(self) -> None:
        data = await self._worker.run(MapProjection())
        self.data = data
        self._recolour()
        shown, total = len(data.ids), data.total_chunks
        if data.sampled:
            text = self.tr("%1 of %2 chunks (an even sample)").replace("%1", fmt.count(shown)).replace(
                "%2", fmt.count(total))
        else:
            text = fmt.plural(shown, "chunk")
        if data.projection is not None and shown >= 3:
            a, b = data.projection.explained
            text += " · " + self.tr("axes show %1% of the variation").replace("%1", f"{100 * (a + b):.0f}")
        self.summary.setText(text)
        self.set_hits(self._hit_ids)
        self.ready.emit()

    def _failed(self, exc: BaseException) -> None:
        self.stale = True
        self.summary.setText(self.tr("The map could not be computed: %1").replace("%1", fmt.describe(exc)))

    def _recolour(self) -> None:
        data = self.data
        if data is None:
            return
        names, codes = data.groups[str(self.colour_combo.currentData())]
        counts = np.bincount(codes, minlength=len(names))
        order = np.argsort(-counts, kind="stable")
        top = order[:MAX_GROUPS]  # the biggest groups get colours, the rest are "other"
        remap = np.full(len(names), len(top), np.int32)
        remap[top] = np.arange(len(top), dtype=np.int32)
        group_of = remap[codes] if len(codes) else np.zeros(0, np.int32)
        legend = [(self._group_label(names[g]), QColor(PALETTE[i % len(PALETTE)]), int(counts[g]))
                  for i, g in enumerate(top)]
        rest = int(len(codes) - counts[top].sum())
        if rest:
            legend.append((self.tr("other"), QColor(OTHER), rest))
        self.canvas.set_points(data.xy, group_of, legend)

    def _group_label(self, name: str) -> str:
        """Folders and extensions are shown as they are; files without one are "text" (projection)."""
        return self.tr("text (no extension)") if name == "text" and self.colour_combo.currentData() == "type" else name

    # -- search hits -----------------------------------------------------------------------
    def set_hits(self, chunk_ids: list[int]) -> None:
        """Ring these chunks (the latest search's hits) on the map."""
        self._hit_ids = [int(i) for i in chunk_ids]
        data = self.data
        if data is None:
            return
        inside, outside = self._split(data, self._hit_ids)
        self.canvas.set_hits(data.xy[inside])
        if outside and data.projection is not None:
            spawn(self._project(tuple(outside), data), self._failed)

    async def _project(self, ids: tuple[int, ...], data: MapData) -> None:
        _known, xy = await self._worker.run(ProjectChunks(ids, data.projection))
        if data is self.data:
            inside, _outside = self._split(data, self._hit_ids)
            self.canvas.set_hits(np.vstack([data.xy[inside].reshape(-1, 2), np.asarray(xy).reshape(-1, 2)]))

    @staticmethod
    def _split(data: MapData, chunk_ids: list[int]) -> tuple[np.ndarray, list[int]]:
        """Positions in the sample of the chunks it holds (its ids are sorted), and the others."""
        wanted = np.asarray(chunk_ids, np.int64)
        if not len(data.ids) or not len(wanted):
            return np.zeros(0, np.int64), [int(c) for c in wanted]
        pos = np.minimum(np.searchsorted(data.ids, wanted), len(data.ids) - 1)
        found = data.ids[pos] == wanted
        return pos[found], [int(c) for c in wanted[~found]]

    # -- pointing ----------------------------------------------------------------------------
    def _on_hover(self, index: int) -> None:
        if index < 0 or self.data is None:
            QToolTip.hideText()
            return
        spawn(self._show_chunk(int(self.data.ids[index]), self.data.sources[index]), lambda _exc: None)

    async def _show_chunk(self, chunk_id: int, source: str) -> None:
        chunks = await self._worker.run(ChunkText((chunk_id,)))
        if not chunks or self.canvas.hover_index < 0 or self.data is None \
                or int(self.data.ids[self.canvas.hover_index]) != chunk_id:
            return  # the mouse moved on, or the chunk is gone
        text = " ".join(chunks[0].text.split())
        if len(text) > HOVER_CHARS:
            text = text[:HOVER_CHARS] + "…"
        page = fmt.page_of(chunks[0].metadata)
        where = source + (" · " + self.tr("page %1").replace("%1", page) if page else "")
        self.hover_text, self.hover_chunk_id = f"{where}\n{text}", chunk_id
        self.detail.setText(self.hover_text)
        self.canvas.setToolTip(self.hover_text)

    def _on_click(self, index: int) -> None:
        if self.data is not None and 0 <= index < len(self.data.ids):
            self.open_chunk.emit(int(self.data.ids[index]), int(self.data.doc_ids[index]))

    def point_of(self, chunk_id: int) -> Any:
        """Widget coordinates of a chunk's dot (for tests and keyboard users), or None."""
        if self.data is None:
            return None
        hits = np.nonzero(self.data.ids == chunk_id)[0]
        return None if not len(hits) else self.canvas.to_pixels(self.data.xy[hits[:1]])[0]
