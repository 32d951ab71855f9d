"""`decide`: one check yields every row due, in order, each covering the right swipes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from middleware.decide import decide
from store import (
    AppStarted,
    AppState,
    Catalog,
    Direction,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    create_reducer,
)

DAY = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def swiped_days(catalog: Catalog, per_day: list[int]) -> AppState:
    """``per_day[i]`` swipes on 20 + i January (UTC), through the real reducer."""
    reducer: Any = create_reducer(catalog.item_tags)
    state = reducer(AppState(), AppStarted(at=DAY, timezone="UTC"))
    for offset, count in enumerate(per_day):
        for index in range(count):
            at = DAY + timedelta(days=offset, minutes=index)
            state = reducer(
                state, Swiped(item_id=catalog.cards[index].id, direction=Direction.UP, at=at)
            )
    return state  # type: ignore[no-any-return]


def keys(actions: list[SnapshotScheduled | SnapshotSkipped]) -> list[str]:
    return [a.window_key if isinstance(a, SnapshotScheduled) else a.reason for a in actions]


def test_one_check_rolls_over_every_ended_day_oldest_first_then_the_threshold(
    catalog: Catalog,
) -> None:
    state = swiped_days(catalog, [10, 12, 5])  # 27 swipes on the 20th, 21st and 22nd
    actions = decide(state, DAY + timedelta(days=3))
    assert keys(actions) == ["day:2026-01-20", "day:2026-01-21", "day:2026-01-22", "swipes:000025"]
    versions = [a.profile_version for a in actions if isinstance(a, SnapshotScheduled)]
    assert versions == [10, 22, 27, 27]


def test_each_rollover_row_holds_the_profile_at_the_end_of_its_day(catalog: Catalog) -> None:
    state = swiped_days(catalog, [3, 4])
    (first, second) = decide(state, DAY + timedelta(days=2))
    assert isinstance(first, SnapshotScheduled) and isinstance(second, SnapshotScheduled)
    assert first.snapshot.snapshot_date_local == date(2026, 1, 20)
    assert '"swipe_count":3' in first.snapshot.payload_json
    assert '"swipe_count":7' in second.snapshot.payload_json


def test_a_requested_snapshot_is_answered_alone(catalog: Catalog) -> None:
    state = swiped_days(catalog, [3, 4])
    actions = decide(state, DAY + timedelta(days=2), requested=True)
    assert keys(actions) == ["manual:000007"]


def test_nothing_due_is_one_skip_with_its_reason_and_numbers(catalog: Catalog) -> None:
    (skip,) = decide(swiped_days(catalog, [3]), DAY + timedelta(hours=1))
    assert isinstance(skip, SnapshotSkipped)
    assert skip.reason == "below_threshold"
    assert "next snapshot at 25" in skip.detail


def test_a_day_that_has_not_ended_by_the_clock_is_left_open(catalog: Catalog) -> None:
    state = swiped_days(catalog, [3, 4])
    actions = decide(state, DAY + timedelta(days=1, hours=1))  # still the 21st
    assert keys(actions) == ["day:2026-01-20"]
