"""The repository believes a row only with its swipes, and an insert that stored nothing fails."""

from __future__ import annotations

import logging
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from middleware.persistence.errors import WriteDroppedError
from middleware.persistence.repository import SnapshotRepository
from store import TriggerType
from store.windows import threshold_window_key
from tests.middleware.persistence.test_repository import snapshot, swipe_records


def test_every_start_up_read_passes_over_rows_beyond_the_swipe_log_and_names_them(
    repository: SnapshotRepository,
) -> None:
    repository.insert_snapshot(snapshot(25), swipes=swipe_records(30))
    for new in (
        snapshot(900, window_key=threshold_window_key(900)),
        snapshot(901, trigger=TriggerType.MANUAL),
        snapshot(902, trigger=TriggerType.DAY_ROLLOVER, day=date(2026, 1, 21)),
    ):
        repository.insert_snapshot(new)
    latest = repository.latest_snapshot()
    assert latest is not None and latest.profile_version == 25
    last = repository.last_created_snapshot()
    assert last is not None and last.profile_version == 25
    assert repository.last_threshold_window() == 25
    assert repository.last_manual_version() == -1
    assert repository.rollover_dates() == set()
    assert len(repository.list_snapshots()) == 4, "listing shows what the file holds"

    beyond = repository.rows_beyond_the_log(limit=2)
    assert (beyond.log_end, beyond.rows) == (30, 3)
    assert [version for _id, version in beyond.first] == [900, 901]
    assert "3 snapshot row(s)" in beyond.describe() and "and 1 more" in beyond.describe()


def test_a_rollover_check_beyond_the_log_is_ignored_then_replaced(
    repository: SnapshotRepository, caplog: pytest.LogCaptureFixture
) -> None:
    repository.append_swipes(swipe_records(10))
    connection = sqlite3.connect(repository.path, isolation_level=None)
    try:
        connection.execute("INSERT INTO rollover_check VALUES (1, 500)")
    finally:
        connection.close()
    with caplog.at_level(logging.WARNING, logger="tastetrail.repository"):
        assert repository.rollovers_checked_through() == 0
    assert "rollover_check at sequence 500" in caplog.text
    assert repository.ignored_rollover_check == 500
    assert repository.record_rollovers_checked(4)
    assert repository.rollovers_checked_through() == 4


@pytest.mark.parametrize("table", ["swipes", "profile_snapshots"])
def test_an_insert_a_trigger_drops_raises_and_writes_nothing(db_path: Path, table: str) -> None:
    with SnapshotRepository.open(db_path) as repository:
        connection = sqlite3.connect(db_path, isolation_level=None)
        try:
            connection.execute(
                f"CREATE TRIGGER quietly_drop BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(IGNORE); END"
            )
        finally:
            connection.close()
        with pytest.raises(WriteDroppedError, match=f"wrote nothing.*'quietly_drop' on {table}"):
            repository.insert_snapshot(snapshot(25), swipes=swipe_records(25))
        assert repository.max_swipe_sequence() == 0
        assert repository.count_snapshots() == 0
