"""Writer outcomes become actions: what the writer thread learned, told to the store.

The writer reports each outcome on its own thread; `outcome_reporter` turns it into the
action the store understands (`SwipesPersisted`, `SnapshotRecorded`, `SnapshotFailed` with
the backoff before its retry, `SettingsSaved` or `SettingsNotSaved`), logs it as a
structured record, and posts it to the store's `ActionInbox`, which dispatches it on the
owner thread. Nothing here reads or keeps state:
retries are the retry epic's business, from the failure action and the state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from middleware.clock import Clock
from middleware.decision_log import record_event
from middleware.persistence.errors import RepositoryError
from middleware.persistence.writer import (
    SettingsWriteFailed,
    SettingsWritten,
    SnapshotWriteFailed,
    SnapshotWritten,
    SwipeFlushFailed,
    SwipesFlushed,
    WriteOutcome,
)
from middleware.policy import SnapshotPolicy
from middleware.retries import SWIPE_LOG_WINDOW
from middleware.write_health import WriteHealth
from store.actions import (
    SettingsNotSaved,
    SettingsSaved,
    SnapshotFailed,
    SnapshotRecorded,
    SwipesPersisted,
)

Post = Callable[[object], None]


def outcome_reporter(
    post: Post,
    *,
    clock: Clock,
    policy: SnapshotPolicy,
    closing: Callable[[], bool],
    health: WriteHealth | None = None,
) -> Callable[[WriteOutcome], None]:
    """The writer's ``report``: each outcome as an action handed to ``post``.

    A failure is a warning when writes start failing, then a debug record: ``health``
    (`WriteHealth`) says so once per change, not once per attempt.

    Once ``closing()`` is true a failure is not retried (no ``retry_in_seconds``): the job
    gave every pending row its last attempt already.
    """

    def retry_in(attempt: int) -> float | None:
        return None if closing() else policy.retry_delay(attempt)

    writes = health or WriteHealth()

    def report(outcome: WriteOutcome) -> None:
        now = clock.now()
        if isinstance(outcome, SwipesFlushed):
            writes.succeeded(now)
            post(SwipesPersisted(sequence=outcome.sequence, count=outcome.count))
        elif isinstance(outcome, SwipeFlushFailed):
            delay = retry_in(outcome.attempt)
            record_event(
                "swipe_flush_failed",
                at=now,
                swipes=outcome.count,
                error=str(outcome.error),
                attempt=outcome.attempt,
                retry_in=delay,
                level=writes.failure_level(now, _short(outcome.error)),
            )
            post(
                SnapshotFailed(
                    window_key=SWIPE_LOG_WINDOW,
                    error=_short(outcome.error),
                    attempt=outcome.attempt,
                    retry_in_seconds=delay,
                    at=now,
                )
            )
        elif isinstance(outcome, SnapshotWritten):
            writes.succeeded(now)
            snapshot = outcome.snapshot
            record_event(
                "snapshot_created" if outcome.created else "snapshot_duplicate",
                at=now,
                trigger_type=snapshot.trigger_type.value,
                window_key=snapshot.window_key,
                swipes=snapshot.profile_version,
                attempt=outcome.attempt,
                latency_ms=outcome.latency_seconds * 1000,
            )
            post(
                SnapshotRecorded(
                    trigger_type=snapshot.trigger_type,
                    window_key=snapshot.window_key,
                    profile_version=snapshot.profile_version,
                    created=outcome.created,
                    created_at=snapshot.created_at,
                    attempts=outcome.attempt,
                )
            )
        elif isinstance(outcome, SettingsWritten):
            record_event("settings_saved", at=now, changed_at=outcome.changed_at)
            post(SettingsSaved(changed_at=outcome.changed_at))
        elif isinstance(outcome, SettingsWriteFailed):
            # Not retried: the window says the settings are not saved, and saving them
            # again is the person's choice (Settings, OK).
            record_event(
                "settings_not_saved",
                at=now,
                changed_at=outcome.changed_at,
                error=str(outcome.error),
                level=logging.WARNING,
            )
            post(SettingsNotSaved(changed_at=outcome.changed_at, error=_short(outcome.error)))
        else:
            level = writes.failure_level(now, _short(outcome.error))
            post(_failure(outcome, retry_in(outcome.attempt), now, level))

    return report


def _failure(
    outcome: SnapshotWriteFailed, delay: float | None, now: datetime, level: int
) -> SnapshotFailed:
    snapshot = outcome.snapshot
    record_event(
        "snapshot_failed",
        at=now,
        trigger_type=snapshot.trigger_type.value,
        window_key=snapshot.window_key,
        swipes=snapshot.profile_version,
        attempt=outcome.attempt,
        error=str(outcome.error),
        retry_in=delay,
        level=level,
    )
    return SnapshotFailed(
        window_key=snapshot.window_key,
        trigger_type=snapshot.trigger_type,
        error=_short(outcome.error),
        attempt=outcome.attempt,
        retry_in_seconds=delay,
        at=now,
    )


def _short(error: RepositoryError) -> str:
    return str(error).split("\n", 1)[0][:300]
