"""The map's drawing surface: tens of thousands of points without one Python object per point.

Points are rasterised with numpy into an image (a 3x3 dot each, 5x5 when few; a few milliseconds for 50k)
that is redrawn only when the data, the colouring or the size changes; QPainter then adds
what is few: search hits, the point under the mouse, the legend.  Hit-testing is a vectorised
nearest-point lookup over the cached pixel positions.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from vetorbase.gui import formatting as fmt

MARGIN = 14
PICK_RADIUS = 7
PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f"]
OTHER = "#9a9a9a"


class MapCanvas(QWidget):
    """`hovered(index)` (-1 when none) and `clicked(index)` give indices into the current points."""

    hovered = Signal(int)
    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.xy = np.zeros((0, 2), np.float32)
        self.group_of = np.zeros(0, np.int32)
        self.legend: list[tuple[str, QColor, int]] = []
        self.hits = np.zeros((0, 2), np.float32)
        self.hover_index = -1
        self._image: QImage | None = None
        self._buffer = np.zeros((0, 0, 4), np.uint8)
        self._pixels = np.zeros((0, 2), np.float32)

    # -- data ----------------------------------------------------------------------------
    def set_points(self, xy: np.ndarray, group_of: np.ndarray, legend: list[tuple[str, QColor, int]]) -> None:
        """`xy` in [0, 1]; `group_of[i]` indexes `legend` (name, colour, count)."""
        self.xy, self.group_of, self.legend = np.asarray(xy, np.float32), np.asarray(group_of, np.int32), legend
        self.hover_index = -1
        self._rasterise()

    def set_hits(self, xy: np.ndarray) -> None:
        self.hits = np.asarray(xy, np.float32).reshape(-1, 2)
        self.update()

    def to_pixels(self, xy: np.ndarray) -> np.ndarray:
        w, h = max(1, self.width() - 2 * MARGIN), max(1, self.height() - 2 * MARGIN)
        return np.column_stack([MARGIN + xy[:, 0] * w, MARGIN + (1.0 - xy[:, 1]) * h]).astype(np.float32)

    def _rasterise(self) -> None:
        w, h = self.width(), self.height()
        if w <= 0 or h <= 0:
            self._image = None
            return
        self._pixels = self.to_pixels(self.xy) if len(self.xy) else np.zeros((0, 2), np.float32)
        canvas = np.zeros(h * w, np.uint32)  # ARGB32 pixels, transparent: the ground is painted below
        r = 2 if len(self.xy) < 5000 else 1  # bigger dots while they are few
        if len(self.xy) and w > 2 * r and h > 2 * r:
            packed = np.array([(255 << 24) | (c.red() << 16) | (c.green() << 8) | c.blue()
                               for _n, c, _k in self.legend] or [255 << 24], np.uint32)
            px = np.rint(self._pixels).astype(np.int64)
            flat = np.clip(px[:, 1], r, h - 1 - r) * w + np.clip(px[:, 0], r, w - 1 - r)
            # Draw the biggest groups first, so small ones stay visible on top.
            order = np.argsort(-np.bincount(self.group_of, minlength=len(packed))[self.group_of], kind="stable")
            flat, values = flat[order], packed[np.minimum(self.group_of[order], len(packed) - 1)]
            for dx in range(-r, r + 1):
                for dy in range(-r, r + 1):
                    if r > 1 and abs(dx) == abs(dy) == r:
                        continue  # round the corners of the bigger dots
                    canvas[flat + dy * w + dx] = values
        image = canvas.view(np.uint8).reshape(h, w, 4)
        self._buffer = image  # QImage does not own the memory: keep it alive with the image
        self._image = QImage(image.data, w, h, 4 * w, QImage.Format.Format_ARGB32_Premultiplied)
        self.update()

    # -- Qt events -----------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._rasterise()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
        if self._image is not None:
            painter.drawImage(0, 0, self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        if len(self.hits):
            painter.setPen(QPen(QColor("#d62728"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for x, y in self.to_pixels(self.hits):
                painter.drawEllipse(QPointF(float(x), float(y)), 6, 6)
        if 0 <= self.hover_index < len(self._pixels):
            x, y = self._pixels[self.hover_index]
            painter.setPen(QPen(text_colour, 2))
            painter.drawEllipse(QPointF(float(x), float(y)), 5, 5)
        self._paint_legend(painter, text_colour)
        painter.end()

    def _paint_legend(self, painter: QPainter, text_colour: QColor) -> None:
        if not self.legend:
            return
        metrics = self.fontMetrics()
        line = metrics.height() + 2
        width = min(260, 30 + max(metrics.horizontalAdvance(f"{name}  {fmt.count(count)}")
                                  for name, _c, count in self.legend))
        box = QRectF(self.width() - width - MARGIN, MARGIN, width, line * len(self.legend) + 8)
        background = self.palette().color(QPalette.ColorRole.Window)
        background.setAlpha(225)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(box, 4, 4)
        for i, (name, colour, count) in enumerate(self.legend):
            top = box.top() + 4 + i * line
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(QRectF(box.left() + 6, top + line / 2 - 4, 8, 8))
            painter.setPen(text_colour)
            # A folder is told apart by its last parts: shorten on the left ("…/contratos  24").
            label = metrics.elidedText(f"{name}  {fmt.count(count)}", Qt.TextElideMode.ElideLeft, int(width - 26))
            painter.drawText(QRectF(box.left() + 20, top, width - 24, line), Qt.AlignmentFlag.AlignVCenter, label)

    def nearest(self, x: float, y: float) -> int:
        if not len(self._pixels):
            return -1
        d2 = ((self._pixels - np.array([x, y], np.float32)) ** 2).sum(axis=1)
        i = int(np.argmin(d2))
        return i if d2[i] <= PICK_RADIUS ** 2 else -1

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.nearest(event.position().x(), event.position().y())
        if index != self.hover_index:
            self.hover_index = index
            self.update()
            self.hovered.emit(index)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            index = self.nearest(event.position().x(), event.position().y())
            if index >= 0:
                self.clicked.emit(index)
                return
        super().mousePressEvent(event)

    def leaveEvent(self, event: object) -> None:
        if self.hover_index != -1:
            self.hover_index = -1
            self.update()
            self.hovered.emit(-1)
