"""An empty history says how a snapshot is taken now in the words of the window shown: the
everyday window has Ctrl+S, the demo window also its “Snapshot now” button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory, wait_for_trend


def test_the_everyday_window_points_to_ctrl_s_and_ctrl_s_takes_the_snapshot(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    vs.swipe(3, every=0.2)  # fewer than the interval: no snapshot yet
    vs.settle()
    window = open_window()
    text = window.trend.message.text()
    assert text.startswith("No snapshots yet") and text.endswith("when you press Ctrl+S.")
    assert "Snapshot now" not in text and window.demo is None
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    vs.settle()
    wait_for_trend(qtbot, window)
    assert window.trend.model.rowCount() == 1  # what the text said to press did it


def test_the_demo_window_names_its_snapshot_now_button_and_the_key(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    assert window.demo is not None
    assert window.demo.snapshot_button.text().replace("&", "") == "Snapshot now"
    assert window.trend.message.text().endswith("when you press “Snapshot now” or Ctrl+S.")
