"""Which file a path names: its device and inode, so a deleted or replaced database is noticed.

On POSIX a file that is deleted (or renamed over) while SQLite has it open lives on for
that connection: commits go on succeeding into a file nobody can open again, and vanish
when the app closes. So the repository remembers the identity of the file it opened and
checks, before every commit and at every periodic check, that its path still names it.
One ``stat`` costs about a microsecond, against tens for a commit.

The refusal's text is for a person (the window's banner shows it): it names the file and
what happened to it, never the internal operation that was refused; that goes to the log.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import NamedTuple

from middleware.persistence.errors import DatabaseReplacedError

log = logging.getLogger(__name__)


class FileIdentity(NamedTuple):
    """A file as the operating system knows it, whatever its name."""

    device: int
    inode: int


def identity_of(path: Path) -> FileIdentity | None:
    """The identity of the file ``path`` names now (through symlinks), None if there is none."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return FileIdentity(status.st_dev, status.st_ino)


def require_same_file(path: Path, expected: FileIdentity, *, doing: str) -> None:
    """Raise `DatabaseReplacedError` unless ``path`` still names the file ``expected``."""
    current = identity_of(path)
    if current == expected:
        return
    raise _replaced(path, current, doing)


def require_same_file_and_content(
    path: Path, identity: FileIdentity | None, content: FileContent | None, *, doing: str
) -> None:
    """`require_same_file` (unless ``identity`` is None), then `require_same_content`
    (unless ``content`` is None), from one ``stat``: the check before every commit."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        status = None
    if identity is not None:
        current = None if status is None else FileIdentity(status.st_dev, status.st_ino)
        if current != identity:
            raise _replaced(path, current, doing)
    if content is not None:
        now = None if status is None else FileContent(status.st_size, status.st_mtime_ns)
        if now != content:
            raise _overwritten(path, now, content, doing)


def _replaced(path: Path, current: FileIdentity | None, doing: str) -> DatabaseReplacedError:
    what = "deleted" if current is None else "replaced by another file"
    return _refused(
        doing,
        f"The database {path.name!r} was {what} while the app ran, so it is no "
        "longer the file this app has open and nothing is saved into it. Your swipes are "
        "kept in memory: choose Write to a new file to write the whole history there again.",
    )


def _refused(doing: str, message: str) -> DatabaseReplacedError:
    """The refusal said to a person; what was refused (``doing``) goes to the log."""
    log.warning("%s refused: %s", doing, message)
    return DatabaseReplacedError(message)


class FileContent(NamedTuple):
    """What ``stat`` says of a file's content: its size and when it was last written.

    In WAL mode the main file changes only when a checkpoint copies pages into it, which
    this app's own connection does inside its commits; so after the app's last commit it
    must stay as it was. A copy over it (``cp other.sqlite3 running.sqlite3``) keeps the
    device and inode but changes these.
    """

    size: int
    modified_ns: int


def content_of(path: Path) -> FileContent | None:
    """The size and modification time of the file ``path`` names, None if there is none.

    A ``stat``, never an ``open``: closing a descriptor of the database would drop the
    locks SQLite holds on it.
    """
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return FileContent(status.st_size, status.st_mtime_ns)


def require_same_content(path: Path, expected: FileContent, *, doing: str) -> None:
    """Raise `DatabaseReplacedError` if the file at ``path`` was written since ``expected``
    was taken (by something other than this app's connection)."""
    current = content_of(path)
    if current == expected:
        return
    raise _overwritten(path, current, expected, doing)


def _overwritten(
    path: Path, current: FileContent | None, expected: FileContent, doing: str
) -> DatabaseReplacedError:
    size = "gone" if current is None else f"{current.size} bytes"
    return _refused(
        doing,
        f"The database {path.name!r} was overwritten in place by another "
        f"program while the app ran (same file, other content: {size} now, "
        f"{expected.size} after this app's last write), so nothing more is saved into it. "
        "Your swipes are kept in memory: choose Write to a new file to write the whole "
        "history there again, or restore a backup (python -m app restore)",
    )
