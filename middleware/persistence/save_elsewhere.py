"""Save the history and a window's unsaved swipes to a new TasteTrail database of their own.

When a window cannot save (a second window on a file another window writes, a full disk,
writes that keep failing) and the person closes it, the swipes it could not save go to a
new file of the person's choosing, with the history they were swiped on. As
`new_file.write_history_to_new_file` does for a deleted database, the history is copied
with SQLite's online backup API (`online_backup.copy_database`, through SQLite only,
read-only); the swipes are then appended as the writer would have, and the copy is renamed
into place only once whole, so the target is either absent or a complete database.

The unsaved swipes were numbered after the history this window started from. If another
window has saved more swipes to the file since, those stay in that file; the new file holds
the history up to this window's first unsaved swipe, then this window's swipes, so that
its numbering and its snapshots agree.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from middleware.persistence.errors import RepositoryError, translate_error
from middleware.persistence.holdings import connect_read_only
from middleware.persistence.online_backup import copy_database
from middleware.persistence.repository import SnapshotRepository
from store.snapshot_rows import SwipeRecord

log = logging.getLogger("tastetrail.repository")


class SavedElsewhere(NamedTuple):
    """What the new file holds."""

    path: Path
    swipes: int
    """All the swipes in it: the history's and the unsaved ones."""
    added: int
    """The unsaved swipes among them."""


def save_history_and_swipes(
    db_path: Path, swipes: Sequence[SwipeRecord], target: Path
) -> SavedElsewhere:
    """Write the history in ``db_path`` and ``swipes`` to a new database at ``target``.

    ``target`` must not exist and must not be the database. Raises `RepositoryError`
    saying what to do when it cannot be written; nothing is left at ``target`` then.
    """
    target = target.expanduser()
    if target.exists() or target.is_symlink():
        raise RepositoryError(
            f"{str(target)!r} exists already; choose a new file name, so that nothing is "
            "written over"
        )
    if db_path.exists() and target.resolve() == db_path.resolve():
        raise RepositoryError("that is the database this window cannot save to; choose another")
    staged = target.with_name(f".{target.name}.{os.getpid()}.saving")
    first = swipes[0].sequence if swipes else None
    try:
        if db_path.exists() and db_path.stat().st_size > 0:
            source = connect_read_only(db_path)
            try:
                copy_database(source, staged)
            finally:
                source.close()
            if first is not None:
                _cut_after(staged, first)
        with SnapshotRepository.open(staged) as repository:  # a new file: the schema is made
            if swipes:
                repository.append_swipes(list(swipes))
            total = repository.max_swipe_sequence()
        os.replace(staged, target)
    except sqlite3.Error as exc:
        raise translate_error(exc, f"writing {str(target)!r}", folder=target.parent) from exc
    except OSError as exc:
        raise RepositoryError(
            f"writing {str(target)!r} failed ({exc.strerror or exc}); choose a folder with "
            "free space that you can write to"
        ) from exc
    finally:
        for leftover in (staged, *(Path(f"{staged}{s}") for s in ("-wal", "-shm", "-journal"))):
            with suppress(OSError):
                leftover.unlink()
    log.warning(
        "saved the history and %d unsaved swipe%s to %s",
        len(swipes),
        "" if len(swipes) == 1 else "s",
        target,
        extra={"event": "saved_elsewhere", "path": str(target), "added": len(swipes)},
    )
    return SavedElsewhere(target, total, len(swipes))


def _cut_after(copy: Path, first: int) -> None:
    """Leave only the history before ``first`` in ``copy`` (a new file nobody else has open):
    what the unsaved swipes were swiped on."""
    connection = sqlite3.connect(copy, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM swipes WHERE sequence >= ?", (first,))
        connection.execute("DELETE FROM profile_snapshots WHERE profile_version >= ?", (first,))
        connection.execute(
            "UPDATE rollover_check SET checked_through_sequence = ? "
            "WHERE checked_through_sequence >= ?",
            (first - 1, first),
        )
        connection.execute("COMMIT")
    finally:
        connection.close()
