"""UI fixtures: the real window over a real session (store, job, SQLite) on virtual time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCharts import QLineSeries
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from middleware.persistence.trend_queries import TrendRange
from tests.harness import VirtualSession
from ui.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def vs(tmp_path: Path) -> Iterator[VirtualSession]:
    """A session on a fresh database file, driven in virtual time."""
    session = VirtualSession(tmp_path / "tastetrail.sqlite3")
    yield session
    session.close()


@pytest.fixture
def open_window(qtbot: QtBot, vs: VirtualSession) -> WindowFactory:
    """Open the app's window on ``vs``'s current session, shown, with its first load done."""

    def open_it(
        *,
        animation_ms: int = 0,
        demo_clock: bool = False,
        trend_range: TrendRange = TrendRange.TODAY,
    ) -> MainWindow:
        window = build_window(
            vs.session,
            vs.faults,
            demo_clock=vs.clock if demo_clock else None,
            animation_ms=animation_ms,
            trend_range=trend_range,
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_trend(qtbot, window)
        return window

    return open_it


def wait_for_trend(qtbot: QtBot, window: MainWindow) -> None:
    """Until the trend panel has drawn its latest read and the table holds its first page."""
    trend = window.trend
    qtbot.waitUntil(
        lambda: trend.frame is not None and not trend.busy and not trend.model.fetching,
        timeout=5000,
    )


def shown_lines(window: MainWindow) -> list[QLineSeries]:
    """The chart's visible lines, one per tag, in the legend's order."""
    return [line for line in window.trend.chart.lines if line.isVisible()]


def table_rows(window: MainWindow) -> list[tuple[str, object]]:
    """(window key, payload) of every row the table holds, newest first."""
    model = window.trend.model
    return [(model.row_at(i).window_key, model.row_at(i).payload) for i in range(model.rowCount())]
