"""The trend chart: one line per tag, trigger markers where they do not hide the lines.

The series are made once and only ever ``replace``d with a prepared, bounded list of points
(`TrendFrame`), so drawing a refresh costs the points on screen, not the history. A marker
has its trigger's shape and its line's colour, so a single point (a line of one snapshot)
is still its tag's colour; markers are drawn only for triggers sparse enough to leave the
lines readable (a year of day rollovers is not); the legend (`TrendLegend`, placed by the
panel) explains each shape once. The horizontal axis is time or swipes (`XAxis`). Hovering
or clicking a line or a marker reports the snapshot under the mouse through
`point_hovered` / `point_clicked`.
"""

from __future__ import annotations

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QScatterSeries
from PySide6.QtCore import QEvent, QMargins, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from middleware.persistence.trend_queries import TrendPoint
from store.actions import TriggerType
from ui.chart_palette import follow_palette
from ui.live_profile import LiveProfile
from ui.score_axis import score_label, score_ticks
from ui.swipe_axis import swipe_ticks
from ui.time_axis import fitted_ticks
from ui.trend_controls import MAX_TAGS
from ui.trend_frame import PAD, TrendFrame, XAxis, x_of
from ui.trend_legend import TrendLegend
from ui.trigger_style import TAG_COLORS, TRIGGER_STYLES, trigger_label
from ui.zone_time import zone_caption, zone_named

MARKER_SPACING = 3.0
"""A trigger's markers are drawn only if a line's share leaves this many marker widths each."""
LABEL_GAP_PX = 14.0
MAX_REFITS = 3
MIN_HEIGHT = 150
"""Room for five score labels and the time axis, so an 800x560 window fits its panels."""
LIVE_ROOM = 0.1
"""Room left ahead of the tail's end, as a share of the span."""


