"""`should_create_snapshot` and `SnapshotPolicy`: pure decisions from state and time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from middleware.policy import (
    CreateSnapshot,
    SkipReason,
    SkipSnapshot,
    SnapshotPolicy,
    should_create_snapshot,
)
from store.actions import TriggerType
from store.local_day import local_date
from store.settings import Settings
from store.state import AppState, ProfileState, SnapshotJobState

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def state(
    swipes: int, last_swipe_at: datetime | None = NOON, *, zone: str = "UTC", **job: object
) -> AppState:
    """``swipes`` swipes, the last at ``last_swipe_at``, whose local date in ``zone`` is open
    (unless ``job`` says otherwise)."""
    profile = ProfileState(sequence=swipes, last_swipe_at=last_swipe_at if swipes else None)
    open_days: Any = job.pop("open_days", None)
    if open_days is None and swipes and last_swipe_at is not None:
        open_days = {local_date(last_swipe_at, ZoneInfo(zone)): profile}
    return AppState(
        profile=profile,
        snapshots=SnapshotJobState(**job),  # type: ignore[arg-type]
        timezone=zone,
        open_days=open_days or {},
    )


def test_naive_now_is_refused_with_what_to_pass() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        should_create_snapshot(state(25), datetime(2026, 3, 10, 12, 0))


def test_window_key_is_the_highest_multiple_reached() -> None:
    decision = should_create_snapshot(state(137), NOON)
    assert isinstance(decision, CreateSnapshot)
    assert decision.window_key == "swipes:000125"
    assert decision.trigger_type is TriggerType.SWIPE_THRESHOLD
    assert decision.snapshot_date_local == date(2026, 3, 10)


def test_threshold_snapshot_is_dated_in_the_users_zone() -> None:
    late = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)
    decision = should_create_snapshot(state(25, late, zone="Asia/Tokyo"), late)
    assert isinstance(decision, CreateSnapshot)
    assert decision.snapshot_date_local == date(2026, 3, 11)


def test_the_swipe_interval_in_force_in_the_state_is_honoured() -> None:
    every_ten = Settings(swipe_interval=10)
    decision = should_create_snapshot(state(10)._replace(settings=every_ten), NOON)
    assert isinstance(decision, CreateSnapshot)
    skip = should_create_snapshot(state(9)._replace(settings=every_ten), NOON)
    assert isinstance(skip, SkipSnapshot)
    assert skip.reason is SkipReason.BELOW_THRESHOLD
    assert "next snapshot at 10" in skip.detail


def test_rollover_is_keyed_by_the_local_day_that_ended() -> None:
    yesterday_evening = NOON - timedelta(hours=15)
    decision = should_create_snapshot(state(3, yesterday_evening), NOON)
    assert isinstance(decision, CreateSnapshot)
    assert decision.window_key == "day:2026-03-09"
    assert decision.snapshot_date_local == date(2026, 3, 9)


def test_rollover_covers_the_profile_after_that_days_last_swipe() -> None:
    day_end = ProfileState(sequence=3, last_swipe_at=NOON - timedelta(hours=15))
    decision = should_create_snapshot(
        state(9, NOON, open_days={date(2026, 3, 9): day_end, date(2026, 3, 10): ProfileState()}),
        NOON,
    )
    assert isinstance(decision, CreateSnapshot)
    assert (decision.window_key, decision.profile_version) == ("day:2026-03-09", 3)


def test_a_rollover_recorded_for_a_future_date_holds_back_no_ended_day() -> None:
    decision = should_create_snapshot(
        state(
            3,
            NOON - timedelta(hours=15),
            claimed_periods={TriggerType.DAY_ROLLOVER: frozenset({date(2031, 3, 9)})},
        ),
        NOON,
    )
    assert isinstance(decision, CreateSnapshot)
    assert decision.window_key == "day:2026-03-09"


def test_rollover_is_never_dated_in_the_future_of_the_clock() -> None:
    decision = should_create_snapshot(state(3, NOON - timedelta(days=2)), NOON)
    assert isinstance(decision, CreateSnapshot)
    assert decision.snapshot_date_local < date(2026, 3, 10)


def test_policy_refuses_max_wait_shorter_than_quiet_period() -> None:
    with pytest.raises(ValidationError, match="max_wait_seconds"):
        SnapshotPolicy(quiet_period_seconds=5, max_wait_seconds=1)


def test_policy_refuses_a_zero_interval() -> None:
    with pytest.raises(ValidationError, match="swipe_interval"):
        SnapshotPolicy(swipe_interval=0)


def test_retry_backoff_doubles_and_is_capped() -> None:
    policy = SnapshotPolicy(retry_initial_seconds=1, retry_max_seconds=10)
    assert [policy.retry_delay(attempt) for attempt in range(1, 7)] == [1, 2, 4, 8, 10, 10]


def test_retry_backoff_stays_finite_after_thousands_of_attempts() -> None:
    assert SnapshotPolicy().retry_delay(5000) == SnapshotPolicy().retry_max_seconds


@settings(max_examples=300, deadline=None)
@given(
    swipes=st.integers(min_value=1, max_value=10_000),
    recorded=st.integers(min_value=0, max_value=10_000),
    interval=st.integers(min_value=1, max_value=500),
)
def test_threshold_decisions_never_repeat_a_recorded_window(
    swipes: int, recorded: int, interval: int
) -> None:
    recorded = recorded // interval * interval
    decision = should_create_snapshot(
        state(swipes, last_threshold_window=recorded)._replace(
            settings=Settings(swipe_interval=interval)
        ),
        NOON,
    )
    if isinstance(decision, CreateSnapshot):
        multiple = int(decision.window_key.split(":")[1])
        assert multiple > recorded
        assert multiple % interval == 0
        assert multiple <= swipes < multiple + interval
    else:
        assert swipes // interval * interval <= recorded
