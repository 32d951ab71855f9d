"""Opening the database file: read-only or writable, checked before anything is written.

A file the app did not create is looked at in three steps before a writable connection
touches it: the path and the header (`file_checks`, plain reads, only while no connection
of this process has the file open: see `open_in_process`), then the schema version
through a read-only connection. So a file that is not a database, is truncated, or comes
from a newer app is refused unchanged. A writable open sets WAL mode, ``synchronous=NORMAL``
and the busy timeout, and migrates the schema; a read-only one reads an older schema as it
is, from `OLDEST_READABLE_VERSION` on, and refuses one it would have to upgrade first.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from middleware.persistence.errors import (
    ReadOnlyDatabaseError,
    RepositoryError,
    translate_error,
)
from middleware.persistence.file_checks import (
    check_database_path,
    check_header,
    create_private_file,
    make_private,
    make_sidecars_private,
)
from middleware.persistence.open_in_process import (
    TrackedConnection,
    connect_tracked,
    read_unless_open,
)
from middleware.persistence.ownership import check_ownership, check_wal
from middleware.persistence.quick_check import refuse_damaged, refuse_damaged_file
from middleware.persistence.read_only import connect_read_only
from middleware.persistence.schema import (
    LATEST_VERSION,
    OLDEST_READABLE_VERSION,
    check_tables,
    check_version,
    migrate,
)

log = logging.getLogger("tastetrail.repository")


def open_connection(
    path: Path | str,
    *,
    busy_timeout_ms: int,
    read_only: bool,
    max_page_count: int | None,
    leave_untouched: bool = False,
) -> tuple[sqlite3.Connection, Path]:
    """A connection to the checked (created, migrated) database at ``path``, and its path.

    See `SnapshotRepository.open` for the arguments and the errors raised.
    """
    if busy_timeout_ms < 0:
        raise ValueError(f"busy_timeout_ms must be zero or more, received {busy_timeout_ms}")
    db_path = check_database_path(path, must_exist=read_only)
    source = f"the database {str(db_path)!r}"
    try:
        existed = db_path.exists()
        if existed:
            read_unless_open(db_path, check_header)
    except OSError as exc:
        raise RepositoryError(
            f"{source} could not be read ({exc}). Check the file's permissions."
        ) from exc
    if read_only:
        return _open_read_only(db_path, busy_timeout_ms, source, leave_untouched), db_path
    if existed:
        check_wal(db_path, busy_timeout_ms, source=source)
        _inspect_read_only(db_path, busy_timeout_ms, source)
    folder_writable = os.access(db_path.parent, os.W_OK)
    if not folder_writable or (existed and not os.access(db_path, os.W_OK)):
        raise ReadOnlyDatabaseError(
            f"{source} cannot be written: the "
            f"{'folder' if not folder_writable else 'file'} is read-only. Fix the "
            "permissions, or choose another file."
        )
    # The umask is process-wide: keep the window short. It makes the -wal and -shm files
    # SQLite creates on the first write private too.
    previous_umask = os.umask(0o077)
    try:
        try:
            created = not existed and create_private_file(db_path)
            if not existed and not created:
                read_unless_open(db_path, check_header)  # someone else created it just now
        except OSError as exc:
            raise ReadOnlyDatabaseError(
                f"{source} could not be created ({exc}). Check the folder's permissions "
                "or choose another path."
            ) from exc
        # An empty file is a new database to SQLite: adopted as one, it is made private as
        # a file created here is, before the first write (its -wal and -shm then follow).
        adopted = existed and db_path.stat().st_size == 0
        if adopted:
            make_private(db_path)
        connection = _connect_writable(db_path, busy_timeout_ms, source, max_page_count)
    finally:
        os.umask(previous_umask)
    if created or adopted:
        make_private(db_path)
    make_sidecars_private(db_path)
    return connection, db_path


def _open_read_only(
    db_path: Path, busy_timeout_ms: int, source: str, leave_untouched: bool
) -> sqlite3.Connection:
    try:
        connection = connect_read_only(db_path, busy_timeout_ms, leave_untouched=leave_untouched)
    except sqlite3.Error as exc:
        raise translate_error(exc, f"opening {source} read-only", folder=db_path.parent) from exc
    try:
        version = check_version(connection, source=source)
        check_tables(connection, version, source=source)
        check_ownership(connection, version, source=source)
    except sqlite3.Error as exc:
        connection.close()
        raise translate_error(exc, f"opening {source} read-only", folder=db_path.parent) from exc
    except BaseException:
        connection.close()
        raise
    # An older file is read as it is, without upgrading it (readers accept every form a
    # readable version stores), unless it lacks tables the reads need.
    if version < OLDEST_READABLE_VERSION:
        connection.close()
        raise ReadOnlyDatabaseError(
            f"{source} has schema version {version} and needs upgrading to "
            f"{LATEST_VERSION}, which a read-only open cannot do. Open it writable once."
        )
    return connection


def _connect_writable(
    db_path: Path, busy_timeout_ms: int, source: str, max_page_count: int | None
) -> sqlite3.Connection:
    try:
        connection = connect_tracked(
            db_path,
            lambda: sqlite3.connect(
                str(db_path),
                isolation_level=None,
                timeout=busy_timeout_ms / 1000,
                factory=TrackedConnection,
            ),
        )
    except sqlite3.Error as exc:
        raise translate_error(exc, f"opening {source}", folder=db_path.parent) from exc
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
        raise translate_error(exc, f"opening {source}", folder=db_path.parent) from exc
    except BaseException:
        connection.close()
        raise
    return connection


def _inspect_read_only(db_path: Path, busy_timeout_ms: int, source: str) -> int:
    """Open without any possibility of writing, check the schema is readable and every page
    whole (`quick_check`); its version."""
    try:
        checked = refuse_damaged_file(db_path, source=source)  # before anything writes to it
        connection = connect_read_only(db_path, busy_timeout_ms)
        try:
            version = check_version(connection, source=source)
            check_tables(connection, version, source=source)
            check_ownership(connection, version, source=source)
            if not checked:
                refuse_damaged(connection, source=source, path=db_path)
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise translate_error(exc, f"opening {source}", folder=db_path.parent) from exc
    return version
