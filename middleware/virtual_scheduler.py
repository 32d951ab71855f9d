"""`VirtualScheduler`: RxPY's `TestScheduler` starting at a chosen instant, with a cheap advance.

The simulator and the tests run days of activity in virtual time: before each swipe the
clock moves to the swipe's instant, running every timer due by then in order. RxPY's
``advance_to`` converts times through datetimes on every call, which costs several
microseconds even when no timer is due; `advance_to_seconds` checks the queue first and, when
nothing is due, just moves the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from reactivex.testing import TestScheduler


class VirtualScheduler(TestScheduler):
    """Virtual time in float seconds since the epoch, starting at ``start``."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError(
                f"start must be timezone-aware, received naive {start!r}; add tzinfo=UTC"
            )
        super().__init__()
        self._clock = start.timestamp()

    def advance_to_seconds(self, seconds: float) -> None:
        """Advance to ``seconds`` since the epoch, running the timers due by then."""
        with self._lock:
            queue = self._queue
            nothing_due = not queue or queue.peek().duetime > datetime.fromtimestamp(seconds, UTC)
            clock = self._clock
            if (
                nothing_due
                and not self._is_enabled
                and isinstance(clock, float)
                and seconds >= clock
            ):
                self._clock = seconds
                return
        self.advance_to(seconds)
