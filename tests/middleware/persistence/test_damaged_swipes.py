"""The swipe-log reads skip a damaged row, name it and why, and read every other row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from middleware.persistence.damaged_swipes import SHOWN, DamagedSwipes
from middleware.persistence.repository import SnapshotRepository
from store import Catalog
from tests.middleware.persistence.histories import START, new_store, swipe


@pytest.fixture
def ten_swipes(db_path: Path, catalog: Catalog) -> Path:
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(swipe(new_store(catalog), catalog, 10, start=START))
    return db_path


def damage(db_path: Path, sequence: int, column: str, value: object) -> None:
    connection = sqlite3.connect(db_path, isolation_level=None)
    try:
        connection.execute(f"UPDATE swipes SET {column} = ? WHERE sequence = ?", (value, sequence))
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("at", "not a time", "its time 'not a time' is not an ISO-8601 instant"),
        ("at", "2026-01-06T10:00:00", "its time '2026-01-06T10:00:00' has no UTC offset"),
        ("at", b"\x00\x01", "its time b'\\x00\\x01' is not text"),
        ("local_date", "2026-02-30", "its local date '2026-02-30' is not a date (YYYY-MM-DD)"),
    ],
)
def test_a_replay_skips_the_damaged_row_and_reads_every_other_one(
    ten_swipes: Path, column: str, value: object, reason: str
) -> None:
    damage(ten_swipes, 4, column, value)
    with SnapshotRepository.open(ten_swipes, read_only=True) as repository:
        read = [record.sequence for record in repository.swipes_after(0)]
        assert read == [1, 2, 3, 5, 6, 7, 8, 9, 10]
        assert repository.damaged_swipes.sequences == (4,)
        assert repository.damaged_swipes.describe() == (
            f"1 damaged swipe row in the database was skipped (swipe 4: {reason}); it is left "
            "in the file as it is, and the profile counts every other swipe"
        )


def test_the_dates_of_the_log_pass_over_a_damaged_date_and_name_its_swipes(
    ten_swipes: Path,
) -> None:
    damage(ten_swipes, 3, "local_date", "garbage")
    damage(ten_swipes, 7, "local_date", "garbage")
    with SnapshotRepository.open(ten_swipes, read_only=True) as repository:
        assert [day.isoformat() for day in repository.swipe_dates()] == ["2026-01-20"]
        assert [day.day.isoformat() for day in repository.swipe_days_after(0)] == ["2026-01-20"]
        assert repository.damaged_swipes.sequences == (3, 7)


def test_an_undamaged_log_names_nothing(ten_swipes: Path) -> None:
    with SnapshotRepository.open(ten_swipes, read_only=True) as repository:
        assert len(list(repository.swipes_after(0))) == 10
        repository.swipe_dates()
        assert not repository.damaged_swipes


def test_one_line_names_the_first_rows_with_their_reasons_and_counts_the_rest() -> None:
    damaged = DamagedSwipes()
    for sequence in range(1, SHOWN + 6):
        damaged.add(sequence, "its time 'x' is not an ISO-8601 instant")
        damaged.add(sequence, "a second read of the same row")  # once per row
    line = damaged.describe()
    assert line.startswith(f"{SHOWN + 5} damaged swipe rows in the database were skipped ")
    assert f"(swipes 1, 2, 3, 4, 5, 6, 7, 8, 9, {SHOWN} and 5 more; 1: its time" in line
    assert "a second read" not in line and "\n" not in line
