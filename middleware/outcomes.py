"""Writer outcomes become actions: what the writer thread learned, told to the store.

The writer reports each outcome on its own thread; `outcome_reporter` turns it into the
actions the store understands (`SwipesPersisted`, `SnapshotRecorded`, `WriteFailed` with
the write's effect id and the backoff before its retry, `SettingsSaved` or
`SettingsNotSaved`), logs it as a structured record,
and posts it to the store's `ActionInbox`, which dispatches it on the owner thread. Nothing
here reads or keeps state: retries are the retry epic's business, from the failure action
and the state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from middleware.clock import Clock
from middleware.decision_log import record_event
from middleware.persistence.errors import NeverWrittenHereError, RepositoryError
from middleware.persistence.write_commands import (
    CommitSwipes,
    InsertSnapshot,
    NotWritten,
    SaveSettings,
    WriteOutcome,
    Written,
)
from middleware.policy import SnapshotPolicy
from middleware.write_health import WriteHealth
from store.actions import (
    SettingsNotSaved,
    SettingsSaved,
    SnapshotRecorded,
    SwipesPersisted,
    WriteFailed,
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
    """The writer's ``report``: each outcome as the actions handed to ``post``.

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
        if isinstance(outcome, Written):
            writes.succeeded(now)
            if outcome.swipes is not None:
                post(SwipesPersisted(sequence=outcome.swipes.sequence, count=outcome.swipes.count))
            if isinstance(outcome.write.payload, InsertSnapshot):
                post(_recorded(outcome, outcome.write.payload, now))
            elif isinstance(outcome.write.payload, SaveSettings):
                record_event("settings_saved", at=now, effect_id=outcome.write.effect_id)
                post(SettingsSaved(effect_id=outcome.write.effect_id))
            return
        if isinstance(outcome.write.payload, SaveSettings):
            # Not retried: the window says the settings are not saved, and saving them
            # again is the person's choice (Settings, OK). Swipes that failed with them
            # were reported as a failed commit of their own, and are retried.
            record_event(
                "settings_not_saved",
                at=now,
                effect_id=outcome.write.effect_id,
                error=str(outcome.error),
                level=logging.WARNING,
            )
            post(SettingsNotSaved(effect_id=outcome.write.effect_id, error=_short(outcome.error)))
            return
        if isinstance(outcome.error, NeverWrittenHereError):
            # A session that opened the file while another process wrote it never writes:
            # no attempt failed, so nothing is counted, logged as a failure, or retried.
            return
        level = writes.failure_level(now, _short(outcome.error))
        post(_failure(outcome, retry_in(outcome.write.attempt), now, level))

    return report


def _recorded(outcome: Written, payload: InsertSnapshot, now: datetime) -> SnapshotRecorded:
    snapshot = payload.snapshot
    record_event(
        "snapshot_created" if outcome.created else "snapshot_duplicate",
        at=now,
        trigger_type=snapshot.trigger_type.value,
        window_key=snapshot.window_key,
        swipes=snapshot.profile_version,
        attempt=outcome.write.attempt,
        latency_ms=outcome.latency_seconds * 1000,
    )
    return SnapshotRecorded(
        trigger_type=snapshot.trigger_type,
        window_key=snapshot.window_key,
        profile_version=snapshot.profile_version,
        created=outcome.created,
        created_at=snapshot.created_at,
        attempts=outcome.write.attempt,
    )


def _failure(outcome: NotWritten, delay: float | None, now: datetime, level: int) -> WriteFailed:
    write = outcome.write
    payload = write.payload
    if isinstance(payload, CommitSwipes):
        record_event(
            "swipe_flush_failed",
            at=now,
            swipes=outcome.queued_swipes,
            effect_id=write.effect_id,
            error=str(outcome.error),
            attempt=write.attempt,
            retry_in=delay,
            level=level,
        )
    elif isinstance(payload, InsertSnapshot):
        snapshot = payload.snapshot
        record_event(
            "snapshot_failed",
            at=now,
            effect_id=write.effect_id,
            trigger_type=snapshot.trigger_type.value,
            window_key=snapshot.window_key,
            swipes=snapshot.profile_version,
            attempt=write.attempt,
            error=str(outcome.error),
            retry_in=delay,
            level=level,
        )
    return WriteFailed(
        effect_id=write.effect_id,
        error=_short(outcome.error),
        attempt=write.attempt,
        retry_in_seconds=delay,
        at=now,
    )


def _short(error: RepositoryError) -> str:
    return str(error).split("\n", 1)[0][:300]
