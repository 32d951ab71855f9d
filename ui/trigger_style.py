"""How each snapshot trigger looks, in the chart, its legend and the table alike.

The table's swatch is painted from the same shape and colour as the chart's marker
(`trigger_icon`), so a count snapshot is the same dot in both and the square always means a
day rollover. Labels, colours and shapes are the registry's (`store.triggers`); a trigger's
name comes from `trigger_label`, which reads the swipe interval from the policy the window
shows (`ui.shown_policy`).
"""

from __future__ import annotations

import math
from functools import cache
from typing import NamedTuple, assert_never

from PySide6.QtCharts import QScatterSeries
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap, QPolygonF

from store.actions import TriggerType
from store.triggers import TRIGGERS, Marker, TriggerEntry, entry_for
from ui.shown_policy import swipe_interval

Shape = QScatterSeries.MarkerShape


class TriggerStyle(NamedTuple):
    label: str
    """The trigger's name; ``{interval}`` stands for the policy's swipe interval."""
    color: QColor
    marker: QScatterSeries.MarkerShape
    size: float
    """Marker size, as a multiple of the font's height."""


def _shape(marker: Marker) -> QScatterSeries.MarkerShape:
    match marker:
        case "circle":
            return Shape.MarkerShapeCircle
        case "square":
            return Shape.MarkerShapeRectangle
        case "star":
            return Shape.MarkerShapeStar
        case "triangle":
            return Shape.MarkerShapeTriangle
        case _:
            assert_never(marker)


def style_of(entry: TriggerEntry) -> TriggerStyle:
    """The Qt form of a registry entry's style (a count's label is a template of the
    interval: `trigger_label` fills it in)."""
    style = entry.style
    return TriggerStyle(
        style.label,
        QColor(style.colour),
        _shape(style.marker),
        style.size,
    )


TRIGGER_STYLES: dict[TriggerType, TriggerStyle] = {
    entry.type: style_of(entry) for entry in TRIGGERS
}
"""Each trigger's style, in registry order, from its entry (`store.triggers`)."""

TAG_COLORS = ("#2563eb", "#16a34a", "#e11d48", "#0891b2", "#7c3aed")
"""One colour per tag line, distinct from the trigger markers."""


def trigger_label(trigger: TriggerType) -> str:
    """``Every 25 swipes``, ``Day rollover``, ``Manual``: with the shown policy's interval."""
    return TRIGGER_STYLES[trigger].label.format(interval=swipe_interval())


def row_trigger_label(trigger: TriggerType) -> str:
    """The trigger of one row: ``Swipe count`` rather than the interval in force now, which
    may not be the one the row was taken under (its mark says where it was taken)."""
    row_label = entry_for(trigger).style.row_label
    return row_label if row_label is not None else trigger_label(trigger)


def star_polygon(center: QPointF, radius: float) -> QPolygonF:
    """A five-pointed star, point up, as QtCharts draws its star marker."""
    points = []
    for corner in range(10):
        reach = radius if corner % 2 == 0 else radius * 0.4
        angle = math.pi / 2 + corner * math.pi / 5
        x, y = center.x() + reach * math.cos(angle), center.y() - reach * math.sin(angle)
        points.append(QPointF(x, y))
    return QPolygonF(points)


def paint_marker(painter: QPainter, trigger: TriggerType, box: QRectF) -> None:
    """Draw ``trigger``'s marker (shape, fill, white rim) inside ``box``."""
    style = TRIGGER_STYLES[trigger]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("white"), 1.0))
    painter.setBrush(style.color)
    # The chart's markers grow with `style.size`; the swatch keeps their relative sizes.
    side = min(box.width(), box.height()) * min(1.0, 0.55 + style.size * 0.45)
    inner = QRectF(0, 0, side, side)
    inner.moveCenter(box.center())
    marker = entry_for(trigger).style.marker
    match marker:
        case "circle":
            painter.drawEllipse(inner)
        case "square":
            painter.drawRect(inner.adjusted(1, 1, -1, -1))
        case "star":
            painter.drawPolygon(star_polygon(inner.center(), side / 2))
        case "triangle":
            painter.drawPolygon(
                QPolygonF(
                    [
                        inner.bottomLeft(),
                        inner.bottomRight(),
                        QPointF(inner.center().x(), inner.top()),
                    ]
                )
            )
        case _:
            assert_never(marker)
    painter.restore()


@cache
def trigger_icon(trigger: TriggerType, side: int = 16) -> QIcon:
    """The table's swatch for ``trigger``: its chart marker on a transparent square."""
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    paint_marker(painter, trigger, QRectF(0, 0, side, side))
    painter.end()
    return QIcon(pixmap)
