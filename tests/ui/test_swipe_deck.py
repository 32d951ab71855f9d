"""The deck on its own: drag gestures, running out of cards, reshuffling."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QPoint, QPropertyAnimation, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from store.actions import Direction, Swiped
from store.catalog import Catalog
from ui.swipe_deck import SwipeDeck

NOW = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def make_deck(
    qtbot: QtBot, catalog: Catalog, *, cards: int = 180, animation_ms: int = 120
) -> tuple[SwipeDeck, list[Swiped]]:
    dispatched: list[Swiped] = []
    deck = SwipeDeck(
        catalog.cards[:cards],
        dispatch=dispatched.append,
        now=lambda: NOW,
        animation_ms=animation_ms,
    )
    qtbot.addWidget(deck)
    deck.resize(420, 620)
    deck.show()
    qtbot.waitExposed(deck)
    return deck, dispatched


def drag(qtbot: QtBot, deck: SwipeDeck, by: QPoint) -> None:
    stage = deck.stage
    start = deck.card_widget.geometry().center()
    qtbot.mousePress(stage, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 6):
        qtbot.mouseMove(stage, start + by * (step / 5))
    qtbot.mouseRelease(stage, Qt.MouseButton.LeftButton, pos=start + by)


def test_dragging_the_card_right_past_the_threshold_likes_it_and_animates_it_out(
    qtbot: QtBot, catalog: Catalog
) -> None:
    deck, dispatched = make_deck(qtbot, catalog)
    first = deck.current_card
    assert first is not None
    with qtbot.waitSignal(deck.animation_finished, raising=True):
        drag(qtbot, deck, QPoint(deck.card_widget.width(), 0))
    assert [(s.item_id, s.direction) for s in dispatched] == [(first.id, Direction.RIGHT)]
    assert dispatched[0].at == NOW
    assert deck.current_card is not None and deck.current_card.id != first.id
    assert deck.card_widget.geometry() == deck.stage.home()


def test_dragging_the_card_left_nopes_it_and_dragging_it_up_superlikes_it(
    qtbot: QtBot, catalog: Catalog
) -> None:
    deck, dispatched = make_deck(qtbot, catalog, animation_ms=0)
    drag(qtbot, deck, QPoint(-deck.card_widget.width(), 10))
    drag(qtbot, deck, QPoint(10, -deck.card_widget.height() // 2))
    assert [s.direction for s in dispatched] == [Direction.LEFT, Direction.UP]


def test_a_short_drag_springs_back_home_and_does_not_swipe(qtbot: QtBot, catalog: Catalog) -> None:
    deck, dispatched = make_deck(qtbot, catalog)
    first = deck.current_card
    with qtbot.waitSignal(deck.animation_finished, raising=True):
        drag(qtbot, deck, QPoint(deck.card_widget.width() // 8, 0))
    assert dispatched == []
    assert deck.current_card == first
    assert deck.card_widget.geometry() == deck.stage.home()


def test_spring_backs_leave_no_animation_objects_behind(qtbot: QtBot, catalog: Catalog) -> None:
    deck, _ = make_deck(qtbot, catalog, animation_ms=40)
    for _ in range(5):
        with qtbot.waitSignal(deck.animation_finished, raising=True):
            drag(qtbot, deck, QPoint(deck.card_widget.width() // 8, 0))
    qtbot.waitUntil(
        lambda: not deck.card_widget.findChildren(QPropertyAnimation), timeout=2000
    )


def test_the_card_follows_the_pointer_while_dragged(qtbot: QtBot, catalog: Catalog) -> None:
    deck, dispatched = make_deck(qtbot, catalog)
    home = deck.stage.home().topLeft()
    start = deck.card_widget.geometry().center()
    qtbot.mousePress(deck.stage, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(deck.stage, start + QPoint(40, -15))
    assert deck.card_widget.pos() == home + QPoint(40, -15)
    qtbot.mouseRelease(deck.stage, Qt.MouseButton.LeftButton, pos=start + QPoint(40, -15))
    assert dispatched == []


def test_when_the_deck_runs_out_it_says_so_and_reshuffle_deals_every_card_again(
    qtbot: QtBot, catalog: Catalog
) -> None:
    deck, dispatched = make_deck(qtbot, catalog, cards=3, animation_ms=0)
    first_round = deck.order
    with qtbot.waitSignal(deck.emptied, raising=True):
        for _ in range(3):
            qtbot.mouseClick(deck.nope_button, Qt.MouseButton.LeftButton)
    assert deck.current_card is None
    assert deck.reshuffle_button.isVisible()
    assert "all 3 cards" in deck.empty_label.text()
    assert not deck.like_button.isEnabled()
    qtbot.keyClick(deck, Qt.Key.Key_Right)  # nothing left to swipe
    assert len(dispatched) == 3
    assert sorted(s.item_id for s in dispatched) == sorted(first_round)

    qtbot.mouseClick(deck.reshuffle_button, Qt.MouseButton.LeftButton)
    assert deck.remaining == 3
    assert sorted(deck.order) == sorted(first_round)
    assert deck.like_button.isEnabled() and deck.card_widget.isVisible()
    qtbot.keyClick(deck, Qt.Key.Key_Right)
    assert len(dispatched) == 4


def test_the_deck_order_is_a_seeded_shuffle(qtbot: QtBot, catalog: Catalog) -> None:
    one, _ = make_deck(qtbot, catalog)
    two, _ = make_deck(qtbot, catalog)
    assert one.order == two.order
    assert list(one.order) != [card.id for card in catalog.cards]
    assert sorted(one.order) == sorted(card.id for card in catalog.cards)


def test_a_burst_runs_through_reshuffles_and_uses_every_direction(
    qtbot: QtBot, catalog: Catalog
) -> None:
    deck, dispatched = make_deck(qtbot, catalog, cards=10, animation_ms=0)
    assert deck.burst(50) == 50
    assert len(dispatched) == 50
    assert {s.direction for s in dispatched} == set(Direction)


def test_the_frame_after_a_swipe_already_shows_the_card_leaving(
    qtbot: QtBot, catalog: Catalog
) -> None:
    # A key press is felt when the card moves: with an ease-in that started at rest, the
    # first frames after the key showed it where it was.
    deck, _ = make_deck(qtbot, catalog, animation_ms=260)
    start = deck.card_widget.pos()
    for direction in (Direction.RIGHT, Direction.LEFT, Direction.UP):
        assert deck.swipe(direction)
        (fly_out,) = [
            animation
            for animation in deck.stage.findChildren(QPropertyAnimation)
            if animation.state() == QPropertyAnimation.State.Running
        ]
        leaving = fly_out.targetObject()
        assert isinstance(leaving, QWidget)
        moved = leaving.pos() - start
        assert max(abs(moved.x()), abs(moved.y())) >= 20, (direction, moved)
        with qtbot.waitSignal(deck.animation_finished, raising=True):
            fly_out.setCurrentTime(fly_out.duration())
