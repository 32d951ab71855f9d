"""`retry_epic`: one retry timer for every failed write, with capped backoff.

The outcome of a failed write (`SnapshotFailed`, with the backoff's ``retry_in_seconds``)
arrives as an action like any other. The first one arms the one timer; failures that come
while it is armed (more batches failing, other rows failing) wait for it, whatever their
number. When it fires, one write probes the disk: the swipe log's queued swipes if their
commit failed, otherwise the oldest failed snapshot row (`SnapshotRetried`). If the probe
fails too, its failure arms the timer again, with the longer delay of its higher attempt
(capped by the policy): while the disk refuses, retries stay at one per delay, not one per
failed batch. Once a write lands (`SwipesPersisted` or `SnapshotRecorded`), every row still
waiting is retried at once.

What to retry is read from the state (``pending_writes``: a row that landed, or whose
retry was sent already, is not retried); the epic keeps only its timer, and whether the
swipe log's last commit failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from reactivex import Observable, abc
from reactivex.disposable import CompositeDisposable, SerialDisposable

from middleware.clock import Clock
from middleware.decision_log import record_event
from middleware.epic_middleware import of_type
from store.actions import SnapshotFailed, SnapshotRecorded, SnapshotRetried, SwipesPersisted
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
    """Failed writes -> one timer -> `SnapshotRetried` for the probe; after a success, for
    every failed row still pending."""

    def subscribe(
        observer: abc.ObserverBase[SnapshotRetried], _: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        timer = SerialDisposable()
        armed = False
        swipe_log_attempt = 0  # the swipe log's last failed attempt; 0 once it committed

        def emit(key: str, attempt: int, *, first: bool) -> None:
            """Send one retry; logged as info when it is news (not a probe repeated)."""
            now = clock.now()
            record_event(
                "snapshot_retried",
                at=now,
                level=logging.INFO if first else logging.DEBUG,
                window_key=key,
                attempt=attempt,
            )
            observer.on_next(SnapshotRetried(window_key=key, attempt=attempt, at=now))

        def failed_rows() -> list[tuple[str, int]]:
            pending = get_state().snapshots.pending_writes
            return [(key, write.attempt) for key, write in pending.items() if write.failed]

        def fire(_scheduler: abc.SchedulerBase, _state: Any = None) -> None:
            nonlocal armed
            armed = False
            if swipe_log_attempt:
                emit(SWIPE_LOG_WINDOW, swipe_log_attempt + 1, first=swipe_log_attempt == 1)
                return
            rows = failed_rows()
            if rows:
                key, attempt = rows[0]
                emit(key, attempt + 1, first=attempt == 1)

        def on_next(action: object) -> None:
            nonlocal armed, swipe_log_attempt
            if isinstance(action, SnapshotFailed):
                if action.window_key == SWIPE_LOG_WINDOW:
                    swipe_log_attempt = max(action.attempt, 1)
                if action.retry_in_seconds is None or armed:
                    return  # closing (no more retries), or the armed timer covers it
                armed = True
                timer.disposable = scheduler.schedule_relative(action.retry_in_seconds, fire)
            elif isinstance(action, SwipesPersisted | SnapshotRecorded):
                if isinstance(action, SwipesPersisted):
                    swipe_log_attempt = 0
                if swipe_log_attempt:
                    return  # the log still fails: the timer's probe goes first
                for key, attempt in failed_rows():  # writes work: no need to wait
                    emit(key, attempt + 1, first=True)

        # Only the outcomes it reacts to: on the epic middleware's stream a swipe then never
        # reaches this retry loop (`of_type` routes by class).
        outcomes = actions.pipe(of_type(SnapshotFailed, SwipesPersisted, SnapshotRecorded))
        subscription = outcomes.subscribe(
            on_next, observer.on_error, observer.on_completed, scheduler=scheduler
        )
        return CompositeDisposable(subscription, timer)

    return Observable(subscribe)
