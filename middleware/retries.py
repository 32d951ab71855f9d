"""`retry_epic`: a failed write becomes a timer, and the timer a `SnapshotRetried` action.

The outcome of a failed write (`SnapshotFailed`, with the backoff's ``retry_in_seconds``)
arrives as an action like any other. After that delay this epic looks at the state: if the
row is still pending and its last attempt failed, it emits `SnapshotRetried` with the next
attempt's number, and the writer effect sends the row, which it reads from the state. The
swipe log's failed flushes are retried the same way under their own window key. Nothing is
remembered here: what to retry is in the state, and a row that landed meanwhile (or whose
retry was sent already) is simply not retried.
"""

from __future__ import annotations

from collections.abc import Callable

from reactivex import Observable, abc
from reactivex import operators as ops

from middleware.clock import Clock
from middleware.decision_log import record_event
from middleware.epic_middleware import of_type
from middleware.streams.lists import delay_each, each_item
from store.actions import SnapshotFailed, SnapshotRetried
from store.state import AppState

SWIPE_LOG_WINDOW = "swipes-log"
"""The window key under which failures to commit queued swipes are reported and retried."""


def retry_epic(
    actions: Observable[object],
    get_state: Callable[[], AppState],
    *,
    clock: Clock,
    scheduler: abc.SchedulerBase,
) -> Observable[SnapshotRetried]:
    """`SnapshotFailed` with a delay -> after the delay, `SnapshotRetried` if still due."""

    def due_retry(failed: SnapshotFailed) -> list[SnapshotRetried]:
        """The retry of ``failed``, unless its row landed or was retried meanwhile."""
        key = failed.window_key
        if key != SWIPE_LOG_WINDOW:
            pending = get_state().snapshots.pending_writes.get(key)
            if pending is None or not pending.failed or pending.attempt != failed.attempt:
                return []
        now = clock.now()
        record_event(
            "snapshot_retried",
            at=now,
            trigger_type=failed.trigger_type.value if failed.trigger_type else None,
            window_key=key,
            attempt=failed.attempt + 1,
        )
        return [SnapshotRetried(window_key=key, attempt=failed.attempt + 1, at=now)]

    return actions.pipe(
        of_type(SnapshotFailed),
        ops.filter(_will_be_retried),
        delay_each(_retry_delay, scheduler=scheduler),
        ops.map(due_retry),
        each_item(),
    )


def _will_be_retried(failed: SnapshotFailed) -> bool:
    return failed.retry_in_seconds is not None


def _retry_delay(failed: SnapshotFailed) -> float:
    return failed.retry_in_seconds or 0.0
