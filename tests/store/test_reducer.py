"""The root reducer: swipe arithmetic, copy-on-write, and the snapshot job's bookkeeping."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from store import (
    AppStarted,
    AppState,
    BatchCoalesced,
    Catalog,
    Direction,
    ProfileStore,
    SnapshotRecorded,
    SnapshotRequested,
    SnapshotScheduled,
    SnapshotSkipped,
    Swiped,
    SwipesPersisted,
    TagStats,
    TimezoneChanged,
    TriggerType,
    WriteFailed,
    WriteRetried,
    create_reducer,
)
from store.effects import snapshot_effect, swipes_effect
from store.errors import InvalidActionError
from store.selectors import select_skip_since_last_snapshot
from store.snapshot_rows import NewSnapshot
from store.state import LastSkip, LastSnapshot, PendingWrite
from tests.conftest import START

THRESHOLD_ROW = snapshot_effect("swipes:000025")
"""The write of the 25-swipe threshold row, as the state keys it."""

CARD = "margherita-pizza"
CARD_TAGS = ("italian", "cheesy", "baked", "vegetarian")


@pytest.fixture
def reducer(catalog: Catalog) -> Any:
    return create_reducer(catalog.item_tags)


def swipe(direction: Direction, item_id: str = CARD, seconds: int = 0) -> Swiped:
    return Swiped(item_id=item_id, direction=direction, at=START + timedelta(seconds=seconds))


def scheduled(trigger: TriggerType, window_key: str, **overrides: Any) -> SnapshotScheduled:
    """The policy's claim of ``window_key``, carrying a row (its payload is not read here)."""
    fields: dict[str, Any] = {
        "trigger_type": trigger,
        "window_key": window_key,
        "profile_version": 25,
        "snapshot_date_local": date(2026, 1, 20),
        "created_at": START,
        "payload_json": "{}",
        "meta_json": "{}",
    }
    fields.update(overrides)
    return SnapshotScheduled(snapshot=NewSnapshot(**fields), reason="test", at=START)


def recorded(window_key: str, *, created: bool) -> SnapshotRecorded:
    return SnapshotRecorded(
        trigger_type=TriggerType.SWIPE_THRESHOLD,
        window_key=window_key,
        profile_version=25,
        created=created,
        created_at=START,
    )


def failed(window_key: str = "swipes:000025", error: str = "disk full") -> WriteFailed:
    return WriteFailed(effect_id=snapshot_effect(window_key), error=error, attempt=1, at=START)


def test_catalog_card_used_here_has_the_expected_tags(catalog: Catalog) -> None:
    assert catalog.card(CARD).tags == CARD_TAGS


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        (Direction.RIGHT, TagStats(likes=1)),
        (Direction.LEFT, TagStats(nopes=1)),
        (Direction.UP, TagStats(superlikes=1)),
    ],
)
def test_a_swipe_counts_once_on_each_tag_of_its_card(
    reducer: Any, direction: Direction, expected: TagStats
) -> None:
    state = reducer(AppState(), swipe(direction))
    assert dict(state.profile.tags) == dict.fromkeys(CARD_TAGS, expected)


def test_swipes_on_cards_sharing_a_tag_add_up(reducer: Any, catalog: Catalog) -> None:
    state = AppState()
    state = reducer(state, swipe(Direction.RIGHT, "margherita-pizza"))
    state = reducer(state, swipe(Direction.LEFT, "lasagne-al-forno"))
    state = reducer(state, swipe(Direction.UP, "spaghetti-carbonara"))
    tags = state.profile.tags
    assert tags["italian"] == TagStats(likes=1, nopes=1, superlikes=1)
    assert tags["cheesy"] == TagStats(likes=1, nopes=1, superlikes=1)
    assert tags["baked"] == TagStats(likes=1, nopes=1)
    assert tags["vegetarian"] == TagStats(likes=1)
    assert tags["noodles"] == TagStats(superlikes=1)
    assert "dessert" not in tags


def test_the_sequence_counts_the_swipes_one_by_one(reducer: Any) -> None:
    state = AppState()
    for expected, direction in enumerate([Direction.RIGHT, Direction.LEFT, Direction.UP], 1):
        state = reducer(state, swipe(direction, seconds=expected))
        assert state.profile.sequence == expected


