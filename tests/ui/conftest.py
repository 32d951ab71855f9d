"""UI fixtures: the real window over a real session (store, job, SQLite) on virtual time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.desktop import build_window
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

    def open_it(*, animation_ms: int = 0, demo_clock: bool = False) -> MainWindow:
        window = build_window(
            vs.session,
            vs.faults,
            demo_clock=vs.clock if demo_clock else None,
            animation_ms=animation_ms,
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        wait_for_trend(qtbot, window)
        return window

    return open_it


def wait_for_trend(qtbot: QtBot, window: MainWindow) -> None:
    """Until the trend panel has shown the rows of its latest request."""
    qtbot.waitUntil(lambda: not window.trend.loader.busy, timeout=5000)
