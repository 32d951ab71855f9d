"""Swiping in the real window: buttons, keys, window shortcuts and the burst control."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory, shown_lines, wait_for_trend


def test_fifty_clicks_on_like_record_snapshots_at_25_and_50_swipes(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    for _ in range(50):
        qtbot.mouseClick(window.deck.like_button, Qt.MouseButton.LeftButton)
        vs.advance(0.1)  # a quick human: ten clicks a second, in virtual time
    vs.settle()
    assert vs.keys() == ["swipes:000025", "swipes:000050"]
    assert window.status.value("swipes") == 50
    assert window.status.value("snapshots") == 2
    wait_for_trend(qtbot, window)
    assert window.trend.model.rowCount() == 2


def test_fifty_right_arrow_presses_on_the_deck_record_the_same_snapshots(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    window.deck.setFocus()
    for _ in range(50):
        qtbot.keyClick(window.deck, Qt.Key.Key_Right)
        vs.advance(0.1)
    vs.settle()
    assert vs.keys() == ["swipes:000025", "swipes:000050"]
    likes = sum(stats.likes for stats in vs.store.get_state().profile.tags.values())
    assert likes > 0
    assert all(stats.nopes == 0 for stats in vs.store.get_state().profile.tags.values())


def test_left_up_and_right_keys_nope_superlike_and_like_the_card_shown(
    qtbot: QtBot, open_window: WindowFactory
) -> None:
    window = open_window()
    seen: list[tuple[str, str]] = []
    window.deck.swiped.connect(lambda item, direction: seen.append((item, direction)))
    cards = []
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Right):
        assert window.deck.current_card is not None
        cards.append(window.deck.current_card.id)
        qtbot.keyClick(window.deck, key)
    assert seen == [(cards[0], "LEFT"), (cards[1], "UP"), (cards[2], "RIGHT")]


def test_arrow_keys_still_swipe_through_the_window_shortcuts_when_a_button_has_focus(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.demo is not None
    window.demo.toggle.setFocus()
    qtbot.waitUntil(window.demo.toggle.hasFocus)
    qtbot.keyClick(window.demo.toggle, Qt.Key.Key_Right)
    qtbot.keyClick(window.demo.toggle, Qt.Key.Key_Up)
    assert vs.store.get_state().profile.sequence == 2


def test_the_burst_control_swipes_fifty_cards_in_one_go(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    assert window.demo is not None
    qtbot.mouseClick(window.demo.toggle, Qt.MouseButton.LeftButton)
    assert window.demo.box.isVisible()
    qtbot.mouseClick(window.demo.burst_button, Qt.MouseButton.LeftButton)
    assert vs.store.get_state().profile.sequence == 50
    assert window.status.value("unsaved") == 50
    vs.settle()
    # Fifty swipes at one instant are one batch: one row for the highest multiple reached.
    assert vs.keys() == ["swipes:000050"]
    assert window.status.value("unsaved") == 0


def test_snapshot_now_records_a_manual_row_marked_as_manual_in_the_chart(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    assert window.demo is not None
    for _ in range(3):
        qtbot.keyClick(window.deck, Qt.Key.Key_Up)
    window.demo.set_expanded(True)
    with qtbot.waitSignal(window.trend.refreshed, raising=True):
        qtbot.mouseClick(window.demo.snapshot_button, Qt.MouseButton.LeftButton)
        vs.settle()
    assert vs.keys() == ["manual:000003"]
    assert window.trend.model.rowCount() == 1
    markers = window.trend.chart.shown_markers()
    assert markers["MANUAL"] == len(shown_lines(window)) > 0


def test_the_window_can_be_driven_with_the_keyboard_alone(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window(demo=True)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.deck.hasFocus()
    assert window.demo is not None
    qtbot.keyClick(window.deck, Qt.Key.Key_Tab)
    assert window.deck.nope_button.hasFocus()
    qtbot.keyClick(window.deck.nope_button, Qt.Key.Key_Space)
    assert vs.store.get_state().profile.sequence == 1

    qtbot.keyClick(window.deck.nope_button, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.demo.box.isVisible()
    qtbot.keyClick(window.deck.nope_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    vs.settle()
    assert vs.keys() == ["manual:000001"]
