"""The arrow keys swipe "anywhere in the window" (F1): a focused button does not take them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory


def test_a_focused_deck_button_lets_the_arrows_swipe(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    deck = window.deck
    for button, key in (
        (deck.superlike_button, Qt.Key.Key_Right),
        (deck.like_button, Qt.Key.Key_Left),
        (deck.nope_button, Qt.Key.Key_Up),
        (window.settings_button, Qt.Key.Key_Right),
    ):
        button.setFocus()
        qtbot.waitUntil(button.hasFocus)
        before = vs.store.get_state().profile.sequence
        qtbot.keyClick(button, key)
        assert vs.store.get_state().profile.sequence == before + 1, button.text()
        assert button.hasFocus()  # the key swiped; it did not move the focus on


def test_a_key_with_a_modifier_is_left_to_the_button(
    qtbot: QtBot, open_window: WindowFactory, vs: VirtualSession
) -> None:
    window = open_window()
    button = window.deck.like_button
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert vs.store.get_state().profile.sequence == 0
