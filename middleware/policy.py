"""When to take a snapshot: the constants, and the pure decision `should_create_snapshot`.

The policy, in one place (docs/snapshot-policy.md explains the reasoning):

- every ``SNAPSHOT_SWIPE_INTERVAL`` (25) swipes, one ``SWIPE_THRESHOLD`` snapshot, keyed by
  the highest multiple reached (``swipes:000125``): a burst that crosses several multiples
  gives one row, and a window already recorded is never recorded again;
- when a local period with swipes has ended (a day at midnight in the user's IANA zone),
  one snapshot of the profile after that period's last swipe, keyed by the period
  (``day:2026-01-20``), for each period trigger of the registry (`store.triggers`); which
  periods have ended is the one rule `store.rollovers.ended_periods`, asked at midnight,
  after a clock jump or zone change, after each batch and at app start (which so catches
  up on a period that ended while the app was closed);
- on request, a ``MANUAL`` snapshot of the current profile version.

`should_create_snapshot` reads only its arguments: the state (which windows are already
claimed, the swipe counter, the open local days, the user's zone, the swipe interval in
force: `store.settings`) and ``now``.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Literal, assert_never
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from store.actions import TriggerType
from store.instants import require_aware_utc
from store.local_day import local_date
from store.rollovers import ended_periods
from store.settings import (
    MAX_SECONDS,
    MAX_SWIPE_INTERVAL,
    MAX_WAIT_SECONDS,
    MIN_SECONDS,
    QUIET_PERIOD_SECONDS,
    SNAPSHOT_SWIPE_INTERVAL,
    Settings,
)
from store.state import AppState
from store.triggers import (
    COUNT,
    REQUESTED,
    TRIGGERS,
    CountTrigger,
    ManualTrigger,
    PeriodTrigger,
)

_NONE: frozenset[date] = frozenset()

# The three settings a person may change (`store.settings`) keep their bounds there.
__all__ = [
    "MAX_SWIPE_INTERVAL",
    "MAX_WAIT_SECONDS",
    "QUIET_PERIOD_SECONDS",
    "SNAPSHOT_SWIPE_INTERVAL",
]


class SnapshotPolicy(BaseModel):
    """The snapshot job's tunables; the CLI and the app may override any of them.

    The first three are the person's settings (`store.settings`): the job starts with them
    (`settings`) and from then on reads them from the state, where `SettingsChanged`
    replaces them while the window runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    swipe_interval: int = Field(default=SNAPSHOT_SWIPE_INTERVAL, ge=1, le=MAX_SWIPE_INTERVAL)
    quiet_period_seconds: float = Field(
        default=QUIET_PERIOD_SECONDS, ge=MIN_SECONDS, le=MAX_SECONDS
    )
    max_wait_seconds: float = Field(default=MAX_WAIT_SECONDS, ge=MIN_SECONDS, le=MAX_SECONDS)
    periodic_check_seconds: float = Field(default=60.0, gt=0, le=86_400)
    retry_initial_seconds: float = Field(default=1.0, gt=0, le=3600)
    retry_max_seconds: float = Field(default=60.0, gt=0, le=86_400)
    shutdown_deadline_seconds: float = Field(default=5.0, gt=0, le=600)
    catch_up_at_start: bool = True

    @model_validator(mode="after")
    def _max_wait_not_shorter_than_quiet(self) -> SnapshotPolicy:
        if self.max_wait_seconds < self.quiet_period_seconds:
            raise ValueError(
                f"max_wait_seconds ({self.max_wait_seconds}) must be at least "
                f"quiet_period_seconds ({self.quiet_period_seconds}); raise max_wait_seconds"
            )
        if self.retry_max_seconds < self.retry_initial_seconds:
            raise ValueError(
                f"retry_max_seconds ({self.retry_max_seconds}) must be at least "
                f"retry_initial_seconds ({self.retry_initial_seconds})"
            )
        return self

    @property
    def settings(self) -> Settings:
        """The policy's values of the person's settings."""
        return Settings(
            swipe_interval=self.swipe_interval,
            quiet_period_seconds=self.quiet_period_seconds,
            max_wait_seconds=self.max_wait_seconds,
        )

    def with_settings(self, settings: Settings) -> SnapshotPolicy:
        """This policy with ``settings`` in place of its own."""
        return self.model_copy(update=settings._asdict())

    def retry_delay(self, attempt: int) -> float:
        """Capped exponential backoff: the wait before attempt ``attempt + 1``."""
        doublings = min(max(attempt - 1, 0), 32)  # past the cap already; keeps floats finite
        return float(min(self.retry_max_seconds, self.retry_initial_seconds * 2**doublings))


DEFAULT_POLICY = SnapshotPolicy()