class TrendChart(QChartView):
    """``show_loading``, ``show_empty`` or ``show_frame``; the rest follows from the frame."""

    point_hovered = Signal(object)
    """``(tag, TrendPoint)`` under the mouse, or None when it left."""
    point_clicked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.frame: TrendFrame | None = None
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(6, 4, 12, 4))
        chart.legend().hide()  # `legend`, a label under the chart, wraps instead of eliding
        self.legend = TrendLegend()
        title_font = QFont(self.font())
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        self.x_axis = QCategoryAxis()
        self.x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        # Scores get labels of their own at every 0.2 (a value axis prints "-0.0" for zero).
        self.y_axis = QCategoryAxis()
        self.y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.y_axis.setTitleText("tag score")
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        self.x_axis.setTitleFont(small)
        self.y_axis.setTitleFont(small)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        height = QFontMetricsF(self.font()).height()
        self.lines: list[QLineSeries] = []
        for index in range(MAX_TAGS):
            line = QLineSeries()
            line.setPen(QPen(QColor(TAG_COLORS[index]), max(2.0, height * 0.16)))
            line.hovered.connect(lambda point, on, index=index: self._hover(index, point, on))
            line.clicked.connect(lambda point, index=index: self._click(index, point))
            self._attach(line)
            self.lines.append(line)
        self.markers: dict[TriggerType, list[QScatterSeries]] = {}
        """Per trigger, one marker series per line: the trigger's shape, the line's colour."""
        for trigger, style in TRIGGER_STYLES.items():
            self.markers[trigger] = []
            for index in range(MAX_TAGS):
                marker = QScatterSeries()
                marker.setObjectName(trigger.value)
                marker.setName(trigger_label(trigger))
                marker.setMarkerShape(style.marker)
                marker.setMarkerSize(height * style.size)
                marker.setColor(QColor(TAG_COLORS[index]))
                marker.setBorderColor(QColor("white"))
                marker.hovered.connect(
                    lambda point, on, index=index: self._hover(index, point, on)
                )
                marker.clicked.connect(lambda point, index=index: self._click(index, point))
                self._attach(marker)
                self.markers[trigger].append(marker)
        self.tails: list[QLineSeries] = []
        """Per line, a dashed tail from its last snapshot to the profile now."""
        for index in range(MAX_TAGS):
            tail = QLineSeries()
            pen = QPen(QColor(TAG_COLORS[index]), max(1.5, height * 0.1))
            pen.setStyle(Qt.PenStyle.DashLine)
            tail.setPen(pen)
            tail.setPointsVisible(True)
            self._attach(tail)
            tail.setVisible(False)
            self.tails.append(tail)
        self.live: LiveProfile | None = None
        self._live_high: float | None = None
        self._placed_for: TrendFrame | None = None
        self._fitted_to = QRectF()
        self._refits = 0
        chart.plotAreaChanged.connect(self._on_plot_area)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(MIN_HEIGHT)
        self._follow_palette()
        self.setAccessibleName("Tags over time")
        self.show_loading()

    # --- states ----------------------------------------------------------------------------

    def show_loading(self) -> None:
        self._clear("Loading…")

    def show_message(self, title: str) -> None:
        """No lines, only ``title`` (no snapshots yet, a failed read)."""
        self._clear(title)

    def show_frame(self, frame: TrendFrame, title: str) -> None:
        """Draw ``frame``: its bounded points go to the series in one ``replace`` each."""
        self.frame = frame
        self._refits = 0
        view = frame.view
        self.chart().setTitle(title)
        for index, line in enumerate(self.lines):
            if index < len(view.series):
                line.setName(view.series[index].tag)
                line.replace(frame.lines[index])
                line.setVisible(True)
            else:
                line.replace([])
                line.setVisible(False)
        self._live_high = None  # the tail's end is measured again, on this frame's axis
        self._set_axes()
        self._place_markers()
        self.show_live(self.live)

    def show_live(self, live: LiveProfile | None) -> None:
        """Draw each line's tail to ``live`` (the profile now), when it is past the line's
        last snapshot; the axis grows to hold it."""
        self.live = live
        frame = self.frame
        high: float | None = None
        for index, tail in enumerate(self.tails):
            points: list[QPointF] = []
            if frame is not None and live is not None and index < len(frame.view.series):
                series = frame.view.series[index]
                last = series.points[-1] if series.points else None
                if last is not None and live.version > last.profile_version:
                    now = live.at.timestamp() if frame.x_axis is XAxis.TIME else live.version
                    points = [
                        QPointF(x_of(last, frame.x_axis), last.score),
                        QPointF(float(now), live.score(series.tag)),
                    ]
                    high = max(high or now, now)
            if points or tail.count():
                tail.replace(points)
            tail.setVisible(bool(points))
        # The axis is set again only when the tail outgrows it (it leaves room ahead), not
        # at every swipe.
        grows = high is not None and high > self.x_axis.max()
        appears = (high is None) != (self._live_high is None)
        self._live_high = high
        if frame is not None and (grows or appears):
            self._set_axes()
        if frame is not None:
            self.legend.set_entries(self.legend.tags, self.legend.triggers, live=high is not None)

    # --- what is drawn where ---------------------------------------------------------------

    def plot_width(self) -> float:
        """The plot area's width in pixels (an estimate before the first layout)."""
        width = self.chart().plotArea().width()
        return width if width > 50 else max(200.0, self.width() - 90.0)

    def shown_markers(self) -> dict[TriggerType, int]:
        """How many points each trigger's markers draw, over all lines."""
        return {
            trigger: sum(marker.count() for marker in markers if marker.isVisible())
            for trigger, markers in self.markers.items()
        }

    def marker_series(self) -> list[QScatterSeries]:
        return [marker for markers in self.markers.values() for marker in markers]

    def x_labels(self) -> list[str]:
        return list(self.x_axis.categoriesLabels())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()

    def _follow_palette(self) -> None:
        follow_palette(self, (self.x_axis, self.y_axis))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._refits = 0
        super().resizeEvent(event)

    def _on_plot_area(self, area: QRectF) -> None:
        """The labels and markers fit the plot's size: fit them again when it changes."""
        if self.frame is None or area.size().toSize() == self._fitted_to.size().toSize():
            return  # a change of less than a pixel changes nothing
        # New labels can move the plot's edges once or twice; never chase them further.
        self._refits += 1
        if self._refits <= MAX_REFITS:
            self._set_axes()
            self._place_markers()

    def _attach(self, series: QLineSeries | QScatterSeries) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self.x_axis)
        series.attachAxis(self.y_axis)

    def _clear(self, title: str) -> None:
        self.frame = None
        self._placed_for = None
        self.chart().setTitle(title)
        for series in (*self.lines, *self.marker_series(), *self.tails):
            series.replace([])
            series.setVisible(False)
        self.legend.set_entries((), ())
        self.x_axis.setVisible(False)
        self.y_axis.setVisible(False)

    def _place_markers(self) -> None:
        """Markers of a trigger only when they leave the lines visible between them."""
        assert self.frame is not None
        height = QFontMetricsF(self.font()).height()
        room = self.plot_width()
        # A new frame always replaces every marker series: the same number of points can
        # stand at other places (a new day's one rollover where yesterday's one stood, off
        # the new axis), so a count never tells that nothing moved.
        new_frame = self.frame is not self._placed_for
        self._placed_for = self.frame
        drawn: list[TriggerType] = []
        for trigger, markers in self.markers.items():
            size = height * TRIGGER_STYLES[trigger].size
            sparse = self.frame.densest[trigger] * size * MARKER_SPACING <= room
            for index, marker in enumerate(markers):
                lines = self.frame.markers[trigger]
                points = lines[index] if index < len(lines) else []
                shown = bool(points) and sparse
                if new_frame or shown != marker.isVisible():
                    marker.replace(points if shown else [])
                    marker.setVisible(shown)
                if shown and trigger not in drawn:
                    drawn.append(trigger)
        tags = [series.tag for series in self.frame.view.series]
        self.legend.set_entries(tags, drawn, live=self.legend.live)

    def _set_axes(self) -> None:
        assert self.frame is not None
        frame = self.frame
        self._fitted_to = QRectF(self.chart().plotArea())
        zone = zone_named(frame.view.zone)
        low, high = frame.x_range
        if self._live_high is not None and self._live_high > high - (high - low) * PAD:
            # Room ahead of the tail's end, so the next swipes' ends fit without a new axis.
            high = self._live_high + (self._live_high - low) * LIVE_ROOM
        for label in self.x_axis.categoriesLabels():
            self.x_axis.remove(label)
        self.x_axis.setStartValue(low)
        metrics = QFontMetricsF(self.x_axis.labelsFont())
        if frame.x_axis is XAxis.SWIPES:
            ticks = swipe_ticks(
                low,
                high,
                width_px=self.plot_width(),
                measure=metrics.horizontalAdvance,
                gap_px=LABEL_GAP_PX,
            )
            caption = "swipes (the profile version each snapshot covers)"
        else:
            ticks = fitted_ticks(
                low,
                high,
                zone,
                width_px=self.plot_width(),
                measure=metrics.horizontalAdvance,
                gap_px=LABEL_GAP_PX,
            )
            caption = zone_caption(low, high, zone)
        for label, value in ticks:
            self.x_axis.append(label, value)
        self.x_axis.setRange(low, high)
        self.x_axis.setTitleText(caption)
        self.x_axis.setVisible(True)
        bottom, top = frame.y_range
        for label in self.y_axis.categoriesLabels():
            self.y_axis.remove(label)
        self.y_axis.setStartValue(bottom)
        line_px = QFontMetricsF(self.y_axis.labelsFont()).height() + LABEL_GAP_PX / 2
        height = self.chart().plotArea().height()
        for score in score_ticks(bottom, top, height_px=height, label_px=line_px):
            self.y_axis.append(score_label(score), score)
        self.y_axis.setRange(bottom, top)
        self.y_axis.setVisible(True)

    # --- the point under the mouse ---------------------------------------------------------

    def point_near(self, line: int | None, position: QPointF) -> tuple[str, TrendPoint] | None:
        """``(tag, point)`` of line ``line`` (any line when None) nearest ``position``."""
        frame = self.frame
        if frame is None:
            return None
        candidates = range(len(frame.lines)) if line is None else (line,)
        best: tuple[float, float, int, TrendPoint] | None = None
        for index in candidates:
            point = frame.point_at(index, position.x()) if index < len(frame.lines) else None
            if point is None:
                continue
            # Nearest along x first; among the lines' points of that snapshot, nearest score.
            x = x_of(point, frame.x_axis)
            key = (abs(x - position.x()), abs(point.score - position.y()))
            if best is None or key < best[:2]:
                best = (*key, index, point)
        return None if best is None else (frame.view.series[best[2]].tag, best[3])

    def _hover(self, line: int | None, position: QPointF, on: bool) -> None:
        self.point_hovered.emit(self.point_near(line, position) if on else None)

    def _click(self, line: int | None, position: QPointF) -> None:
        point = self.point_near(line, position)
        if point is not None:
            self.point_clicked.emit(point)