def test_last_swipe_at_is_the_time_of_the_latest_swipe(reducer: Any) -> None:
    state = reducer(AppState(), swipe(Direction.RIGHT, seconds=5))
    state = reducer(state, swipe(Direction.LEFT, seconds=90))
    assert state.profile.last_swipe_at == START + timedelta(seconds=90)


def test_previous_state_is_unchanged_after_a_swipe(reducer: Any) -> None:
    first = reducer(AppState(), swipe(Direction.RIGHT))
    first_tags = dict(first.profile.tags)
    first_tags_mapping = first.profile.tags

    second = reducer(first, swipe(Direction.LEFT, "tiramisu", seconds=1))

    assert first.profile.tags is first_tags_mapping
    assert dict(first.profile.tags) == first_tags
    assert "dessert" not in first.profile.tags
    assert first.profile.sequence == 1
    assert second.profile.tags is not first.profile.tags
    assert second.profile.tags["dessert"] == TagStats(nopes=1)


def test_a_swipe_changes_only_the_profile_and_its_local_day(reducer: Any) -> None:
    before = reducer(AppState(), AppStarted(at=START, timezone="Asia/Tokyo"))
    after = reducer(before, swipe(Direction.RIGHT))
    assert after.snapshots is before.snapshots
    assert after.open_days == {date(2026, 1, 20): after.profile}
    assert after.timezone == "Asia/Tokyo"
    assert after.started_at == START


def test_a_swipe_opens_its_date_in_the_zone_in_force(reducer: Any) -> None:
    # 09:00 UTC on 20 January is 23:00 on the 19th in Honolulu and 18:00 on the 20th in Tokyo.
    state = reducer(AppState(), AppStarted(at=START, timezone="Pacific/Honolulu"))
    state = reducer(state, swipe(Direction.RIGHT))
    state = reducer(state, TimezoneChanged(at=START, timezone="Asia/Tokyo"))
    state = reducer(state, swipe(Direction.LEFT, seconds=1))
    open_days = state.open_days
    assert sorted(open_days) == [date(2026, 1, 19), date(2026, 1, 20)]
    assert open_days[date(2026, 1, 19)].sequence == 1
    assert open_days[date(2026, 1, 20)] is state.profile


def test_each_open_day_keeps_the_profile_after_its_last_swipe(reducer: Any) -> None:
    state = reducer(AppState(), swipe(Direction.RIGHT))
    state = reducer(state, swipe(Direction.RIGHT, seconds=60))
    first_day_end = state.profile
    state = reducer(state, swipe(Direction.LEFT, seconds=86_400))
    assert state.open_days[date(2026, 1, 20)] is first_day_end
    assert state.open_days[date(2026, 1, 21)] is state.profile


def test_claimed_rollovers_close_their_day_and_a_later_swipe_does_not_reopen_it(
    reducer: Any,
) -> None:
    state = reducer(AppState(), swipe(Direction.RIGHT))
    state = reducer(
        state,
        scheduled(TriggerType.DAY_ROLLOVER, "day:2026-01-20", profile_version=1),
    )
    assert list(state.open_days) == [date(2026, 1, 20)]  # its week has no row yet
    state = reducer(
        state,
        scheduled(TriggerType.WEEKLY_ROLLOVER, "week:2026-W04", profile_version=1),
    )
    assert state.open_days == {}
    assert state.snapshots.claimed_periods[TriggerType.DAY_ROLLOVER] == frozenset(
        {date(2026, 1, 20)}
    )
    state = reducer(state, swipe(Direction.UP, seconds=60))  # the clock went back, say
    assert state.open_days == {}
    assert state.profile.sequence == 2


@pytest.mark.parametrize(
    "action",
    [
        SnapshotRequested(at=START),
        "not an action at all",
    ],
)
def test_unrelated_actions_return_the_same_state_object(reducer: Any, action: object) -> None:
    state = reducer(AppState(), swipe(Direction.RIGHT))
    assert reducer(state, action) is state


def test_app_started_sets_the_zone_and_the_start_time(reducer: Any) -> None:
    state = reducer(AppState(), AppStarted(at=START, timezone="Asia/Tokyo"))
    assert state.timezone == "Asia/Tokyo"
    assert state.started_at == START


def test_timezone_changed_sets_the_zone_and_keeps_the_start_time(reducer: Any) -> None:
    started = reducer(AppState(), AppStarted(at=START, timezone="UTC"))
    state = reducer(
        started, TimezoneChanged(at=START + timedelta(hours=1), timezone="Europe/Berlin")
    )
    assert state.timezone == "Europe/Berlin"
    assert state.started_at == START


