"""The persistence layer's errors, and the one place ``sqlite3`` errors become ours.

A flat hierarchy under `RepositoryError`, one sentence each. Every ``sqlite3`` error is
translated at the repository boundary by `translate_error` into one of these, saying what
happened and what to do, so no caller ever imports ``sqlite3``. `RepositoryError` is the
root of its own hierarchy: the store's errors (`store.errors.StoreError`) are about misusing
the store, these are about the file, and a caller handles the two differently.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from middleware.persistence.free_space import describe_full_disk, is_low


class RepositoryError(Exception):
    """The snapshot database could not be opened, read or written."""


class InvalidDatabasePathError(RepositoryError):
    """The path given for the database cannot be a database file."""


class NotADatabaseError(RepositoryError):
    """The file is not a SQLite database, or is truncated or corrupt; it was left untouched."""


class LinkRefusedError(InvalidDatabasePathError):
    """A symbolic link stands where the app would write a file; nothing was written through it."""


class NotOursError(NotADatabaseError):
    """A SQLite file (or a -wal beside it) that TasteTrail did not write; it was left untouched."""


class DamagedDatabaseError(NotADatabaseError):
    """The file is a SQLite database, but damaged: truncated, or pages SQLite calls malformed."""


class MissingTablesError(RepositoryError):
    """The database lacks tables its schema version promises; it was left untouched."""


class DatabaseTooNewError(RepositoryError):
    """The database was written by a newer version of the app; it was left untouched."""


class DatabaseLockedError(RepositoryError):
    """Another connection held the database lock for longer than the busy timeout."""


class DiskFullError(RepositoryError):
    """The disk (or the database's size limit) is full; the write was rolled back."""


class ReadOnlyDatabaseError(RepositoryError):
    """The database cannot be written: the file, its folder or the repository is read-only."""


class DatabaseInUseError(RepositoryError):
    """Another TasteTrail process holds the database's writer lock; nothing was written."""

    def __init__(self, message: str, *, path: str, pid: int | None) -> None:
        super().__init__(message)
        self.path = path
        self.pid = pid


class NeverWrittenHereError(DatabaseInUseError):
    """This session opened the database while another process wrote it, so it never writes
    it (its swipes were numbered from what the file held then): not a failure to retry."""


class DuplicateSwipeError(RepositoryError):
    """A swipe's sequence number is stored already (another writer); nothing was written."""

    def __init__(self, message: str, *, sequence: int) -> None:
        super().__init__(message)
        self.sequence = sequence


class WriteDroppedError(RepositoryError):
    """An insert SQLite reported as done stored nothing (a trigger in the file dropped it)."""


class DatabaseReplacedError(RepositoryError):
    """The database's path no longer names the file this app has open (it was deleted or
    replaced); nothing was written."""


class RepositoryClosedError(RepositoryError):
    """The repository was used after `close()`."""


def disk_full(doing: str, folder: Path, cause: object) -> DiskFullError:
    """The `DiskFullError` for ``doing`` on the full disk holding ``folder``."""
    return DiskFullError(
        f"{doing} failed: {describe_full_disk(folder)}. The database is intact ({cause})."
    )


def is_out_of_space(error: OSError) -> bool:
    """Whether an `OSError` is the disk (or the user's quota on it) being full."""
    return error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


def translate_error(
    exc: sqlite3.Error, doing: str, *, folder: Path | None = None
) -> RepositoryError:
    """Our error for ``exc``, raised while ``doing`` something; use ``raise ... from exc``.

    With ``folder`` (where the database is), a full disk is named with the folder and its
    free space, also when SQLite calls it an I/O error (see `free_space`).
    """
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    lowered = text.lower()
    full_or_io = primary in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR) or (
        "database or disk is full" in lowered or "disk i/o error" in lowered
    )
    if folder is not None and full_or_io and is_low(folder):
        return disk_full(doing, folder, text)
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
            "the file and its folder."
        )
    if primary in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT) or (
        "not a database" in lowered or "malformed" in lowered
    ):
        # Every file SQLite opens here has passed the header check, so it is a damaged
        # database, not some other kind of file.
        return DamagedDatabaseError(
            f"{doing} failed: the database is damaged ({text}). Restore it from a backup "
            "(python -m app restore), or move it aside and start a new one."
        )
    return RepositoryError(
        f"{doing} failed: {text}. Nothing was written by this operation; try again, and if "
        "it keeps failing check the disk and the file."
    )
