"""`ProgressWatch`: tells a stalled writer from a busy one.

A writer is stalled when it has committed nothing for a whole deadline (a lock held by
another program, a hung disk); a writer working through a long backlog commits every few
milliseconds (`MAX_SWIPES_PER_TRANSACTION` bounds a transaction), so each commit starts the
deadline again, however long the whole backlog takes. The clock is injected, so tests move
it instead of waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Monotonic = Callable[[], float]

POLL_SECONDS = 0.05
"""How often a waiting thread looks at the clock between commits (a commit wakes it at once):
an injected clock is read again within this time."""


class ProgressWatch:
    """Whether ``deadline`` seconds went by since the committed count last changed."""

    def __init__(self, deadline: float, committed: int, monotonic: Monotonic = time.monotonic):
        self._deadline = deadline
        self._monotonic = monotonic
        self._seen = committed
        self._since = monotonic()

    def stalled(self, committed: int) -> bool:
        """True once nothing was committed for the deadline; a new count restarts it."""
        now = self._monotonic()
        if committed != self._seen:
            self._seen, self._since = committed, now
            return False
        return now - self._since >= self._deadline

    def wait_slice(self) -> float:
        """How long to wait for a commit before looking at the clock again."""
        return min(POLL_SECONDS, max(self._deadline, 0.0))
