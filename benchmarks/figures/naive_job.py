"""The naive snapshot job figure 3 compares ours with: the same triggers, none of the care.

It is what one writes first. As a store middleware it looks at every swipe after the
reducer ran and writes a row at once, with no coalescing and no record of which windows
are already written:

- a SWIPE_THRESHOLD row on every swipe whose count is a multiple of the interval;
- a DAY_ROLLOVER row for the previous local day on every swipe that starts a new local day
  (the app may have slept through midnight);
- a midnight timer that writes a DAY_ROLLOVER row for a local day that ended with swipes
  (the last day of a session has no next swipe to notice it).

So every day that is followed by more swipes is written twice: once by the timer, once by
the first swipe of the next day. The rows are built as the real job builds them and handed
to a writer that only keeps them, so the figure counts writes, not SQLite's deduplication.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from store.actions import Swiped, TriggerType
from store.local_day import local_date, next_local_midnight
from store.middleware_api import Dispatch, MiddlewareAPI
from store.snapshot_of_state import build_new_snapshot
from store.snapshot_rows import NewSnapshot
from store.state import AppState
from store.windows import rollover_window_key, threshold_window_key


class NaiveSnapshotJob:
    """Writes a row at every threshold crossing and at every day change, twice if asked."""

    def __init__(self, *, interval: int, zone: ZoneInfo) -> None:
        self._interval = interval
        self._zone = zone
        self._api: MiddlewareAPI | None = None
        self._last_day: date | None = None
        self._next_midnight: datetime | None = None
        self.rows: list[NewSnapshot] = []

    def middleware(self, api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        self._api = api

        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: Any) -> Any:
                result = next_dispatch(action)
                if type(action) is Swiped:
                    self._after_swipe(action)
                return result

            return dispatch

        return wrap

    def advance_to(self, now: datetime) -> None:
        """The midnight timer: fire for every local midnight up to ``now``."""
        while self._next_midnight is not None and self._next_midnight <= now:
            ended = self._last_day
            fired_at = self._next_midnight
            self._next_midnight = None  # armed again by the next swipe
            if ended is not None:
                self._write(TriggerType.DAY_ROLLOVER, rollover_window_key(ended), ended, fired_at)

    def _after_swipe(self, swipe: Swiped) -> None:
        state = self._state()
        day = local_date(swipe.at, self._zone)
        if self._last_day is not None and day > self._last_day:
            ended = self._last_day
            self._write(TriggerType.DAY_ROLLOVER, rollover_window_key(ended), ended, swipe.at)
        if day != self._last_day or self._next_midnight is None:
            self._next_midnight = next_local_midnight(swipe.at, self._zone)
        self._last_day = day
        sequence = state.profile.sequence
        if sequence % self._interval == 0:
            self._write(TriggerType.SWIPE_THRESHOLD, threshold_window_key(sequence), day, swipe.at)

    def _state(self) -> AppState:
        if self._api is None:
            raise RuntimeError("attach the naive job with middleware=[job.middleware] first")
        state: AppState = self._api.get_state()
        return state

    def _write(self, trigger: TriggerType, window_key: str, day: date, now: datetime) -> None:
        self.rows.append(
            build_new_snapshot(
                self._state(),
                trigger_type=trigger,
                window_key=window_key,
                snapshot_date_local=day,
                reason="naive",
                created_at=now,
            )
        )
