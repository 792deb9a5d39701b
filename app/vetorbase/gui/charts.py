"""Two tiny QPainter charts (QtCharts is not part of pyside6-essentials)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget


def growth_points(history: list[dict], current_chunks: int) -> list[tuple[float, int]]:
    """(time, chunks) after each logged change, oldest first, rebuilt backwards from today's count."""
    points: list[tuple[float, int]] = []
    value = current_chunks
    for entry in history:  # newest first
        points.append((float(entry.get("at") or 0.0), value))
        value -= int(entry.get("chunks_added") or 0) - int(entry.get("chunks_removed") or 0)
    if history:
        points.append((float(history[-1].get("at") or 0.0) - 1e-3, max(0, value)))
    points.reverse()
    return points


class GrowthChart(QWidget):
    """Chunks in the base over time, from the change log."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[float, int]] = []
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_points(self, points: list[tuple[float, int]]) -> None:
        self.points = points
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 180)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        fm = QFontMetrics(self.font())
        area = QRectF(self.rect()).adjusted(fm.horizontalAdvance("000000") + 8, 8, -10, -fm.height() - 8)
        grid = QColor(text)
        grid.setAlpha(40)
        painter.setPen(QPen(grid, 1))
        painter.drawRect(area)
        if len(self.points) < 2:
            painter.setPen(text)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.tr("The chart fills in as documents are added."))
            return
        t0, t1 = self.points[0][0], self.points[-1][0]
        top = max(1, max(v for _, v in self.points))
        span = max(t1 - t0, 1e-6)

        def at(t: float, v: int) -> QPointF:
            return QPointF(area.left() + (t - t0) / span * area.width(), area.bottom() - v / top * area.height())

        path = QPainterPath(at(*self.points[0]))
        for (t, v), (_, prev) in zip(self.points[1:], self.points[:-1]):
            path.lineTo(at(t, prev))  # steps: the count changes at the commit, not between
            path.lineTo(at(t, v))
        fill = QPainterPath(path)
        fill.lineTo(QPointF(area.right(), area.bottom()))
        fill.lineTo(QPointF(area.left(), area.bottom()))
        accent = pal.color(QPalette.ColorRole.Highlight)
        shade = QColor(accent)
        shade.setAlpha(60)
        painter.fillPath(fill, shade)
        painter.setPen(QPen(accent, 2))
        painter.drawPath(path)
        painter.setPen(text)
        painter.drawText(QRectF(0, area.top() - 2, area.left() - 6, fm.height()),
                         Qt.AlignmentFlag.AlignRight, QLocale().toString(top))
        painter.drawText(QRectF(0, area.bottom() - fm.height() + 2, area.left() - 6, fm.height()),
                         Qt.AlignmentFlag.AlignRight, "0")
        for t, align in ((t0, Qt.AlignmentFlag.AlignLeft), (t1, Qt.AlignmentFlag.AlignRight)):
            moment = QDateTime.fromMSecsSinceEpoch(int(t * 1000))
            label = (QLocale().toString(moment.time(), QLocale.FormatType.ShortFormat) if span < 86400
                     else QLocale().toString(moment.date(), QLocale.FormatType.ShortFormat))
            painter.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), fm.height()), align, label)


class BarList(QWidget):
    """Horizontal bars with labels: documents per file type."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, int]] = []
        self.setMinimumHeight(60)

    def set_items(self, items: list[tuple[str, int]], limit: int = 8) -> None:
        self.items = items[:limit]
        self.setMinimumHeight(max(60, 24 * len(self.items) + 8))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, max(60, 24 * len(self.items) + 8))

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        fm = QFontMetrics(self.font())
        if not self.items:
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("No documents yet."))
            return
        label_w = max(fm.horizontalAdvance(name) for name, _ in self.items) + 12
        num_w = fm.horizontalAdvance("000,000") + 8
        top = max(n for _, n in self.items)
        width = max(10.0, self.width() - label_w - num_w)
        for i, (name, n) in enumerate(self.items):
            y = 4 + i * 24
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRectF(0, y, label_w - 8, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, name)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(QRectF(label_w, y + 3, max(3.0, width * n / top), 14), 3, 3)
            painter.setPen(pal.color(QPalette.ColorRole.WindowText))
            painter.drawText(QRectF(label_w + max(3.0, width * n / top) + 6, y, num_w, 20),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, QLocale().toString(n))
