"""Which cards the person swiped last, from the tail of the swipe log: the deck's cooldown
at start.

The deck keeps a card it just dealt out of the deck for a while (`store.deck_index.
RecentCards`). That window lived only in the running deck, so every restart began with an
empty one and dealt again a card swiped a minute before. At start the window is rebuilt
from the same events that built it live: a swipe puts its card last, an undo takes its
card out (an undone card may be dealt again at once, as in the running deck).
"""

from __future__ import annotations

from collections.abc import Iterable

from store.snapshot_rows import SwipeRecord

LOG_TAIL = 400
"""Rows of the swipe log read at start: four times the largest cooldown (100 cards), so a
few undos among the last swipes still leave the whole window; the read costs the same for
any length of history."""


def recently_swiped(records: Iterable[SwipeRecord]) -> tuple[str, ...]:
    """The cards still swiped at the end of ``records`` (the log's tail, oldest first),
    least recently swiped first, each once."""
    order: dict[str, None] = {}
    for record in records:
        order.pop(record.item_id, None)
        if record.undoes is None:
            order[record.item_id] = None
    return tuple(order)
