"""A refresh after a new snapshot costs the new rows, never the history behind them.

Each test opens the real window on a month and on a year of the same daily use, swipes on,
and compares what one more snapshot cost: rows read from SQLite, points handed to the
series. Both must be the same at both lengths (a refresh that re-read or redrew the
history would read and draw about twelve times more on the year).
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from middleware.persistence.trend_queries import TrendRange, range_bounds
from store.actions import Direction
from tests.harness import VirtualSession
from tests.ui.conftest import BERLIN, HistoryWindow, shown_lines
from ui.main_window import MainWindow
from ui.trend_panel import RefreshTiming


def snapshot_and_refresh(qtbot: QtBot, window: MainWindow, vs: VirtualSession) -> RefreshTiming:
    """25 swipes (one threshold snapshot), then the refresh they cause, as it was drawn."""
    with qtbot.waitSignal(
        window.trend.refreshed,
        check_params_cb=lambda timing: timing.kind == "refresh",
        raising=True,
    ) as refreshed:
        vs.swipe(25, every=0.5, direction=Direction.RIGHT)
        vs.settle()
    timing: RefreshTiming = refreshed.args[0]
    return timing


def refresh_costs(
    qtbot: QtBot,
    history_window: HistoryWindow,
    name: str,
    trend_range: TrendRange,
    *,
    tags: int = 0,
) -> tuple[RefreshTiming, list[int]]:
    """The second refresh of the day, with the top ``tags`` tags chosen (0: the default)."""
    window, vs = history_window(name, trend_range)
    snapshot_and_refresh(qtbot, window, vs)  # the day's first row: the range is read
    if tags:
        available = window.trend.frame.view.available_tags if window.trend.frame else ()
        with qtbot.waitSignal(window.trend.refreshed, raising=True):
            window.trend.tag_chooser.choose(available[:tags])
    timing = snapshot_and_refresh(qtbot, window, vs)
    return timing, [line.count() for line in shown_lines(window)]


@pytest.mark.parametrize("trend_range", [TrendRange.TODAY, TrendRange.WEEK, TrendRange.MONTH])
def test_a_refresh_folds_in_the_one_new_row_on_a_month_and_on_a_year_of_history(
    qtbot: QtBot, history_window: HistoryWindow, trend_range: TrendRange
) -> None:
    month, month_points = refresh_costs(qtbot, history_window, "month", trend_range, tags=3)
    year, year_points = refresh_costs(qtbot, history_window, "year", trend_range, tags=3)
    assert not month.reread and not year.reread
    assert month.rows_read == year.rows_read == 1  # the one new row, chart and table alike
    assert month.points_drawn == year.points_drawn == sum(year_points)
    assert month_points == year_points
    assert len(year_points) == 3 and all(points <= 31 for points in year_points)


@pytest.mark.parametrize("trend_range", [TrendRange.TODAY, TrendRange.WEEK, TrendRange.MONTH])
def test_a_refresh_that_must_read_again_reads_the_range_not_the_history(
    qtbot: QtBot, history_window: HistoryWindow, trend_range: TrendRange
) -> None:
    # Following the latest top five, a new row may bring a new tag: the range is read again.
    month, month_points = refresh_costs(qtbot, history_window, "month", trend_range)
    year, year_points = refresh_costs(qtbot, history_window, "year", trend_range)
    # Whether it folds or reads again depends on the new row's tags; either way it reads at
    # most the range's rows (a day's checkpoints, a row a day), not the year's 3,000.
    assert month.rows_read <= 40 and year.rows_read <= 40
    assert month_points == year_points


def test_a_refresh_of_the_longest_range_reads_one_row_and_draws_one_point_a_day(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    month, month_points = refresh_costs(qtbot, history_window, "month", TrendRange.ALL, tags=3)
    year, year_points = refresh_costs(qtbot, history_window, "year", TrendRange.ALL, tags=3)
    assert month.rows_read == year.rows_read == 1
    assert not month.reread and not year.reread
    assert max(month_points) <= 30 + 2  # every day's rollover, the latest row
    assert max(year_points) <= 365 + 2
    assert year.points_drawn == sum(year_points)


def test_snapshots_that_land_during_a_read_are_folded_in_by_the_next_refresh(
    qtbot: QtBot, history_window: HistoryWindow
) -> None:
    window, vs = history_window("year", TrendRange.TODAY)
    snapshot_and_refresh(qtbot, window, vs)
    timings: list[RefreshTiming] = []
    window.trend.refreshed.connect(timings.append)
    for _ in range(4):  # four snapshots, faster than the loader answers
        vs.swipe(25, every=0.5)
        vs.settle()
    qtbot.waitUntil(lambda: not window.trend.busy, timeout=5000)
    assert 1 <= len(timings) < 4  # the four became fewer refreshes
    bounds = range_bounds(TrendRange.TODAY, vs.now, BERLIN)
    assert bounds.start is not None
    today = [row for row in vs.rows() if bounds.start <= row.created_at < bounds.end]
    assert len(today) >= 5
    assert [line.count() for line in shown_lines(window)] == [len(today)] * 5
    model = window.trend.model
    newest = sorted(vs.rows(), key=lambda row: (row.created_at, row.id))[-5:]
    assert [model.row_at(index).id for index in range(5)] == [row.id for row in newest[::-1]]
    assert model.row_at(5).created_at < newest[0].created_at  # no row twice, none missing
