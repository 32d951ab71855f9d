"""After a restart the state is exactly what it was, rebuilt from a snapshot and a few swipes;
days that ended without their rollover row are found once, with their end-of-day state."""

from __future__ import annotations

import random
import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from middleware.persistence.repository import SnapshotRepository
from store import (
    AppStarted,
    AppState,
    Catalog,
    Direction,
    ProfileStore,
    Swiped,
    SwipeRecord,
    TriggerType,
    build_current_profile_snapshot_input,
    build_new_snapshot,
    create_profile_store,
    missing_rollovers,
    rehydrate,
)
from store.windows import manual_window_key, rollover_window_key, threshold_window_key

ZONE = "America/New_York"
START = datetime(2026, 1, 20, 14, 0, tzinfo=UTC)  # 09:00 in New York


def new_store(catalog: Catalog) -> ProfileStore:
    store = create_profile_store(catalog=catalog)
    store.dispatch(AppStarted(at=START, timezone=ZONE))
    return store


def swipe(
    store: ProfileStore, catalog: Catalog, count: int, *, start: datetime, seed: int = 1
) -> list[SwipeRecord]:
    """Dispatch ``count`` random swipes 3 minutes apart; return them as the log stores them."""
    rng = random.Random(seed)
    ids = sorted(catalog.item_ids)
    records = []
    for index in range(count):
        at = start + timedelta(minutes=3 * index)
        action = Swiped(item_id=rng.choice(ids), direction=rng.choice(list(Direction)), at=at)
        store.dispatch(action)
        state = store.get_state()
        local = at.astimezone(ZoneInfo(state.timezone)).date()
        records.append(
            SwipeRecord(state.profile.sequence, action.item_id, action.direction, at, local)
        )
    return records


def payload_bytes(state: AppState) -> bytes:
    return build_current_profile_snapshot_input(state).canonical_json().encode()


def record_snapshot(
    repository: SnapshotRepository,
    state: AppState,
    trigger: TriggerType,
    window_key: str,
    created_at: datetime,
) -> None:
    day = created_at.astimezone(ZoneInfo(ZONE)).date()
    new = build_new_snapshot(
        state,
        trigger_type=trigger,
        window_key=window_key,
        snapshot_date_local=day,
        reason="test",
        created_at=created_at,
    )
    repository.insert_snapshot(new)


def store_state_at(catalog: Catalog, records: list[SwipeRecord], count: int) -> AppState:
    """The state a fresh store reaches after the first ``count`` of ``records``."""
    store = new_store(catalog)
    for record in records[:count]:
        store.dispatch(Swiped(item_id=record.item_id, direction=record.direction, at=record.at))
    return store.get_state()


def test_rehydrating_gives_byte_identical_payload_sequence_and_last_swipe(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 60, start=START)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records[:25])
        record_snapshot(
            repository,
            store_state_at(catalog, records, 25),
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(25),
            START + timedelta(hours=1),
        )
        repository.append_swipes(records[25:])
    before = store.get_state()
    with SnapshotRepository.open(db_path) as repository:
        after = rehydrate(repository, catalog, timezone=ZONE, started_at=START)
    assert payload_bytes(after) == payload_bytes(before)
    assert after.profile.sequence == before.profile.sequence == 60
    assert after.profile.last_swipe_at == before.profile.last_swipe_at
    assert after.profile.tags == before.profile.tags
    assert (after.timezone, after.started_at) == (ZONE, START)
    assert after.snapshots.persisted_sequence == 60


def test_rehydrating_needs_no_swipe_from_before_the_latest_snapshot(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 80, start=START)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            store_state_at(catalog, records, 50),
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(50),
            START + timedelta(hours=3),
        )
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("DELETE FROM swipes WHERE sequence <= 50")  # history is not read
    connection.close()
    with SnapshotRepository.open(db_path) as repository:
        after = rehydrate(repository, catalog, timezone=ZONE)
    assert payload_bytes(after) == payload_bytes(store.get_state())
    assert after.profile.last_swipe_at == records[-1].at


