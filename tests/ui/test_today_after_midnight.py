""" "Today" after midnight: the new day's first rows are drawn, crossing after crossing."""

from __future__ import annotations

from PySide6.QtCharts import QXYSeries
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory, wait_for_trend
from ui.trend_chart import TrendChart


def drawn_points(chart: TrendChart) -> int:
    """Points the chart really paints inside its axes: a line needs two, a marker one."""
    low, high = chart.x_axis.min(), chart.x_axis.max()
    series: list[QXYSeries] = [*chart.lines, *chart.marker_series()]
    drawn = 0
    for each in series:
        if not each.isVisible():
            continue
        inside = [p for p in each.points() if low <= p.x() <= high]
        if each in chart.lines and not each.pointsVisible() and len(inside) < 2:
            continue
        drawn += len(inside)
    return drawn


def test_today_draws_the_new_day_after_each_of_five_demo_midnights(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo_clock=True)
    assert window.demo is not None and window.demo.jump_button is not None
    window.demo.set_expanded(True)
    for crossing in range(5):
        for _ in range(30):
            qtbot.keyClick(window.deck, Qt.Key.Key_Right)
        vs.advance(5)
        wait_for_trend(qtbot, window)
        qtbot.mouseClick(window.demo.jump_button, Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(window.trend.refreshed, raising=True):
            vs.advance(15)  # past midnight: the day rollover is recorded and drawn
        wait_for_trend(qtbot, window)
        assert window.trend.frame is not None
        summary = window.trend.message.text()
        assert drawn_points(window.trend.chart) > 0, (crossing, summary)
