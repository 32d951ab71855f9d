"""Reading a database without writing anything: also from a read-only folder, or a full disk.

A WAL database is read through its ``-shm`` (the WAL index), which SQLite creates beside
the file at the first read, 32 KiB of it. Where it cannot, ``mode=ro`` alone fails: in a
read-only folder with "unable to open", on a full disk with "disk I/O error"
(``SQLITE_IOERR_SHMSIZE``), and even ``python -m app snapshots`` would refuse. SQLite's
answer is ``immutable=1``: the file is read as it is, without locks and without the
``-shm``. It is only right if nothing can change the file while it is open and the file
holds every commit, so it is used only when both are known:

* every commit is in the main file: the ``-wal`` is absent or empty (a clean close
  checkpoints it and removes it);
* no writer can change it meanwhile: in a folder nobody may write (a writer needs a
  ``-wal`` or ``-journal`` beside it), or, on a full disk, while this reader holds the
  writer lock shared (`hold_off_writers`): every TasteTrail writer takes that lock
  exclusively before it writes. The hold ends when the connection closes.

A read that must leave the file as it was (``leave_untouched``: a one-off picture of
someone's history) uses the same held, immutable read whenever it can, so SQLite creates no
``-shm`` or ``-wal`` beside the file; the writer lock's file, if the hold had to create it,
goes again when the connection closes.

In every other case the read goes through ``mode=ro`` and the ``-shm`` as usual: also for a
``leave_untouched`` read while a writer is at work (its ``-wal`` and ``-shm`` exist already,
and an immutable read could see the file mid-checkpoint). A ``-wal`` and ``-shm`` that such
a read made go again once it closes (`read_traces`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from middleware.persistence.file_checks import sidecar
from middleware.persistence.free_space import LOW_SPACE_BYTES, SHM_BYTES, is_low
from middleware.persistence.open_in_process import TrackedConnection, connect_tracked
from middleware.persistence.read_traces import has_traces, take_away_traces
from middleware.persistence.writer_lock import hold_off_writers, let_writers_in


def connect_read_only(
    db_path: Path, busy_timeout_ms: int, *, leave_untouched: bool = False
) -> sqlite3.Connection:
    """A connection that can only read ``db_path`` (``query_only``), immutable when safe."""
    writable = os.access(db_path.parent, os.W_OK) and os.access(db_path, os.W_OK)
    if not writable and not _wal_has_pages(db_path):
        # Nobody can change such a database (a writer needs to write the file and a -wal
        # beside it), and beside a read-only file SQLite would create a -wal and a -shm that
        # a read-only connection never removes: read it as immutable, as it is stored.
        return _connect(db_path, busy_timeout_ms, immutable=True)
    if leave_untouched or (
        _shm_must_grow(db_path) and is_low(db_path.parent, SHM_BYTES + LOW_SPACE_BYTES)
    ):
        held = _connect_immutable_held(db_path, busy_timeout_ms)
        if held is not None:
            return held
    traced_before = has_traces(db_path)
    connection = _connect(db_path, busy_timeout_ms, immutable=False)
    if not traced_before:  # what this read makes beside the file goes again at its close
        connection.on_close(lambda: take_away_traces(db_path))
    return connection


def _connect_immutable_held(db_path: Path, busy_timeout_ms: int) -> sqlite3.Connection | None:
    """An immutable connection while writers are held off; None if that is not safe."""
    descriptor = hold_off_writers(db_path)
    if descriptor is None:
        return None
    try:
        if _wal_has_pages(db_path):  # checked under the hold: no writer can add pages now
            let_writers_in(db_path, descriptor)
            return None
        connection = _connect(db_path, busy_timeout_ms, immutable=True)
    except BaseException:
        let_writers_in(db_path, descriptor)
        raise
    connection.on_close(lambda: let_writers_in(db_path, descriptor))
    return connection


def _connect(db_path: Path, busy_timeout_ms: int, *, immutable: bool) -> TrackedConnection:
    uri = db_path.resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
    connection = connect_tracked(
        db_path,
        lambda: TrackedConnection(
            uri, uri=True, isolation_level=None, timeout=busy_timeout_ms / 1000
        ),
    )
    try:
        connection.execute(f"PRAGMA busy_timeout = {busy_timeout_ms:d}")
        connection.execute("PRAGMA query_only = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _shm_must_grow(db_path: Path) -> bool:
    """Whether a read would have to create or grow the ``-shm`` (a failed open leaves a
    stub of a few bytes)."""
    try:
        return sidecar(db_path, "-shm").stat().st_size < SHM_BYTES
    except FileNotFoundError:
        return True


def _wal_has_pages(db_path: Path) -> bool:
    wal = sidecar(db_path, "-wal")
    try:
        return wal.stat().st_size > 0
    except FileNotFoundError:
        return False
