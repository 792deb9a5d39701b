"""Column widths measured from the texts they must hold, in the fonts they are drawn with.

Fixed pixel widths clip "Chunks" as "Chunk:" and dates as "2026-1… 14:08" as soon as the
theme's font is larger (a dark GTK theme, a Portuguese header), so widths are computed
from the header (drawn bold, with padding and the sort arrow) and from sample values.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView

HEADER_EXTRA = 34  # style-sheet padding (6 + 6) plus the sort indicator
CELL_EXTRA = 18


def fit_width(view: QAbstractItemView, header: str, samples: Iterable[str] = (), *, cap: int = 420) -> int:
    bold = QFont(view.font())
    bold.setWeight(QFont.Weight.DemiBold)
    need = QFontMetrics(bold).horizontalAdvance(header) + HEADER_EXTRA
    cell = view.fontMetrics()
    for text in samples:
        need = max(need, cell.horizontalAdvance(text) + CELL_EXTRA)
    return min(need, cap)
