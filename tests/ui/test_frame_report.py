"""The frame lines the benchmarks time the window by: said once each, after the right paint."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from store.actions import Direction
from tests.ui.conftest import WindowFactory
from ui.frame_report import ENVIRONMENT_VARIABLE, FrameReport, frames_reported
from ui.main_window import MainWindow


def attach(window: MainWindow, said: list[str]) -> FrameReport:
    return FrameReport(
        trend_loaded=window.trend.refreshed,
        chart_viewport=window.trend.chart.viewport(),
        swiped=window.deck.swiped,
        stage=window.deck.stage,
        say=said.append,
    )


def test_the_first_frame_is_said_once_after_the_trend_has_loaded_and_painted(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    said: list[str] = []
    attach(window, said)
    viewport = window.trend.chart.viewport()
    viewport.repaint()  # painted, but before any read was applied
    qtbot.waitUntil(lambda: not window.trend.busy)
    assert said == []
    with qtbot.waitSignal(window.trend.refreshed, raising=True):
        window.trend.read_range()
    viewport.repaint()  # the paint that shows it (the app's comes as the chart changes)
    qtbot.waitUntil(lambda: said == ["first-frame"])
    with qtbot.waitSignal(window.trend.refreshed, raising=True):
        window.trend.read_range()
    viewport.repaint()
    qtbot.waitUntil(lambda: not window.trend.busy)
    assert said == ["first-frame"]


def test_each_swipe_is_said_once_its_card_has_moved_on_screen(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window(animation_ms=260)
    said: list[str] = []
    attach(window, said)
    for direction in (Direction.RIGHT, Direction.LEFT, Direction.UP):
        count = said.count("swipe-frame")
        assert window.deck.swipe(direction)
        qtbot.waitUntil(lambda count=count: said.count("swipe-frame") == count + 1)
    assert said.count("swipe-frame") == 3


def test_a_swipe_without_animation_is_said_after_the_next_paint(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window(animation_ms=0)
    said: list[str] = []
    attach(window, said)
    assert window.deck.swipe(Direction.RIGHT)
    qtbot.waitUntil(lambda: said == ["swipe-frame"])


def test_the_lines_are_off_unless_the_variable_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENVIRONMENT_VARIABLE, raising=False)
    assert not frames_reported()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "0")
    assert not frames_reported()
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "1")
    assert frames_reported()
