"""`writer_epic`: the effect at the end of the pipeline, handing work to the writer thread.

It emits no action; it reacts to the reduced ones:

- `Swiped`: the swipe, as the swipe log stores it, is handed to the writer, which commits
  it at once (an O(1) append that wakes the writer; its local date is the reducer's, from
  the same function and the same zone);
- `Unswiped`: the undo, a row of its own naming the swipe it takes back, likewise;
- `SnapshotScheduled`: its row is written, in one transaction with the swipes before it;
- `SnapshotRetried`: the pending row is written again, read from the state (or, for the
  swipe log, the queued swipes are committed again);
- `BatchCoalesced`: whatever of the batch still waits is committed (normally nothing: each
  swipe was committed as it came, or its commit is on its way; a failing writer's swipes
  get another attempt).

The writer reports what happened through its own ``report``, not through this stream.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import reactivex
from reactivex import Observable, abc

from middleware.epic_middleware import ErrorReport, of_type
from middleware.persistence.writer import SnapshotWriter
from middleware.pipeline_errors import report
from middleware.retries import SWIPE_LOG_WINDOW
from store.actions import (
    BatchCoalesced,
    SnapshotRetried,
    SnapshotScheduled,
    Swiped,
    Unswiped,
)
from store.local_day import local_date
from store.selectors import select_reduced_swipe_day
from store.snapshot_rows import SwipeRecord
from store.state import AppState


def writer_epic(
    actions: Observable[Any],
    get_state: Callable[[], AppState],
    *,
    writer: SnapshotWriter,
    on_error: ErrorReport = report,
    keep: Callable[[SwipeRecord], None] | None = None,
) -> Observable[Any]:
    """Send swipes and rows to ``writer`` as their actions are reduced; emit nothing.
    ``keep`` is handed each swipe record first (the session's `SwipeJournal`)."""

    def send(action: Any) -> None:
        try:
            if type(action) is Swiped:
                state = get_state()
                day = select_reduced_swipe_day(state) or local_date(
                    action.at, ZoneInfo(state.timezone)
                )
                append(
                    SwipeRecord(
                        state.profile.sequence, action.item_id, action.direction, action.at, day
                    )
                )
            elif type(action) is Unswiped:
                # An undo is appended to the log like a swipe: a row of its own.
                state = get_state()
                day = local_date(action.at, ZoneInfo(state.timezone))
                append(
                    SwipeRecord(
                        state.profile.sequence,
                        action.item_id,
                        action.direction,
                        action.at,
                        day,
                        action.undoes,
                    )
                )
            elif isinstance(action, SnapshotScheduled):
                writer.insert_snapshot(action.snapshot)
            elif isinstance(action, SnapshotRetried):
                retry(action)
            elif isinstance(action, BatchCoalesced) and not writer.commit_requested:
                writer.flush()  # a failing writer's swipes get another attempt
        except Exception as error:  # isolation: a failure here must not reach dispatch
            on_error("writer effect", error)

    if keep is None:
        append = writer.append_swipe
    else:

        def append(swipe: SwipeRecord) -> None:
            keep(swipe)
            writer.append_swipe(swipe)

    def retry(action: SnapshotRetried) -> None:
        if action.window_key == SWIPE_LOG_WINDOW:
            writer.flush()
            return
        pending = get_state().snapshots.pending_writes.get(action.window_key)
        if pending is not None:
            writer.insert_snapshot(pending.snapshot, attempt=action.attempt)

    writes = actions.pipe(
        of_type(Swiped, Unswiped, SnapshotScheduled, SnapshotRetried, BatchCoalesced)
    )

    def subscribe(
        observer: abc.ObserverBase[Any], scheduler: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        # `send` observes the writes itself (no do_action + ignore_elements layers on the
        # swipe path); the epic emits nothing and ends when they end.
        return writes.subscribe(send, observer.on_error, observer.on_completed, scheduler=scheduler)

    return reactivex.create(subscribe)

