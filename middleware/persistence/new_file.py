"""Write the whole history to a new file at the database's path, after the old one was deleted.

When the database is deleted or replaced while the app runs, the writer's connection still
holds the old file, with every committed swipe and row. `write_history_to_new_file` copies
it from that connection (SQLite's online backup) to a new file at the same path, then opens
a repository there; swipes still queued are committed into it afterwards, as usual.

Nothing of anyone else's is deleted on the way: a file that took the database's place is
moved aside as ``NAME.replaced-<UTC time>`` (bytes unchanged), with any ``-wal``/``-shm``
beside it that this app's connection did not make. The old connection's own ``-wal`` and
``-shm`` (known by device and inode) are stale once its content is copied, and would be
applied to the new file if left there: they are removed.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from middleware.persistence.aside import SIDECARS, aside_name, move_aside
from middleware.persistence.errors import DatabaseReplacedError, RepositoryError
from middleware.persistence.file_identity import identity_of
from middleware.persistence.repository import SnapshotRepository

log = logging.getLogger("tastetrail.repository")


class NewFile(NamedTuple):
    """The repository on the new file, and what was moved aside to make room for it."""

    repository: SnapshotRepository
    moved_aside: list[Path]


def write_history_to_new_file(repository: SnapshotRepository, *, now: datetime) -> NewFile:
    """Copy ``repository``'s database to a new file at its path and open a repository there.

    ``repository`` is closed on success (a new one replaces it); on failure a
    `RepositoryError` says what went wrong and what to do, and ``repository`` stays open
    unless the copy was made already (then the error names the file that holds it).
    ``now`` (aware UTC) names the files moved aside.
    """
    db_path = repository.path
    if repository.file_identity is not None and identity_of(db_path) == repository.file_identity:
        try:
            repository.verify_file("writing a new file")
        except DatabaseReplacedError as error:  # overwritten in place: its pages are not ours
            raise RepositoryError(
                f"the database {db_path.name!r} was overwritten in place, so the history "
                "cannot be copied from it any more; restore the newest daily backup "
                "(python -m app restore) once the app is closed"
            ) from error
        raise RepositoryError(
            f"the database {db_path.name!r} is still the file this app has open; there is "
            "nothing to write again"
        )
    staged = db_path.with_name(f".{db_path.name}.{os.getpid()}.new")
    staged.unlink(missing_ok=True)
    repository.copy_to(staged)  # the folder is checked there: gone means one clear error
    aside = aside_name(db_path, "replaced", now)
    try:
        stale = [suffix for suffix in SIDECARS if repository.owns_sidecar(suffix)]
        foreign = tuple(suffix for suffix in SIDECARS if suffix not in stale)
        moved = move_aside(db_path, aside, ("", *foreign))
    except OSError as exc:
        staged.unlink(missing_ok=True)
        raise RepositoryError(
            f"moving the file now at {str(db_path)!r} aside failed ({exc.strerror or exc}); "
            "nothing was changed: check the folder, then retry"
        ) from exc
    repository.close()
    try:
        for suffix in stale:  # what SQLite's close left of this connection's own journal
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(staged, db_path)
    except OSError as exc:
        # The old connection is closed: the staged copy is the history now, so it stays.
        raise RepositoryError(
            f"putting the new file at {str(db_path)!r} failed ({exc.strerror or exc}); the "
            f"history is kept in {str(staged)!r}: rename it to {db_path.name!r}"
        ) from exc
    new = repository.reopen()
    log.warning(
        "wrote the history to a new file at %s%s",
        db_path,
        f"; moved aside {', '.join(path.name for path in moved)}" if moved else "",
        extra={"event": "database_rewritten", "moved_aside": [str(path) for path in moved]},
    )
    return NewFile(new, moved)