def test_rehydrating_from_the_latest_snapshot_alone_keeps_its_last_swipe_time(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 30, start=START)
    with SnapshotRepository.open(db_path) as repository:
        record_snapshot(
            repository,
            store.get_state(),
            TriggerType.MANUAL,
            manual_window_key(30),
            START + timedelta(hours=2),
        )
        repository.append_swipes(records)
        after = rehydrate(repository, catalog, timezone=ZONE)
    assert payload_bytes(after) == payload_bytes(store.get_state())
    assert after.profile.last_swipe_at == records[-1].at


def test_rehydrating_a_snapshot_without_meta_takes_the_last_swipe_time_from_the_log(
    db_path: Path, catalog: Catalog
) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 30, start=START)
    with SnapshotRepository.open(db_path) as repository:
        record_snapshot(
            repository,
            store.get_state(),
            TriggerType.MANUAL,
            manual_window_key(30),
            START + timedelta(hours=2),
        )
        repository.append_swipes(records)
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute("UPDATE profile_snapshots SET meta_json = NULL")
    connection.close()
    with SnapshotRepository.open(db_path) as repository:
        after = rehydrate(repository, catalog, timezone=ZONE)
    assert payload_bytes(after) == payload_bytes(store.get_state())
    assert after.profile.last_swipe_at == records[-1].at


def test_rehydrating_an_empty_database_gives_an_empty_profile(
    db_path: Path, catalog: Catalog
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        state = rehydrate(repository, catalog, timezone=ZONE, started_at=START)
    assert state == AppState(timezone=ZONE, started_at=START)


def test_the_snapshot_job_state_is_rebuilt_from_the_rows(db_path: Path, catalog: Catalog) -> None:
    store = new_store(catalog)
    records = swipe(store, catalog, 30, start=START)
    state = store.get_state()
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            state,
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(25),
            START + timedelta(hours=1),
        )
        record_snapshot(
            repository,
            state,
            TriggerType.DAY_ROLLOVER,
            rollover_window_key(date(2026, 1, 20)),
            START + timedelta(hours=12),
        )
        record_snapshot(
            repository, state, TriggerType.MANUAL, manual_window_key(30), START + timedelta(hours=2)
        )
        jobs = rehydrate(repository, catalog, timezone=ZONE).snapshots
    assert jobs.last_threshold_window == 25
    assert jobs.last_rollover_date == date(2026, 1, 20)
    assert jobs.last_manual_version == 30
    assert jobs.last_snapshot is not None
    assert jobs.last_snapshot.window_key == "day:2026-01-20"
    assert jobs.last_snapshot.created_at == START + timedelta(hours=12)
    assert jobs.pending == frozenset() and jobs.persisted_sequence == 30


def three_days(catalog: Catalog) -> tuple[ProfileStore, list[SwipeRecord], list[AppState]]:
    """20, 21 and 22 January (New York), 20 swipes each; the state at the end of each day."""
    store = new_store(catalog)
    records: list[SwipeRecord] = []
    ends = []
    for offset in range(3):
        start = START + timedelta(days=offset)
        records += swipe(store, catalog, 20, start=start, seed=offset)
        ends.append(store.get_state())
    return store, records, ends


def test_missing_rollovers_lists_each_ended_day_without_a_row_with_its_end_state(
    db_path: Path, catalog: Catalog
) -> None:
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            ends[0],
            TriggerType.DAY_ROLLOVER,
            rollover_window_key(date(2026, 1, 20)),
            START + timedelta(hours=11),
        )
        missing = missing_rollovers(
            repository, catalog, today=date(2026, 1, 22), timezone=ZONE
        ).days
    assert [day for day, _state in missing] == [date(2026, 1, 21)]
    ((_day, state),) = missing
    assert payload_bytes(state) == payload_bytes(ends[1])
    assert state.profile.sequence == 40
    assert state.profile.last_swipe_at == ends[1].profile.last_swipe_at
    assert state.timezone == ZONE


def test_missing_rollovers_starts_from_a_snapshot_taken_during_the_day(
    db_path: Path, catalog: Catalog
) -> None:
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        record_snapshot(
            repository,
            store_state_at(catalog, records, 25),
            TriggerType.SWIPE_THRESHOLD,
            threshold_window_key(25),
            START + timedelta(days=1, hours=1),
        )
        missing = missing_rollovers(
            repository, catalog, today=date(2026, 1, 23), timezone=ZONE
        ).days
    assert [day for day, _state in missing] == [date(2026, 1, d) for d in (20, 21, 22)]
    for (_day, state), end in zip(missing, ends, strict=True):
        assert payload_bytes(state) == payload_bytes(end)
        assert state.profile.sequence == end.profile.sequence


