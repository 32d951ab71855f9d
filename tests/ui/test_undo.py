"""Undo in the window: the Undo button and Ctrl+Z take back the last swipe, repeatedly, and
the previous session's last swipe after a restart; the card comes back on top."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow


def swipe_shown(qtbot: QtBot, window: MainWindow, key: Qt.Key, vs: VirtualSession) -> str:
    card = window.deck.current_card
    assert card is not None
    qtbot.keyClick(window.deck, key)
    vs.advance(0.3)
    return card.id


def log_rows(vs: VirtualSession) -> list[tuple[int, str, str, int | None]]:
    with sqlite3.connect(f"file:{vs.db_path}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT sequence, item_id, direction, undoes FROM swipes ORDER BY sequence"
        ).fetchall()
    connection.close()
    return rows


def test_undo_puts_each_card_back_on_top_last_first_and_the_counter_follows(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    deck = window.deck
    assert not deck.undo_button.isEnabled()
    liked = swipe_shown(qtbot, window, Qt.Key.Key_Right, vs)
    noped = swipe_shown(qtbot, window, Qt.Key.Key_Left, vs)
    assert deck.undo_button.isEnabled()
    vs.settle(5)
    assert window.status.value("swipes") == 2

    qtbot.mouseClick(deck.undo_button, Qt.MouseButton.LeftButton)
    assert deck.current_card is not None and deck.current_card.id == noped
    assert deck.why_label.text() == "back on top: your nope was taken back"
    qtbot.mouseClick(deck.undo_button, Qt.MouseButton.LeftButton)
    assert deck.current_card is not None and deck.current_card.id == liked
    assert deck.why_label.text() == "back on top: your like was taken back"
    assert not deck.undo_button.isEnabled()
    vs.settle(5)
    assert window.status.value("swipes") == 0
    assert vs.store.get_state().profile.tags == {}
    # The log only grows: both swipes stay, and two undos name them.
    assert log_rows(vs) == [
        (1, liked, "RIGHT", None),
        (2, noped, "LEFT", None),
        (3, noped, "LEFT", 2),
        (4, liked, "RIGHT", 1),
    ]


def test_ctrl_z_takes_back_the_last_swipe(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    swiped = swipe_shown(qtbot, window, Qt.Key.Key_Up, vs)
    with qtbot.waitSignal(window.deck.undone, raising=True) as undone:
        qtbot.keyClick(window.deck, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert undone.args == [swiped, "UP"]
    assert window.deck.current_card is not None and window.deck.current_card.id == swiped


def test_after_a_restart_the_last_swipe_of_the_session_before_can_be_taken_back(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    first = open_window()
    swipe_shown(qtbot, first, Qt.Key.Key_Right, vs)
    last = swipe_shown(qtbot, first, Qt.Key.Key_Right, vs)
    vs.settle(5)
    first.close()
    vs.restart()
    second = open_window()
    assert second.status.value("swipes") == 2
    assert second.deck.undo_button.isEnabled()
    qtbot.mouseClick(second.deck.undo_button, Qt.MouseButton.LeftButton)
    assert second.deck.current_card is not None and second.deck.current_card.id == last
    assert not second.deck.undo_button.isEnabled()  # only the last one crosses a restart
    vs.settle(5)
    assert second.status.value("swipes") == 1
    vs.restart()
    assert vs.store.get_state().profile.sequence == 3
    assert vs.session.last_swipe is None  # the log ends with an undo: nothing to take back
