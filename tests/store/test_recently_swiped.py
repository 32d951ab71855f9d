"""The deck's cooldown at start, from the tail of the swipe log."""

from __future__ import annotations

from datetime import UTC, date, datetime

from store.actions import Direction
from store.recently_swiped import recently_swiped
from store.snapshot_rows import SwipeRecord

AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def swipe(sequence: int, card: str, undoes: int | None = None) -> SwipeRecord:
    return SwipeRecord(sequence, card, Direction.RIGHT, AT, date(2026, 3, 1), undoes)


def test_a_card_swiped_twice_counts_from_its_last_swipe_and_an_undo_frees_its_card() -> None:
    log = [swipe(1, "a"), swipe(2, "b"), swipe(3, "a"), swipe(4, "c"), swipe(5, "c", undoes=4)]
    assert recently_swiped(log) == ("b", "a")


def test_an_empty_log_holds_no_card_back() -> None:
    assert recently_swiped([]) == ()
