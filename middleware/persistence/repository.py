"""The SQLite repository: the one object through which the app reads and writes its file.

One repository owns one connection and belongs to the thread that opened it (in the app,
the snapshot writer thread; start-up code and the trend panel open their own). Writes are
explicit ``BEGIN IMMEDIATE`` transactions with ``?`` parameters; a failed write is rolled
back whole. Every ``sqlite3`` error is translated into a `RepositoryError` subclass
(`middleware.persistence.errors`), so no caller ever imports ``sqlite3``. Opening and its
file checks live in `opening`; the reads in `snapshot_reads` and `swipe_log`.

Fault injection has one seam: ``fault_injector(operation)`` is called inside each write
transaction, after ``BEGIN IMMEDIATE``; whatever it raises rolls the transaction back and is
handled exactly like a real failure (a ``sqlite3.Error`` is translated).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from middleware.persistence.errors import (
    DatabaseLockedError,
    DuplicateSwipeError,
    ReadOnlyDatabaseError,
    translate_error,
)
from middleware.persistence.opening import open_connection
from middleware.persistence.schema import user_version
from middleware.persistence.snapshot_reads import SnapshotReads
from middleware.persistence.swipe_log import SwipeLogReads
from store.snapshot_rows import NewSnapshot, SwipeRecord, format_utc_micros

__all__ = ["FaultInjector", "InsertResult", "SnapshotRepository"]

log = logging.getLogger("tastetrail.repository")

FaultInjector = Callable[[str], None]
"""Called with the operation name inside each write transaction; raising rolls it back."""

_INSERT_SWIPE = (
    "INSERT INTO swipes (sequence, item_id, direction, at, local_date) VALUES (?, ?, ?, ?, ?)"
)
_INSERT_SNAPSHOT = (
    "INSERT INTO profile_snapshots (id, created_at, snapshot_date_local, trigger_type, "
    "window_key, profile_version, payload_json, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING"
)


class InsertResult(NamedTuple):
    """``created`` is False when the snapshot's window already had its row."""

    created: bool
    id: str


