"""The database schema, as a list of migrations keyed by ``PRAGMA user_version``.

``MIGRATIONS[n]`` upgrades a database from version ``n`` to ``n + 1``. Each step runs with
its ``PRAGMA user_version = n + 1`` in one ``BEGIN IMMEDIATE`` transaction, so a database is
always at exactly one known version: a step that fails is rolled back whole. Steps use
``execute`` only, never ``executescript``, which would commit the open transaction first.
A database whose version is above the newest known one was written by a newer app and is
refused without being touched.

The connection must be in autocommit mode (``isolation_level=None``): transactions here are
explicit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from middleware.persistence.errors import DatabaseTooNewError, MissingTablesError

Migration = Callable[[sqlite3.Connection], None]


def _v1_snapshots_and_swipes(connection: sqlite3.Connection) -> None:
    """Create the snapshot table, the swipe log, and their indexes."""
    connection.execute(
        """
        CREATE TABLE profile_snapshots (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            snapshot_date_local TEXT NOT NULL,
            trigger_type TEXT NOT NULL
                CHECK (trigger_type IN ('SWIPE_THRESHOLD', 'DAY_ROLLOVER', 'MANUAL')),
            window_key TEXT NOT NULL,
            profile_version INTEGER NOT NULL,
            payload_json TEXT NOT NULL,
            meta_json TEXT NULL,
            UNIQUE (window_key, trigger_type, profile_version)
        )
        """
    )
    connection.execute(
        "CREATE INDEX profile_snapshots_by_created_at ON profile_snapshots (created_at)"
    )
    # Start-up reads (latest snapshot, last window of each trigger) must not scan history.
    connection.execute(
        "CREATE INDEX profile_snapshots_by_version "
        "ON profile_snapshots (profile_version, created_at)"
    )
    connection.execute(
        "CREATE INDEX profile_snapshots_by_trigger "
        "ON profile_snapshots (trigger_type, window_key, profile_version)"
    )
    connection.execute(
        """
        CREATE TABLE swipes (
            sequence INTEGER PRIMARY KEY,
            item_id TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('LEFT', 'RIGHT', 'UP')),
            at TEXT NOT NULL,
            local_date TEXT NOT NULL
        )
        """
    )
    connection.execute("CREATE INDEX swipes_by_local_date ON swipes (local_date)")


def _v2_rollover_check(connection: sqlite3.Connection) -> None:
    """Create the one-row table that says how far the swipe log has every rollover row."""
    # Start-up looks for ended days without a DAY_ROLLOVER row. Rollovers are not always
    # written in date order (after a zone change the live check rolls over another date
    # than the one the swipes were stored under; a failed catch-up write can be followed by
    # later days' rows), so a gap can sit before the last rollover and only the swipe log
    # can find it. This row lets each start-up read the log only after the point the last
    # one verified, instead of every day of the history.
    connection.execute(
        """
        CREATE TABLE rollover_check (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            checked_through_sequence INTEGER NOT NULL CHECK (checked_through_sequence >= 0)
        )
        """
    )


MIGRATIONS: Sequence[Migration] = (_v1_snapshots_and_swipes, _v2_rollover_check)
"""``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; append, never edit."""

LATEST_VERSION = len(MIGRATIONS)

TABLES_BY_VERSION: Sequence[tuple[str, ...]] = (
    ("profile_snapshots", "swipes"),
    ("rollover_check",),
)
"""``TABLES_BY_VERSION[n]``: the tables ``MIGRATIONS[n]`` creates; append with each step."""


def user_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def check_version(connection: sqlite3.Connection, *, source: str = "the database") -> int:
    """Return the database's version, or raise `DatabaseTooNewError` if it is from the future.

    Only reads: safe on a read-only connection and on a file that must not change.
    """
    return refuse_if_too_new(user_version(connection), source=source)


def check_tables(
    connection: sqlite3.Connection, version: int, *, source: str = "the database"
) -> None:
    """Raise `MissingTablesError` if a table that ``version`` promises is not in the file.

    Only reads. Without it, a table dropped by another program is found by the first
    query that needs it, as "no such table" halfway through a command.
    """
    present = {
        str(name)
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    expected = [table for step in TABLES_BY_VERSION[:version] for table in step]
    missing = [table for table in expected if table not in present]
    if missing:
        raise MissingTablesError(
            f"{source} has schema version {version} but no {', '.join(missing)} table "
            f"({len(missing)} of the {len(expected)} it must have); another program changed "
            "it. It was left unchanged: restore it from a backup, or choose another file."
        )


def refuse_if_too_new(version: int, *, source: str = "the database") -> int:
    """Return ``version``, or raise `DatabaseTooNewError` if this app does not know it."""
    if version > LATEST_VERSION:
        raise DatabaseTooNewError(
            f"{source} has schema version {version}, but this app knows versions up to "
            f"{LATEST_VERSION}; it was written by a newer TasteTrail. It was not changed: "
            "update the app, or open a different file."
        )
    return version


def migrate(connection: sqlite3.Connection, *, source: str = "the database") -> int:
    """Apply every pending migration, one transaction each; return the final version."""
    if connection.isolation_level is not None or connection.in_transaction:
        raise ValueError(
            "migrate() needs a connection in autocommit mode (isolation_level=None) with no "
            "open transaction; open it with sqlite3.connect(..., isolation_level=None)"
        )
    version = check_version(connection, source=source)
    while version < LATEST_VERSION:
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another connection may have migrated while we waited for the lock.
            version = check_version(connection, source=source)
            if version < LATEST_VERSION:
                MIGRATIONS[version](connection)
                version += 1
                connection.execute(f"PRAGMA user_version = {version:d}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return version
