"""Pressing "Snapshot now" always shows something: a new row, or why there is none."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory, wait_for_trend
from ui.main_window import MainWindow


def press_snapshot_now(qtbot: QtBot, window: MainWindow, vs: VirtualSession) -> None:
    assert window.demo is not None
    qtbot.mouseClick(window.demo.snapshot_button, Qt.MouseButton.LeftButton)
    vs.settle()
    wait_for_trend(qtbot, window)


def test_snapshot_now_twice_without_new_swipes_says_nothing_changed(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(10, every=0.2)
    vs.settle()
    window = open_window(demo=True)
    assert window.demo is not None
    window.demo.set_expanded(True)

    press_snapshot_now(qtbot, window, vs)
    assert window.trend.model.rowCount() == 1
    assert window.status.last_check.text() == ""  # the new row is the answer

    vs.advance(3)
    press_snapshot_now(qtbot, window, vs)
    assert window.trend.model.rowCount() == 1
    first = window.status.last_check.text()
    assert "nothing changed since the last snapshot" in first
    assert first.startswith("Snapshot asked for at ")  # Ctrl+S or the demo's button

    vs.advance(3)
    press_snapshot_now(qtbot, window, vs)
    assert window.status.last_check.text() != first  # each press shows, with its time

    qtbot.keyClick(window.deck, Qt.Key.Key_Left)
    vs.advance(1)
    press_snapshot_now(qtbot, window, vs)
    assert window.trend.model.rowCount() == 2
    assert window.status.last_check.text() == ""


def test_a_fresh_start_says_what_its_first_check_found(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    assert window.status.value("skipped") == 1  # the check every start makes
    assert "no swipes yet, so nothing to save" in window.status.last_check.text()
