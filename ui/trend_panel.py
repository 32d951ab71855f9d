"""The trend preview: the top tags' scores over time (QtCharts) above the snapshot rows table.

Everything shown is read from recorded snapshot rows through the loader, never re-derived
from swipes: the chart is what the database says the profile was at each checkpoint. One
line per tag (the top tags of the latest snapshot); each checkpoint is marked by its trigger.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCharts import (
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from store.actions import TriggerType
from store.snapshot_rows import SnapshotRow
from ui.snapshot_loader import LoadRows, SnapshotLoader
from ui.snapshot_table_model import SnapshotTableModel
from ui.time_axis import time_ticks
from ui.trigger_style import TAG_COLORS, TRIGGER_STYLES

NAVIGATION_KEYS = frozenset(
    {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }
)


class RowsTable(QTableView):
    """A table that keeps the arrow keys for its own navigation while it has focus."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in NAVIGATION_KEYS
        ):
            event.accept()
            return True
        return super().event(event)


def row_zone(rows: Sequence[SnapshotRow]) -> ZoneInfo:
    """The zone of the newest row that recorded one (UTC otherwise)."""
    for row in reversed(rows):
        if row.meta is not None:
            return ZoneInfo(row.meta.timezone)
    return ZoneInfo("UTC")


class TrendPanel(QWidget):
    """Chart and table of snapshot rows, reloaded off the GUI thread on `reload`."""

    def __init__(
        self, load_rows: LoadRows, *, top_n: int = 5, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._top_n = top_n
        self.rows: list[SnapshotRow] = []
        self.loader = SnapshotLoader(load_rows, self)
        self.loader.loaded.connect(self.show_rows)
        self.loader.failed.connect(self._on_failed)
        self.model = SnapshotTableModel()

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        self.chart.legend().setMarkerShape(self.chart.legend().MarkerShape.MarkerShapeFromSeries)
        title_font = QFont(self.font())
        title_font.setBold(True)
        title_font.setPointSizeF(self.font().pointSizeF() * 1.15)
        self.chart.setTitleFont(title_font)
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        # Scores get labels of their own at every 0.2 (a value axis prints "-0.0" for zero).
        self.y_axis = QCategoryAxis()
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis.setTitleText("tag score")
        self.chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.chart_view.setAccessibleName("Top tags over time")

        self.table = RowsTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Snapshot rows")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        self.message = QLabel("Loading snapshots…")
        self.message.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.chart_view)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([420, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)
        self._draw([])

    # --- public API ------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the rows again, off the GUI thread; `loader.loaded` fires when they are shown."""
        self.loader.request()

    def close_loader(self) -> None:
        self.loader.close()

    def tag_series(self) -> list[QLineSeries]:
        """The chart's lines, one per top tag, best first."""
        return [s for s in self.chart.series() if isinstance(s, QLineSeries)]

    def markers(self) -> dict[TriggerType, int]:
        """How many points each trigger's marker series holds."""
        counts = dict.fromkeys(TriggerType, 0)
        for series in self.chart.series():
            if isinstance(series, QScatterSeries):
                counts[TriggerType(series.objectName())] = series.count()
        return counts

    def show_rows(self, rows: list[SnapshotRow]) -> None:
        self.rows = list(rows)
        self.model.set_rows(self.rows)
        self._draw(self.rows)
        if not self.rows:
            self.message.setText(
                "No snapshots yet: one is recorded every 25 swipes, at local midnight, "
                "and when you press “Snapshot now”."
            )
        else:
            latest = self.rows[-1]
            self.message.setText(
                f"{len(self.rows)} snapshot(s); the latest covers "
                f"{latest.profile_version} swipes ({latest.window_key})."
            )

    # --- drawing ---------------------------------------------------------------------------

    def _on_failed(self, error: str) -> None:
        self.message.setText(f"Could not read the snapshots: {error}")

    def _draw(self, rows: Sequence[SnapshotRow]) -> None:
        chart = self.chart
        chart.removeAllSeries()
        if not rows:
            chart.setTitle("Top tags over time — no snapshots yet")
            self.x_axis.setVisible(False)
            self.y_axis.setVisible(False)
            return
        tags = [aggregate.tag for aggregate in rows[-1].payload.tags[: self._top_n]]
        chart.setTitle(f"Top {len(tags)} tags over time" if tags else "No tags scored yet")
        xs = [row.created_at.timestamp() for row in rows]
        scores = [{t.tag: t.score for t in row.payload.tags} for row in rows]
        line_width = max(2.0, QFontMetricsF(self.font()).height() * 0.16)
        for index, tag in enumerate(tags):
            line = QLineSeries()
            line.setName(tag)
            line.setPen(QPen(QColor(TAG_COLORS[index % len(TAG_COLORS)]), line_width))
            line.append([QPointF(x, s[tag]) for x, s in zip(xs, scores, strict=True) if tag in s])
            self._add(line)
        height = QFontMetricsF(self.font()).height()
        for trigger, style in TRIGGER_STYLES.items():
            marker = QScatterSeries()
            marker.setObjectName(trigger.value)
            marker.setName(style.label)
            marker.setMarkerShape(style.marker)
            marker.setMarkerSize(height * style.size)
            marker.setColor(style.color)
            marker.setBorderColor(QColor("white"))
            points = [
                QPointF(x, s[tag])
                for x, s, row in zip(xs, scores, rows, strict=True)
                if row.trigger_type is trigger
                for tag in tags
                if tag in s
            ]
            marker.append(points)
            self._add(marker)
        self._set_ranges(xs, [s[t] for s in scores for t in tags if t in s], row_zone(rows))

    def _add(self, series: QLineSeries | QScatterSeries) -> None:
        self.chart.addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)

    def _set_ranges(self, xs: list[float], ys: list[float], zone: ZoneInfo) -> None:
        low, high = min(xs), max(xs)
        pad = max((high - low) * 0.04, 600.0)
        low, high = low - pad, high + pad
        for label in list(self.x_axis.categoriesLabels()):
            self.x_axis.remove(label)
        self.x_axis.setStartValue(low)
        for label, value in time_ticks(low, high, zone, max_ticks=6):
            self.x_axis.append(label, value)
        self.x_axis.setRange(low, high)
        self.x_axis.setVisible(True)
        bottom = min([0.0, *ys])
        top = max([0.0, *ys])
        bottom = max(-1.0, math.floor(bottom * 5 - 0.5) / 5)
        top = min(1.0, math.ceil(top * 5 + 0.5) / 5)
        for label in list(self.y_axis.categoriesLabels()):
            self.y_axis.remove(label)
        first, last = round(bottom * 5), round(top * 5)
        self.y_axis.setStartValue(bottom)
        for step in range(first, last + 1):
            self.y_axis.append(f"{step / 5:.1f}" if step else "0", step / 5)
        self.y_axis.setRange(bottom, top)
        self.y_axis.setVisible(True)
