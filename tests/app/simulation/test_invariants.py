"""The invariants checked after every run find each kind of broken file, and name it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.simulation import invariants
from app.simulation.invariants import Violation, check_file
from app.simulation.simulator import SimulationOptions, run_simulation
from store import Catalog

START = datetime(2026, 1, 5, 7, 0, tzinfo=UTC)
TODAY = date(2026, 1, 7)
"""The local date when the run below ends: its two days, the 5th and the 6th, have ended."""


@pytest.fixture
def simulated(db_path: Path) -> Path:
    """A sound file: 100 swipes over two days in UTC, four threshold rows, two rollovers."""
    run_simulation(
        SimulationOptions(db_path, swipes=100, days=2, zone=ZoneInfo("UTC"), start=START)
    )
    return db_path


def damage(db_path: Path, *statements: str) -> None:
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        for statement in statements:
            connection.execute(statement)
    finally:
        connection.close()


def found(db_path: Path, catalog: Catalog, **options: object) -> list[Violation]:
    options.setdefault("today", TODAY)
    return check_file(db_path, catalog, timezone="UTC", **options).violations  # type: ignore[arg-type]


def test_a_sound_simulated_file_breaks_nothing(simulated: Path, catalog: Catalog) -> None:
    check = check_file(simulated, catalog, timezone="UTC", today=TODAY)
    assert check.violations == []
    assert check.sequence == 100
    assert check.active_days == {date(2026, 1, 5), date(2026, 1, 6)}
    assert check.rollover_days == {date(2026, 1, 5): 1, date(2026, 1, 6): 1}


def test_a_row_that_cannot_be_read_is_named(simulated: Path, catalog: Catalog) -> None:
    # The payload of 50 swipes on the row of 25: its version and its payload disagree.
    damage(
        simulated,
        "UPDATE profile_snapshots SET payload_json = (SELECT payload_json FROM "
        "profile_snapshots WHERE window_key = 'swipes:000050') WHERE window_key = 'swipes:000025'",
    )
    assert found(simulated, catalog) == [Violation(invariants.ROWS_READABLE, "1 row(s) skipped")]


def test_a_row_whose_payload_disagrees_with_the_log_is_named(
    simulated: Path, catalog: Catalog
) -> None:
    # Readable, but every like count is ten or more higher than the swipes say.
    damage(
        simulated,
        "UPDATE profile_snapshots SET payload_json = replace(payload_json, '\"likes\":', "
        "'\"likes\":1') WHERE window_key = 'swipes:000075'",
    )
    assert found(simulated, catalog) == [
        Violation(invariants.ROWS_MATCH_LOG, "swipes:000075 disagrees with the log")
    ]


def test_a_missing_rollover_is_named_once_its_day_has_ended(
    simulated: Path, catalog: Catalog
) -> None:
    damage(simulated, "DELETE FROM profile_snapshots WHERE window_key = 'day:2026-01-06'")
    assert found(simulated, catalog) == [
        Violation(
            invariants.ENDED_DAYS_ROLLED_OVER,
            "local day 2026-01-06 ended with swipes and has no DAY_ROLLOVER row",
        )
    ]
    assert found(simulated, catalog, today=date(2026, 1, 6)) == []  # the 6th has not ended


def test_a_second_rollover_of_a_date_is_named(simulated: Path, catalog: Catalog) -> None:
    # The 6th's window again at another version: the unique key (window, trigger, version)
    # lets it in, the invariants do not.
    damage(
        simulated,
        "UPDATE profile_snapshots SET trigger_type = 'DAY_ROLLOVER', window_key = "
        "'day:2026-01-06', created_at = '2026-01-07T00:00:00.000Z' "
        "WHERE window_key = 'swipes:000075'",
    )
    assert found(simulated, catalog, days_are_exact=False) == [
        Violation(invariants.ONE_ROW_PER_WINDOW, "DAY_ROLLOVER day:2026-01-06 has 2 rows"),
        Violation(invariants.ONE_ROLLOVER_PER_DATE, "local day 2026-01-06 has 2 DAY_ROLLOVER rows"),
    ]
    exact = [
        v for v in found(simulated, catalog) if v.invariant == invariants.ROLLOVER_ENDS_ITS_DAY
    ]
    assert len(exact) == 1 and exact[0].detail.endswith("its period's last is 100")


def test_a_rollover_written_before_its_day_ended_is_named(
    simulated: Path, catalog: Catalog
) -> None:
    damage(
        simulated,
        "UPDATE profile_snapshots SET created_at = '2026-01-06T22:00:00.000Z' "
        "WHERE window_key = 'day:2026-01-06'",
    )
    assert found(simulated, catalog) == [
        Violation(
            invariants.NOTHING_AFTER_ITS_CLOCK,
            "day:2026-01-06 was written on 2026-01-06, before it ended",
        )
    ]


def test_a_gap_in_the_swipe_log_is_named_and_nothing_after_it_is_replayed(
    simulated: Path, catalog: Catalog
) -> None:
    damage(simulated, "DELETE FROM swipes WHERE sequence = 60")
    assert found(simulated, catalog, acknowledged_sequence=100) == [
        Violation(invariants.LOG_WITHOUT_GAPS, "swipe 61 follows 59")
    ]


def test_a_lost_acknowledged_swipe_or_row_is_named(simulated: Path, catalog: Catalog) -> None:
    damage(simulated, "DELETE FROM swipes WHERE sequence > 99")
    violations = found(
        simulated, catalog, acknowledged_sequence=100, acknowledged_rows=frozenset({"gone"})
    )
    assert (
        Violation(invariants.ACKNOWLEDGED_KEPT, "swipes up to 100 were acknowledged, 99 are stored")
        in violations
    )
    assert Violation(invariants.ACKNOWLEDGED_KEPT, "acknowledged row gone is gone") in violations
    assert (
        Violation(invariants.ROWS_MATCH_LOG, "swipes:000100 covers swipes that are not stored")
        in violations
    )
