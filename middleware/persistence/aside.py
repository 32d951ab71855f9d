"""Moving database files aside, never deleting them: ``NAME.<label>-<UTC time>``.

A damaged database, the file a restore replaces, a file that took the database's place:
each is renamed beside the database, bytes unchanged, so that it can still be recovered or
sent to someone who can. Its ``-wal``, ``-shm`` and ``-journal`` go with it under the same
new name, since SQLite pairs a journal with its database by name.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

SIDECARS = ("-wal", "-shm")
JOURNALS = (*SIDECARS, "-journal")


def aside_name(db_path: Path, label: str, at: datetime) -> Path:
    """``NAME.<label>-<UTC time>`` beside ``db_path`` (``at`` aware), a name no file has yet."""
    stamp = at.strftime("%Y%m%dT%H%M%SZ")
    candidate = db_path.with_name(f"{db_path.name}.{label}-{stamp}")
    counter = 1
    while any(Path(f"{candidate}{suffix}").exists() for suffix in ("", *JOURNALS)):
        counter += 1
        candidate = db_path.with_name(f"{db_path.name}.{label}-{stamp}-{counter}")
    return candidate


def move_aside(source: Path, target: Path, suffixes: tuple[str, ...] = ("",)) -> list[Path]:
    """Rename ``source`` (with each of ``suffixes``) to ``target`` (with the same); the moved.

    Raises `OSError` from the first rename that fails; the ones before it stay done.
    """
    moved = []
    for suffix in suffixes:
        origin = Path(f"{source}{suffix}")
        if origin.exists():
            destination = Path(f"{target}{suffix}")
            os.replace(origin, destination)
            moved.append(destination)
    return moved


def move_database_aside(db_path: Path, label: str, at: datetime) -> list[Path]:
    """Move the database at ``db_path`` and its journals to ``NAME.<label>-<UTC time>``."""
    return move_aside(db_path, aside_name(db_path, label, at), ("", *JOURNALS))
