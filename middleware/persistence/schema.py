"""The database schema, as a list of migrations keyed by ``PRAGMA user_version``.

``MIGRATIONS[n]`` upgrades a database from version ``n`` to ``n + 1``. Each step runs with
its ``PRAGMA user_version = n + 1`` in one ``BEGIN IMMEDIATE`` transaction, so a database is
always at exactly one known version: a step that fails is rolled back whole. Steps use
``execute`` only, never ``executescript``, which would commit the open transaction first.
A database whose version is above the newest known one was written by a newer app and is
refused without being touched; a negative version, or a higher one in a file without our
tables, is another program's, and the refusal says so.

The connection must be in autocommit mode (``isolation_level=None``): transactions here are
explicit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from middleware.persistence.errors import (
    DatabaseTooNewError,
    MissingTablesError,
    NotADatabaseError,
)

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


def _v3_created_at_in_milliseconds(connection: sqlite3.Connection) -> None:
    """Cut every snapshot's created_at from microseconds to milliseconds, as the contract says."""
    # ``2026-04-01T12:00:35.597040Z`` becomes ``2026-04-01T12:00:35.597Z``: the first 23
    # characters are the instant truncated to the millisecond (truncated, like new rows, so
    # no row moves into a later second or local day). Text in any other shape is a corrupt
    # row, which readers skip and which is left as it is.
    connection.execute(
        "UPDATE profile_snapshots SET created_at = substr(created_at, 1, 23) || 'Z' "
        "WHERE created_at GLOB ?",
        (
            "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]."
            "[0-9][0-9][0-9][0-9][0-9][0-9]Z",
        ),
    )


def _v4_one_index_for_the_snapshot_key(connection: sqlite3.Connection) -> None:
    """Drop the trigger index: the unique key's own index serves the same reads."""
    # UNIQUE (window_key, trigger_type, profile_version) has an index of its own, and
    # profile_snapshots_by_trigger held the same three columns again, trigger first. Every
    # window key starts with its trigger's prefix (``day:``, ``swipes:``, ``manual:``), so
    # the reads by trigger bound the key by that prefix and go through the unique index:
    # about 2 bytes a swipe less on a long history, and nothing to rewrite (a rebuilt table
    # would leave a file as large as the old and new tables together until vacuumed).
    connection.execute("DROP INDEX IF EXISTS profile_snapshots_by_trigger")


def _v5_session_mark(connection: sqlite3.Connection) -> None:
    """Create the one-row table that says whether the last writing session closed cleanly."""
    # A session sets ``open`` at its start and clears it at a clean close (Ctrl+Q, a
    # signal): a start that finds it set knows the last session was killed or crashed,
    # and says so (`session_mark`). ``opened_through_sequence`` is the swipe log's end
    # when that session began, so its own swipes can be counted.
    connection.execute(
        """
        CREATE TABLE session_mark (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            open INTEGER NOT NULL CHECK (open IN (0, 1)),
            opened_at TEXT NOT NULL,
            opened_through_sequence INTEGER NOT NULL CHECK (opened_through_sequence >= 0),
            closed_at TEXT NULL
        )
        """
    )


APPLICATION_ID = 0x54547231
"""TasteTrail's ``PRAGMA application_id`` ("TTr1"): says whose file it is to anyone, to
``file(1)`` as to this app (see `ownership`)."""


def _v6_application_id(connection: sqlite3.Connection) -> None:
    """Mark the file as TasteTrail's with its application_id, in the header's bytes 68-71."""
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID:d}")


UNDO_EVENTS_VERSION = 7
"""The first version whose swipe log can hold undos (the ``undoes`` column)."""


def _v7_undo_events(connection: sqlite3.Connection) -> None:
    """Let a swipe-log row be an undo that names the swipe it takes back."""
    # The log stays append-only: an undo is a row of its own, with the next sequence, the
    # card and direction of the swipe it takes back, and that swipe's sequence in ``undoes``
    # (NULL for a swipe). Adding a nullable column rewrites nothing. The partial unique index
    # keeps a swipe from being taken back twice, and finds the few undos without a scan.
    connection.execute(
        "ALTER TABLE swipes ADD COLUMN undoes INTEGER NULL "
        "CHECK (undoes IS NULL OR (undoes >= 1 AND undoes < sequence))"
    )
    connection.execute(
        "CREATE UNIQUE INDEX swipes_undone ON swipes (undoes) WHERE undoes IS NOT NULL"
    )


def _v8_trigger_names_checked_by_the_app(connection: sqlite3.Connection) -> None:
    """Rebuild the snapshot table without the CHECK on trigger names: the registry checks them."""
    # A CHECK listing the trigger names made every new trigger a table rebuild; the app's
    # trigger registry validates each row it writes and skips, on reading, a row whose
    # trigger it does not know. SQLite cannot drop a constraint, so the table is copied
    # once (rows, ids and the unique key as they are) and its indexes are made again.
    columns = (
        "id, created_at, snapshot_date_local, trigger_type, window_key, profile_version, "
        "payload_json, meta_json"
    )
    connection.execute(
        """
        CREATE TABLE profile_snapshots_v8 (
            id TEXT PRIMARY KEY,
            created_at TEXT NOT NULL,
            snapshot_date_local TEXT NOT NULL,
            trigger_type TEXT NOT NULL,
            window_key TEXT NOT NULL,
            profile_version INTEGER NOT NULL,
            payload_json TEXT NOT NULL,
            meta_json TEXT NULL,
            UNIQUE (window_key, trigger_type, profile_version)
        )
        """
    )
    connection.execute(
        f"INSERT INTO profile_snapshots_v8 ({columns}) SELECT {columns} FROM profile_snapshots"
    )
    connection.execute("DROP TABLE profile_snapshots")
    connection.execute("ALTER TABLE profile_snapshots_v8 RENAME TO profile_snapshots")
    connection.execute(
        "CREATE INDEX profile_snapshots_by_created_at ON profile_snapshots (created_at)"
    )
    connection.execute(
        "CREATE INDEX profile_snapshots_by_version "
        "ON profile_snapshots (profile_version, created_at)"
    )