class SkipReason(StrEnum):
    """Why the policy decided not to snapshot."""

    NO_ACTIVITY = "no_activity"
    BELOW_THRESHOLD = "below_threshold"
    DUPLICATE_WINDOW = "duplicate_window"
    NOTHING_CHANGED = "nothing_changed"


class CreateSnapshot(BaseModel):
    """Take a snapshot for this window."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["create"] = "create"
    trigger_type: TriggerType
    window_key: str
    snapshot_date_local: date
    profile_version: int
    """The swipe sequence the snapshot covers: for a rollover, that day's last swipe."""
    reason: str


class SkipSnapshot(BaseModel):
    """Take no snapshot, for ``reason`` (``detail`` says it with numbers)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["skip"] = "skip"
    reason: SkipReason
    detail: str


SnapshotDecision = Annotated[CreateSnapshot | SkipSnapshot, Field(discriminator="kind")]


def should_create_snapshot(
    state: AppState,
    now: datetime,
    *,
    requested: bool = False,
) -> SnapshotDecision:
    """Decide whether a snapshot is due at ``now``, and for which window.

    ``requested`` asks for a MANUAL snapshot (the user pressed "snapshot now"). Otherwise a
    day that ended with activity comes first, since its window is the older one; the caller
    marks the window claimed (``SnapshotScheduled``) and asks again, so a check at which both
    a rollover and a threshold are due yields both, one after the other.
    """
    now = require_aware_utc(now, "should_create_snapshot's now")
    profile = state.profile
    job = state.snapshots
    zone = ZoneInfo(state.timezone)
    today = local_date(now, zone)
    if profile.sequence == 0 or profile.last_swipe_at is None:
        return SkipSnapshot(reason=SkipReason.NO_ACTIVITY, detail="no swipes yet")

    if requested:
        if job.last_manual_version == profile.sequence:
            return SkipSnapshot(
                reason=SkipReason.NOTHING_CHANGED,
                detail=f"a manual snapshot of version {profile.sequence} exists already",
            )
        return CreateSnapshot(
            trigger_type=REQUESTED.type,
            window_key=REQUESTED.format_key(profile.sequence),
            snapshot_date_local=today,
            profile_version=profile.sequence,
            reason=f"requested at version {profile.sequence}",
        )

    for entry in TRIGGERS:
        match entry:
            case PeriodTrigger():
                due = _ended_period(entry, state, today)
                if due is not None:
                    return due
            case CountTrigger():
                due = _count_reached(entry, state, today, state.settings.swipe_interval)
                if due is not None:
                    return due
            case ManualTrigger():
                pass  # answers a request only (above)
            case _:
                assert_never(entry)
    return _below_threshold(state, state.settings.swipe_interval)


def _ended_period(entry: PeriodTrigger, state: AppState, today: date) -> CreateSnapshot | None:
    """The oldest period of ``entry`` that ended with swipes and has no row, if any."""
    ended = ended_periods(
        entry, state.open_days, state.snapshots.claimed_periods.get(entry.type, _NONE), today
    )
    if not ended:
        return None
    start, last_day = ended[0]
    return CreateSnapshot(
        trigger_type=entry.type,
        window_key=entry.format_key(start),
        snapshot_date_local=last_day,
        profile_version=state.open_days[last_day].sequence,
        reason=f"{entry.describe(start)} ended with activity ({state.timezone})",
    )


def _count_reached(
    entry: CountTrigger, state: AppState, today: date, interval: int
) -> CreateSnapshot | None:
    """The highest multiple of ``interval`` reached and not claimed yet, if any."""
    sequence = state.profile.sequence
    claimed = state.snapshots.last_threshold_window
    reached = sequence // interval * interval
    if reached <= claimed:
        return None
    crossed = (reached - claimed) // interval
    return CreateSnapshot(
        trigger_type=entry.type,
        window_key=entry.format_key(reached),
        snapshot_date_local=today,
        profile_version=sequence,
        reason=(
            f"swipe {sequence} reached {reached}"
            + (f" ({crossed} multiples of {interval} in one batch)" if crossed > 1 else "")
        ),
    )


def _below_threshold(state: AppState, interval: int) -> SkipSnapshot:
    sequence = state.profile.sequence
    reached = sequence // interval * interval
    if reached > 0 and reached == state.snapshots.last_threshold_window and sequence == reached:
        return SkipSnapshot(
            reason=SkipReason.DUPLICATE_WINDOW,
            detail=f"window {COUNT.format_key(reached)} is recorded already",
        )
    return SkipSnapshot(
        reason=SkipReason.BELOW_THRESHOLD,
        detail=f"{sequence} swipes; next snapshot at {(sequence // interval + 1) * interval}",
    )
