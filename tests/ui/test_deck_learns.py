"""The window's deck learns: after likes on some tags it deals their cards, and says why."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.harness import VirtualSession
from tests.ui.conftest import WindowFactory


def test_a_person_who_likes_only_spicy_cards_is_dealt_spicy_cards_and_told_why(
    qtbot: QtBot, vs: VirtualSession, open_window: WindowFactory
) -> None:
    window = open_window()
    deck = window.deck
    assert deck.why_label.isVisible()
    assert deck.why_label.text().startswith("something new: ")
    for _ in range(150):  # the person likes what is spicy and nopes the rest
        card = deck.current_card
        assert card is not None
        key = Qt.Key.Key_Right if "spicy" in card.tags else Qt.Key.Key_Left
        qtbot.keyClick(deck, key)
        vs.advance(0.3)
    dealt_spicy = 0
    for _ in range(20):
        card = deck.current_card
        assert card is not None
        if "spicy" in card.tags:
            dealt_spicy += 1
            assert "spicy" in deck.why_label.text(), deck.why_label.text()
        qtbot.keyClick(deck, Qt.Key.Key_Right if "spicy" in card.tags else Qt.Key.Key_Left)
        vs.advance(0.3)
    # 44 of the 180 cards are spicy: a shuffle deals about 5 in 20.
    assert dealt_spicy >= 14
    assert vs.store.get_state().profile.sequence == 170
