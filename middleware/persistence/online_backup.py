"""A consistent copy of a live database, with SQLite's online backup API.

``sqlite3.Connection.backup`` copies the database page by page as the source connection
sees it (its own committed transactions included, whatever is still in its ``-wal``), so a
copy can be taken while the app runs, and even from a connection whose file was deleted.
The copy is written to a new temporary file beside the target (a fresh name, never a file
or link that was there), made durable, and renamed into place, so the target is either
absent or whole; it is private to the user, and in rollback
journal mode, so that the copy is one self-contained file with no ``-wal`` or ``-shm``.
A copy whose pages fail SQLite's quick check (the database itself is damaged) is not kept:
an older, whole backup is never replaced by it.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from middleware.persistence.errors import RepositoryError, translate_error
from middleware.persistence.files import private_temporary
from middleware.persistence.quick_check import first_damage

_PAGES_PER_STEP = 1024
"""Pages copied per step: 4 MiB at the default page size, so a step stays short."""


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Write a consistent copy of ``source``'s database to ``target``, which must not exist.

    Raises `RepositoryError` (saying what to do) when the folder is missing or the copy
    cannot be written; nothing is left at ``target`` then.
    """
    folder = target.parent
    if not folder.is_dir():
        raise RepositoryError(
            f"cannot write {target.name!r}: its folder {str(folder)!r} does not exist any more. "
            "Create the folder again, then retry."
        )
    if target.exists():
        raise RepositoryError(f"cannot write {str(target)!r}: a file is there already")
    temporary: Path | None = None
    try:
        # A fresh private name (O_EXCL): a file or link planted beside the target is never
        # opened, so the copy cannot be written through it.
        temporary = private_temporary(target)
        copy = sqlite3.connect(temporary, isolation_level=None)
        try:
            source.backup(copy, pages=_PAGES_PER_STEP)
            copy.execute("PRAGMA journal_mode = DELETE")
            damage = first_damage(copy)
        finally:
            copy.close()
        if damage is not None:  # never put a copy of damaged pages over a whole backup
            raise RepositoryError(
                f"the copy {target.name!r} was not kept: the database it was copied from is "
                f"damaged ({damage}); restore it from a backup (python -m app restore)"
            )
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(folder)
    except sqlite3.Error as exc:
        raise translate_error(exc, f"writing the copy {str(target)!r}") from exc
    except OSError as exc:
        raise RepositoryError(
            f"writing the copy {str(target)!r} failed ({exc.strerror or exc}); check the "
            "folder's permissions and free space, then retry."
        ) from exc
    finally:
        if temporary is not None:
            for leftover in (temporary, Path(f"{temporary}-journal")):
                with suppress(OSError):
                    leftover.unlink()


def _fsync(path: Path) -> None:
    """Make ``path`` (a file or a folder) durable; folders cannot be opened on Windows."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if path.is_dir() else os.O_RDONLY
    try:
        descriptor = os.open(path, flags)
    except OSError:
        if path.is_dir():
            return
        raise
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
