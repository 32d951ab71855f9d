"""`retry_epic`: one retry timer for every failed write, with capped backoff.

The outcome of a failed write (`WriteFailed`, with its effect id and the backoff's
``retry_in_seconds``) arrives as an action like any other. The first one arms the one
timer; failures that come while it is armed (more batches failing, other rows failing) wait
for it, whatever their number. When it fires, one write probes the disk: the failed swipe
commit if there is one, otherwise the oldest failed snapshot row (`WriteRetried`, under the
effect id that failed). If the probe fails too, its failure arms the timer again, with the
longer delay of its higher attempt (capped by the policy): while the disk refuses, retries
stay at one per delay, not one per failed batch. Once a write lands (`SwipesPersisted` or
`SnapshotRecorded`), every row still waiting is retried at once.

What to retry is read from the state (``pending_writes``, by effect id: a row that landed,
or whose retry was sent already, is not retried); the epic keeps only its timer, and the
swipe commit that failed last (the swipes wait in the writer, not in the state).
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
from store.actions import SnapshotRecorded, SwipesPersisted, WriteFailed, WriteRetried
from store.effects import EffectKind, parse_effect_id
from store.state import AppState


def retry_epic(
    actions: Observable[object],
    get_state: Callable[[], AppState],
    *,
    clock: Clock,
    scheduler: abc.SchedulerBase,
) -> Observable[WriteRetried]:
    """Failed writes -> one timer -> `WriteRetried` for the probe; after a success, for
    every failed row still pending."""

    def subscribe(
        observer: abc.ObserverBase[WriteRetried], _: abc.SchedulerBase | None = None
    ) -> abc.DisposableBase:
        timer = SerialDisposable()
        armed = False
        failed_swipes: WriteFailed | None = None  # the last swipe commit that failed

        def emit(effect_id: str, attempt: int, *, first: bool) -> None:
            """Send one retry; logged as info when it is news (not a probe repeated)."""
            now = clock.now()
            record_event(
                "write_retried",
                at=now,
                level=logging.INFO if first else logging.DEBUG,
                effect_id=effect_id,
                attempt=attempt,
            )
            observer.on_next(WriteRetried(effect_id=effect_id, attempt=attempt, at=now))

        def failed_rows() -> list[tuple[str, int]]:
            pending = get_state().snapshots.pending_writes
            return [(key, write.attempt) for key, write in pending.items() if write.failed]

        def fire(_scheduler: abc.SchedulerBase, _state: Any = None) -> None:
            nonlocal armed
            armed = False
            if failed_swipes is not None:
                attempt = failed_swipes.attempt
                emit(failed_swipes.effect_id, attempt + 1, first=attempt == 1)
                return
            rows = failed_rows()
            if rows:
                effect_id, attempt = rows[0]
                emit(effect_id, attempt + 1, first=attempt == 1)

        def on_next(action: object) -> None:
            nonlocal armed, failed_swipes
            if isinstance(action, WriteFailed):
                if parse_effect_id(action.effect_id).kind is EffectKind.SWIPES:
                    failed_swipes = action
                if action.retry_in_seconds is None or armed:
                    return  # closing (no more retries), or the armed timer covers it
                armed = True
                timer.disposable = scheduler.schedule_relative(action.retry_in_seconds, fire)
            elif isinstance(action, SwipesPersisted | SnapshotRecorded):
                if isinstance(action, SwipesPersisted):
                    failed_swipes = None
                if failed_swipes is not None:
                    return  # the swipes still fail: the timer's probe goes first
                for effect_id, attempt in failed_rows():  # writes work: no need to wait
                    emit(effect_id, attempt + 1, first=True)

        # Only the outcomes it reacts to: on the epic middleware's stream a swipe then never
        # reaches this retry loop (`of_type` routes by class).
        outcomes = actions.pipe(of_type(WriteFailed, SwipesPersisted, SnapshotRecorded))
        subscription = outcomes.subscribe(
            on_next, observer.on_error, observer.on_completed, scheduler=scheduler
        )
        return CompositeDisposable(subscription, timer)

    return Observable(subscribe)