def test_no_rollover_is_missing_once_the_rows_are_written(db_path: Path, catalog: Catalog) -> None:
    _store, records, _ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        missing = missing_rollovers(
            repository, catalog, today=date(2026, 1, 23), timezone=ZONE
        ).days
        assert len(missing) == 3
        now = START + timedelta(days=4)
        for day, state in missing:
            new = build_new_snapshot(
                state,
                trigger_type=TriggerType.DAY_ROLLOVER,
                window_key=rollover_window_key(day),
                snapshot_date_local=day,
                reason="catch-up",
                created_at=now,
            )
            assert repository.insert_snapshot(new).created
        again = missing_rollovers(repository, catalog, today=date(2026, 1, 23), timezone=ZONE)
        assert again.days == []
        assert repository.count_snapshots() == 3


def test_today_is_never_missing_a_rollover(db_path: Path, catalog: Catalog) -> None:
    _store, records, _ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        missing = missing_rollovers(
            repository, catalog, today=date(2026, 1, 20), timezone=ZONE
        ).days
    assert missing == []


def write_rollovers(repository: SnapshotRepository, missing: list[tuple[date, AppState]]) -> None:
    """Write the catch-up rows as the snapshot job does."""
    for day, state in missing:
        new = build_new_snapshot(
            state,
            trigger_type=TriggerType.DAY_ROLLOVER,
            window_key=rollover_window_key(day),
            snapshot_date_local=day,
            reason="catch-up",
            created_at=START + timedelta(days=4),
        )
        assert repository.insert_snapshot(new).created


def test_a_gap_before_the_last_rollover_is_still_found(db_path: Path, catalog: Catalog) -> None:
    # Rollovers are not always written in date order: after a zone change the live check can
    # roll over the 21st while the swipes were stored under the 20th, and a failed catch-up
    # write can be followed by later days' rows. The 20th must still get its row.
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        for index, day in ((1, 21), (2, 22)):
            write_rollovers(repository, [(date(2026, 1, day), ends[index])])
        found = missing_rollovers(repository, catalog, today=date(2026, 1, 23), timezone=ZONE)
    assert [day for day, _state in found.days] == [date(2026, 1, 20)]
    assert payload_bytes(found.days[0][1]) == payload_bytes(ends[0])
    assert found.checked_through == 0  # nothing is checked past a day without its row


def test_the_check_stops_before_the_first_day_without_a_row_and_today(
    db_path: Path, catalog: Catalog
) -> None:
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        write_rollovers(repository, [(date(2026, 1, 20), ends[0])])
        found = missing_rollovers(repository, catalog, today=date(2026, 1, 22), timezone=ZONE)
        assert [day for day, _state in found.days] == [date(2026, 1, 21)]
        assert (found.previously_checked_through, found.checked_through) == (0, 20)
        assert found.advanced
        write_rollovers(repository, found.days)
        again = missing_rollovers(repository, catalog, today=date(2026, 1, 22), timezone=ZONE)
    assert again.days == []
    assert again.checked_through == 40  # the 22nd is today: it has no row yet


def test_after_a_recorded_check_several_ended_days_each_get_one_rollover(
    db_path: Path, catalog: Catalog
) -> None:
    # A crash after the 20th's check: the 21st and 22nd ended with no row, and a start on the
    # 23rd finds both, each with its own end state, reading only the swipes after the check.
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        write_rollovers(repository, [(date(2026, 1, 20), ends[0])])
        repository.record_rollovers_checked(20)
        found = missing_rollovers(repository, catalog, today=date(2026, 1, 23), timezone=ZONE)
        assert [day for day, _state in found.days] == [date(2026, 1, 21), date(2026, 1, 22)]
        for (_day, state), end in zip(found.days, ends[1:], strict=True):
            assert payload_bytes(state) == payload_bytes(end)
            assert state.profile.sequence == end.profile.sequence
        assert (found.previously_checked_through, found.checked_through) == (20, 20)
        write_rollovers(repository, found.days)
        again = missing_rollovers(repository, catalog, today=date(2026, 1, 23), timezone=ZONE)
        assert again.days == []
        assert again.checked_through == 60
        assert repository.count_snapshots() == 3
