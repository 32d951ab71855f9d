"""A card just swiped stays away for a while, across a restart too: the cooldown starts
from the last swipes in the file, not empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from store.deck_index import DeckIndex
from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory
from ui.main_window import MainWindow


def swipe_cards(qtbot: QtBot, window: MainWindow, vs: VirtualSession, count: int) -> list[str]:
    """``count`` swipes with the keys (spicy liked, the rest noped): the cards, in order."""
    swiped = []
    for _ in range(count):
        card = window.deck.current_card
        assert card is not None
        swiped.append(card.id)
        qtbot.keyClick(window.deck, Qt.Key.Key_Right if "spicy" in card.tags else Qt.Key.Key_Left)
        vs.advance(0.3)
    return swiped


def test_after_a_restart_no_card_swiped_within_the_cooldown_is_dealt_again(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    first = open_window()
    cooldown = DeckIndex.build(vs.session.catalog.item_tags).recent_size  # 22 of 180 cards
    before = swipe_cards(qtbot, first, vs, 40)
    vs.settle(5)
    first.close()
    vs.restart()
    second = open_window()
    after = swipe_cards(qtbot, second, vs, cooldown)
    history = before + after
    repeats = [
        (card, history.index(card, max(0, place - cooldown), place), place)
        for place, card in enumerate(history)
        if card in history[max(0, place - cooldown) : place]
    ]
    assert repeats == []  # (card, swiped at, dealt again at): none within the cooldown
    assert vs.store.get_state().profile.sequence == 40 + cooldown

