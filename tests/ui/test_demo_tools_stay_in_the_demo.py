"""The demo controls (made-up swipes, failing writes) exist only in a demo window.

An everyday window has no demo panel, and the keys that drive the panel in a demo window
change nothing in it. Qt's offscreen platform has no Alt mnemonics, so Alt+B (the burst)
and Alt+F (failing writes) are typed into the real window under X in
``tests/e2e/test_demo_tools_and_the_end_of_the_deck.py``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    """A key as a person presses it: to whatever has the focus in the active window."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def activate(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_the_everyday_window_has_no_demo_panel_and_no_control_that_makes_up_swipes(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    assert window.demo is None
    labels = [button.text() for button in window.findChildren(QPushButton)]
    labels += [button.text() for button in window.findChildren(QToolButton)]
    assert not [label for label in labels if "Burst" in label or "Fail writes" in label]
    assert not [label for label in labels if "Demo" in label]


def test_the_demo_shortcuts_do_nothing_in_the_everyday_window(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    press(qtbot, window, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    vs.settle()
    assert vs.store.get_state().profile.sequence == 0  # no made-up swipes
    assert not vs.faults.on  # writes were not switched to failing
    assert window.deck.hasFocus()
    assert not [
        widget for widget in window.findChildren(QWidget) if "demo" in type(widget).__name__.lower()
    ]


def test_the_demo_window_has_the_panel_and_its_shortcuts_work(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    assert window.demo is not None
    activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_D, CTRL)
    assert window.demo.box.isVisible()
    qtbot.mouseClick(window.demo.burst_button, Qt.MouseButton.LeftButton)
    assert vs.store.get_state().profile.sequence == 50
    qtbot.mouseClick(window.demo.fail_button, Qt.MouseButton.LeftButton)
    assert vs.faults.on
    qtbot.mouseClick(window.demo.fail_button, Qt.MouseButton.LeftButton)
    assert not vs.faults.on
    vs.settle()
    assert vs.swipes_in_db() == 50


def test_ctrl_s_still_records_a_snapshot_in_the_everyday_window(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    activate(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier)
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    vs.settle()
    assert vs.keys() == ["manual:000001"]
