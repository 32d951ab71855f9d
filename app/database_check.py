"""Refuse an unusable database before the desktop app starts Qt.

`open_session` needs Qt's scheduler, and Qt's timers only run once the application object
exists; but Qt must not start for a file that will be refused (without a display it would
abort first, with its own message). So the file goes through `open_session`'s first step
here, on its own: the same `SnapshotRepository.open`, the same fallback to reading a
read-only file. What `open_session` refuses, this refuses with the same error.
"""

from __future__ import annotations

from pathlib import Path

from middleware.persistence.errors import DiskFullError, ReadOnlyDatabaseError
from middleware.persistence.repository import SnapshotRepository


def check_database(db_path: Path) -> None:
    """Raise the `RepositoryError` `open_session` would raise for ``db_path``, if any.

    A path with no file yet is left alone (nothing is created): `open_session` creates it
    there, or starts with an empty profile if the folder cannot be written.
    """
    if not db_path.exists():
        return
    try:
        repository = SnapshotRepository.open(db_path)
    except (ReadOnlyDatabaseError, DiskFullError):
        if db_path.stat().st_size == 0:
            return
        repository = SnapshotRepository.open(db_path, read_only=True)
    repository.close()