def _v9_settings(connection: sqlite3.Connection) -> None:
    """Create the table of the person's settings: one row a setting, by name."""
    # The value is text the app parses and checks on reading (`settings_table`): a row
    # another program damaged is skipped and named, never trusted. A setting without a
    # row has its default; rows are replaced, never appended.
    connection.execute(
        """
        CREATE TABLE settings (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            changed_at TEXT NOT NULL
        )
        """
    )


MIGRATIONS: Sequence[Migration] = (
    _v1_snapshots_and_swipes,
    _v2_rollover_check,
    _v3_created_at_in_milliseconds,
    _v4_one_index_for_the_snapshot_key,
    _v5_session_mark,
    _v6_application_id,
    _v7_undo_events,
    _v8_trigger_names_checked_by_the_app,
    _v9_settings,
)
"""``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``; append, never edit."""

LATEST_VERSION = len(MIGRATIONS)

OLDEST_READABLE_VERSION = 2
"""The oldest version a read-only open can read as it is, since it cannot migrate.

Version 2 has every table this app reads; version 3 only changed the precision of stored
``created_at`` text, and readers accept both precisions; version 4 only changed which
indexes the snapshot table has, and the reads are the same statements on either; version 5
added the session mark, which only a writing session reads (and writes); version 6 only
set the application_id in the header; version 7 added the swipe log's ``undoes`` column,
which reads of an older file take as NULL (a log without undos); version 8 only dropped the
CHECK on trigger names (reads skip a trigger they do not know); version 9 added the
settings table, which reads of an older file take as empty (every setting at its default).
A step that adds or changes
a table or column this app reads must raise this to its own version, or read the older form
too.
"""

_TASTETRAIL_TABLES = frozenset({"profile_snapshots", "swipes"})
"""Tables every TasteTrail schema since version 1 has, and a newer one would keep."""

TABLES_BY_VERSION: Sequence[tuple[str, ...]] = (
    ("profile_snapshots", "swipes"),
    ("rollover_check",),
    (),
    (),
    ("session_mark",),
    (),
    (),
    (),
    ("settings",),
)
"""``TABLES_BY_VERSION[n]``: the tables ``MIGRATIONS[n]`` creates; append with each step."""


def user_version(connection: sqlite3.Connection) -> int:
    row = connection.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def table_names(connection: sqlite3.Connection) -> list[str]:
    """The file's tables, by name (SQLite's own ``sqlite_`` tables left out)."""
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
        "ORDER BY name"
    ).fetchall()
    return [str(name) for (name,) in rows]


def check_version(connection: sqlite3.Connection, *, source: str = "the database") -> int:
    """Return the database's version, or raise if this app cannot know it (see
    `refuse_unknown_version`). Only reads: safe on a read-only connection and on a file that
    must not change."""
    return refuse_unknown_version(
        user_version(connection), source=source, tables=lambda: table_names(connection)
    )


def refuse_unknown_version(
    version: int, *, source: str = "the database", tables: Callable[[], list[str]]
) -> int:
    """Return ``version``, or raise the error that says what the file really holds.

    A negative ``user_version`` was never written by TasteTrail (its versions count up from
    0): `NotADatabaseError`. One above the newest known version is a newer TasteTrail's
    (`DatabaseTooNewError`) only if the file has TasteTrail's tables; otherwise it is
    another program's SQLite database (`NotADatabaseError`). ``tables`` lists the file's
    tables; it is only called for a version above the newest.
    """
    if version < 0:
        raise NotADatabaseError(
            f"{source} has user_version {version}, which is not a TasteTrail schema version "
            "(TasteTrail numbers them up from 0, this app knows 0 to "
            f"{LATEST_VERSION}): another program set it. It was not changed: choose "
            "another file, or restore this one from a backup."
        )
    if version > LATEST_VERSION:
        present = tables()
        if not _TASTETRAIL_TABLES.intersection(present):
            held = ", ".join(present[:5]) + (", ..." if len(present) > 5 else "")
            raise NotADatabaseError(
                f"{source} has user_version {version} and no TasteTrail tables (it holds "
                f"{'the tables ' + held if present else 'no tables'}): it is another "
                "program's SQLite database. It was not changed: choose another file."
            )
        raise DatabaseTooNewError(
            f"{source} has schema version {version}, but this app knows versions up to "
            f"{LATEST_VERSION}; it was written by a newer TasteTrail. It was not changed: "
            "update the app, or open a different file."
        )
    return version


def check_tables(
    connection: sqlite3.Connection, version: int, *, source: str = "the database"
) -> None:
    """Raise `MissingTablesError` if a table that ``version`` promises is not in the file.

    Only reads. Without it, a table dropped by another program is found by the first
    query that needs it, as "no such table" halfway through a command.
    """
    present = set(table_names(connection))
    expected = [table for step in TABLES_BY_VERSION[:version] for table in step]
    missing = [table for table in expected if table not in present]
    if missing:
        raise MissingTablesError(
            f"{source} has schema version {version} but no {', '.join(missing)} table "
            f"({len(missing)} of the {len(expected)} it must have); another program changed "
            "it. It was left unchanged: restore it from a backup, or choose another file."
        )


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
