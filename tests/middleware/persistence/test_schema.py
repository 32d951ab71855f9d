"""Migrations keyed by user_version: exact tables, one transaction per step, no downgrades."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from middleware.persistence import schema
from middleware.persistence.errors import (
    DatabaseTooNewError,
    MissingTablesError,
    NotADatabaseError,
)
from middleware.persistence.schema import LATEST_VERSION, migrate


@pytest.fixture
def connection(db_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(db_path, isolation_level=None)
    yield connection
    connection.close()


def columns(connection: sqlite3.Connection, table: str) -> list[tuple[str, str, int, int]]:
    """(name, type, not null, primary key) for each column, in order."""
    rows = connection.execute(f"PRAGMA table_info({table})").fetchall()
    return [(name, kind, notnull, pk) for _cid, name, kind, notnull, _default, pk in rows]


def indexed_columns(connection: sqlite3.Connection, table: str) -> set[tuple[str, ...]]:
    found = set()
    for _seq, name, *_rest in connection.execute(f"PRAGMA index_list({table})"):
        found.add(tuple(row[2] for row in connection.execute(f"PRAGMA index_info({name})")))
    return found


def test_a_new_database_is_migrated_to_the_latest_version(
    connection: sqlite3.Connection,
) -> None:
    assert migrate(connection) == LATEST_VERSION
    assert connection.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION


def test_the_snapshot_table_has_exactly_the_contract_columns(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    assert columns(connection, "profile_snapshots") == [
        ("id", "TEXT", 0, 1),
        ("created_at", "TEXT", 1, 0),
        ("snapshot_date_local", "TEXT", 1, 0),
        ("trigger_type", "TEXT", 1, 0),
        ("window_key", "TEXT", 1, 0),
        ("profile_version", "INTEGER", 1, 0),
        ("payload_json", "TEXT", 1, 0),
        ("meta_json", "TEXT", 0, 0),
    ]


def test_the_swipe_table_has_exactly_its_columns(connection: sqlite3.Connection) -> None:
    migrate(connection)
    assert columns(connection, "swipes") == [
        ("sequence", "INTEGER", 0, 1),
        ("item_id", "TEXT", 1, 0),
        ("direction", "TEXT", 1, 0),
        ("at", "TEXT", 1, 0),
        ("local_date", "TEXT", 1, 0),
        ("undoes", "INTEGER", 0, 0),
    ]


def test_the_window_key_trigger_and_version_are_unique_and_times_are_indexed(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    snapshot_indexes = indexed_columns(connection, "profile_snapshots")
    assert ("window_key", "trigger_type", "profile_version") in snapshot_indexes
    assert ("created_at",) in snapshot_indexes
    assert ("local_date",) in indexed_columns(connection, "swipes")
    insert = (
        "INSERT INTO profile_snapshots VALUES (?, 't', 'd', 'MANUAL', 'manual:1', 1, '{}', NULL)"
    )
    connection.execute(insert, ("a",))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(insert, ("b",))


def test_the_rollover_check_is_one_row_holding_a_sequence(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    assert columns(connection, "rollover_check") == [
        ("id", "INTEGER", 0, 1),
        ("checked_through_sequence", "INTEGER", 1, 0),
    ]
    connection.execute("INSERT INTO rollover_check VALUES (1, 40)")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        connection.execute("INSERT INTO rollover_check VALUES (2, 40)")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        connection.execute("UPDATE rollover_check SET checked_through_sequence = -1")


def test_a_version_1_database_keeps_its_rows_when_upgraded(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as version_1:
        version_1.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
        version_1.setattr(schema, "LATEST_VERSION", 1)
        assert migrate(connection) == 1
    connection.execute("INSERT INTO swipes VALUES (1, 'ramen', 'LEFT', 't', '2026-01-20')")
    assert migrate(connection) == LATEST_VERSION
    assert connection.execute("SELECT count(*) FROM swipes").fetchone()[0] == 1
    assert connection.execute("SELECT count(*) FROM rollover_check").fetchone()[0] == 0


def test_unknown_directions_are_refused_by_the_table_and_trigger_names_left_to_the_app(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    # A new trigger is a registry entry, not a table rebuild: the app checks the names.
    connection.execute(
        "INSERT INTO profile_snapshots VALUES ('a', 't', 'd', 'HOURLY', 'k', 1, '{}', NULL)"
    )
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        connection.execute("INSERT INTO swipes VALUES (1, 'ramen', 'DOWN', 't', 'd', NULL)")


def test_migrating_a_current_database_again_changes_nothing(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    connection.execute("INSERT INTO swipes VALUES (1, 'ramen', 'LEFT', 't', 'd', NULL)")
    assert migrate(connection) == LATEST_VERSION
    assert connection.execute("SELECT count(*) FROM swipes").fetchone()[0] == 1


def test_a_database_from_a_newer_app_is_refused_and_left_at_its_version(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)  # a newer app's file has our tables, and more
    connection.execute("CREATE TABLE added_later (x)")
    newer = LATEST_VERSION + 1
    connection.execute(f"PRAGMA user_version = {newer}")
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    says = rf"schema version {newer}.*up to {LATEST_VERSION}"
    with pytest.raises(DatabaseTooNewError, match=says):
        migrate(connection)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == newer
    assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == tables


@pytest.mark.parametrize(
    ("version", "setup", "says"),
    [
        (-1, "CREATE TABLE swipes (x)", "user_version -1, which is not a TasteTrail schema"),
        (99, "CREATE TABLE invoices (x)", "user_version 99 and no TasteTrail tables"),
        (99, None, "user_version 99 and no TasteTrail tables (it holds no tables)"),
    ],
    ids=["negative", "another-programs-tables", "empty"],
)
def test_a_version_no_tastetrail_wrote_is_described_as_such_and_nothing_is_migrated(
    connection: sqlite3.Connection, version: int, setup: str | None, says: str
) -> None:
    if setup is not None:
        connection.execute(setup)
    connection.execute(f"PRAGMA user_version = {version:d}")
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    with pytest.raises(NotADatabaseError, match=re.escape(says)) as refused:
        migrate(connection)
    assert "newer" not in str(refused.value)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == version
    assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == tables


def test_a_failing_step_is_rolled_back_whole_with_its_version(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_step(connection: sqlite3.Connection) -> None:
        """Create a table, then fail."""
        connection.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "MIGRATIONS", (broken_step,))
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        migrate(connection)
    assert not connection.in_transaction
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 0
    assert connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def test_each_step_commits_with_its_own_version(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def second_step(connection: sqlite3.Connection) -> None:
        """Fail after version 1 is committed."""
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], second_step))
    monkeypatch.setattr(schema, "LATEST_VERSION", 2)
    with pytest.raises(sqlite3.OperationalError):
        migrate(connection)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    assert columns(connection, "swipes")


def test_every_step_has_a_one_line_docstring() -> None:
    for step in schema.MIGRATIONS:
        assert step.__doc__ and "\n" not in step.__doc__.strip()


def test_migrate_needs_a_connection_with_explicit_transactions(db_path: Path) -> None:
    implicit = sqlite3.connect(db_path)
    try:
        with pytest.raises(ValueError, match="isolation_level=None"):
            migrate(implicit)
    finally:
        implicit.close()


def test_no_two_indexes_of_a_table_cover_the_same_columns(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    for table in ("profile_snapshots", "swipes", "rollover_check"):
        indexes = [
            tuple(row[2] for row in connection.execute(f"PRAGMA index_info({name})"))
            for _seq, name, *_rest in connection.execute(f"PRAGMA index_list({table})")
        ]
        assert len({frozenset(columns) for columns in indexes}) == len(indexes), (table, indexes)


def test_a_version_3_file_keeps_every_snapshot_row_through_version_4_and_one_key_index(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as version_3:
        version_3.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:3])
        version_3.setattr(schema, "LATEST_VERSION", 3)
        assert migrate(connection) == 3
    insert = "INSERT INTO profile_snapshots VALUES (?, ?, 'd', ?, ?, ?, ?, ?)"
    rows = [
        ("b", "2026-01-02T00:00:00.000Z", "DAY_ROLLOVER", "day:2026-01-01", 30, "{}", None),
        ("a", "2026-01-01T09:00:00.000Z", "SWIPE_THRESHOLD", "swipes:000025", 25, "{}", "{}"),
        ("c", "2026-01-02T10:00:00.000Z", "MANUAL", "manual:000031", 31, '{"x":1}', "{}"),
    ]
    connection.executemany(insert, rows)
    select = "SELECT rowid, * FROM profile_snapshots ORDER BY rowid"
    before = connection.execute(select).fetchall()
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    with monkeypatch.context() as version_4:
        version_4.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:4])
        version_4.setattr(schema, "LATEST_VERSION", 4)
        assert migrate(connection) == 4
    assert connection.execute("PRAGMA page_count").fetchone()[0] <= pages  # nothing rewritten
    assert migrate(connection) == LATEST_VERSION  # later steps add tables and indexes
    assert connection.execute(select).fetchall() == before
    names = {row[1] for row in connection.execute("PRAGMA index_list(profile_snapshots)")}
    assert names == {
        "sqlite_autoindex_profile_snapshots_1",  # the id, the primary key
        "sqlite_autoindex_profile_snapshots_2",  # unique: window key, trigger, version
        "profile_snapshots_by_created_at",
        "profile_snapshots_by_version",
    }
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(insert, ("d", "t", "MANUAL", "manual:000031", 31, "{}", None))


def test_each_step_creates_exactly_the_tables_the_open_check_expects(
    connection: sqlite3.Connection,
) -> None:
    assert len(schema.TABLES_BY_VERSION) == len(schema.MIGRATIONS)
    for version, step in enumerate(schema.MIGRATIONS):
        before = tables(connection)
        connection.execute("BEGIN")
        step(connection)
        connection.execute("COMMIT")
        assert tables(connection) - before == set(schema.TABLES_BY_VERSION[version])
        schema.check_tables(connection, version + 1)


def test_a_table_missing_from_a_database_is_named_by_the_open_check(
    connection: sqlite3.Connection,
) -> None:
    migrate(connection)
    connection.execute("DROP TABLE profile_snapshots")
    with pytest.raises(MissingTablesError, match="no profile_snapshots table"):
        schema.check_tables(connection, LATEST_VERSION, source="the database 'x.sqlite3'")


def tables(connection: sqlite3.Connection) -> set[str]:
    return {
        name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }


def test_a_file_from_before_keeps_every_row_and_index_when_trigger_names_leave_the_table(
    connection: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    step = next(  # by its name, not its number: steps are renumbered as others land
        number
        for number, migration in enumerate(schema.MIGRATIONS)
        if migration.__name__.endswith("_trigger_names_checked_by_the_app")
    )
    with monkeypatch.context() as before_the_step:
        before_the_step.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:step])
        before_the_step.setattr(schema, "LATEST_VERSION", step)
        migrate(connection)
    insert = "INSERT INTO profile_snapshots VALUES (?, ?, 'd', ?, ?, ?, ?, ?)"
    rows = [
        ("b", "2026-01-02T00:00:00.000Z", "DAY_ROLLOVER", "day:2026-01-01", 30, "{}", None),
        ("a", "2026-01-01T09:00:00.000Z", "SWIPE_THRESHOLD", "swipes:000025", 25, "{}", "{}"),
        ("c", "2026-01-02T10:00:00.000Z", "MANUAL", "manual:000031", 31, '{"x":1}', "{}"),
    ]
    connection.executemany(insert, rows)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):  # the old table's rule
        connection.execute(insert, ("w", "t", "WEEKLY", "week:2026-W01", 31, "{}", None))
    select = "SELECT * FROM profile_snapshots ORDER BY id"
    before = connection.execute(select).fetchall()
    indexes = {row[1] for row in connection.execute("PRAGMA index_list(profile_snapshots)")}

    assert migrate(connection) == LATEST_VERSION
    assert connection.execute(select).fetchall() == before
    assert {row[1] for row in connection.execute("PRAGMA index_list(profile_snapshots)")} == (
        indexes
    )
    connection.execute(insert, ("w", "t", "WEEKLY", "week:2026-W01", 31, "{}", None))
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(insert, ("d", "t", "MANUAL", "manual:000031", 31, "{}", None))