def test_threshold_snapshot_scheduled_claims_its_window_and_is_pending(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025"))
    assert state.snapshots.pending == frozenset({"swipes:000025"})
    assert state.snapshots.last_threshold_window == 25


def test_older_threshold_window_never_lowers_the_claimed_one(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000050"))
    state = reducer(state, scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025"))
    assert state.snapshots.last_threshold_window == 50
    assert state.snapshots.pending == frozenset(
        {"swipes:000025", "swipes:000050"}
    )


def test_rollover_snapshots_scheduled_claim_each_day_whatever_their_order(
    reducer: Any,
) -> None:
    state = reducer(
        AppState(),
        scheduled(
            TriggerType.DAY_ROLLOVER, "day:2026-01-21", snapshot_date_local=date(2026, 1, 21)
        ),
    )
    state = reducer(
        state,
        scheduled(
            TriggerType.DAY_ROLLOVER, "day:2026-01-20", snapshot_date_local=date(2026, 1, 20)
        ),
    )
    assert state.snapshots.claimed_periods[TriggerType.DAY_ROLLOVER] == frozenset(
        {date(2026, 1, 20), date(2026, 1, 21)}
    )
    assert state.snapshots.pending == frozenset(
        {"day:2026-01-20", "day:2026-01-21"}
    )


def test_manual_snapshot_scheduled_claims_its_profile_version(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.MANUAL, "manual:000007", profile_version=7))
    assert state.snapshots.last_manual_version == 7
    assert state.snapshots.pending == frozenset({"manual:000007"})


def test_created_snapshot_is_counted_and_clears_pending_and_failing(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025"))
    state = reducer(state, failed())
    assert state.snapshots.failing

    state = reducer(state, recorded("swipes:000025", created=True))

    job = state.snapshots
    assert job.counters.created == 1
    assert job.counters.duplicates == 0
    assert job.pending == frozenset()
    assert job.failing is False
    assert job.last_error is None
    assert job.last_snapshot == LastSnapshot(TriggerType.SWIPE_THRESHOLD, "swipes:000025", START)
    assert job.last_threshold_window == 25  # the window stays claimed


def test_duplicate_snapshot_is_counted_and_keeps_the_last_snapshot(reducer: Any) -> None:
    state = reducer(AppState(), recorded("swipes:000025", created=True))
    state = reducer(state, scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000050"))
    state = reducer(state, recorded("swipes:000050", created=False))
    job = state.snapshots
    assert job.counters.created == 1
    assert job.counters.duplicates == 1
    assert job.pending == frozenset()
    assert job.last_snapshot is not None
    assert job.last_snapshot.window_key == "swipes:000025"


def test_failed_snapshot_sets_failing_keeps_the_error_and_counts(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025"))
    state = reducer(state, failed(error="database is locked"))
    state = reducer(state, failed(error="disk full"))
    job = state.snapshots
    assert job.failing is True
    assert job.last_error == "disk full"
    assert job.counters.failed == 2
    assert job.pending == frozenset({"swipes:000025"})  # still to be written


def test_retries_are_counted(reducer: Any) -> None:
    state = AppState()
    for attempt in (2, 3):
        state = reducer(
            state, WriteRetried(effect_id=THRESHOLD_ROW, attempt=attempt, at=START)
        )
    assert state.snapshots.counters.retried == 2


def test_skips_are_counted_by_reason(reducer: Any) -> None:
    state = AppState()
    for reason in ("below-threshold", "already-claimed", "below-threshold"):
        state = reducer(state, SnapshotSkipped(reason=reason, at=START))
    counters = state.snapshots.counters
    assert dict(counters.skipped) == {"below-threshold": 2, "already-claimed": 1}
    assert counters.skipped_total == 3


def test_counting_a_skip_does_not_change_the_previous_counters(reducer: Any) -> None:
    before = reducer(AppState(), SnapshotSkipped(reason="below-threshold", at=START))
    skipped_before = before.snapshots.counters.skipped
    reducer(before, SnapshotSkipped(reason="below-threshold", at=START))
    assert dict(skipped_before) == {"below-threshold": 1}


def test_the_last_skip_is_kept_with_its_reason_until_a_later_snapshot_is_recorded(
    reducer: Any,
) -> None:
    later = START + timedelta(seconds=5)
    state = reducer(AppState(), SnapshotSkipped(reason="below_threshold", at=START))
    state = reducer(state, SnapshotSkipped(reason="nothing_changed", at=later))
    assert state.snapshots.last_skip == LastSkip("nothing_changed", later)
    assert select_skip_since_last_snapshot(state) == LastSkip("nothing_changed", later)
    recorded = SnapshotRecorded(
        trigger_type=TriggerType.MANUAL,
        window_key="manual:000007",
        profile_version=7,
        created=True,
        created_at=later + timedelta(seconds=1),
    )
    assert select_skip_since_last_snapshot(reducer(state, recorded)) is None


def test_coalesced_batches_count_batches_and_swipes(reducer: Any) -> None:
    state = reducer(AppState(), BatchCoalesced(size=3, at=START))
    state = reducer(state, BatchCoalesced(size=5, at=START))
    assert state.snapshots.counters.batches == 2
    assert state.snapshots.counters.swipes_coalesced == 8


def logged(swipes: int) -> AppState:
    """A state whose swipe log holds ``swipes`` swipes (none of them persisted yet)."""
    state = AppState()
    return state._replace(profile=state.profile._replace(sequence=swipes))


def test_persisted_swipes_move_forward_only(reducer: Any) -> None:
    state = reducer(logged(10), SwipesPersisted(sequence=10, count=10))
    state = reducer(state, SwipesPersisted(sequence=4, count=0))
    assert state.snapshots.persisted_sequence == 10


def test_persisted_swipes_clear_a_failure_when_no_snapshot_is_pending(reducer: Any) -> None:
    state = reducer(logged(3), failed(window_key="swipes", error="disk full"))
    state = reducer(state, SwipesPersisted(sequence=3, count=3))
    assert state.snapshots.failing is False
    assert state.snapshots.last_error is None


def test_persisted_swipes_keep_a_failure_while_a_snapshot_is_pending(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025"))
    state = reducer(state, failed(error="disk full"))
    state = state._replace(profile=state.profile._replace(sequence=25))
    state = reducer(state, SwipesPersisted(sequence=25, count=25))
    assert state.snapshots.failing is True
    assert state.snapshots.last_error == "disk full"


def test_snapshot_actions_leave_the_profile_untouched(reducer: Any) -> None:
    before = reducer(AppState(), swipe(Direction.RIGHT))
    after = reducer(before, BatchCoalesced(size=1, at=START))
    assert after.profile is before.profile
    assert after.snapshots is not before.snapshots


def test_store_applies_the_reducer_to_dispatched_swipes(store: ProfileStore) -> None:
    store.dispatch({"type": "Swiped", "item_id": CARD, "direction": "UP", "at": START})
    state = store.get_state()
    assert state.profile.sequence == 1
    assert state.profile.tags["italian"] == TagStats(superlikes=1)


def test_a_scheduled_row_waits_in_the_state_until_it_is_recorded(reducer: Any) -> None:
    claim = scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025")
    state = reducer(AppState(), claim)
    assert state.snapshots.pending_writes == {THRESHOLD_ROW: PendingWrite(claim.snapshot)}
    state = reducer(state, failed())
    assert state.snapshots.pending_writes[THRESHOLD_ROW] == PendingWrite(
        claim.snapshot, attempt=1, failed=True
    )
    state = reducer(state, WriteRetried(effect_id=THRESHOLD_ROW, attempt=2, at=START))
    assert state.snapshots.pending_writes[THRESHOLD_ROW] == PendingWrite(
        claim.snapshot, attempt=2, failed=False
    )
    state = reducer(state, recorded("swipes:000025", created=True))
    assert state.snapshots.pending_writes == {}


def test_a_failed_swipe_commit_leaves_the_pending_rows_alone(reducer: Any) -> None:
    state = reducer(AppState(), scheduled(TriggerType.SWIPE_THRESHOLD, "swipes:000025"))
    before = state.snapshots.pending_writes
    state = reducer(
        state,
        WriteFailed(effect_id=swipes_effect(25), error="disk full", attempt=1, at=START),
    )
    assert state.snapshots.pending_writes == before
    assert state.snapshots.failing


def test_persisted_swipes_beyond_the_log_are_refused(reducer: Any) -> None:
    with pytest.raises(InvalidActionError, match="the log holds 3"):
        reducer(logged(3), SwipesPersisted(sequence=4, count=4))
