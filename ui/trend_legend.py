"""The chart's legend: what each line and each marker means, wrapping on a narrow window.

A label under the chart rather than the chart's own legend, which keeps to one row and
elides names ("amer…") when the window is narrow. Each entry is drawn in the colour and
the shape of what it names: a line in the tag's colour, a marker in its trigger's colour
and shape (the same `TRIGGER_STYLES` the chart and the table's swatches use).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCharts import QScatterSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from store.actions import TriggerType
from ui.trigger_style import TAG_COLORS, TRIGGER_STYLES

Shape = QScatterSeries.MarkerShape
GLYPHS = {
    Shape.MarkerShapeCircle: "\u25cf",  # ●
    Shape.MarkerShapeRectangle: "\u25a0",  # ■
    Shape.MarkerShapeStar: "\u2605",  # ★
    Shape.MarkerShapeTriangle: "\u25b2",  # ▲
}
LINE_GLYPH = "\u2501\u2501"  # ━━


def _entry(glyph: str, color: str, text: str) -> str:
    return (
        f'<span style="white-space:nowrap"><span style="color:{color}">{glyph}</span>'
        f"&nbsp;{escape(text)}</span>"
    )


def legend_html(tags: Sequence[str], triggers: Iterable[TriggerType]) -> str:
    """One entry per tag line, then one per trigger whose markers are drawn."""
    entries = [
        _entry(LINE_GLYPH, TAG_COLORS[index % len(TAG_COLORS)], tag)
        for index, tag in enumerate(tags)
    ]
    for trigger in triggers:
        style = TRIGGER_STYLES[trigger]
        entries.append(_entry(GLYPHS[style.marker], style.color.name(), style.label))
    return " &nbsp; ".join(entries)


class TrendLegend(QLabel):
    """The legend's entries, centred, wrapping onto a second row when they must."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAccessibleName("Legend")
        self.tags: tuple[str, ...] = ()
        self.triggers: tuple[TriggerType, ...] = ()

    def set_entries(self, tags: Sequence[str], triggers: Iterable[TriggerType]) -> None:
        entries = (tuple(tags), tuple(triggers))
        if entries == (self.tags, self.triggers):
            return
        self.tags, self.triggers = entries
        self.setText(legend_html(*entries))
