"""Item delegates: a score bar, and rich text for highlighted chunk snippets."""

from __future__ import annotations

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3


class ScoreDelegate(QStyledItemDelegate):
    """Cosine score as a proportional bar with the number on it (0 → empty, 1 → full)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        score = float(index.data(SCORE_ROLE) or 0.0)
        rect = QRectF(option.rect).adjusted(6, 7, -6, -7)
        rect.setHeight(min(rect.height(), 16))
        rect.moveTop(option.rect.center().y() - rect.height() / 2)
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        bar = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight)
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        track = QColor(ink if selected else palette.color(QPalette.ColorRole.Mid))
        track.setAlpha(50 if selected else 70)
        painter.setBrush(track)
        painter.drawRoundedRect(rect, 4, 4)
        filled = QRectF(rect)
        filled.setWidth(rect.width() * max(0.0, min(1.0, score)))
        bar.setAlpha(150 if selected else 255)
        painter.setBrush(bar)
        painter.drawRoundedRect(filled, 4, 4)
        painter.setPen(ink)
        painter.drawText(rect.adjusted(0, 0, -4, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         QLocale().toString(score, "f", 3))
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(110, 24)


class HtmlDelegate(QStyledItemDelegate):
    """Renders the HTML_ROLE text (query words highlighted), wrapped to the column."""

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(str(index.data(HTML_ROLE) or ""))
        doc.setTextWidth(max(50, option.rect.width() - 8))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else QApplication.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 3)
        clip = QRectF(0, 0, option.rect.width() - 8, option.rect.height() - 6)
        painter.setClipRect(clip)
        context.clip = clip
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(300, 66)
