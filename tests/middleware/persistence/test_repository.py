"""The SQLite repository against real files: idempotent inserts, one-transaction writes,
careful opening, corrupt rows skipped, and every sqlite3 failure translated."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from middleware.persistence import swipe_log
from middleware.persistence.errors import (
    DamagedDatabaseError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DiskFullError,
    DuplicateSwipeError,
    InvalidDatabasePathError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    RepositoryClosedError,
    RepositoryError,
    translate_error,
)
from middleware.persistence.repository import SnapshotRepository
from middleware.persistence.schema import LATEST_VERSION
from middleware.persistence.snapshot_reads import SNAPSHOT_COLUMNS
from store import (
    AppState,
    Direction,
    NewSnapshot,
    ProfileState,
    SwipeRecord,
    TagStats,
    TriggerType,
    build_new_snapshot,
)
from store.snapshot_rows import MAX_PAYLOAD_BYTES
from store.windows import manual_window_key, rollover_window_key, threshold_window_key

START = datetime(2026, 1, 20, 9, 0, tzinfo=UTC)
DIRECTIONS = (Direction.RIGHT, Direction.LEFT, Direction.UP)


def swipe_records(count: int, *, first: int = 1, start: datetime = START) -> list[SwipeRecord]:
    """``count`` swipes a minute apart, numbered from ``first``."""
    records = []
    for sequence in range(first, first + count):
        at = start + timedelta(minutes=sequence - first)
        records.append(
            SwipeRecord(sequence, f"card-{sequence % 7}", DIRECTIONS[sequence % 3], at, at.date())
        )
    return records


def snapshot(
    version: int = 25,
    *,
    trigger: TriggerType = TriggerType.SWIPE_THRESHOLD,
    window_key: str | None = None,
    created_at: datetime = START,
    likes: int | None = None,
    day: date = date(2026, 1, 20),
) -> NewSnapshot:
    tags = {"spicy": TagStats(likes=version if likes is None else likes)} if version else {}
    state = AppState(
        profile=ProfileState(tags=tags, sequence=version, last_swipe_at=START), timezone="UTC"
    )
    if window_key is None:
        window_key = {
            TriggerType.SWIPE_THRESHOLD: threshold_window_key(version),
            TriggerType.DAY_ROLLOVER: rollover_window_key(day),
            TriggerType.MANUAL: manual_window_key(version),
        }[trigger]
    return build_new_snapshot(
        state,
        trigger_type=trigger,
        window_key=window_key,
        snapshot_date_local=day,
        reason="test",
        created_at=created_at,
    )


def raw_connection(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(db_path, isolation_level=None)


def make_database(db_path: Path, *, rows: int = 3, swipes: int = 40) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.append_swipes(swipe_records(swipes))
        for version in range(1, rows + 1):
            repository.insert_snapshot(snapshot(version * 10))


# --- inserting ------------------------------------------------------------------------------


def test_a_new_window_is_created_and_the_same_window_again_is_told_duplicate(
    repository: SnapshotRepository,
) -> None:
    first = repository.insert_snapshot(snapshot(25))
    again = repository.insert_snapshot(snapshot(25, created_at=START + timedelta(minutes=5)))
    assert first.created is True
    assert again.created is False
    assert first.id == again.id == snapshot(25).id
    assert repository.count_snapshots() == 1


def test_a_duplicate_never_replaces_the_first_write(repository: SnapshotRepository) -> None:
    first = snapshot(25, likes=25)
    repository.insert_snapshot(first)
    later = snapshot(25, likes=3, created_at=START + timedelta(hours=1))
    assert later.id == first.id and later.payload_json != first.payload_json
    assert repository.insert_snapshot(later).created is False
    (row,) = repository.list_snapshots()
    assert row.payload.canonical_json() == first.payload_json
    assert row.created_at == START


def test_two_repositories_racing_for_one_window_write_exactly_one_row_and_its_swipes_once(
    db_path: Path,
) -> None:
    """The same row with the same swipes from two connections: the first commits both; the
    second is refused for its swipes, whole, and says so (it is never a silent no-op)."""
    SnapshotRepository.open(db_path).close()
    barrier = threading.Barrier(2)
    created: list[bool] = []
    errors: list[BaseException] = []
    new = snapshot(25)

    def insert() -> None:
        try:
            with SnapshotRepository.open(db_path) as repository:
                barrier.wait(timeout=10)
                created.append(repository.insert_snapshot(new, swipes=swipe_records(25)).created)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=insert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert created == [True]
    (refused,) = errors
    assert isinstance(refused, DuplicateSwipeError) and refused.sequence == 1
    with SnapshotRepository.open(db_path) as repository:
        assert repository.count_snapshots() == 1
        assert list(repository.swipes_after(0)) == swipe_records(25)


def test_two_repositories_racing_for_one_window_without_swipes_write_one_row(
    db_path: Path,
) -> None:
    SnapshotRepository.open(db_path).close()
    barrier = threading.Barrier(2)
    created: list[bool] = []
    new = snapshot(25)

    def insert() -> None:
        with SnapshotRepository.open(db_path) as repository:
            barrier.wait(timeout=10)
            created.append(repository.insert_snapshot(new).created)

    threads = [threading.Thread(target=insert) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(created) == [False, True]
    with SnapshotRepository.open(db_path) as repository:
        assert repository.count_snapshots() == 1


def test_swipes_and_their_snapshot_commit_together(repository: SnapshotRepository) -> None:
    result = repository.insert_snapshot(snapshot(25), swipes=swipe_records(25))
    assert result.created
    assert repository.max_swipe_sequence() == 25
    assert repository.count_snapshots() == 1


def test_a_failure_inside_the_snapshot_insert_commits_neither_swipes_nor_row(
    db_path: Path,
) -> None:
    operations: list[str] = []

    def fail_snapshot_inserts(operation: str) -> None:
        operations.append(operation)
        if operation == "insert_snapshot":
            raise sqlite3.OperationalError("disk I/O error")

    with SnapshotRepository.open(db_path, fault_injector=fail_snapshot_inserts) as repository:
        repository.append_swipes(swipe_records(10))
        with pytest.raises(RepositoryError, match="disk I/O error") as caught:
            repository.insert_snapshot(snapshot(25), swipes=swipe_records(15, first=11))
        assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
        assert repository.max_swipe_sequence() == 10
        assert repository.count_snapshots() == 0
    assert operations == ["append_swipes", "insert_snapshot"]
    with SnapshotRepository.open(db_path) as repository:  # the retry lands whole
        assert repository.insert_snapshot(snapshot(25), swipes=swipe_records(15, first=11))[0]
        assert repository.max_swipe_sequence() == 25


def test_an_error_that_is_not_from_sqlite_rolls_back_and_is_raised_as_it_is(
    db_path: Path,
) -> None:
    def crash(operation: str) -> None:
        raise KeyboardInterrupt

    with SnapshotRepository.open(db_path, fault_injector=crash) as repository:
        with pytest.raises(KeyboardInterrupt):
            repository.append_swipes(swipe_records(3))
        assert repository.max_swipe_sequence() == 0


def test_a_swipe_whose_sequence_is_stored_refuses_its_whole_batch_and_names_it(
    repository: SnapshotRepository,
) -> None:
    """Another writer's swipes 1 to 8 are in the file: a batch of 9 to 12 and then 8 is
    refused whole, naming swipe 8; not half-written and not quietly skipped (skipping would
    lose the swipes of one of the two writers)."""
    repository.append_swipes(swipe_records(8))
    theirs = list(repository.swipes_after(0))
    with pytest.raises(DuplicateSwipeError, match="swipe 8 is already stored") as refused:
        repository.append_swipes(swipe_records(4, first=9) + swipe_records(1, first=8))
    assert refused.value.sequence == 8
    assert isinstance(refused.value.__cause__, sqlite3.IntegrityError)
    assert "another writer" in str(refused.value)
    assert list(repository.swipes_after(0)) == theirs
    with pytest.raises(DuplicateSwipeError, match="swipe 8 is already stored"):
        repository.insert_snapshot(snapshot(25), swipes=swipe_records(17, first=8))
    assert repository.count_snapshots() == 0
    assert list(repository.swipes_after(0)) == theirs


def test_a_failed_swipe_batch_rolled_back_so_its_retry_lands_whole(db_path: Path) -> None:
    failing = {"append_swipes"}

    def fail_once(operation: str) -> None:
        if operation in failing:
            failing.discard(operation)
            raise sqlite3.OperationalError("disk I/O error")

    with SnapshotRepository.open(db_path, fault_injector=fail_once) as repository:
        batch = swipe_records(10)
        with pytest.raises(RepositoryError, match="disk I/O error"):
            repository.append_swipes(batch)
        repository.append_swipes(batch)  # the same batch again: nothing of it was stored
        assert list(repository.swipes_after(0)) == batch


def test_an_empty_swipe_batch_writes_nothing(repository: SnapshotRepository) -> None:
    repository.append_swipes([])
    assert repository.max_swipe_sequence() == 0


# --- opening carefully ----------------------------------------------------------------------


def test_a_database_from_a_newer_app_is_refused_and_left_byte_identical(db_path: Path) -> None:
    SnapshotRepository.open(db_path).close()  # a newer app keeps our tables and adds its own
    connection = raw_connection(db_path)
    connection.execute("CREATE TABLE future (x)")
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNewError, match=r"schema version 9.*newer TasteTrail"):
        SnapshotRepository.open(db_path)
    with pytest.raises(DatabaseTooNewError):
        SnapshotRepository.open(db_path, read_only=True)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize(
    "content",
    [b"hello, I am a text file\n" * 20, b"SQLite format 3\x00" + b"\x00" * 20, b"\x89PNG" * 300],
    ids=["text", "short-header", "binary"],
)
def test_a_file_that_is_not_a_database_is_refused_and_left_byte_identical(
    db_path: Path, content: bytes
) -> None:
    db_path.write_bytes(content)
    for read_only in (False, True):
        with pytest.raises(NotADatabaseError, match=r"not a SQLite database.*left unchanged"):
            SnapshotRepository.open(db_path, read_only=read_only)
    assert db_path.read_bytes() == content
    assert sorted(path.name for path in db_path.parent.iterdir()) == [db_path.name]


@pytest.mark.parametrize("keep", [0.5, 60])
def test_a_truncated_database_is_refused_and_left_byte_identical(
    db_path: Path, keep: float
) -> None:
    make_database(db_path, swipes=2000)
    whole = db_path.read_bytes()
    truncated = whole[: int(len(whole) * keep) if keep < 1 else int(keep)]
    db_path.write_bytes(truncated)
    with pytest.raises(NotADatabaseError):
        SnapshotRepository.open(db_path)
    assert db_path.read_bytes() == truncated


def test_a_database_header_over_garbage_is_refused_and_left_byte_identical(
    db_path: Path,
) -> None:
    make_database(db_path)
    whole = bytearray(db_path.read_bytes())
    whole[100:4096] = os.urandom(3996)  # page 1 after the header: the schema is unreadable
    db_path.write_bytes(bytes(whole))
    with pytest.raises(NotADatabaseError):
        SnapshotRepository.open(db_path)
    assert db_path.read_bytes() == bytes(whole)


def test_a_directory_a_uri_and_a_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidDatabasePathError, match=r"directory.*file path inside"):
        SnapshotRepository.open(tmp_path)
    with pytest.raises(InvalidDatabasePathError, match=r"not a URI.*'file:'"):
        SnapshotRepository.open(f"file:{tmp_path / 'x.sqlite3'}?mode=rwc")
    with pytest.raises(InvalidDatabasePathError, match="folder does not exist"):
        SnapshotRepository.open(tmp_path / "missing" / "x.sqlite3")
    with pytest.raises(InvalidDatabasePathError, match="file path"):
        SnapshotRepository.open(":memory:")
    with pytest.raises(InvalidDatabasePathError, match="no database"):
        SnapshotRepository.open(tmp_path / "absent.sqlite3", read_only=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_new_database_and_its_wal_files_are_private_to_the_user(db_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        with SnapshotRepository.open(db_path) as repository:
            repository.insert_snapshot(snapshot(25), swipes=swipe_records(25))
            modes = {
                suffix: os.stat(f"{db_path}{suffix}").st_mode & 0o777
                for suffix in ("", "-wal", "-shm")
            }
        umask_after = os.umask(0o022)
    finally:
        os.umask(previous)
    assert modes == {"": 0o600, "-wal": 0o600, "-shm": 0o600}
    assert umask_after == 0o022  # the process umask was restored after opening


def test_a_new_database_uses_wal_and_the_latest_schema(repository: SnapshotRepository) -> None:
    assert repository.schema_version() == LATEST_VERSION
    connection = raw_connection(repository.path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()


def test_an_empty_file_is_initialised_as_a_new_database(db_path: Path) -> None:
    db_path.touch()
    with SnapshotRepository.open(db_path) as repository:
        assert repository.schema_version() == LATEST_VERSION


def test_a_read_only_repository_reads_and_refuses_to_write(db_path: Path) -> None:
    make_database(db_path)
    before = db_path.read_bytes()
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.read_only
        assert repository.count_snapshots() == 3
        with pytest.raises(ReadOnlyDatabaseError, match="read_only=True"):
            repository.append_swipes(swipe_records(1, first=100))
        with pytest.raises(ReadOnlyDatabaseError):
            repository.insert_snapshot(snapshot(99))
    assert db_path.read_bytes() == before


def test_a_read_that_leaves_the_file_untouched_creates_no_wal_or_shm_beside_it(
    db_path: Path,
) -> None:
    make_database(db_path)  # a WAL database, closed cleanly: no -wal or -shm remain
    before = db_path.read_bytes()
    sidecars = [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm")]
    assert not any(path.exists() for path in sidecars)
    with SnapshotRepository.open(db_path, read_only=True, leave_untouched=True) as repository:
        assert repository.count_snapshots() == 3
        assert len(repository.list_snapshots()) == 3
        assert not any(path.exists() for path in sidecars)
    assert not any(path.exists() for path in sidecars)
    assert db_path.read_bytes() == before


def test_a_read_that_leaves_the_file_untouched_still_sees_rows_still_in_the_wal(
    db_path: Path,
) -> None:
    make_database(db_path, rows=2)
    with SnapshotRepository.open(db_path) as writer:  # left open: its row is in the -wal
        writer.insert_snapshot(snapshot(30))
        with SnapshotRepository.open(db_path, read_only=True, leave_untouched=True) as reader:
            assert reader.count_snapshots() == 3


def test_an_uninitialised_file_cannot_be_opened_read_only(db_path: Path) -> None:
    db_path.touch()
    with pytest.raises(ReadOnlyDatabaseError, match="needs upgrading"):
        SnapshotRepository.open(db_path, read_only=True)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores file permissions")
def test_a_write_protected_file_opens_for_reading_only(db_path: Path) -> None:
    make_database(db_path)
    db_path.chmod(0o400)
    with pytest.raises(ReadOnlyDatabaseError, match="read-only"):
        SnapshotRepository.open(db_path)
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.count_snapshots() == 3


# --- reading ---------------------------------------------------------------------------------


def test_snapshots_are_listed_oldest_first_and_filtered_by_since_until_and_limit(
    repository: SnapshotRepository,
) -> None:
    for hour in (5, 1, 3, 2, 4):
        repository.insert_snapshot(snapshot(hour * 10, created_at=START + timedelta(hours=hour)))
    versions = [row.profile_version for row in repository.list_snapshots()]
    assert versions == [10, 20, 30, 40, 50]
    since = START + timedelta(hours=2)
    until = START + timedelta(hours=4)
    assert [row.profile_version for row in repository.list_snapshots(since, until)] == [20, 30]
    assert [row.profile_version for row in repository.list_snapshots(since=since, limit=2)] == [
        20,
        30,
    ]
    assert repository.list_snapshots(limit=0) == []
    with pytest.raises(ValueError, match="limit"):
        repository.list_snapshots(limit=-1)


def test_rows_created_at_the_same_instant_are_ordered_by_id(
    repository: SnapshotRepository,
) -> None:
    for version in (10, 20, 30, 40):
        repository.insert_snapshot(snapshot(version, created_at=START))
    ids = [row.id for row in repository.list_snapshots()]
    assert ids == sorted(ids)


def test_a_listed_row_round_trips_to_the_contract(repository: SnapshotRepository) -> None:
    new = snapshot(25, created_at=datetime(2026, 1, 20, 23, 0, 0, 456789, tzinfo=UTC))
    repository.insert_snapshot(new)
    (row,) = repository.list_snapshots()
    assert row.to_contract() == {
        "id": new.id,
        "createdAt": "2026-01-20T23:00:00.456Z",
        "snapshotDateLocal": "2026-01-20",
        "triggerType": "SWIPE_THRESHOLD",
        "windowKey": "swipes:000025",
        "profileVersion": 25,
        "payloadJson": new.payload_json,
        "metaJson": new.meta_json,
    }


def test_the_latest_snapshot_has_the_highest_version_then_the_latest_time(
    repository: SnapshotRepository,
) -> None:
    assert repository.latest_snapshot() is None
    repository.append_swipes(swipe_records(50))  # rows are only believed with their swipes
    repository.insert_snapshot(snapshot(30, created_at=START))
    repository.insert_snapshot(snapshot(50, created_at=START))
    repository.insert_snapshot(snapshot(40, created_at=START + timedelta(hours=1)))
    later = START + timedelta(hours=2)
    repository.insert_snapshot(snapshot(50, trigger=TriggerType.MANUAL, created_at=later))
    latest = repository.latest_snapshot()
    assert latest is not None
    assert (latest.profile_version, latest.trigger_type) == (50, TriggerType.MANUAL)
    capped = repository.latest_snapshot(max_profile_version=45)
    assert capped is not None and capped.profile_version == 40
    assert repository.latest_snapshot(max_profile_version=5) is None
    last = repository.last_created_snapshot()
    assert last is not None and last.created_at == later


def test_the_last_window_of_each_trigger_is_read_back(repository: SnapshotRepository) -> None:
    assert repository.last_threshold_window() == 0
    assert repository.last_manual_version() == -1
    assert repository.rollover_dates() == set()
    # The log reaches the highest version (with a gap: only its end matters here).
    repository.append_swipes(swipe_records(150) + swipe_records(1, first=1_000_003))
    repository.insert_snapshot(snapshot(27, window_key=threshold_window_key(25)))
    repository.insert_snapshot(snapshot(1_000_003, window_key=threshold_window_key(1_000_000)))
    repository.insert_snapshot(snapshot(150, window_key=threshold_window_key(150)))
    for day in (date(2026, 1, 20), date(2026, 1, 22), date(2026, 1, 21)):
        repository.insert_snapshot(snapshot(30, trigger=TriggerType.DAY_ROLLOVER, day=day))
    repository.insert_snapshot(snapshot(31, trigger=TriggerType.MANUAL))
    repository.insert_snapshot(snapshot(12, trigger=TriggerType.MANUAL))
    assert repository.last_threshold_window() == 1_000_000
    assert repository.rollover_dates() == {date(2026, 1, d) for d in (20, 21, 22)}
    assert repository.last_manual_version() == 31
    assert repository.count_snapshots() == 8


def test_rows_are_counted_by_trigger_without_reading_them(repository: SnapshotRepository) -> None:
    assert repository.count_snapshots_by_trigger() == {}
    for version in (25, 50, 75):
        repository.insert_snapshot(snapshot(version))
    repository.insert_snapshot(snapshot(75))  # a duplicate window adds no row
    for day in (date(2026, 1, 20), date(2026, 1, 21)):
        repository.insert_snapshot(snapshot(80, trigger=TriggerType.DAY_ROLLOVER, day=day))
    assert repository.count_snapshots_by_trigger() == {
        TriggerType.SWIPE_THRESHOLD: 3,
        TriggerType.DAY_ROLLOVER: 2,
    }
    assert sum(repository.count_snapshots_by_trigger().values()) == repository.count_snapshots()


def test_swipes_are_read_back_in_order_with_their_dates(repository: SnapshotRepository) -> None:
    late = datetime(2026, 1, 21, 23, 58, tzinfo=UTC)
    records = swipe_records(3) + swipe_records(4, first=4, start=late)
    repository.append_swipes(list(reversed(records)))
    assert list(repository.swipes_after(0)) == records
    assert [r.sequence for r in repository.swipes_after(2, up_to=5)] == [3, 4, 5]
    assert repository.max_swipe_sequence() == 7
    assert repository.swipe_dates() == [date(2026, 1, 20), date(2026, 1, 21), date(2026, 1, 22)]
    first = next(repository.swipes_after(0))
    assert first.direction is Direction.LEFT
    assert first.at.utcoffset() == timedelta(0)


# --- corrupt rows ----------------------------------------------------------------------------

VALID_META = snapshot(1).meta_json


def insert_raw(db_path: Path, row_id: str, payload: object, meta: object = VALID_META) -> None:
    connection = raw_connection(db_path)
    try:
        connection.execute(
            "INSERT INTO profile_snapshots VALUES (?, ?, '2026-01-20', 'MANUAL', ?, 1, ?, ?)",
            (row_id, f"2026-01-20T10:00:00.{row_id[-6:]}Z", f"manual:{row_id}", payload, meta),
        )
    finally:
        connection.close()


def one_tag(score: str) -> str:
    return (
        '{"schema_version":1,"swipe_count":1,"tags":[{"likes":1,"nopes":0,"score":'
        + score
        + ',"superlikes":0,"tag":"spicy"}]}'
    )


CORRUPT = {
    "bad-json-000001": ('{"schema_version":1,', "JSONDecodeError"),
    "nan-score-000002": (one_tag("NaN"), "NaN"),
    "infinite-000003": (one_tag("-Infinity"), "Infinity"),
    "wrong-type-000004": ('{"schema_version":1,"swipe_count":"1","tags":[]}', "swipe_count"),
    "not-object-000005": ("[1,2,3]", "not an object"),
    "future-000006": ('{"schema_version":2,"swipe_count":1,"tags":[]}', "newer"),
    "oversized-000007": (
        '{"schema_version":1,"swipe_count":1,"tags":[],"pad":"' + "x" * MAX_PAYLOAD_BYTES + '"}',
        "over the",
    ),
    "binary-000008": (b"\xff\xfe\x00garbage", "UnicodeDecodeError"),
    "version-gap-000009": ('{"schema_version":1,"swipe_count":5,"tags":[]}', "disagrees"),
}


def test_corrupt_rows_are_skipped_and_logged_while_the_others_load(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.insert_snapshot(snapshot(10, created_at=START))
        for row_id, (payload, _reason) in CORRUPT.items():
            insert_raw(db_path, row_id, payload)
        insert_raw(db_path, "bad-meta-000010", one_tag("0.3333"), '{"sequence":"1"}')
        insert_raw(db_path, "null-meta-000011", one_tag("0.3333"), None)
        repository.insert_snapshot(snapshot(20, created_at=START + timedelta(days=1)))
        with caplog.at_level(logging.WARNING, logger="tastetrail.repository"):
            rows = repository.list_snapshots()
        assert [row.profile_version for row in rows] == [10, 1, 20]
        assert rows[1].meta is None
        assert repository.skipped_rows == len(CORRUPT) + 1
    skipped = {record.snapshot_id: record.reason for record in caplog.records}  # type: ignore[attr-defined]
    assert set(skipped) == {*CORRUPT, "bad-meta-000010"}
    for row_id, (_payload, reason) in CORRUPT.items():
        assert reason in skipped[row_id], (row_id, skipped[row_id])
    assert all(record.name == "tastetrail.repository" for record in caplog.records)


def two_tags(first: str, second: str) -> str:
    return '{"schema_version":1,"swipe_count":1,"tags":[' + first + "," + second + "]}"


SPICY = '{"likes":1,"nopes":0,"score":0.5,"superlikes":0,"tag":"spicy"}'
SWEET = '{"likes":1,"nopes":1,"score":0.0,"superlikes":0,"tag":"sweet"}'
CORRUPT_TAGS = {
    "array-tag-000001": (two_tags(SPICY, '["sweet",1,1,0,0.0]'), "tags.1: Input should be"),
    "bool-count-000002": (two_tags(SPICY, SWEET.replace('"likes":1', '"likes":true')), "likes"),
    "extra-key-000003": (two_tags(SPICY, SWEET.replace('"tag"', '"x":1,"tag"')), "tags.1.x"),
    "missing-key-000004": (two_tags(SPICY, SWEET.replace('"nopes":1,', "")), "tags.1.nopes"),
    "out-of-order-000005": (two_tags(SWEET, SPICY), "ordered by score descending"),
    "tag-twice-000006": (two_tags(SPICY, SPICY), "each tag may appear once"),
    "score-above-one-000007": (two_tags(SPICY, SWEET.replace("0.0", "1.5")), "tags.1.score"),
    "empty-name-000008": (two_tags(SPICY, SWEET.replace('"sweet"', '""')), "tags.1.tag"),
}


def test_a_row_with_a_corrupt_tag_is_skipped_and_logged_with_the_reason(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        for row_id, (payload, _reason) in CORRUPT_TAGS.items():
            insert_raw(db_path, row_id, payload)
        insert_raw(db_path, "sound-000009", two_tags(SPICY, SWEET))
        with caplog.at_level(logging.WARNING, logger="tastetrail.repository"):
            (row,) = repository.list_snapshots()
        assert repository.skipped_rows == len(CORRUPT_TAGS)
    assert row.id == "sound-000009"
    assert [(tag.tag, tag.score) for tag in row.payload.tags] == [("spicy", 0.5), ("sweet", 0.0)]
    assert row.to_contract()["payloadJson"] == two_tags(SPICY, SWEET)
    skipped = {record.snapshot_id: record.reason for record in caplog.records}  # type: ignore[attr-defined]
    assert set(skipped) == set(CORRUPT_TAGS)
    for row_id, (_payload, reason) in CORRUPT_TAGS.items():
        assert reason in skipped[row_id], (row_id, skipped[row_id])


def test_a_limit_counts_only_readable_rows(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        insert_raw(db_path, "bad-json-000001", "{")
        repository.insert_snapshot(snapshot(10, created_at=START + timedelta(days=1)))
        assert [row.profile_version for row in repository.list_snapshots(limit=1)] == [10]


def test_a_corrupt_latest_row_falls_back_to_the_next_readable_one(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.insert_snapshot(snapshot(10), swipes=swipe_records(99))
        connection = raw_connection(db_path)
        connection.execute(
            "INSERT INTO profile_snapshots VALUES "
            "('x', '2026-01-21T00:00:00.000000Z', '2026-01-20', 'MANUAL', 'manual:99', 99, "
            "'{', NULL)"
        )
        connection.close()
        latest = repository.latest_snapshot()
        assert latest is not None and latest.profile_version == 10


def test_a_version_0_payload_is_upcast_when_read(db_path: Path) -> None:
    legacy = json.dumps(
        {"version": 0, "count": 1, "tags": {"spicy": {"likes": 1, "nopes": 0, "superlikes": 0}}}
    )
    with SnapshotRepository.open(db_path) as repository:
        insert_raw(db_path, "legacy-000001", legacy, None)
        (row,) = repository.list_snapshots()
    assert row.payload.schema_version == 1
    assert row.to_contract()["payloadJson"] == one_tag("0.3333")
    assert repository.skipped_rows == 0


# --- closing ----------------------------------------------------------------------------------


def test_closing_twice_is_harmless_and_any_use_after_close_says_to_reopen(db_path: Path) -> None:
    repository = SnapshotRepository.open(db_path)
    repository.close()
    repository.close()
    assert repository.closed
    calls: list[Callable[[], object]] = [
        lambda: repository.append_swipes([]),
        lambda: repository.insert_snapshot(snapshot(1)),
        repository.list_snapshots,
        repository.latest_snapshot,
        repository.count_snapshots,
        lambda: repository.swipes_after(0),
        repository.max_swipe_sequence,
        repository.last_threshold_window,
        repository.schema_version,
    ]
    for call in calls:
        with pytest.raises(RepositoryClosedError, match=r"after close.*Open a new repository"):
            call()


def test_closing_in_the_middle_of_reading_swipes_stops_the_reading(db_path: Path) -> None:
    repository = SnapshotRepository.open(db_path)
    repository.append_swipes(swipe_records(3000))
    swipes = repository.swipes_after(0)
    assert next(swipes).sequence == 1
    repository.close()
    with pytest.raises(RepositoryClosedError):
        list(swipes)


STREAM_ALL = f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots ORDER BY created_at, id"


def test_a_stream_yields_readable_rows_as_read_and_counts_every_fetched_row(
    db_path: Path,
) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.insert_snapshot(snapshot(10, created_at=START))
        insert_raw(db_path, "bad-json-000001", '{"schema_version":1,')
        repository.insert_snapshot(snapshot(20, created_at=START + timedelta(days=1)))
        rows = [row.profile_version for row in repository.stream_snapshots(STREAM_ALL)]
        assert rows == [10, 20]
        assert (repository.rows_fetched, repository.skipped_rows) == (3, 1)
        stream = repository.stream_snapshots(STREAM_ALL)
        assert next(stream).profile_version == 10
        stream.close()  # stopped early: only what was read was fetched
        assert repository.rows_fetched == 4
        assert repository.count_snapshots() == 3  # the repository goes on working


def test_closing_in_the_middle_of_a_stream_says_to_reopen(db_path: Path) -> None:
    repository = SnapshotRepository.open(db_path)
    for version in range(1, 6):
        repository.insert_snapshot(
            snapshot(version * 10, created_at=START + timedelta(hours=version))
        )
    stream = repository.stream_snapshots(STREAM_ALL)
    assert next(stream).profile_version == 10
    repository.close()
    with pytest.raises(RepositoryClosedError, match="after close"):
        list(stream)


def test_a_repository_is_used_only_by_the_thread_that_opened_it(
    repository: SnapshotRepository,
) -> None:
    errors: list[BaseException] = []

    def use() -> None:
        try:
            repository.count_snapshots()
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=use)
    thread.start()
    thread.join()
    assert len(errors) == 1
    assert isinstance(errors[0], RepositoryError)
    assert "Open a repository on each thread" in str(errors[0])


# --- failures translated ----------------------------------------------------------------------


def test_a_full_disk_raises_disk_full_and_leaves_the_database_intact_and_writable(
    db_path: Path,
) -> None:
    make_database(db_path, rows=1, swipes=10)
    with SnapshotRepository.open(db_path, max_page_count=1) as repository:  # no room to grow
        with pytest.raises(DiskFullError, match=r"full.*rolled back") as caught:
            repository.insert_snapshot(snapshot(5000), swipes=swipe_records(5000, first=11))
        assert isinstance(caught.value.__cause__, sqlite3.Error)
        assert repository.max_swipe_sequence() == 10
        assert repository.count_snapshots() == 1
    connection = raw_connection(db_path)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    with SnapshotRepository.open(db_path) as repository:  # the limit raised again
        assert repository.insert_snapshot(snapshot(5000), swipes=swipe_records(5000, first=11))[0]
        assert repository.max_swipe_sequence() == 5010


def test_a_locked_database_raises_locked_quickly_and_writes_nothing(db_path: Path) -> None:
    repository = SnapshotRepository.open(db_path, busy_timeout_ms=50)
    other = raw_connection(db_path)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        with pytest.raises(DatabaseLockedError, match=r"locked.*try again"):
            repository.insert_snapshot(snapshot(25), swipes=swipe_records(25))
        assert time.perf_counter() - started < 2.0
        with pytest.raises(DatabaseLockedError):
            repository.append_swipes(swipe_records(25))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert repository.count_snapshots() == 0
    assert repository.max_swipe_sequence() == 0
    assert repository.insert_snapshot(snapshot(25), swipes=swipe_records(25)).created
    repository.close()


def coded(message: str, code: int | None = None) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(message)
    if code is not None:
        error.sqlite_errorcode = code
    return error


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (coded("database is locked"), DatabaseLockedError),
        (coded("anything", sqlite3.SQLITE_BUSY), DatabaseLockedError),
        (coded("database or disk is full"), DiskFullError),
        (coded("anything", sqlite3.SQLITE_FULL), DiskFullError),
        (coded("attempt to write a readonly database"), ReadOnlyDatabaseError),
        (coded("anything", sqlite3.SQLITE_READONLY), ReadOnlyDatabaseError),
        (coded("file is not a database", sqlite3.SQLITE_NOTADB), DamagedDatabaseError),
        (coded("database disk image is malformed"), DamagedDatabaseError),
        (coded("disk I/O error"), RepositoryError),
    ],
)
def test_sqlite_errors_are_translated_into_our_own(
    error: sqlite3.Error, expected: type[RepositoryError]
) -> None:
    translated = translate_error(error, "insert_snapshot")
    assert type(translated) is expected
    assert str(translated).startswith("insert_snapshot failed")


@pytest.mark.slow
def test_a_million_swipes_append_in_thousand_row_transactions_at_speed(db_path: Path) -> None:
    records = swipe_records(1_000_000)
    with SnapshotRepository.open(db_path) as repository:
        started = time.perf_counter()
        for first in range(0, len(records), 1000):
            repository.append_swipes(records[first : first + 1000])
        rate = len(records) / (time.perf_counter() - started)
        assert repository.max_swipe_sequence() == 1_000_000
    print(f"appended 1,000,000 swipes at {rate:,.0f} rows/s")
    assert rate > 50_000  # a loose floor: about 120k rows/s measured on a 2-vCPU machine


# --- what start-up reads about day rollovers -------------------------------------------------


def test_the_rollover_dates_are_read_from_the_key_index_alone(
    repository: SnapshotRepository,
) -> None:
    repository.append_swipes(swipe_records(30))
    for day in (date(2026, 1, 20), date(2026, 3, 1), date(2025, 12, 31)):
        repository.insert_snapshot(snapshot(30, trigger=TriggerType.DAY_ROLLOVER, day=day))
    connection = raw_connection(repository.path)
    try:
        plan = " ".join(
            str(step[3])
            for step in connection.execute(
                "EXPLAIN QUERY PLAN SELECT window_key FROM profile_snapshots "
                "WHERE trigger_type = 'DAY_ROLLOVER' AND window_key GLOB 'day:*'"
            )
        )
    finally:
        connection.close()
    # The unique key's own index (window key, trigger, version): trigger first was a copy.
    assert "USING COVERING INDEX sqlite_autoindex_profile_snapshots_2" in plan
    assert repository.rollover_dates() == {date(2025, 12, 31), date(2026, 1, 20), date(2026, 3, 1)}


def test_a_damaged_rollover_key_is_passed_over(
    repository: SnapshotRepository, caplog: pytest.LogCaptureFixture
) -> None:
    repository.append_swipes(swipe_records(31))
    repository.insert_snapshot(
        snapshot(30, trigger=TriggerType.DAY_ROLLOVER, day=date(2026, 1, 21))
    )
    # The app refuses to write such a key; another program's edit is how one gets in.
    repository.insert_snapshot(
        snapshot(31, trigger=TriggerType.DAY_ROLLOVER, window_key="day:2026-12-31")
    )
    with sqlite3.connect(repository.path) as other_program:
        other_program.execute(
            "UPDATE profile_snapshots SET window_key = 'day:2026-13-45' "
            "WHERE window_key = 'day:2026-12-31'"
        )
    other_program.close()
    with caplog.at_level(logging.WARNING, logger="tastetrail.repository"):
        assert repository.rollover_dates() == {date(2026, 1, 21)}
    assert "day:2026-13-45" in caplog.text
    assert repository.rollover_dates(since=date(2026, 1, 21)) == {date(2026, 1, 21)}
    assert repository.rollover_dates(since=date(2026, 1, 22)) == set()


def test_the_rollover_check_starts_at_zero_and_only_moves_forward(
    repository: SnapshotRepository,
) -> None:
    assert repository.rollovers_checked_through() == 0
    repository.append_swipes(swipe_records(40))
    assert repository.record_rollovers_checked(40)
    assert repository.rollovers_checked_through() == 40
    assert repository.record_rollovers_checked(25)  # an older check never undoes a newer one
    assert repository.rollovers_checked_through() == 40
    with pytest.raises(ValueError, match="zero or more"):
        repository.record_rollovers_checked(-1)


def test_a_damaged_rollover_check_means_nothing_is_assumed_checked(db_path: Path) -> None:
    with SnapshotRepository.open(db_path) as repository:
        repository.record_rollovers_checked(40)
    connection = raw_connection(db_path)
    try:
        connection.execute("UPDATE rollover_check SET checked_through_sequence = 'forty'")
    finally:
        connection.close()
    with SnapshotRepository.open(db_path, read_only=True) as repository:
        assert repository.rollovers_checked_through() == 0


def test_recording_the_rollover_check_does_not_wait_for_a_locked_database(db_path: Path) -> None:
    with SnapshotRepository.open(db_path, busy_timeout_ms=600_000) as repository:
        holder = raw_connection(db_path)
        try:
            holder.execute("BEGIN IMMEDIATE")
            # With the repository's own busy timeout this would wait ten minutes.
            assert repository.record_rollovers_checked(40) is False
            holder.execute("ROLLBACK")
        finally:
            holder.close()
        assert repository.rollovers_checked_through() == 0
        assert repository.record_rollovers_checked(40) is True
        # The repository's busy timeout is back for its other writes.
        connection = repository._open_connection("test")
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 600_000


@pytest.mark.parametrize("by_day", [False, True], ids=["swipe by swipe", "day by day"])
def test_swipe_days_after_a_point_give_each_day_with_its_first_and_last_swipe(
    repository: SnapshotRepository, monkeypatch: pytest.MonkeyPatch, by_day: bool
) -> None:
    if by_day:
        monkeypatch.setattr(swipe_log, "SCAN_SWIPES_LIMIT", 0)
    days = {1: 20, 2: 20, 3: 21, 4: 21, 5: 20, 6: 22, 7: 22}  # the zone changed after 4
    repository.append_swipes(
        [
            SwipeRecord(sequence, "card-1", Direction.LEFT, START, date(2026, 1, day))
            for sequence, day in days.items()
        ]
    )
    assert repository.swipe_days_after(0) == [
        (date(2026, 1, 20), 1, 5),
        (date(2026, 1, 21), 3, 4),
        (date(2026, 1, 22), 6, 7),
    ]
    assert repository.swipe_days_after(3) == [
        (date(2026, 1, 20), 5, 5),
        (date(2026, 1, 21), 4, 4),
        (date(2026, 1, 22), 6, 7),
    ]
    assert repository.swipe_days_after(7) == []


def test_the_reads_by_trigger_search_the_key_index_and_never_scan_the_snapshots(
    repository: SnapshotRepository,
) -> None:
    repository.append_swipes(swipe_records(30))
    for day in (date(2026, 1, 20), date(2026, 3, 1)):
        repository.insert_snapshot(snapshot(30, trigger=TriggerType.DAY_ROLLOVER, day=day))
    repository.insert_snapshot(snapshot(30, trigger=TriggerType.MANUAL))
    statements: list[str] = []
    connection = repository._open_connection("test")  # the repository's own connection
    connection.set_trace_callback(statements.append)
    try:
        assert repository.rollover_dates() == {date(2026, 1, 20), date(2026, 3, 1)}
        assert repository.rollover_dates(since=date(2026, 2, 1)) == {date(2026, 3, 1)}
        assert repository.last_manual_version() == 30
    finally:
        connection.set_trace_callback(None)
    reads = [sql for sql in statements if "trigger_type = " in sql]
    assert len(reads) == 3, statements
    check = raw_connection(repository.path)
    try:
        for sql in reads:
            plan = " ".join(str(step[3]) for step in check.execute(f"EXPLAIN QUERY PLAN {sql}"))
            assert "SCAN profile_snapshots" not in plan, (sql, plan)
            assert "sqlite_autoindex_profile_snapshots_2" in plan, (sql, plan)
    finally:
        check.close()


def test_an_io_error_on_a_disk_with_room_is_not_called_a_full_disk(tmp_path: Path) -> None:
    error = sqlite3.OperationalError("disk I/O error")
    error.sqlite_errorcode = sqlite3.SQLITE_IOERR  # type: ignore[attr-defined]
    translated = translate_error(error, "insert_snapshot", folder=tmp_path)
    assert not isinstance(translated, DiskFullError)
    assert "disk I/O error" in str(translated)


def test_a_row_of_a_trigger_this_app_does_not_know_is_skipped_and_counted(
    repository: SnapshotRepository,
) -> None:
    repository.append_swipes(swipe_records(30))
    repository.insert_snapshot(snapshot(25))
    repository.insert_snapshot(snapshot(30, trigger=TriggerType.MANUAL))
    # Another program (or a newer app) wrote a trigger name no registry entry has.
    with sqlite3.connect(repository.path) as other_program:
        other_program.execute(
            "UPDATE profile_snapshots SET trigger_type = 'HOURLY' WHERE window_key LIKE 'manual:%'"
        )
    other_program.close()
    assert [row.window_key for row in repository.list_snapshots()] == ["swipes:000025"]
    assert repository.skipped_rows == 1
    assert repository.count_snapshots_by_trigger() == {TriggerType.SWIPE_THRESHOLD: 1}
    assert repository.last_manual_version() == -1
