"""Where a run on a database with history starts, and which instants its faults may use."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation.continuation import (
    History,
    check_time_faults,
    choose_start,
    end_of_run,
    read_history,
)
from app.simulation.simulator import SimulationOptions, run_simulation
from app.simulation.time_faults import ClockJump, ZoneChange
from middleware.persistence import lock_path_for, schema
from middleware.persistence.repository import SnapshotRepository

BERLIN = ZoneInfo("Europe/Berlin")
DEFAULT = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
LAST_SWIPE = datetime(2026, 3, 10, 20, 32, 53, 500000, tzinfo=UTC)  # 21:32 in Berlin


def test_a_new_or_empty_database_has_no_history(db_path: Path) -> None:
    assert read_history(db_path) is None
    SnapshotRepository.open(db_path).close()
    assert read_history(db_path) is None


def test_the_history_is_the_last_swipe_and_the_last_row_written(db_path: Path) -> None:
    start = datetime(2026, 3, 9, 7, 0, tzinfo=UTC)
    run_simulation(SimulationOptions(db_path, swipes=60, days=2, zone=BERLIN, start=start))
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        last = repository.last_swipe()
        rows = repository.list_snapshots()
    history = read_history(db_path)
    assert history is not None and last is not None
    assert (history.sequence, history.at) == (60, last.at)
    assert history.last_row_at == max(row.created_at for row in rows)
    # The last row is the rollover of the 10th, written at its midnight: the run goes on then.
    assert history.continuation(BERLIN) == datetime(2026, 3, 10, 23, 0, tzinfo=UTC)


def test_a_run_continues_at_the_local_midnight_after_the_last_swipe() -> None:
    history = History(600, LAST_SWIPE)
    start = choose_start(None, history, zone=BERLIN, default=DEFAULT)
    assert start == datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # midnight in Berlin


def test_a_run_continues_after_a_row_written_later_than_that_midnight() -> None:
    # The session before ended in Tokyo: its last rollover was written at Tokyo's midnight.
    history = History(600, LAST_SWIPE, last_row_at=datetime(2026, 3, 11, 15, 0, tzinfo=UTC))
    start = choose_start(None, history, zone=BERLIN, default=DEFAULT)
    assert start == datetime(2026, 3, 11, 15, 0, tzinfo=UTC)


def test_a_new_database_starts_at_the_requested_instant_or_the_default() -> None:
    requested = datetime(2026, 3, 1, 7, 0, tzinfo=UTC)
    assert choose_start(None, None, zone=BERLIN, default=DEFAULT) == DEFAULT
    assert choose_start(requested, None, zone=BERLIN, default=DEFAULT) == requested


def test_a_start_after_the_last_swipe_is_kept_even_on_the_same_day() -> None:
    later = LAST_SWIPE + timedelta(minutes=5)
    assert choose_start(later, History(600, LAST_SWIPE), zone=BERLIN, default=DEFAULT) == later


def test_a_start_before_the_last_swipe_is_refused_saying_what_to_pass() -> None:
    with pytest.raises(ValueError) as refused:
        choose_start(
            LAST_SWIPE - timedelta(seconds=1),
            History(600, LAST_SWIPE),
            zone=BERLIN,
            default=DEFAULT,
        )
    message = str(refused.value)
    assert "\n" not in message
    assert "--start 2026-03-10T20:32:52Z is before the database's last swipe" in message
    assert "#600 at 2026-03-10T20:32:53.500000Z" in message
    assert "leave --start out to continue from 2026-03-11T00:00:00+01:00" in message


def test_the_run_ends_with_its_last_local_day() -> None:
    start = datetime(2026, 3, 7, 7, 0, tzinfo=UTC)
    assert end_of_run(start, 4, BERLIN) == datetime(2026, 3, 10, 23, 0, tzinfo=UTC)
    # Berlin's clocks go forward on 29 March: that day ends an hour earlier in UTC.
    assert end_of_run(datetime(2026, 3, 29, 7, tzinfo=UTC), 1, BERLIN) == datetime(
        2026, 3, 29, 22, 0, tzinfo=UTC
    )


def test_faults_inside_the_run_are_accepted() -> None:
    start, end = datetime(2026, 3, 7, 7, tzinfo=UTC), datetime(2026, 3, 10, 23, tzinfo=UTC)
    check_time_faults(
        [
            ZoneChange(datetime(2026, 3, 10, 20, tzinfo=UTC), ZoneInfo("Asia/Tokyo")),
            ClockJump(datetime(2026, 3, 8, 22, tzinfo=UTC), timedelta(days=1826)),
            ClockJump(datetime(2026, 3, 9, 2, tzinfo=UTC), timedelta(days=-1826)),
        ],
        start=start,
        end=end,
    )


@pytest.mark.parametrize(
    "at",
    [datetime(2026, 3, 7, 7, tzinfo=UTC), datetime(2026, 3, 10, 23, tzinfo=UTC)],
    ids=["at-the-start", "at-the-end"],
)
def test_a_fault_outside_the_run_is_refused_naming_the_run(at: datetime) -> None:
    start, end = datetime(2026, 3, 7, 7, tzinfo=UTC), datetime(2026, 3, 10, 23, tzinfo=UTC)
    with pytest.raises(ValueError, match="outside the simulated days") as refused:
        check_time_faults([ZoneChange(at, ZoneInfo("Asia/Tokyo"))], start=start, end=end)
    assert "run from 2026-03-07T07:00:00Z to 2026-03-10T23:00:00Z" in str(refused.value)


def test_clock_jumps_that_leave_the_years_a_clock_can_show_are_refused() -> None:
    start = datetime(9990, 1, 1, tzinfo=UTC)
    jumps = [ClockJump(start + timedelta(hours=hour), timedelta(days=36_000)) for hour in (1, 2)]
    with pytest.raises(ValueError, match="outside the years 1 to 9999"):
        check_time_faults(jumps, start=start, end=start + timedelta(days=1))


def test_a_file_older_than_a_read_only_open_reads_is_migrated_to_read_its_history(
    db_path: Path,
) -> None:
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:  # a version 1 file, from before the rollover check, with one swipe
        connection.execute("BEGIN IMMEDIATE")
        schema.MIGRATIONS[0](connection)
        connection.execute("PRAGMA user_version = 1")
        connection.execute(
            "INSERT INTO swipes VALUES (1, 'tiramisu', 'LEFT', '2026-03-10T20:00:00.000000Z', "
            "'2026-03-10')"
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    history = read_history(db_path)
    assert history == History(1, datetime(2026, 3, 10, 20, 0, tzinfo=UTC))
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.schema_version() == schema.LATEST_VERSION
    assert not lock_path_for(db_path).exists()  # the lock was taken for the upgrade, and let go
