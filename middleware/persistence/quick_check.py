"""Whether a database's pages are whole: SQLite's ``PRAGMA quick_check``, in one line.

The header check (`file_checks.check_header`) sees a truncated file or a nonsense header,
not a page in the middle that was overwritten; SQLite finds that one only when a read or a
write reaches it, and a write may then have changed the file already. So a file is
quick-checked once before it is opened for writing: a damaged one is refused unchanged.
``quick_check`` reads every page of the file (without the index-to-table cross checks of
``integrity_check``); on a year of swipes (300,000, a 60 MB file) it takes a fraction of a
second, measured in the commit that added it.

When every commit is in the main file (no ``-wal`` pages) and this process does not have the
file open, the check reads the file as it is stored (SQLite's ``immutable`` open), so a
refused file is left with nothing new beside it: no ``-wal``, no ``-shm``. The writable opens
that call it hold the writer lock, so no TasteTrail writer changes the file meanwhile.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from shlex import quote

from middleware.persistence.errors import DamagedDatabaseError
from middleware.persistence.open_in_process import is_open


def first_damage(connection: sqlite3.Connection) -> str | None:
    """What ``PRAGMA quick_check`` finds first, in one line; None when the file is whole."""
    try:
        found = str(connection.execute("PRAGMA quick_check(1)").fetchone()[0])
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        if connection.in_transaction:
            connection.rollback()
    return None if found == "ok" else " ".join(found.split())


def refuse_damaged(
    connection: sqlite3.Connection, *, source: str, path: Path | None = None
) -> None:
    """Raise `DamagedDatabaseError` if ``connection``'s database (at ``path``, named in the
    advice) has a damaged page."""
    damage = first_damage(connection)
    if damage is not None:
        restore = "python -m app restore" + ("" if path is None else f" --db {quote(str(path))}")
        raise DamagedDatabaseError(
            f"{source} is damaged: SQLite's quick check finds "
            f"'{damage}'. It was left unchanged; restore it from a backup ({restore}), or "
            "move it aside and start a new one."
        )


_found_whole: set[tuple[int, int, int, int]] = set()
_found_whole_lock = threading.Lock()


def _as_stored(db_path: Path) -> tuple[int, int, int, int]:
    """The file's device, inode, size and modification time: it changes with any write."""
    stat = os.stat(db_path)
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns


def refuse_damaged_file(db_path: Path, *, source: str) -> bool:
    """Quick-check ``db_path`` as stored, creating nothing beside it; raise
    `DamagedDatabaseError` if a page is damaged. False when such a read is not safe now (its
    ``-wal`` holds pages, or this process has it open): check a connection then.

    A file this process found whole, and which has not changed since (same inode, size and
    modification time), is not read again: a window's start opens its file three times."""
    wal = db_path.with_name(db_path.name + "-wal")
    if is_open(db_path) or (wal.exists() and wal.stat().st_size > 0):
        return False
    stored = _as_stored(db_path)
    with _found_whole_lock:
        if stored in _found_whole:
            return True
    uri = db_path.resolve().as_uri() + "?mode=ro&immutable=1"
    connection = sqlite3.connect(uri, uri=True)
    try:
        refuse_damaged(connection, source=source, path=db_path)
    finally:
        connection.close()
    if _as_stored(db_path) == stored:  # nothing wrote it while it was read
        with _found_whole_lock:
            _found_whole.add(stored)
    return True
