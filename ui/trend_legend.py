"""The chart's legend: what each line and each marker means, wrapping on a narrow window.

A label under the chart rather than the chart's own legend, which keeps to one row and
elides names ("amer…") when the window is narrow. A line is drawn in its tag's colour; a
marker has its line's colour and its trigger's shape (the same `TRIGGER_STYLES` shapes the
chart and the table's swatches use), so the legend names each shape once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from PySide6.QtCharts import QScatterSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

from store.actions import TriggerType
from ui.trigger_style import TAG_COLORS, TRIGGER_STYLES, trigger_label

Shape = QScatterSeries.MarkerShape
GLYPHS = {
    Shape.MarkerShapeCircle: "\u25cf",  # ●
    Shape.MarkerShapeRectangle: "\u25a0",  # ■
    Shape.MarkerShapeStar: "\u2605",  # ★
    Shape.MarkerShapeTriangle: "\u25b2",  # ▲
}
LINE_GLYPH = "\u2501\u2501"  # ━━


def _entry(glyph: str, color: str | None, text: str) -> str:
    shape = glyph if color is None else f'<span style="color:{color}">{glyph}</span>'
    return f'<span style="white-space:nowrap">{shape}&nbsp;{escape(text)}</span>'


LIVE_TEXT = "now (swipes since the last snapshot)"
LIVE_GLYPH = "\u2504\u2504"  # ┄┄


def legend_html(
    tags: Sequence[str], triggers: Iterable[TriggerType], *, live: bool = False
) -> str:
    """One entry per tag line, then one per trigger whose markers are drawn.

    A marker takes its line's colour; its shape names the trigger, so the legend draws
    each shape once, in the text's own colour.
    """
    entries = [
        _entry(LINE_GLYPH, TAG_COLORS[index % len(TAG_COLORS)], tag)
        for index, tag in enumerate(tags)
    ]
    for trigger in triggers:
        style = TRIGGER_STYLES[trigger]
        entries.append(_entry(GLYPHS[style.marker], None, trigger_label(trigger)))
    if live:
        entries.append(_entry(LIVE_GLYPH, None, LIVE_TEXT))
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
        self.live = False

    def set_entries(
        self, tags: Sequence[str], triggers: Iterable[TriggerType], *, live: bool = False
    ) -> None:
        self.tags, self.triggers, self.live = tuple(tags), tuple(triggers), live
        html = legend_html(self.tags, self.triggers, live=live)  # names the interval in force
        if html != self.text():
            self.setText(html)
            self._keep_every_row()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_every_row()

    def _keep_every_row(self) -> None:
        """Ask for the height the entries take at this width (two rows on a narrow
        window), so a layout short of room never draws the second row over the chart."""
        needed = self.heightForWidth(self.width()) if self.width() > 0 else -1
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)
