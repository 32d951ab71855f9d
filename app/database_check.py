"""Refuse an unusable database before the desktop app starts Qt.

`open_session` needs Qt's scheduler, and Qt's timers only run once the application object
exists; but Qt must not start for a file that will be refused (without a display it would
abort first, with its own message). So the file goes through `open_session`'s first step
here, on its own, in the same order: the writer lock first, then the same
`SnapshotRepository.open`, with the same fallback to reading a read-only file. What
`open_session` refuses, this refuses with the same error.

A file another window writes is only ever opened read-only here, as that window's second
window will open it: a writable open would let this process checkpoint and delete the
other window's ``-wal`` when it closes.
"""

from __future__ import annotations

from pathlib import Path

from middleware.persistence import WriterLock
from middleware.persistence.errors import (
    DatabaseInUseError,
    DiskFullError,
    ReadOnlyDatabaseError,
)
from middleware.persistence.file_checks import check_database_path
from middleware.persistence.repository import SnapshotRepository


def check_database(db_path: Path) -> None:
    """Raise the `RepositoryError` `open_session` would raise for ``db_path``, if any.

    A path with no file yet is left alone (nothing is created): `open_session` creates it
    there, or starts with an empty profile if the folder cannot be written.
    """
    if not db_path.exists():
        return
    check_database_path(db_path)  # before a lock file appears beside a path that is no file
    lock = WriterLock(db_path)
    try:
        lock.acquire()
    except DatabaseInUseError:
        _read(db_path)  # another window writes it: this one will only read it
        return
    except (ReadOnlyDatabaseError, DiskFullError):
        _read(db_path)
        return
    try:
        try:
            repository = SnapshotRepository.open(db_path)
        except (ReadOnlyDatabaseError, DiskFullError):
            _read(db_path)
            return
        repository.close()
    finally:
        lock.release()


def _read(db_path: Path) -> None:
    if db_path.stat().st_size == 0:
        return
    SnapshotRepository.open(db_path, read_only=True).close()
