"""What a person sees in the trend: ranges, tags, the snapshot under the mouse, the loading
state, markers that leave the lines readable, labels that fit, and times that name a zone."""

from __future__ import annotations

import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCharts import QScatterSeries
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetricsF
from pytestqt.qtbot import QtBot

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import TrendRange
from store.actions import TriggerType
from tests.harness import VirtualSession
from tests.ui.conftest import BERLIN, HistoryWindow, WindowFactory, shown_lines, wait_for_trend
from ui.main_window import MainWindow
from ui.trend_chart import LABEL_GAP_PX
from ui.trend_panel import TrendPanel
from ui.trigger_style import (
    TAG_COLORS,
    TRIGGER_STYLES,
    row_trigger_label,
    trigger_icon,
    trigger_label,
)
from ui.zone_time import format_instant


def read_range_by_clicking(qtbot: QtBot, window: MainWindow, label: str) -> None:
    with qtbot.waitSignal(
        window.trend.refreshed, check_params_cb=lambda timing: timing.kind == "range"
    ):
        qtbot.mouseClick(window.trend.ranges.buttons[label], Qt.MouseButton.LeftButton)
    wait_for_trend(qtbot, window)


def on_screen(window: MainWindow, line: int, index: int) -> QPoint:
    """Where point ``index`` of line ``line`` is drawn, in the chart view's viewport."""
    chart_view = window.trend.chart
    frame = chart_view.frame
    assert frame is not None
    value = frame.lines[line][index]
    in_chart = chart_view.chart().mapToPosition(value, chart_view.lines[line])
    return chart_view.mapFromScene(chart_view.chart().mapToScene(in_chart))


def test_the_chart_says_loading_until_its_first_read_arrives(
    qtbot: QtBot, vs: VirtualSession
) -> None:
    gate = threading.Event()

    def open_when_let(path: object = vs.db_path) -> SnapshotRepository:
        gate.wait(5)
        return SnapshotRepository.open(vs.db_path, read_only=True)

    panel = TrendPanel(open_when_let, now=vs.clock.now, zone=lambda: ZoneInfo("UTC"))
    qtbot.addWidget(panel)
    panel.show()
    assert panel.chart.chart().title() == "Loading…"
    assert "Loading" in panel.message.text() and "No snapshots" not in panel.message.text()
    with qtbot.waitSignal(panel.refreshed, raising=True):
        gate.set()
    assert panel.chart.chart().title() == "No snapshots yet"
    assert panel.message.text().startswith("No snapshots yet")
    panel.close_loader()


def test_a_range_without_snapshots_beside_a_table_of_rows_says_the_range_is_empty(
    qtbot: QtBot, vs: VirtualSession
) -> None:
    vs.swipe(50)
    vs.settle()
    three_days_later = vs.now + timedelta(days=3)
    panel = TrendPanel(
        lambda: SnapshotRepository.open(vs.db_path, read_only=True),
        now=lambda: three_days_later,
        zone=lambda: ZoneInfo("UTC"),
    )
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.frame is not None and panel.model.rowCount() == 2)
    assert panel.chart.chart().title() == "No snapshots today"
    assert panel.message.text().startswith("No snapshots today: the table lists the earlier")
    with qtbot.waitSignal(panel.refreshed, raising=True):
        qtbot.mouseClick(panel.ranges.buttons["7 days"], Qt.MouseButton.LeftButton)
    assert panel.chart.chart().title() == "Top 5 tags at the latest snapshot · last 7 days"
    panel.close_loader()


