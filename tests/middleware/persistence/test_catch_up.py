"""Days that ended without their rollover row are found once, with their end-of-day state."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from middleware.persistence.catch_up import missing_rollovers
from middleware.persistence.repository import SnapshotRepository
from store import AppState, Catalog, ProfileStore, SwipeRecord, TriggerType, build_new_snapshot
from store.windows import rollover_window_key, threshold_window_key
from tests.middleware.persistence.histories import (
    START,
    ZONE,
    new_store,
    payload_bytes,
    record_snapshot,
    store_state_at,
    swipe,
)


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
