"""The functions a benchmark calls to time the GUI thread's share of a refresh."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.trend_queries import TrendRange, read_trend
from tests.ui.conftest import BERLIN, HistoryWindow, morning_after
from ui.refresh_probe import ChartProbe, time_panel_refresh


def test_the_chart_probe_draws_a_view_and_reports_the_gui_threads_time_and_points(
    qtbot: QtBot, histories: dict[str, Path]
) -> None:
    path = histories["year"]
    with SnapshotRepository.open(path, read_only=True) as repository:
        view = read_trend(
            repository, range=TrendRange.YEAR, max_points=1200, now=morning_after(path), zone=BERLIN
        )
    probe = ChartProbe()
    try:
        measured = probe(view)
    finally:
        probe.close()
    assert set(measured) == {"gui_ms", "paint_ms", "points_set"}
    assert measured["points_set"] == view.points_drawn > 5 * 300
    assert measured["gui_ms"] > 0 and measured["paint_ms"] > 0


def test_timing_a_panel_refresh_waits_for_it_and_returns_what_it_cost(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, vs = history_window("month", TrendRange.TODAY)
    vs.swipe(25, every=0.5)
    vs.settle()  # the window's own refresh is asked for here; the probe asks for one more
    timing = time_panel_refresh(window.trend)
    assert timing.kind == "refresh"
    assert timing.gui_seconds > 0 and timing.loader_seconds > 0
    assert timing.points_drawn == sum(line.count() for line in window.trend.chart.lines)
