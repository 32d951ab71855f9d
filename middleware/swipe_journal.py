"""The swipes of this session the writer has not committed, kept so they can be saved elsewhere.

A window that cannot save (a second window on a file another window writes, a full disk,
writes that keep failing) must not lose what the person swiped when it closes: it offers to
save the history and these swipes to another file. The writer owns its queue on its own
thread; this journal keeps its own copy of each swipe and undo, as the swipe log stores
it, on the store's thread (the snapshot job hands it the record it hands the writer). The
writer commits them in order, so the unsaved ones are always the journal's last
`SnapshotWriter.unsaved_swipes`; older ones are dropped as commits happen, so a healthy
session keeps only a handful.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from store.snapshot_rows import SwipeRecord

_SLACK = 256
"""Swipes kept beyond the unsaved ones before the committed ones are dropped in one go."""


class SwipeJournal:
    """Keeps each swipe (and undo) handed to the writer; `unsaved` gives the writer's backlog."""

    def __init__(self, unsaved_count: Callable[[], int]) -> None:
        self._unsaved_count = unsaved_count
        self._records: deque[SwipeRecord] = deque()

    def record(self, swipe: SwipeRecord) -> None:
        """Keep ``swipe``, the row the writer was just handed (the snapshot job calls this
        on the store's thread, with the record it builds for the writer: built once)."""
        records = self._records
        records.append(swipe)
        if len(records) > _SLACK:
            keep = self._unsaved_count()  # the one just added is counted; commits shrink it
            for _ in range(len(records) - keep):
                records.popleft()

    def unsaved(self) -> list[SwipeRecord]:
        """The swipes of this session not committed to the database, oldest first."""
        count = min(self._unsaved_count(), len(self._records))
        return list(self._records)[len(self._records) - count :] if count else []
