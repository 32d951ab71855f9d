"""The last rows of the swipe log, read at start: what the deck's cooldown is rebuilt from."""

from __future__ import annotations

from middleware.persistence.repository import SnapshotRepository
from store.recently_swiped import LOG_TAIL, recently_swiped


def recently_swiped_cards(repository: SnapshotRepository, rows: int = LOG_TAIL) -> tuple[str, ...]:
    """The cards swiped last (least recent first), from the last ``rows`` rows of the log;
    one ranged read of the key, whatever the length of the history."""
    last = repository.max_swipe_sequence()
    if last <= 0:
        return ()
    return recently_swiped(repository.swipes_after(max(last - rows, 0), up_to=last))
