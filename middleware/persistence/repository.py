"""The SQLite repository: the one object through which the app reads and writes its file.

One repository owns one connection and belongs to the thread that opened it (in the app,
the snapshot writer thread; start-up code and the trend panel open their own). Writes are
explicit ``BEGIN IMMEDIATE`` transactions with ``?`` parameters; a failed write is rolled
back whole. Every ``sqlite3`` error is translated into a `RepositoryError` subclass
(`middleware.persistence.errors`), so no caller ever imports ``sqlite3``. Opening and its
file checks live in `opening`; the reads in `snapshot_reads` and `swipe_log`, and the
whole-file reads of checks in `audit_reads`.

Fault injection has one seam: ``fault_injector(operation)`` is called inside each write
transaction, after ``BEGIN IMMEDIATE``; whatever it raises rolls the transaction back and is
handled exactly like a real failure (a ``sqlite3.Error`` is translated).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from middleware.persistence.audit_reads import AuditReads
from middleware.persistence.dropped_writes import dropped_write_error, window_has_a_row
from middleware.persistence.errors import (
    DatabaseLockedError,
    DuplicateSwipeError,
    ReadOnlyDatabaseError,
    translate_error,
)
from middleware.persistence.file_identity import (
    FileIdentity,
    content_of,
    identity_of,
    require_same_file,
    require_same_file_and_content,
)
from middleware.persistence.online_backup import copy_database
from middleware.persistence.opening import open_connection
from middleware.persistence.schema import user_version
from middleware.persistence.session_mark import UncleanEnd, mark_closed, mark_open
from middleware.persistence.settings_table import StoredSettings, read_settings, write_settings
from middleware.persistence.swipe_log import LOG_END, SwipeLogReads
from store.settings import DEFAULT_SETTINGS, Settings
from store.snapshot_rows import (
    NewSnapshot,
    SwipeRecord,
    format_utc_micros,
    format_utc_millis,
)

__all__ = ["AfterCommit", "FaultInjector", "InsertResult", "SnapshotRepository"]

log = logging.getLogger("tastetrail.repository")

FaultInjector = Callable[[str], None]
"""Called with the operation name inside each write transaction; raising rolls it back."""
AfterCommit = Callable[[sqlite3.Connection], None]
"""Called with the connection after each commit, on the repository's thread."""

