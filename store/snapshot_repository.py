"""The SQLite repository: the one place that talks to the database file.

One repository owns one connection and belongs to the thread that opened it (in the app,
the snapshot writer thread; start-up code and the trend panel open their own). Writes are
explicit ``BEGIN IMMEDIATE`` transactions with ``?`` parameters; a failed write is rolled
back whole. Every ``sqlite3`` error is translated here into a `RepositoryError` subclass
that says what happened and what to do, so no caller ever imports ``sqlite3``.

Opening is careful with files it did not create: the header is checked with a plain read
and the schema version through a read-only connection, so a file that is not a database,
is truncated, or comes from a newer app is refused byte-for-byte unchanged. New files (and
their ``-wal``/``-shm``) are private to the user.

Fault injection has one seam: ``fault_injector(operation)`` is called inside each write
transaction, after ``BEGIN IMMEDIATE``; whatever it raises rolls the transaction back and is
handled exactly like a real failure (a ``sqlite3.Error`` is translated).

Opening files safely and translating errors both need care, hence the length of this file.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from store.actions import Direction, TriggerType
from store.errors import (
    DatabaseLockedError,
    DiskFullError,
    InvalidDatabasePathError,
    NotADatabaseError,
    ReadOnlyDatabaseError,
    RepositoryClosedError,
    RepositoryError,
)
from store.schema import (
    LATEST_VERSION,
    check_version,
    migrate,
    refuse_if_too_new,
    user_version,
)
from store.snapshot_rows import (
    MAX_PAYLOAD_BYTES,
    NewSnapshot,
    SnapshotRow,
    SwipeRecord,
    format_utc_micros,
    parse_stored_row,
    parse_utc,
)
from store.windows import rollover_date_of, rollover_window_key, window_prefix

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "SNAPSHOT_COLUMNS",
    "FaultInjector",
    "InsertResult",
    "SnapshotRepository",
    "SwipeDay",
    "translate_error",
]

log = logging.getLogger("tastetrail.repository")

FaultInjector = Callable[[str], None]
"""Called with the operation name inside each write transaction; raising rolls it back."""

_SQLITE_HEADER = b"SQLite format 3\x00"
_DIRECTIONS = {direction.value: direction for direction in Direction}
SNAPSHOT_COLUMNS = (
    "id, created_at, snapshot_date_local, trigger_type, window_key, profile_version, "
    "CAST(payload_json AS BLOB), CAST(meta_json AS BLOB)"
)
"""What a query handed to `SnapshotRepository.stream_snapshots` selects, in this order."""
_ROLLOVER_KEY_GLOB = "day:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
SCAN_SWIPES_LIMIT = 20_000
"""Above this many swipes after a point, `swipe_days_after` probes day by day instead."""
# The unary ``+`` keeps SQLite off the local_date index, which it would scan whole to group
# by it: this reads the rowid range after the point and groups only that.
_DAYS_OF_SWIPES_AFTER = (
    "SELECT +local_date AS day, min(sequence), max(sequence) FROM swipes "
    "WHERE sequence > :after GROUP BY day ORDER BY day"
)
# A skip-scan over the local_date index (whose entries end in the sequence): one probe per
# distinct day for the day itself, its last swipe and its first swipe after the point.
_DAYS_OF_SWIPES_BY_DAY = (
    "WITH RECURSIVE days(day) AS ("
    " SELECT min(local_date) FROM swipes"
    " UNION ALL"
    " SELECT (SELECT min(local_date) FROM swipes WHERE local_date > day)"
    " FROM days WHERE day IS NOT NULL"
    "), ranges(day, first, last) AS ("
    " SELECT day,"
    " (SELECT min(sequence) FROM swipes WHERE local_date = day AND sequence > :after),"
    " (SELECT max(sequence) FROM swipes WHERE local_date = day)"
    " FROM days WHERE day IS NOT NULL"
    ") SELECT day, first, last FROM ranges WHERE first IS NOT NULL ORDER BY day"
)
_INSERT_SWIPE = (
    "INSERT INTO swipes (sequence, item_id, direction, at, local_date) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sequence) DO NOTHING"
)
_INSERT_SNAPSHOT = (
    "INSERT INTO profile_snapshots (id, created_at, snapshot_date_local, trigger_type, "
    "window_key, profile_version, payload_json, meta_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING"
)


class SwipeDay(NamedTuple):
    """A local date with swipes: the first and last of their sequence numbers."""

    day: date
    first_sequence: int
    last_sequence: int


class InsertResult(NamedTuple):
    """``created`` is False when the snapshot's window already had its row."""

    created: bool
    id: str


