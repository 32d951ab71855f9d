"""A read-only connection takes away the ``-wal`` and ``-shm`` its open made beside the file.

Reading a WAL database through ``mode=ro`` makes SQLite create its ``-wal`` and ``-shm``
beside it when they are not there, and a read-only connection never removes them: after
``python -m app snapshots`` on a file no window holds (or on another program's database,
refused), the folder held two files it did not hold before. SQLite removes them itself
when the last connection to the file closes, if that connection may write: so, once a
read-only connection that found neither file has closed, `take_away_traces` opens the
file read-write, reading nothing (``query_only``), and closes it again.

That is safe whoever else has the file open: SQLite removes the files only when it gets
the file's exclusive lock, so never under another connection, reader or writer (then the
files are theirs); and the close checkpoints an empty ``-wal``, so the database's own bytes
do not change. Nothing is done when the ``-wal`` holds pages (a writer's commits) or a
rollback ``-journal`` is there, and nothing is held meanwhile: a window that starts
writing the file at that moment is never turned away.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from middleware.persistence.file_checks import sidecar
from middleware.persistence.open_in_process import TrackedConnection, connect_tracked

log = logging.getLogger("tastetrail.repository")

TRACES = ("-wal", "-shm")


def has_traces(db_path: Path) -> bool:
    """Whether a ``-wal`` or a ``-shm`` is beside ``db_path`` now."""
    return any(sidecar(db_path, suffix).exists() for suffix in TRACES)


def take_away_traces(db_path: Path) -> None:
    """Let SQLite remove the ``-wal`` and ``-shm`` a read made beside ``db_path``, if no
    other connection has the file open; best effort, silent when it cannot."""
    if not has_traces(db_path) or sidecar(db_path, "-journal").exists():
        return
    try:
        if sidecar(db_path, "-wal").stat().st_size > 0:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    uri = db_path.resolve().as_uri() + "?mode=rw"
    try:
        connection = connect_tracked(
            db_path, lambda: TrackedConnection(uri, uri=True, isolation_level=None, timeout=0)
        )
        try:
            connection.execute("PRAGMA query_only = ON")
            connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        finally:
            connection.close()
    except (sqlite3.Error, OSError) as error:  # read-only folder, busy: they stay
        log.debug("left the -wal and -shm beside %s: %s", db_path, error)