_INSERT_SWIPE = (
    "INSERT INTO swipes (sequence, item_id, direction, at, local_date, undoes) "
    "VALUES (?, ?, ?, ?, ?, ?)"
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


class SnapshotRepository(AuditReads, SwipeLogReads):
    """Snapshot rows and the swipe log in one SQLite file; create it with `open`."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool,
        fault_injector: FaultInjector | None,
        busy_timeout_ms: int = 5000,
        max_page_count: int | None = None,
        after_commit: AfterCommit | None = None,
    ) -> None:
        super().__init__(connection)
        self._after_commit = after_commit
        self._path = path
        self._read_only = read_only
        self._fault_injector = fault_injector
        self._busy_timeout_ms = busy_timeout_ms
        self._max_page_count = max_page_count
        self._identity = identity_of(path)
        self._content = None if read_only else content_of(path)  # as this app last left it
        # WAL mode keeps one -wal and one -shm per database for as long as a connection is
        # open; knowing them tells this connection's own from files another program put there.
        self._sidecar_identities = {
            suffix: identity_of(Path(f"{path}{suffix}")) for suffix in ("-wal", "-shm")
        }
        self.skipped_rows = 0
        self.rows_fetched = 0
        self.ignored_rollover_check: int | None = None
        """The rollover check `rollovers_checked_through` found beyond the log, if any."""

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        busy_timeout_ms: int = 5000,
        read_only: bool = False,
        leave_untouched: bool = False,
        fault_injector: FaultInjector | None = None,
        max_page_count: int | None = None,
        expect_file: FileIdentity | None = None,
        after_commit: AfterCommit | None = None,
    ) -> SnapshotRepository:
        """Open (creating and migrating if needed) the database at ``path``.

        The repository belongs to the calling thread. ``read_only=True`` opens an existing,
        current database for reading only and never writes to it; with ``leave_untouched``
        it also leaves no ``-wal``/``-shm`` file behind when none holds pages (for a one-off
        read of someone's file, not for a view that follows a writer). ``max_page_count`` caps
        the database's size in pages (a quota): a write past it raises `DiskFullError`.
        Raises `InvalidDatabasePathError`, `NotADatabaseError`, `DatabaseTooNewError`,
        `ReadOnlyDatabaseError` (writable open of a file or folder that cannot be written),
        or another `RepositoryError`. With ``expect_file`` (the `file_identity` of an
        earlier open), a path that names another file, or none, raises
        `DatabaseReplacedError` and nothing is created. ``after_commit`` is called with
        the connection after each of this repository's commits (the daily backup).
        """
        if expect_file is not None:
            require_same_file(Path(path), expect_file, doing="opening the database")
        connection, db_path = open_connection(
            path,
            busy_timeout_ms=busy_timeout_ms,
            read_only=read_only,
            max_page_count=max_page_count,
            leave_untouched=leave_untouched,
        )
        repository = cls(
            connection,
            db_path,
            read_only=read_only,
            fault_injector=None if read_only else fault_injector,
            busy_timeout_ms=busy_timeout_ms,
            max_page_count=max_page_count,
            after_commit=None if read_only else after_commit,
        )
        if expect_file is not None and repository.file_identity != expect_file:
            repository.close()  # replaced in the instant between the check and the open
            require_same_file(db_path, expect_file, doing="opening the database")
        return repository

    def reopen(self) -> SnapshotRepository:
        """A new repository on this one's path, with the same options (this one stays open)."""
        return SnapshotRepository.open(
            self._path,
            busy_timeout_ms=self._busy_timeout_ms,
            read_only=self._read_only,
            fault_injector=self._fault_injector,
            max_page_count=self._max_page_count,
            after_commit=self._after_commit,
        )

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def file_identity(self) -> FileIdentity | None:
        """The device and inode of the file this repository opened."""
        return self._identity

    def owns_sidecar(self, suffix: str) -> bool:
        """Whether the file ``NAME<suffix>`` at the path is the one this connection made."""
        identity = identity_of(Path(f"{self._path}{suffix}"))
        return identity is not None and identity == self._sidecar_identities.get(suffix)

    def verify_file(self, doing: str = "writing") -> None:
        """Raise `DatabaseReplacedError` if the path no longer names the file opened here."""
        self._open_connection("verify_file")
        # The same file, and not written by someone else since (one stat for both).
        require_same_file_and_content(self._path, self._identity, self._content, doing=doing)

    def copy_to(self, target: Path) -> None:
        """Write a consistent copy of the database to the new file ``target`` (SQLite's
        online backup, from this connection: it works while the path names another file)."""
        connection = self._open_connection("copy_to")
        copy_database(connection, target)

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
            # A commit into a file that was deleted or replaced would be acknowledged and lost.
            self.verify_file(operation)
            connection.execute("COMMIT")
            self._content = content_of(self._path)  # a checkpoint in the commit changes it
        except BaseException as exc:
            try:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
            except sqlite3.Error:
                log.exception("rollback after a failed %s failed", operation)
            if isinstance(exc, sqlite3.Error):
                raise translate_error(exc, operation, folder=self._path.parent) from exc
            raise
        if self._after_commit is not None:
            try:
                self._after_commit(connection)
            except Exception:  # the commit stands: what follows it must not undo that
                log.exception("after the commit of %s", operation)

    def _append(
        self, connection: sqlite3.Connection, swipes: Sequence[SwipeRecord], operation: str
    ) -> None:
        # A failed write rolls back whole, so a retry never meets its own swipes: a sequence
        # already stored means another writer numbered swipes from the same point, and
        # skipping ours would lose them without a word.
        inserted_before = connection.total_changes
        try:
            # ``str(direction)`` binds a plain str: SQLite adapts a str subclass more slowly.
            cursor = connection.executemany(
                _INSERT_SWIPE,
                [
                    (
                        sequence,
                        item_id,
                        str(direction),
                        format_utc_micros(at),
                        day.isoformat(),
                        undoes,
                    )
                    for sequence, item_id, direction, at, day, undoes in swipes
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
        # ``rowcount`` is SQLite's changes(), summed over the rows: the rows this statement
        # stored, not a trigger's own writes. Fewer than given means a trigger dropped some.
        if cursor.rowcount != len(swipes):
            raise dropped_write_error(
                connection, "swipes", f"{len(swipes)} swipe(s)", cursor.rowcount
            )

    def append_swipes(self, swipes: Sequence[SwipeRecord]) -> None:
        """Append ``swipes`` in one transaction; raises `DuplicateSwipeError` (and writes
        nothing) when a sequence is stored already, `WriteDroppedError` when fewer rows were
        stored than given (a trigger in the file dropped them)."""
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
        An insert that stores nothing while no row holds the window (a trigger in the file
        dropped it) raises `WriteDroppedError` and writes nothing.
        """
        with self._write("insert_snapshot") as connection:
            if swipes:
                self._append(connection, swipes, "insert_snapshot")
            cursor = connection.execute(
                _INSERT_SNAPSHOT,
                (
                    new.id,
                    format_utc_millis(new.created_at),
                    new.snapshot_date_local.isoformat(),
                    new.trigger_type.value,
                    new.window_key,
                    new.profile_version,
                    new.payload_json,
                    new.meta_json,
                ),
            )
            created = cursor.rowcount == 1
            if not created and not window_has_a_row(connection, new):
                raise dropped_write_error(
                    connection, "profile_snapshots", f"snapshot {new.window_key}", 0
                )
        log.debug(
            "snapshot %s %s (%s, version %d)",
            new.window_key,
            "created" if created else "already recorded",
            new.trigger_type.value,
            new.profile_version,
            extra={"snapshot_id": new.id, "snapshot_created": created},  # "created" is taken
        )
        return InsertResult(created=created, id=new.id)

    def rollovers_checked_through(self) -> int:
        """The swipe sequence up to which every stored swipe's day has a DAY_ROLLOVER row.

        0 when no check was recorded, or the record is damaged or points past the swipe
        log's last swipe (another program's edit, which would stop the catch-up for good;
        it is named in the log): then nothing is assumed.
        """
        rows = self._fetch(
            "rollovers_checked_through",
            f"SELECT checked_through_sequence, {LOG_END} "
            "FROM rollover_check WHERE id = 1 AND typeof(checked_through_sequence) = 'integer'",
        )
        if not rows:
            return 0
        checked, log_end = int(rows[0][0]), int(rows[0][1])
        if checked > log_end:
            log.warning(
                "ignored rollover_check at sequence %d: the swipe log ends at %d, so another "
                "program wrote it; the catch-up checks the whole log instead",
                checked,
                log_end,
                extra={"event": "rollover_check_beyond_the_log", "checked": checked},
            )
            self.ignored_rollover_check = checked
            return 0
        return max(0, checked)

    def record_rollovers_checked(self, through_sequence: int) -> bool:
        """Record that every swipe up to ``through_sequence`` is on a day with a rollover row.

        The record only moves forward (rows are never deleted and a stored swipe never
        changes its day, so what was checked stays true), unless it points past the swipe
        log, which no check of ours wrote: then it is replaced. It never waits for another
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
                    "ON CONFLICT (id) DO UPDATE SET checked_through_sequence = CASE "
                    f"WHEN checked_through_sequence > {LOG_END} "
                    "THEN excluded.checked_through_sequence "
                    "ELSE max(checked_through_sequence, excluded.checked_through_sequence) END",
                    (through_sequence,),
                )
        except DatabaseLockedError:
            log.info("the database is busy: the rollover check is not recorded this time")
            return False
        finally:
            with suppress(sqlite3.Error):
                connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
        return True

    def mark_session_open(self, *, at: datetime) -> UncleanEnd | None:
        """Mark the file open by a writing session from ``at``; what the last session left
        unclosed, if it did not close (see `session_mark`)."""
        with self._write("mark_session_open") as connection:
            return mark_open(connection, at=at)

    def mark_session_closed(self, *, at: datetime) -> None:
        """Mark the file closed cleanly at ``at`` (the session's last write)."""
        with self._write("mark_session_closed") as connection:
            mark_closed(connection, at=at)

    def fold_log_into_file(self) -> bool:
        """Copy the commits waiting in the ``-wal`` into the database file and empty the
        ``-wal`` (a TRUNCATE checkpoint), so that the file alone holds everything. False
        when another connection's read kept some back: they stay in the ``-wal``, as safe,
        and fold at a later checkpoint. Writes only the file this connection opened."""
        connection = self._open_connection("fold_log_into_file")
        try:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            raise translate_error(exc, "fold_log_into_file", folder=self._path.parent) from exc
        self._content = content_of(self._path)
        return not busy

    def stored_settings(self, defaults: Settings) -> StoredSettings:
        """The person's stored settings, checked (`settings_table`); damaged rows named."""
        connection = self._open_connection("stored_settings")
        try:
            return read_settings(connection, defaults)
        except sqlite3.Error as exc:
            raise translate_error(exc, "stored_settings") from exc

    def save_settings(
        self, settings: Settings, *, at: datetime, swipes: Sequence[SwipeRecord] = ()
    ) -> None:
        """Append ``swipes``, then store ``settings`` as changed at ``at``; one transaction."""
        with self._write("save_settings") as connection:
            if swipes:
                self._append(connection, swipes, "save_settings")
            write_settings(connection, settings, at=at, defaults=DEFAULT_SETTINGS)

    def schema_version(self) -> int:
        connection = self._open_connection("schema_version")
        try:
            return user_version(connection)
        except sqlite3.Error as exc:
            raise translate_error(exc, "schema_version") from exc
