"""Start-up finds each local day with swipes and no rollover row open, with its end profile,
and the one rule then says which of them ended."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from pathlib import Path

from middleware.persistence.catch_up import read_open_days
from middleware.persistence.repository import SnapshotRepository
from store import AppState, Catalog, ProfileStore, SwipeRecord, TriggerType, build_new_snapshot
from store.rollovers import ended_days
from store.state import ProfileState
from store.triggers import PERIODS
from store.windows import threshold_window_key
from tests.middleware.persistence.histories import (
    START,
    ZONE,
    new_store,
    payload_bytes,
    record_snapshot,
    store_state_at,
    swipe,
)

DAYS = [date(2026, 1, d) for d in (20, 21, 22)]


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


def as_state(profile: ProfileState) -> AppState:
    return AppState(profile=profile, timezone=ZONE)


def write_rollovers(repository: SnapshotRepository, days: Mapping[date, ProfileState]) -> None:
    """Write the rows of every period trigger for ``days`` as the snapshot job does: each
    day's row, and each of its longer periods' row unless that period has one already."""
    for trigger in PERIODS:
        claimed = repository.claimed_periods(trigger)
        ends: dict[date, date] = {}
        for day, profile in days.items():
            start = trigger.period_of(day)
            if start not in ends or days[ends[start]].sequence < profile.sequence:
                ends[start] = day
        for start, day in ends.items():
            if start in claimed:
                continue
            new = build_new_snapshot(
                as_state(days[day]),
                trigger_type=trigger.type,
                window_key=trigger.format_key(start),
                snapshot_date_local=day,
                reason="ended",
                created_at=START + timedelta(days=4),
            )
            assert repository.insert_snapshot(new).created


def test_each_day_without_a_row_is_open_with_the_profile_after_its_last_swipe(
    db_path: Path, catalog: Catalog
) -> None:
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        write_rollovers(repository, {DAYS[0]: ends[0].profile})
        found = read_open_days(repository, catalog)
    assert sorted(found.open_days) == DAYS[1:]
    assert found.claimed[TriggerType.DAY_ROLLOVER] == {DAYS[0]}
    for day, end in zip(DAYS[1:], ends[1:], strict=True):
        assert payload_bytes(as_state(found.open_days[day])) == payload_bytes(end)
        assert found.open_days[day] == end.profile
    assert ended_days(found.open_days, found.claimed[TriggerType.DAY_ROLLOVER], DAYS[2]) == [
        DAYS[1]
    ]


def test_a_day_is_rebuilt_from_a_snapshot_taken_during_it(db_path: Path, catalog: Catalog) -> None:
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
        found = read_open_days(repository, catalog)
    assert sorted(found.open_days) == DAYS
    for day, end in zip(DAYS, ends, strict=True):
        assert payload_bytes(as_state(found.open_days[day])) == payload_bytes(end)
        assert found.open_days[day].sequence == end.profile.sequence


def test_no_day_is_open_once_its_row_is_written(db_path: Path, catalog: Catalog) -> None:
    _store, records, _ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        found = read_open_days(repository, catalog)
        assert len(found.open_days) == 3
        write_rollovers(repository, found.open_days)
        again = read_open_days(repository, catalog)
        assert again.open_days == {}
        assert again.claimed[TriggerType.DAY_ROLLOVER] == set(DAYS)
        assert repository.count_snapshots() == 3 + 1  # the three days and their week


def test_today_is_open_but_has_not_ended(db_path: Path, catalog: Catalog) -> None:
    _store, records, _ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records[:20])
        found = read_open_days(repository, catalog)
    assert list(found.open_days) == [DAYS[0]]
    assert ended_days(found.open_days, found.claimed[TriggerType.DAY_ROLLOVER], DAYS[0]) == []


def test_each_swipe_keeps_the_date_it_was_stored_with(db_path: Path, catalog: Catalog) -> None:
    # The 20 swipes of the 20th, stored as if the user had been in Tokyo: their dates are the
    # ones stored, even though a start in New York would give other dates to the same instants.
    _store, records, _ends = three_days(catalog)
    tokyo = [record._replace(local_date=date(2026, 1, 21)) for record in records[:20]]
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(tokyo)
        found = read_open_days(repository, catalog)
    assert list(found.open_days) == [date(2026, 1, 21)]
    assert found.open_days[date(2026, 1, 21)].sequence == 20


def test_a_gap_before_the_last_rollover_is_still_found(db_path: Path, catalog: Catalog) -> None:
    # Rollovers are not always written in date order: after a zone change the live check can
    # roll over the 21st while the swipes were stored under the 20th, and a failed write can
    # be followed by later days' rows. The 20th must still get its row.
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        write_rollovers(repository, {DAYS[1]: ends[1].profile, DAYS[2]: ends[2].profile})
        found = read_open_days(repository, catalog)
    assert list(found.open_days) == [DAYS[0]]
    assert payload_bytes(as_state(found.open_days[DAYS[0]])) == payload_bytes(ends[0])
    assert found.checked_through == 0  # nothing is checked past a day without its row


def test_the_check_stops_before_the_first_day_without_a_row(
    db_path: Path, catalog: Catalog
) -> None:
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        write_rollovers(repository, {DAYS[0]: ends[0].profile})
        found = read_open_days(repository, catalog)
        assert sorted(found.open_days) == DAYS[1:]
        assert (found.previously_checked_through, found.checked_through) == (0, 20)
        assert found.advanced
        write_rollovers(repository, {DAYS[1]: found.open_days[DAYS[1]]})
        again = read_open_days(repository, catalog)
    assert list(again.open_days) == [DAYS[2]]  # still open: the 22nd has no row yet
    assert again.checked_through == 40


def test_after_a_recorded_check_several_days_are_open_each_with_its_end(
    db_path: Path, catalog: Catalog
) -> None:
    # A crash after the 20th's check: the 21st and 22nd ended with no row, and a start on the
    # 23rd finds both, each with its own end, reading only the swipes after the check.
    _store, records, ends = three_days(catalog)
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)
        write_rollovers(repository, {DAYS[0]: ends[0].profile})
        repository.record_rollovers_checked(20)
        found = read_open_days(repository, catalog)
        assert sorted(found.open_days) == DAYS[1:]
        for day, end in zip(DAYS[1:], ends[1:], strict=True):
            assert found.open_days[day] == end.profile
        assert (found.previously_checked_through, found.checked_through) == (20, 20)
        write_rollovers(repository, found.open_days)
        again = read_open_days(repository, catalog)
        assert again.open_days == {}
        assert again.checked_through == 60
        assert repository.count_snapshots() == 3 + 1  # the three days and their week