class SnapshotRepository(SnapshotReads, SwipeLogReads):
    """Snapshot rows and the swipe log in one SQLite file; create it with `open`."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool,
        fault_injector: FaultInjector | None,
    ) -> None:
        super().__init__(connection)
        self._path = path
        self._read_only = read_only
        self._fault_injector = fault_injector
        self.skipped_rows = 0

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        busy_timeout_ms: int = 5000,
        read_only: bool = False,
        fault_injector: FaultInjector | None = None,
        max_page_count: int | None = None,
    ) -> SnapshotRepository:
        """Open (creating and migrating if needed) the database at ``path``.

        The repository belongs to the calling thread. ``read_only=True`` opens an existing,
        current database for reading only and never writes to it. ``max_page_count`` caps
        the database's size in pages (a quota): a write past it raises `DiskFullError`.
        Raises `InvalidDatabasePathError`, `NotADatabaseError`, `DatabaseTooNewError`,
        `ReadOnlyDatabaseError` (writable open of a file or folder that cannot be written),
        or another `RepositoryError`.
        """
        connection, db_path = open_connection(
            path,
            busy_timeout_ms=busy_timeout_ms,
            read_only=read_only,
            max_page_count=max_page_count,
        )
        return cls(
            connection,
            db_path,
            read_only=read_only,
            fault_injector=None if read_only else fault_injector,
        )

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    def __enter__(self) -> SnapshotRepository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- writes ------------------------------------------------------------------------

    @contextmanager
    def _write(self, operation: str) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction: committed on success, rolled back on error."""
        connection = self._open_connection(operation)
        if self._read_only:
            raise ReadOnlyDatabaseError(
                f"SnapshotRepository.{operation}() needs a writable repository, but this one "
                "was opened with read_only=True. Open another without it to write."
            )
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise translate_error(exc, operation, folder=self._path.parent) from exc
        try:
            if self._fault_injector is not None:
                self._fault_injector(operation)
            yield connection
            connection.execute("COMMIT")
        except BaseException as exc:
            try:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback after a failed %s failed", operation)
            if isinstance(exc, sqlite3.Error):
                raise translate_error(exc, operation, folder=self._path.parent) from exc
            raise

    def _append(
        self, connection: sqlite3.Connection, swipes: Sequence[SwipeRecord], operation: str
    ) -> None:
        # A failed write rolls back whole, so a retry never meets its own swipes: a sequence
        # already stored means another writer numbered swipes from the same point, and
        # skipping ours would lose them without a word.
        inserted_before = connection.total_changes
        try:
            # ``str(direction)`` binds a plain str: SQLite adapts a str subclass more slowly.
            connection.executemany(
                _INSERT_SWIPE,
                [
                    (sequence, item_id, str(direction), format_utc_micros(at), day.isoformat())
                    for sequence, item_id, direction, at, day in swipes
                ],
            )
        except sqlite3.IntegrityError as exc:
            if getattr(exc, "sqlite_errorcode", None) != sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
                raise
            # The rows before the refused one went in (and are rolled back with them).
            inserted = connection.total_changes - inserted_before
            refused = swipes[min(inserted, len(swipes) - 1)]
            raise DuplicateSwipeError(
                f"{operation} failed: swipe {refused.sequence} is already stored in "
                f"{str(self._path)!r}: another writer has used this database since this "
                "session read it. Nothing was written; close this window and open the "
                "database again (its unsaved swipes cannot be stored).",
                sequence=refused.sequence,
            ) from exc

    def append_swipes(self, swipes: Sequence[SwipeRecord]) -> None:
        """Append ``swipes`` in one transaction; raises `DuplicateSwipeError` (and writes
        nothing) when a sequence is stored already."""
        self._open_connection("append_swipes")
        if not swipes:
            return
        with self._write("append_swipes") as connection:
            self._append(connection, swipes, "append_swipes")

    def insert_snapshot(
        self, new: NewSnapshot, *, swipes: Sequence[SwipeRecord] = ()
    ) -> InsertResult:
        """Append ``swipes``, then insert ``new`` unless its window has a row; one transaction.

        An existing row is never replaced: ``created`` is False and the first write stands.
        A swipe whose sequence is stored already raises `DuplicateSwipeError` instead.
        """
        with self._write("insert_snapshot") as connection:
            if swipes:
                self._append(connection, swipes, "insert_snapshot")
            cursor = connection.execute(
                _INSERT_SNAPSHOT,
                (
                    new.id,
                    format_utc_micros(new.created_at),
                    new.snapshot_date_local.isoformat(),
                    new.trigger_type.value,
                    new.window_key,
                    new.profile_version,
                    new.payload_json,
                    new.meta_json,
                ),
            )
            created = cursor.rowcount == 1
        log.debug(
            "snapshot %s %s (%s, version %d)",
            new.window_key,
            "created" if created else "already recorded",
            new.trigger_type.value,
            new.profile_version,
            extra={"snapshot_id": new.id, "created": created},
        )
        return InsertResult(created=created, id=new.id)

    def rollovers_checked_through(self) -> int:
        """The swipe sequence up to which every stored swipe's day has a DAY_ROLLOVER row.

        0 when no check was recorded (or the record is damaged): then nothing is assumed.
        """
        rows = self._fetch(
            "rollovers_checked_through",
            "SELECT checked_through_sequence FROM rollover_check "
            "WHERE id = 1 AND typeof(checked_through_sequence) = 'integer'",
        )
        return max(0, int(rows[0][0])) if rows else 0

    def record_rollovers_checked(self, through_sequence: int) -> bool:
        """Record that every swipe up to ``through_sequence`` is on a day with a rollover row.

        The record only moves forward (rows are never deleted and a stored swipe never
        changes its day, so what was checked stays true). It never waits for another
        connection's lock: the record is only a shortcut for the next start, so when the
        database is busy it is skipped and False is returned.
        """
        if through_sequence < 0:
            raise ValueError(f"through_sequence must be zero or more, received {through_sequence}")
        connection = self._open_connection("record_rollovers_checked")
        try:
            busy_timeout_ms = int(connection.execute("PRAGMA busy_timeout").fetchone()[0])
            connection.execute("PRAGMA busy_timeout = 0")
        except sqlite3.Error as exc:
            raise translate_error(exc, "record_rollovers_checked") from exc
        try:
            with self._write("record_rollovers_checked") as writing:
                writing.execute(
                    "INSERT INTO rollover_check (id, checked_through_sequence) VALUES (1, ?) "
                    "ON CONFLICT (id) DO UPDATE SET checked_through_sequence = "
                    "max(checked_through_sequence, excluded.checked_through_sequence)",
                    (through_sequence,),
                )
        except DatabaseLockedError:
            log.info("the database is busy: the rollover check is not recorded this time")
            return False
        finally:
            with suppress(sqlite3.Error):
                connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
        return True

    def schema_version(self) -> int:
        connection = self._open_connection("schema_version")
        try:
            return user_version(connection)
        except sqlite3.Error as exc:
            raise translate_error(exc, "schema_version") from exc
