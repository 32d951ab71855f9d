"""How each snapshot trigger looks, in the chart and the table alike."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCharts import QScatterSeries
from PySide6.QtGui import QColor

from store.actions import TriggerType


class TriggerStyle(NamedTuple):
    label: str
    color: QColor
    marker: QScatterSeries.MarkerShape
    size: float
    """Marker size, as a multiple of the font's height."""


TRIGGER_STYLES: dict[TriggerType, TriggerStyle] = {
    TriggerType.SWIPE_THRESHOLD: TriggerStyle(
        "Every 25 swipes", QColor("#475569"), QScatterSeries.MarkerShape.MarkerShapeCircle, 0.5
    ),
    TriggerType.DAY_ROLLOVER: TriggerStyle(
        "Day rollover", QColor("#d97706"), QScatterSeries.MarkerShape.MarkerShapeRectangle, 0.65
    ),
    TriggerType.MANUAL: TriggerStyle(
        "Manual", QColor("#c026d3"), QScatterSeries.MarkerShape.MarkerShapeStar, 1.0
    ),
}

TAG_COLORS = ("#2563eb", "#16a34a", "#e11d48", "#0891b2", "#7c3aed")
"""One colour per top tag line, distinct from the trigger markers."""
