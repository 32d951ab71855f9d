"""The end of the shuffled deck in the real window: the keys do what the end message says.

(The deck that learns, the window's own, never ends; the shuffle's end is tested here.)

Space reshuffles; the arrows do nothing there and the message stays in view; no key moves
the focus from the deck into the window's other controls (in a demo window, Space on the
demo toggle would open the demo controls). Keys go to whatever has the focus, as a
person's do.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow

ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Right, Qt.Key.Key_Down)


def press(qtbot: QtBot, window: MainWindow, key: Qt.Key) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, key)


def swipe_to_the_end(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    while window.deck.remaining:
        press(qtbot, window, Qt.Key.Key_Right)


def test_at_the_end_of_the_deck_arrows_do_nothing_and_the_focus_stays_on_the_deck(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True, learns=False)
    assert window.demo is not None
    cards = len(window.deck.order)
    swipe_to_the_end(qtbot, window)
    assert vs.store.get_state().profile.sequence == cards
    for _ in range(10):
        for key in ARROWS:
            press(qtbot, window, key)
    assert QApplication.focusWidget() is window.deck
    assert vs.store.get_state().profile.sequence == cards
    assert window.deck.empty_label.isVisible()
    assert "Press Space to reshuffle" in window.deck.empty_label.text()
    assert window.deck.hint.text().startswith("Space: reshuffle")  # not "← Nope ..."
    assert not window.demo.box.isVisible()


def test_space_at_the_end_of_the_deck_reshuffles_and_the_arrows_swipe_again(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True, learns=False)
    assert window.demo is not None
    cards = len(window.deck.order)
    swipe_to_the_end(qtbot, window)
    press(qtbot, window, Qt.Key.Key_Left)
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.deck.remaining == cards
    assert not window.demo.box.isVisible()
    assert QApplication.focusWidget() is window.deck
    press(qtbot, window, Qt.Key.Key_Right)
    assert vs.store.get_state().profile.sequence == cards + 1


def test_a_deck_button_pressed_to_the_end_hands_the_focus_back_to_the_deck(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True, learns=False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    cards = len(window.deck.order)
    press(qtbot, window, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.deck.nope_button
    while window.deck.remaining:
        press(qtbot, window, Qt.Key.Key_Space)  # presses the focused Nope button
    assert QApplication.focusWidget() is window.deck
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.deck.remaining == cards
    assert vs.store.get_state().profile.sequence == cards
