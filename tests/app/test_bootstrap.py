"""Start-up through `open_session`: ended days without a rollover row get one, once, and
each start records how far the swipe log is checked so the next one reads less."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from middleware.persistence.repository import SnapshotRepository
from store import Direction, SwipeRecord, TriggerType
from tests.harness import VirtualSession

FIRST_DAY = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)


def store_swipes_as_a_crash_leaves_them(db_path: Path, days: int, per_day: int) -> None:
    """``per_day`` swipes on each of ``days`` days, and no snapshot row at all."""
    records = []
    for day in range(days):
        for index in range(per_day):
            at = FIRST_DAY + timedelta(days=day, minutes=index)
            sequence = day * per_day + index + 1
            records.append(SwipeRecord(sequence, "tiramisu", Direction.RIGHT, at, at.date()))
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(records)


def rollover_keys(session: VirtualSession) -> list[str]:
    return sorted(
        row.window_key for row in session.rows() if row.trigger_type is TriggerType.DAY_ROLLOVER
    )


def checked_through(db_path: Path) -> int:
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        return repository.rollovers_checked_through()


def test_each_day_a_crash_left_without_a_rollover_gets_one_row_once(db_path: Path) -> None:
    store_swipes_as_a_crash_leaves_them(db_path, days=3, per_day=4)
    session = VirtualSession(db_path, start=FIRST_DAY + timedelta(days=3))
    session.settle()
    assert rollover_keys(session) == ["day:2026-01-20", "day:2026-01-21", "day:2026-01-22"]
    versions = {row.window_key: row.profile_version for row in session.rows()}
    assert versions["day:2026-01-21"] == 8  # the state at the end of that day
    # This start found the days still without rows, so it checked nothing past them.
    assert checked_through(db_path) == 0
    session.restart(advance=timedelta(days=3))  # Monday: the days' week gets its row
    session.settle()
    session.restart(advance=timedelta(hours=1))
    session.settle()
    assert rollover_keys(session) == ["day:2026-01-20", "day:2026-01-21", "day:2026-01-22"]
    assert checked_through(db_path) == 12  # now every swipe's day and week have their rows
    session.close()


def test_a_start_after_the_check_still_finds_new_days_without_a_row(db_path: Path) -> None:
    session = VirtualSession(db_path, start=FIRST_DAY)
    session.swipe(3)
    session.settle()
    session.restart(advance=timedelta(days=7))  # the 20th and its week get rows at this start
    session.settle()
    session.restart(advance=timedelta(hours=1))  # and this start records the check
    session.settle()
    assert checked_through(db_path) == 3
    session.swipe(2)  # the 27th, then the app is closed before midnight
    session.settle()
    session.restart(advance=timedelta(days=2))
    session.settle()
    assert rollover_keys(session) == ["day:2026-01-20", "day:2026-01-27"]
    session.close()
    assert session.store.get_state().snapshots.claimed_periods[TriggerType.DAY_ROLLOVER] == {
        date(2026, 1, 20),
        date(2026, 1, 27),
    }