# --- translating sqlite3 errors ------------------------------------------------------------


def translate_error(exc: sqlite3.Error, doing: str) -> RepositoryError:
    """Our error for ``exc``, raised while ``doing`` something; use ``raise ... from exc``."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    lowered = text.lower()
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "is locked" in lowered:
        return DatabaseLockedError(
            f"{doing} failed: the database is locked by another connection ({text}). Nothing "
            "was written; try again, or close the other program that has the file open."
        )
    if primary == sqlite3.SQLITE_FULL or "database or disk is full" in lowered:
        return DiskFullError(
            f"{doing} failed: the disk or the database's size limit is full ({text}). The "
            "write was rolled back and the database is intact; free some space and retry."
        )
    if primary == sqlite3.SQLITE_READONLY or "readonly" in lowered:
        return ReadOnlyDatabaseError(
            f"{doing} failed: the database is read-only ({text}). Check the permissions of "
            "the file and its folder, or open it with read_only=True to only read it."
        )
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or (
        "not a database" in lowered or "malformed" in lowered
    ):
        return NotADatabaseError(
            f"{doing} failed: the file is not a usable SQLite database ({text}). Restore it "
            "from a backup or choose another file."
        )
    return RepositoryError(
        f"{doing} failed: {text}. Nothing was written by this operation; try again, and if "
        "it keeps failing check the disk and the file."
    )


# --- checking a path before SQLite sees it -------------------------------------------------


def _check_path(path: Path | str, *, must_exist: bool) -> Path:
    raw = os.fspath(path)
    if not isinstance(raw, str) or not raw.strip() or raw.strip() == ":memory:":
        raise InvalidDatabasePathError(
            f"The database path must be a file path, received {raw!r}. Pass a path such as "
            "Path('profile.sqlite3')."
        )
    if raw.lower().startswith("file:"):
        raise InvalidDatabasePathError(
            f"The database path must be a plain file path, not a URI (received {raw!r}): a "
            "URI's options could change how the file is opened. Drop the 'file:' prefix and "
            "any '?...' options."
        )
    db_path = Path(raw)
    if db_path.is_dir():
        raise InvalidDatabasePathError(
            f"The database path is a directory (received {raw!r}). Pass a file path inside "
            f"it, e.g. {str(db_path / 'tastetrail.sqlite3')!r}."
        )
    if not db_path.parent.is_dir():
        raise InvalidDatabasePathError(
            f"The database's folder does not exist ({str(db_path.parent)!r}, from {raw!r}). "
            "Create the folder first or choose another path; nothing is created on the way."
        )
    if db_path.exists() and not db_path.is_file():
        raise InvalidDatabasePathError(
            f"The database path is not a regular file (received {raw!r}). Choose a file path."
        )
    if must_exist and not db_path.exists():
        raise InvalidDatabasePathError(
            f"There is no database at {raw!r} to open read-only. Open it writable once to "
            "create it, or check the path."
        )
    return db_path


def _sidecar(db_path: Path, suffix: str) -> Path:
    return db_path.with_name(db_path.name + suffix)


def _check_header(db_path: Path) -> None:
    """Refuse a non-empty file that is not a whole SQLite database, reading it only."""
    size = db_path.stat().st_size
    if size == 0:
        return  # an empty file is an empty database to SQLite too
    with db_path.open("rb") as file:
        header = file.read(100)

    def refuse(detail: str) -> NotADatabaseError:
        return NotADatabaseError(
            f"{str(db_path)!r} is not a SQLite database: {detail}. It was left unchanged; "
            "choose another file, or restore this one from a backup."
        )

    if len(header) < 100 or not header.startswith(_SQLITE_HEADER):
        raise refuse(f"it does not start with the SQLite header ({size} bytes)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise refuse(f"its header names an impossible page size ({page_size})")
    wal = _sidecar(db_path, "-wal")
    if (wal.exists() and wal.stat().st_size) or _sidecar(db_path, "-journal").exists():
        return  # a journal may legitimately hold pages the main file lacks yet
    pages = int.from_bytes(header[28:32], "big")
    pages_are_valid = header[24:28] == header[92:96]
    if size % page_size or (pages_are_valid and pages * page_size > size):
        raise refuse(f"it is truncated ({size} bytes, expected {pages} pages of {page_size} bytes)")
    # With no journal, the header's user_version is current: a newer app's file is refused
    # here, before SQLite would leave -wal and -shm files beside a WAL database.
    refuse_if_too_new(int.from_bytes(header[60:64], "big"), source=f"the database {str(db_path)!r}")


def _connect_read_only(
    db_path: Path, busy_timeout_ms: int, *, leave_untouched: bool = False
) -> sqlite3.Connection:
    uri = db_path.resolve().as_uri() + "?mode=ro"
    wal = _sidecar(db_path, "-wal")
    wal_holds_pages = wal.exists() and wal.stat().st_size > 0
    if leave_untouched and not wal_holds_pages:
        # No -wal holds pages, so the file alone is the database: read it as immutable and
        # SQLite creates no -shm or -wal beside it and changes nothing (a picture of
        # someone's history must leave it as it was). A writer starting meanwhile is not
        # seen, which is right for one picture and wrong for a live view.
        uri += "&immutable=1"
    elif not os.access(db_path.parent, os.W_OK) and not wal_holds_pages:
        # Reading a WAL database needs a -shm file, which SQLite cannot create in a folder
        # nobody may write. Nobody can change the database there either (a writer needs a
        # -wal or -journal beside it) and no -wal holds pages, so reading it as immutable
        # sees exactly what is stored.
        uri += "&immutable=1"
    connection = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000
    )
    try:
        connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _inspect_read_only(db_path: Path, busy_timeout_ms: int, source: str) -> int:
    """Open without any possibility of writing, check the schema is readable; its version."""
    try:
        connection = _connect_read_only(db_path, busy_timeout_ms)
        try:
            version = check_version(connection, source=source)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise translate_error(exc, f"opening {source}") from exc
    return version


def _create_private_file(db_path: Path) -> bool:
    """Create an empty file only the user can read and write; False if it appeared first."""
    try:
        descriptor = os.open(db_path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def _make_private(db_path: Path) -> None:
    for path in (db_path, _sidecar(db_path, "-wal"), _sidecar(db_path, "-shm")):
        with suppress(FileNotFoundError):
            os.chmod(path, 0o600)


# --- the repository ------------------------------------------------------------------------


class SnapshotRepository:
    """Snapshot rows and the swipe log in one SQLite file; create it with `open`."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        path: Path,
        *,
        read_only: bool,
        fault_injector: FaultInjector | None,
    ) -> None:
        self._connection: sqlite3.Connection | None = connection
        self._path = path
        self._read_only = read_only
        self._fault_injector = fault_injector
        self._owner = threading.get_ident()
        self.skipped_rows = 0
        """How many corrupt or unreadable snapshot rows reads have skipped (each is logged)."""
        self.rows_fetched = 0
        """How many snapshot rows reads have fetched from SQLite, readable or not: what a
        test or a benchmark checks to see that a read is bounded by its range."""

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
    ) -> SnapshotRepository:
        """Open (creating and migrating if needed) the database at ``path``.

        The repository belongs to the calling thread. ``read_only=True`` opens an existing,
        current database for reading only and never writes to it; with ``leave_untouched``
        it also leaves no ``-wal``/``-shm`` file behind when none holds pages (for a one-off
        read of someone's file, not for a view that follows a writer). ``max_page_count`` caps
        the database's size in pages (a quota): a write past it raises `DiskFullError`.
        Raises `InvalidDatabasePathError`, `NotADatabaseError`, `DatabaseTooNewError`,
        `ReadOnlyDatabaseError` (writable open of a file or folder that cannot be written),
        or another `RepositoryError`.
        """
        if busy_timeout_ms < 0:
            raise ValueError(f"busy_timeout_ms must be zero or more, received {busy_timeout_ms}")
        db_path = _check_path(path, must_exist=read_only)
        source = f"the database {str(db_path)!r}"
        try:
            existed = db_path.exists()
            if existed:
                _check_header(db_path)
        except OSError as exc:
            raise RepositoryError(
                f"{source} could not be read ({exc}). Check the file's permissions."
            ) from exc
        if read_only:
            return cls._open_read_only(db_path, busy_timeout_ms, source, leave_untouched)
        if existed:
            _inspect_read_only(db_path, busy_timeout_ms, source)
        folder_writable = os.access(db_path.parent, os.W_OK)
        if not folder_writable or (existed and not os.access(db_path, os.W_OK)):
            raise ReadOnlyDatabaseError(
                f"{source} cannot be written: the "
                f"{'folder' if not folder_writable else 'file'} is read-only. Fix the "
                "permissions, choose another path, or open it with read_only=True to read it."
            )
        # The umask is process-wide: keep the window short. It makes the -wal and -shm files
        # SQLite creates on the first write private too.
        previous_umask = os.umask(0o077)
        try:
            try:
                created = not existed and _create_private_file(db_path)
                if not existed and not created:
                    _check_header(db_path)  # someone else created it just now
            except OSError as exc:
                raise ReadOnlyDatabaseError(
                    f"{source} could not be created ({exc}). Check the folder's permissions "
                    "or choose another path."
                ) from exc
            connection = cls._connect_writable(db_path, busy_timeout_ms, source, max_page_count)
        finally:
            os.umask(previous_umask)
        if created:
            _make_private(db_path)
        return cls(connection, db_path, read_only=False, fault_injector=fault_injector)

    @classmethod
    def _open_read_only(
        cls, db_path: Path, busy_timeout_ms: int, source: str, leave_untouched: bool
    ) -> SnapshotRepository:
        try:
            connection = _connect_read_only(
                db_path, busy_timeout_ms, leave_untouched=leave_untouched
            )
        except sqlite3.Error as exc:
            raise translate_error(exc, f"opening {source} read-only") from exc
        try:
            version = check_version(connection, source=source)
            connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            connection.close()
            raise translate_error(exc, f"opening {source} read-only") from exc
        except BaseException:
            connection.close()
            raise
        if version < LATEST_VERSION:
            connection.close()
            raise ReadOnlyDatabaseError(
                f"{source} has schema version {version} and needs upgrading to "
                f"{LATEST_VERSION}, which a read-only open cannot do. Open it writable once."
            )
        return cls(connection, db_path, read_only=True, fault_injector=None)

    @staticmethod
    def _connect_writable(
        db_path: Path, busy_timeout_ms: int, source: str, max_page_count: int | None
    ) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                str(db_path), isolation_level=None, timeout=busy_timeout_ms / 1000
            )
        except sqlite3.Error as exc:
            raise translate_error(exc, f"opening {source}") from exc
        try:
            connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("%s stays in journal mode %s: WAL is not available", source, mode)
            connection.execute("PRAGMA synchronous = NORMAL")
            connection.execute("PRAGMA foreign_keys = ON")
            migrate(connection, source=source)
            if max_page_count is not None:
                connection.execute(f"PRAGMA max_page_count = {max_page_count:d}")
        except sqlite3.Error as exc:
            connection.close()
            raise translate_error(exc, f"opening {source}") from exc
        except BaseException:
            connection.close()
            raise
        return connection

    # --- lifecycle ---------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def closed(self) -> bool:
        return self._connection is None

    def close(self) -> None:
        """Close the connection. Idempotent."""
        if self._connection is None:
            return
        self._require_owner("close")
        connection, self._connection = self._connection, None
        try:
            connection.close()
        except sqlite3.Error as exc:
            raise translate_error(exc, "closing the database") from exc

    def __enter__(self) -> SnapshotRepository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _require_owner(self, operation: str) -> None:
        if threading.get_ident() != self._owner:
            raise RepositoryError(
                f"SnapshotRepository.{operation}() was called from thread id "
                f"{threading.get_ident()}, but the repository belongs to thread id "
                f"{self._owner}, which opened it. Open a repository on each thread that needs one."
            )

    def _open_connection(self, operation: str) -> sqlite3.Connection:
        if self._connection is None:
            raise RepositoryClosedError(
                f"SnapshotRepository.{operation}() was called after close(). Open a new "
                "repository with SnapshotRepository.open(path)."
            )
        self._require_owner(operation)
        return self._connection

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
            raise translate_error(exc, operation) from exc
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
                raise translate_error(exc, operation) from exc
            raise

    @staticmethod
    def _append(connection: sqlite3.Connection, swipes: Sequence[SwipeRecord]) -> None:
        # ``str(direction)`` binds a plain str: SQLite adapts a str subclass more slowly.
        connection.executemany(
            _INSERT_SWIPE,
            [
                (sequence, item_id, str(direction), format_utc_micros(at), local_date.isoformat())
                for sequence, item_id, direction, at, local_date in swipes
            ],
        )

    def append_swipes(self, swipes: Sequence[SwipeRecord]) -> None:
        """Append ``swipes`` in one transaction; a sequence already stored is left as it is."""
        self._open_connection("append_swipes")
        if not swipes:
            return
        with self._write("append_swipes") as connection:
            self._append(connection, swipes)

    def insert_snapshot(
        self, new: NewSnapshot, *, swipes: Sequence[SwipeRecord] = ()
    ) -> InsertResult:
        """Append ``swipes``, then insert ``new`` unless its window has a row; one transaction.

        An existing row is never replaced: ``created`` is False and the first write stands.
        """
        with self._write("insert_snapshot") as connection:
            if swipes:
                self._append(connection, swipes)
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

    # --- reads -------------------------------------------------------------------------

    def _fetch(
        self, operation: str, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
    ) -> list[Any]:
        connection = self._open_connection(operation)
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise translate_error(exc, operation) from exc

    def _load_rows(
        self, operation: str, sql: str, parameters: Sequence[Any], limit: int | None
    ) -> list[SnapshotRow]:
        connection = self._open_connection(operation)
        rows: list[SnapshotRow] = []
        if limit == 0:
            return rows
        try:
            cursor = connection.execute(sql, parameters)
            try:
                for raw in cursor:
                    row = self._row_or_none(raw)
                    if row is not None:
                        rows.append(row)
                        if limit is not None and len(rows) >= limit:
                            break
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise translate_error(exc, operation) from exc
        return rows

    def _row_or_none(self, raw: tuple[Any, ...]) -> SnapshotRow | None:
        self.rows_fetched += 1
        try:
            return parse_stored_row(raw)
        except (ValueError, TypeError, RecursionError) as exc:  # ValidationError included
            self.skipped_rows += 1
            reason = _describe(exc)
            log.warning(
                "skipped snapshot row %s: %s",
                raw[0],
                reason,
                extra={"event": "snapshot_row_skipped", "snapshot_id": raw[0], "reason": reason},
            )
            return None

    def stream_snapshots(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()
    ) -> Generator[SnapshotRow, None, None]:
        """The readable rows of ``sql``, parsed one by one as SQLite returns them.

        For the query modules of the persistence layer (the trend selectors, keyset pages):
        ``sql`` is a SELECT of `SNAPSHOT_COLUMNS` from ``profile_snapshots`` with ``?`` or
        ``:name`` parameters. Rows are fetched as they are read and the cursor is closed
        when the iterator ends or is closed, so a long range is never held whole; corrupt
        rows are skipped and counted as in every other read. Use it on the repository's
        thread, and finish or close it before closing the repository.
        """
        connection = self._open_connection("stream_snapshots")
        try:
            cursor = connection.execute(sql, parameters)
        except sqlite3.Error as exc:
            raise translate_error(exc, "stream_snapshots") from exc
        try:
            while True:
                # One row at a time: SQLite steps no further than the caller reads, so a
                # caller that stops early (a page, the newest row) fetched only what it used.
                if self._connection is None:  # closed while streaming: say so plainly
                    self._open_connection("stream_snapshots")
                try:
                    raw = cursor.fetchone()
                except sqlite3.Error as exc:
                    raise translate_error(exc, "stream_snapshots") from exc
                if raw is None:
                    return
                row = self._row_or_none(raw)
                if row is not None:
                    yield row
        finally:
            with suppress(sqlite3.Error):
                cursor.close()

    def list_snapshots(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> list[SnapshotRow]:
        """Readable rows created in ``[since, until)``, oldest first (ties by id)."""
        if limit is not None and limit < 0:
            raise ValueError(f"limit must be zero or more, received {limit}")
        clauses, parameters = [], []
        if since is not None:
            clauses.append("created_at >= ?")
            parameters.append(format_utc_micros(since))
        if until is not None:
            clauses.append("created_at < ?")
            parameters.append(format_utc_micros(until))
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots{where} ORDER BY created_at, id"
        return self._load_rows("list_snapshots", sql, parameters, limit)

    def latest_snapshot(self, *, max_profile_version: int | None = None) -> SnapshotRow | None:
        """The readable row with the highest profile version (then the latest created)."""
        where, parameters = "", []
        if max_profile_version is not None:
            where, parameters = " WHERE profile_version <= ?", [max_profile_version]
        sql = (
            f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots{where} "
            "ORDER BY profile_version DESC, created_at DESC, id DESC"
        )
        rows = self._load_rows("latest_snapshot", sql, parameters, 1)
        return rows[0] if rows else None

    def last_created_snapshot(self) -> SnapshotRow | None:
        """The readable row created most recently."""
        sql = f"SELECT {SNAPSHOT_COLUMNS} FROM profile_snapshots ORDER BY created_at DESC, id DESC"
        rows = self._load_rows("last_created_snapshot", sql, (), 1)
        return rows[0] if rows else None

    def count_snapshots(self) -> int:
        return int(self._fetch("count_snapshots", "SELECT count(*) FROM profile_snapshots")[0][0])

    def count_snapshots_by_trigger(self) -> dict[TriggerType, int]:
        """How many rows each trigger type has (types without rows are left out).

        Counted by SQLite over the trigger index, so a summary of a long history never loads
        its rows; the schema's CHECK keeps ``trigger_type`` to the three known names.
        """
        rows = self._fetch(
            "count_snapshots_by_trigger",
            "SELECT trigger_type, count(*) FROM profile_snapshots GROUP BY trigger_type",
        )
        return {TriggerType(trigger): int(count) for trigger, count in rows}

    def last_threshold_window(self) -> int:
        """The highest swipe count with a SWIPE_THRESHOLD row, 0 if none."""
        # The policy only ever claims a window above the last one, at a later profile
        # version, so the newest threshold row holds the highest window; reading it through
        # the profile_version index keeps start-up independent of how many rows there are.
        prefix = window_prefix(TriggerType.SWIPE_THRESHOLD) + ":"
        rows = self._fetch(
            "last_threshold_window",
            # The unary ``+`` keeps SQLite off the key indexes, so that it walks the
            # profile_version index backwards and stops at the first threshold row.
            "SELECT CAST(substr(window_key, ?) AS INTEGER) FROM profile_snapshots "
            "WHERE +trigger_type = ? AND +window_key GLOB ? "
            "ORDER BY profile_version DESC LIMIT 1",
            (len(prefix) + 1, TriggerType.SWIPE_THRESHOLD.value, prefix + "[0-9]*"),
        )
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def rollover_dates(self, *, since: date | None = None) -> set[date]:
        """Every local date with a DAY_ROLLOVER row (from ``since`` on, when given)."""
        sql = "SELECT window_key FROM profile_snapshots WHERE trigger_type = ?"
        parameters: list[Any] = [TriggerType.DAY_ROLLOVER.value]
        if since is not None:
            # A range on the trigger index: only the rows from ``since`` on are read.
            sql += " AND window_key >= ?"
            parameters.append(rollover_window_key(since))
        days: set[date] = set()
        for (window_key,) in self._fetch("rollover_dates", sql, parameters):
            try:
                days.add(rollover_date_of(window_key))
            except (ValueError, TypeError):
                log.warning("ignored a DAY_ROLLOVER row with window key %r", window_key)
        return days

    def last_rollover_date(self) -> date | None:
        """The latest local date with a DAY_ROLLOVER row, None if none."""
        # ``day:YYYY-MM-DD`` keys sort as their dates, so SQLite walks the trigger index
        # backwards from the newest key and start-up reads one row, not one per day. A
        # damaged key in that shape (``day:2026-13-45``) is passed over, not believed.
        connection = self._open_connection("last_rollover_date")
        try:
            cursor = connection.execute(
                "SELECT window_key FROM profile_snapshots "
                "WHERE trigger_type = ? AND window_key GLOB ? ORDER BY window_key DESC",
                (TriggerType.DAY_ROLLOVER.value, _ROLLOVER_KEY_GLOB),
            )
            try:
                for (window_key,) in cursor:
                    try:
                        return rollover_date_of(window_key)
                    except (ValueError, TypeError):
                        log.warning("ignored a DAY_ROLLOVER row with window key %r", window_key)
            finally:
                cursor.close()
        except sqlite3.Error as exc:
            raise translate_error(exc, "last_rollover_date") from exc
        return None

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

    def last_manual_version(self) -> int:
        """The highest profile version with a MANUAL row, -1 if none."""
        # A damaged row may hold text in profile_version, and SQLite ranks text above every
        # number: only whole numbers count, as only they can be a version.
        rows = self._fetch(
            "last_manual_version",
            "SELECT coalesce(max(profile_version), -1) FROM profile_snapshots "
            "WHERE trigger_type = ? AND typeof(profile_version) = 'integer'",
            (TriggerType.MANUAL.value,),
        )
        return int(rows[0][0])

    def max_swipe_sequence(self) -> int:
        """The last stored swipe's sequence number, 0 if none."""
        rows = self._fetch("max_swipe_sequence", "SELECT coalesce(max(sequence), 0) FROM swipes")
        return int(rows[0][0])

    def swipe_dates(self) -> list[date]:
        """The distinct local dates with swipes, ascending."""
        # A skip-scan over the local_date index: one probe per distinct day, so start-up
        # does not read every swipe of the history (DISTINCT would scan the whole index).
        rows = self._fetch(
            "swipe_dates",
            "WITH RECURSIVE days(day) AS ("
            " SELECT min(local_date) FROM swipes"
            " UNION ALL"
            " SELECT (SELECT min(local_date) FROM swipes WHERE local_date > day)"
            " FROM days WHERE day IS NOT NULL"
            ") SELECT day FROM days WHERE day IS NOT NULL",
        )
        return [date.fromisoformat(day) for (day,) in rows]

    def swipe_range_on(self, local_date: date) -> tuple[int, int] | None:
        """The first and last swipe sequence dated ``local_date``, or None if it has none."""
        rows = self._fetch(
            "swipe_range_on",
            "SELECT min(sequence), max(sequence) FROM swipes WHERE local_date = ?",
            (local_date.isoformat(),),
        )
        first, last = rows[0]
        return None if first is None else (int(first), int(last))

    def swipe_days_after(self, sequence: int) -> list[SwipeDay]:
        """The local dates of the swipes after ``sequence``, ascending, each with the first
        and last of those swipes' sequence numbers."""
        after = self.max_swipe_sequence() - sequence
        if after <= 0:
            return []
        # Few swipes (those of the days since the last start): read them in sequence order.
        # Many (the first start after an upgrade, or a session that ran for weeks): one
        # probe per day of the whole history is cheaper than reading every swipe.
        sql = _DAYS_OF_SWIPES_AFTER if after <= SCAN_SWIPES_LIMIT else _DAYS_OF_SWIPES_BY_DAY
        rows = self._fetch("swipe_days_after", sql, {"after": sequence})
        days: list[SwipeDay] = []
        for day, first, last in rows:
            try:
                days.append(SwipeDay(date.fromisoformat(day), int(first), int(last)))
            except (ValueError, TypeError):
                log.warning("ignored swipes %d to %d with local date %r", first, last, day)
        return days

    def swipes_after(self, sequence: int, *, up_to: int | None = None) -> Iterator[SwipeRecord]:
        """Stored swipes with sequence above ``sequence`` (and at most ``up_to``), in order."""
        connection = self._open_connection("swipes_after")
        sql = "SELECT sequence, item_id, direction, at, local_date FROM swipes WHERE sequence > ?"
        parameters = [sequence]
        if up_to is not None:
            sql += " AND sequence <= ?"
            parameters.append(up_to)
        try:
            cursor = connection.execute(sql + " ORDER BY sequence", parameters)
        except sqlite3.Error as exc:
            raise translate_error(exc, "swipes_after") from exc
        return self._iterate_swipes(cursor)

    def _iterate_swipes(self, cursor: sqlite3.Cursor) -> Iterator[SwipeRecord]:
        try:
            while True:
                self._open_connection("swipes_after")
                try:
                    batch = cursor.fetchmany(1000)
                except sqlite3.Error as exc:
                    raise translate_error(exc, "swipes_after") from exc
                if not batch:
                    return
                for sequence, item_id, direction, at, local_date in batch:
                    yield SwipeRecord(
                        sequence,
                        item_id,
                        _DIRECTIONS[direction],
                        parse_utc(at),
                        date.fromisoformat(local_date),
                    )
        finally:
            if self._connection is not None:
                cursor.close()

    def schema_version(self) -> int:
        connection = self._open_connection("schema_version")
        try:
            return user_version(connection)
        except sqlite3.Error as exc:
            raise translate_error(exc, "schema_version") from exc


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "value"
        return f"invalid {where}: {first['msg']}"
    return f"{type(exc).__name__}: {exc}"