def test_each_range_button_reads_its_range_and_names_it(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("year", TrendRange.TODAY)
    assert window.trend.ranges.buttons["Today"].isChecked()
    expected = {
        "7 days": (TrendRange.WEEK, "last 7 days", "(one a local day)"),
        "30 days": (TrendRange.MONTH, "last 30 days", "(one a local day)"),
        "1 year": (TrendRange.YEAR, "last 12 months", "(one a local day and one an ISO week)"),
        "All": (TrendRange.ALL, "all time", "(one a local day)"),
    }
    for label, (trend_range, title, points) in expected.items():
        read_range_by_clicking(qtbot, window, label)
        frame = window.trend.frame
        assert frame is not None and frame.view.range is trend_range
        assert window.trend.chart.chart().title().endswith(title)
        assert window.trend.ranges.buttons[label].isChecked()
        assert points in window.trend.message.text()  # the footer says which rows it drew
    year_labels = window.trend.chart.x_labels()
    assert any("2026" in label for label in year_labels)  # a span of years names them


def test_the_tags_start_as_the_latest_top_five_and_follow_the_chooser(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, vs = history_window("month", TrendRange.WEEK)
    latest = max(vs.rows(), key=lambda row: (row.created_at, row.id))
    top_five = [tag.tag for tag in latest.payload.tags[:5]]
    assert [line.name() for line in shown_lines(window)] == top_five
    chooser = window.trend.tag_chooser
    assert chooser.text() == "Tags: top 5"

    def toggle(tag: str) -> None:
        action = chooser.action_for(tag)
        assert action is not None and action.isEnabled()
        with qtbot.waitSignal(window.trend.refreshed):
            action.trigger()
        wait_for_trend(qtbot, window)

    seventh, ninth = latest.payload.tags[7].tag, latest.payload.tags[9].tag
    assert "top 5 tags" in chooser.hint.text() and "instead of the last one" in chooser.hint.text()
    toggle(top_five[0])
    toggle(seventh)
    assert [line.name() for line in shown_lines(window)] == [*top_five[1:], seventh]
    assert chooser.text() == "Tags: 5 chosen"
    assert ", ".join([*top_five[1:], seventh]) in chooser.hint.text()
    frame = window.trend.frame
    assert frame is not None and frame.view.tags == (*top_five[1:], seventh)
    toggle(ninth)  # five lines drawn: the ninth tag takes the last one's place, never greyed
    assert [line.name() for line in shown_lines(window)] == [*top_five[1:], ninth]
    reset = next(a for a in chooser.menu_.actions() if a.text().startswith("Top 5 of"))
    with qtbot.waitSignal(window.trend.refreshed):
        reset.trigger()  # what a click on "Top 5 of the latest snapshot" does
    wait_for_trend(qtbot, window)
    assert [line.name() for line in shown_lines(window)] == top_five
    assert chooser.text() == "Tags: top 5"


def test_pointing_at_a_line_shows_its_snapshot_in_the_zone_it_was_taken(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("month", TrendRange.WEEK)
    frame = window.trend.frame
    assert frame is not None
    point = frame.view.series[0].points[2]
    spot = on_screen(window, 0, 2)
    qtbot.mouseMove(window.trend.chart.viewport(), spot)
    qtbot.mouseClick(window.trend.chart.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    text = window.trend.readout.text()
    assert text.startswith(format_instant(point.at, BERLIN))  # e.g. "Wed 04 Feb 2026 00:00 CET"
    assert " CET " in text or " CEST " in text
    assert f"Day rollover ({point.window_key})" in text
    assert f"{point.profile_version:,} swipes" in text
    assert f"{frame.view.series[0].tag} {point.score:+.2f}" in text


def test_markers_mark_a_week_of_rollovers_but_stay_off_a_year_of_them(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("year", TrendRange.WEEK)
    lines = len(shown_lines(window))
    week = window.trend.chart.shown_markers()
    assert week[TriggerType.DAY_ROLLOVER] >= 6 * lines
    assert "Day rollover" in window.trend.chart.legend.text()
    read_range_by_clicking(qtbot, window, "1 year")
    year = window.trend.chart.shown_markers()
    assert year[TriggerType.DAY_ROLLOVER] == 0  # 365 squares would cover the five lines
    assert year[TriggerType.SWIPE_THRESHOLD] <= lines  # at most today's latest row
    assert "Day rollover" not in window.trend.chart.legend.text()


def test_the_table_swatch_of_each_trigger_has_the_shape_of_its_chart_markers(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(25)
    vs.session.job.request_snapshot()
    vs.settle()
    vs.advance(86400)  # and a day rollover
    vs.settle()
    vs.advance(7 * 86400)  # and a week rollover
    vs.settle()
    window = open_window()
    model = window.trend.model
    triggers_seen = set()
    for row in range(model.rowCount()):
        trigger = model.row_at(row).trigger_type
        triggers_seen.add(trigger)
        style = TRIGGER_STYLES[trigger]
        icon = model.data(model.index(row, 2), Qt.ItemDataRole.DecorationRole)
        assert icon is trigger_icon(trigger)
        image = icon.pixmap(16, 16).toImage()
        assert image.pixelColor(8, 8).name() == style.color.name()  # the marker's colour
        square = style.marker is QScatterSeries.MarkerShape.MarkerShapeRectangle
        corner = image.pixelColor(3, 3).name() == style.color.name()
        assert corner == square  # only the square is filled out to its corners
        for index, marker in enumerate(window.trend.chart.markers[trigger]):
            assert marker.markerShape() == style.marker  # the trigger's shape ...
            assert marker.color().name() == TAG_COLORS[index]  # ... in its line's colour
            tip = model.data(model.index(row, 2), Qt.ItemDataRole.ToolTipRole)
            # "Day rollover" in both; a count row by its mark, its markers by the rule
            # ("Swipe count (swipes:000025)" in the table, "Every 25 swipes" on the chart).
            assert tip.startswith(row_trigger_label(trigger))
            assert marker.name() == trigger_label(trigger)
    assert triggers_seen == set(TriggerType)


def test_at_800_by_560_every_axis_label_is_whole_and_the_table_fits(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, _ = history_window("year", TrendRange.YEAR, size=(800, 560))
    chart_view = window.trend.chart
    plot = chart_view.chart().plotArea()
    labels = chart_view.x_labels()
    metrics = QFontMetricsF(chart_view.x_axis.labelsFont())
    assert len(labels) >= 3
    widest = max(metrics.horizontalAdvance(label) for label in labels) + LABEL_GAP_PX
    assert widest * (len(labels) + 1) <= plot.width()  # the axis gives each its share
    scores = list(chart_view.y_axis.categoriesLabels())
    assert len(scores) >= 2
    assert (len(scores) + 1) * metrics.height() <= plot.height()
    table = window.trend.table
    widths = sum(
        table.columnWidth(column)
        for column in range(table.model().columnCount())
        if not table.isColumnHidden(column)
    )
    assert widths <= table.viewport().width() + 1  # no column cut short ("swip…")
    for value in window.status.values.values():
        assert value.width() >= value.sizeHint().width()  # "21900", not "2190("


def test_every_time_on_screen_names_its_zone_in_the_same_words(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, vs = history_window("month", TrendRange.TODAY)
    with qtbot.waitSignal(window.trend.refreshed):
        vs.swipe(25, every=0.5)
        vs.settle()
    wait_for_trend(qtbot, window)
    latest = max(vs.rows(), key=lambda row: (row.created_at, row.id))
    shown = format_instant(latest.created_at, BERLIN)
    assert shown.endswith(" CET")  # February in Berlin
    assert shown in window.status.last_snapshot.text()
    assert window.trend.model.data(window.trend.model.index(0, 0)) == shown
    spot = on_screen(window, 0, len(shown_lines(window)) and shown_lines(window)[0].count() - 1)
    qtbot.mouseClick(window.trend.chart.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert window.trend.readout.text().startswith(shown)
    assert "CET" in window.trend.chart.x_axis.titleText()
    assert shown in window.trend.message.text()
