"""``created_at`` at millisecond precision: new rows, the migration of older files, and reads
of files written before it (microseconds), writable and read-only."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from middleware.persistence import schema
from middleware.persistence.repository import SnapshotRepository
from store import AppState, NewSnapshot, ProfileState, TagStats, TriggerType, build_new_snapshot
from store.snapshot_rows import format_utc_micros, truncate_to_millis
from store.windows import threshold_window_key

INSTANTS = (
    datetime(2026, 4, 1, 12, 0, 35, 597040, tzinfo=UTC),
    datetime(2026, 4, 1, 12, 0, 36, 1, tzinfo=UTC),
    datetime(2026, 4, 1, 23, 59, 59, 999999, tzinfo=UTC),
)


def snapshot(version: int, created_at: datetime) -> NewSnapshot:
    state = AppState(
        profile=ProfileState(
            tags={"spicy": TagStats(likes=version)}, sequence=version, last_swipe_at=created_at
        ),
        timezone="UTC",
    )
    return build_new_snapshot(
        state,
        trigger_type=TriggerType.SWIPE_THRESHOLD,
        window_key=threshold_window_key(version),
        snapshot_date_local=created_at.date(),
        reason="test",
        created_at=created_at,
    )


def stored_created_at(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("SELECT created_at FROM profile_snapshots ORDER BY id")
        return [text for (text,) in rows]
    finally:
        connection.close()


def version_2_file(path: Path, instants: Sequence[datetime], *, extra: str = "") -> list[str]:
    """A file as the app wrote it before version 3: ``created_at`` with microseconds.

    One threshold row per instant (versions 10, 20, ...), plus a row whose ``created_at``
    is ``extra`` when given, and the swipes every row covers (the app commits a row with
    its swipes, and reads believe only rows the swipe log covers); returns the row ids in
    version order.
    """
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for step in schema.MIGRATIONS[:2]:
            step(connection)
        connection.execute("PRAGMA user_version = 2")
        ids = []
        rows = [(10 * (index + 1), format_utc_micros(at)) for index, at in enumerate(instants)]
        if extra:
            rows.append((10 * (len(instants) + 1), extra))
        for version, created_at in rows:
            new = snapshot(version, INSTANTS[0])
            connection.execute(
                "INSERT INTO profile_snapshots VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new.id,
                    created_at,
                    new.snapshot_date_local.isoformat(),
                    new.trigger_type.value,
                    new.window_key,
                    new.profile_version,
                    new.payload_json,
                    new.meta_json,
                ),
            )
            ids.append(new.id)
        connection.executemany(
            "INSERT INTO swipes VALUES (?, 'tiramisu', 'RIGHT', ?, ?)",
            [
                (sequence, format_utc_micros(INSTANTS[0]), INSTANTS[0].date().isoformat())
                for sequence in range(1, rows[-1][0] + 1)
            ],
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
    return ids


def test_a_new_row_is_stored_with_milliseconds(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.insert_snapshot(snapshot(25, INSTANTS[0]))
        (row,) = repository.list_snapshots()
    assert stored_created_at(db_path) == ["2026-04-01T12:00:35.597Z"]
    assert row.created_at == datetime(2026, 4, 1, 12, 0, 35, 597000, tzinfo=UTC)


def test_created_at_is_truncated_so_a_row_never_moves_into_the_next_day(db_path: Path) -> None:
    last_moment = INSTANTS[2]
    new = snapshot(25, last_moment)
    assert new.created_at == datetime(2026, 4, 1, 23, 59, 59, 999000, tzinfo=UTC)
    with SnapshotRepository.open(db_path) as repository:
        repository.insert_snapshot(new)
    assert stored_created_at(db_path) == ["2026-04-01T23:59:59.999Z"]


def test_the_row_id_and_window_do_not_depend_on_the_microseconds(db_path: Path) -> None:
    first = snapshot(25, datetime(2026, 4, 1, 12, 0, 0, 1, tzinfo=UTC))
    retried = snapshot(25, datetime(2026, 4, 1, 12, 0, 0, 999, tzinfo=UTC))
    assert first.id == retried.id
    with SnapshotRepository.open(db_path) as repository:
        assert repository.insert_snapshot(first).created
        assert not repository.insert_snapshot(retried).created
        assert repository.count_snapshots() == 1


def test_an_older_file_is_migrated_and_reads_back_the_truncated_instants(db_path: Path) -> None:
    ids = version_2_file(db_path, INSTANTS)
    with SnapshotRepository.open(db_path) as repository:
        assert repository.schema_version() == schema.LATEST_VERSION
        rows = repository.list_snapshots()
        again = repository.insert_snapshot(snapshot(10, INSTANTS[1]))
    assert [row.id for row in rows] == ids
    assert [row.created_at for row in rows] == [truncate_to_millis(at) for at in INSTANTS]
    assert sorted(stored_created_at(db_path)) == [
        "2026-04-01T12:00:35.597Z",
        "2026-04-01T12:00:36.000Z",
        "2026-04-01T23:59:59.999Z",
    ]
    assert not again.created  # the migrated rows keep their ids: a window is not written twice


def test_the_migration_leaves_a_corrupt_created_at_alone(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    version_2_file(db_path, INSTANTS[:1], extra="yesterday")
    with SnapshotRepository.open(db_path) as repository:
        rows = repository.list_snapshots()
        assert repository.skipped_rows == 1
    assert [row.created_at for row in rows] == [truncate_to_millis(INSTANTS[0])]
    assert sorted(stored_created_at(db_path)) == ["2026-04-01T12:00:35.597Z", "yesterday"]


def test_an_older_file_opened_read_only_is_read_as_it_is_and_not_changed(db_path: Path) -> None:
    ids = version_2_file(db_path, INSTANTS)
    before = db_path.read_bytes()
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.schema_version() == 2
        rows = repository.list_snapshots()
        latest = repository.latest_snapshot()
    assert [row.id for row in rows] == ids
    assert [row.created_at for row in rows] == list(INSTANTS)
    assert latest is not None and latest.created_at == INSTANTS[2]
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("read_only", [True, False], ids=["microseconds", "migrated"])
def test_ranges_select_rows_by_their_millisecond_in_either_precision(
    db_path: Path, read_only: bool
) -> None:
    # 35.597040 falls in millisecond .597, 36.000001 in 36.000: the bounds below sit
    # between the microseconds and the milliseconds, where the two forms could disagree.
    ids = version_2_file(db_path, INSTANTS)
    with SnapshotRepository.open(db_path, read_only=read_only) as repository:
        from_597 = repository.list_snapshots(
            since=datetime(2026, 4, 1, 12, 0, 35, 597000, tzinfo=UTC)
        )
        after_597 = repository.list_snapshots(
            since=datetime(2026, 4, 1, 12, 0, 35, 597500, tzinfo=UTC)
        )
        before_36 = repository.list_snapshots(until=datetime(2026, 4, 1, 12, 0, 36, tzinfo=UTC))
        through_36 = repository.list_snapshots(until=datetime(2026, 4, 1, 12, 0, 36, 1, tzinfo=UTC))
        the_day = repository.list_snapshots(
            since=datetime(2026, 4, 1, tzinfo=UTC), until=datetime(2026, 4, 2, tzinfo=UTC)
        )
    assert [row.id for row in from_597] == ids
    assert [row.id for row in after_597] == ids[1:]
    assert [row.id for row in before_36] == ids[:1]
    assert [row.id for row in through_36] == ids[:2]
    assert [row.id for row in the_day] == ids
