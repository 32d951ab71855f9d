"""How much room the disk under a database has, in numbers and in words.

SQLite does not always say "full" when the disk is: a WAL database that has no ``-shm``
yet must create one of 32 KiB before its first read, and on a full disk that fails as
``disk I/O error`` (``SQLITE_IOERR_SHMSIZE``). `translate_error` checks such an I/O error
against the free space of the database's folder (`is_low`), and reports a full disk as one,
with the folder, what is free and what to free.
"""

from __future__ import annotations

import shutil
from pathlib import Path

SHM_BYTES = 32 * 1024
"""The size of the ``-shm`` file SQLite needs beside a WAL database before it can read it."""

LOW_SPACE_BYTES = 1024 * 1024
"""Below this much free space an I/O error is taken for a full disk: the ``-shm`` and a
few transactions in the ``-wal`` need about this much."""


def free_bytes(folder: Path) -> int | None:
    """The bytes this user may still write on the disk holding ``folder``; None if unknown."""
    try:
        return shutil.disk_usage(folder).free
    except (OSError, ValueError):
        return None


def is_low(folder: Path, needed: int = LOW_SPACE_BYTES) -> bool:
    """Whether the disk holding ``folder`` has less than ``needed`` bytes free (known only)."""
    free = free_bytes(folder)
    return free is not None and free < needed


def describe_full_disk(folder: Path) -> str:
    """What is full and what to free, for a message: names the folder and the free space."""
    free = free_bytes(folder)
    room = "" if free is None else f" ({format_bytes(free)} free)"
    return (
        f"the disk holding the folder {str(folder)!r} is full{room}; free at least "
        f"{format_bytes(LOW_SPACE_BYTES)} on that disk (delete or move files you do not need "
        "there) and try again"
    )


def format_bytes(count: int) -> str:
    """``count`` bytes for people: 0 bytes, 12 KiB, 1.5 MiB, 3.2 GiB."""
    if count < 1024:
        return f"{count} bytes"
    value, units = count / 1024, ["KiB", "MiB", "GiB", "TiB"]
    while value >= 1024 and len(units) > 1:
        value, units = value / 1024, units[1:]
    return f"{value:.0f} {units[0]}" if value >= 10 else f"{value:.1f} {units[0]}"
