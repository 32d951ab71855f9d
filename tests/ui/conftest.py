"""UI fixtures: the real window over a real session (store, job, SQLite) on virtual time.

Long histories (a month, a year) are written once per run by the real simulator and copied
per test; a test opens the window on a copy the morning after the history ends.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCharts import QLineSeries
from pytestqt.qtbot import QtBot

from app.desktop import build_window
from app.simulation.decks import DeckKind
from app.simulation.simulator import SimulationOptions, run_simulation
from middleware.persistence.repository import SnapshotRepository
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
        demo: bool = False,
        demo_clock: bool = False,
        trend_range: TrendRange = TrendRange.TODAY,
        learns: bool = True,
    ) -> MainWindow:
        window = build_window(
            vs.session,
            vs.faults,
            learns=learns,
            demo=demo,
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


BERLIN = ZoneInfo("Europe/Berlin")
HISTORY_START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
SWIPES_A_DAY = 60
HISTORY_DAYS = {"month": 30, "year": 365}

HistoryWindow = Callable[..., tuple[MainWindow, VirtualSession]]


@pytest.fixture(scope="session")
def histories(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A month and a year of the same daily use (60 swipes a day), as database files."""
    folder = tmp_path_factory.mktemp("trend-histories")
    paths = {}
    for name, days in HISTORY_DAYS.items():
        path = folder / f"{name}.sqlite3"
        run_simulation(
            SimulationOptions(
                db_path=path,
                swipes=days * SWIPES_A_DAY,
                days=days,
                zone=BERLIN,
                start=HISTORY_START,
                deck=DeckKind.SHUFFLED,
            )
        )
        paths[name] = path
    return paths


def morning_after(db_path: Path) -> datetime:
    """09:00 in Berlin on the day after the history's last day of use."""
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        latest = repository.last_created_snapshot()
    assert latest is not None
    day = latest.snapshot_date_local + timedelta(days=1)  # a rollover's is the day it ended
    return datetime.combine(day, time(9), tzinfo=BERLIN).astimezone(UTC)


@pytest.fixture
def history_window(
    qtbot: QtBot, histories: dict[str, Path], tmp_path: Path
) -> Iterator[HistoryWindow]:
    """Open the window on a copy of a history, the morning after it ends."""
    sessions: list[VirtualSession] = []

    def open_it(
        name: str, trend_range: TrendRange, *, size: tuple[int, int] | None = None
    ) -> tuple[MainWindow, VirtualSession]:
        path = tmp_path / f"{name}.sqlite3"
        shutil.copyfile(histories[name], path)
        session = VirtualSession(path, start=morning_after(path), zone=BERLIN.key)
        sessions.append(session)
        window = build_window(
            session.session, session.faults, animation_ms=0, trend_range=trend_range
        )
        qtbot.addWidget(window)
        if size is not None:
            window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        wait_for_trend(qtbot, window)
        return window, session

    yield open_it
    for session in sessions:
        session.close()
