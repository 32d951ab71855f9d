"""The swipes of this session the writer has not committed, kept so they can be saved elsewhere.

A window that cannot save (a second window on a file another window writes, a full disk,
writes that keep failing) must not lose what the person swiped when it closes: it offers to
save the history and these swipes to another file. The writer owns its queue on its own
thread; this middleware keeps its own copy of each swipe, as the swipe log stores it, on the
store's thread. The writer commits swipes in order, so the unsaved ones are always the
journal's last `SnapshotWriter.unsaved_swipes`; older ones are dropped as commits happen,
so a healthy session keeps only a handful.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from zoneinfo import ZoneInfo

from store.actions import Swiped
from store.local_day import local_date
from store.middleware_api import Dispatch, MiddlewareAPI
from store.selectors import select_reduced_swipe_day
from store.snapshot_rows import SwipeRecord
from store.state import AppState

_SLACK = 256
"""Swipes kept beyond the unsaved ones before the committed ones are dropped in one go."""


class SwipeJournal:
    """Records each `Swiped` as a `SwipeRecord`; `unsaved` gives the writer's backlog."""

    def __init__(self, unsaved_count: Callable[[], int]) -> None:
        self._unsaved_count = unsaved_count
        self._records: deque[SwipeRecord] = deque()

    def middleware(self, api: MiddlewareAPI) -> Callable[[Dispatch], Dispatch]:
        def wrap(next_dispatch: Dispatch) -> Dispatch:
            def dispatch(action: object) -> object:
                result = next_dispatch(action)
                if type(action) is Swiped:
                    self._record(action, api.get_state())
                return result

            return dispatch

        return wrap

    def unsaved(self) -> list[SwipeRecord]:
        """The swipes of this session not committed to the database, oldest first."""
        count = min(self._unsaved_count(), len(self._records))
        return list(self._records)[len(self._records) - count :] if count else []

    def _record(self, action: Swiped, state: AppState) -> None:
        day = select_reduced_swipe_day(state) or local_date(action.at, ZoneInfo(state.timezone))
        records = self._records
        records.append(
            SwipeRecord(state.profile.sequence, action.item_id, action.direction, action.at, day)
        )
        if len(records) > _SLACK:
            keep = self._unsaved_count()  # the one just added is counted; commits shrink it
            for _ in range(len(records) - keep):
                records.popleft()
