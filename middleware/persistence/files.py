"""Files the app writes beside the database: never through a link, private to the user.

Every file the app writes itself (the writer lock, a backup's or a restore's temporary
copy, a screenshot) is opened here: with ``O_NOFOLLOW``, so a symbolic link planted where
the file goes is refused instead of written through (whatever it points at, and without
creating the target of a dangling one), and with mode 0600 whatever the umask. Temporary
files get a fresh name from `tempfile.mkstemp` in the folder of the file they become
(``O_EXCL``: nothing that was there already is opened), and are renamed into place, which
replaces a link at the target instead of following it.

The folder is the one the person named (a symlinked folder included: it is theirs); the
link refused is the last step of a path, where someone else could have planted one.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from middleware.persistence.errors import LinkRefusedError

PRIVATE_MODE = 0o600
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_LINK_ERRNOS = {errno.ELOOP, errno.EMLINK}
"""What ``open(O_NOFOLLOW)`` fails with on a link: ELOOP (Linux, macOS), EMLINK (FreeBSD)."""


def is_link(path: Path) -> bool:
    """Whether ``path`` itself is a symbolic link (dangling or not)."""
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def link_refused(path: Path, what: str) -> LinkRefusedError:
    """The one-line refusal of the link at ``path``, where ``what`` would be written."""
    try:
        target = f" (to {os.readlink(path)!r})"
    except OSError:
        target = ""
    return LinkRefusedError(
        f"{what} {str(path)!r} is a symbolic link{target}; TasteTrail never writes through "
        "a link it did not make. Nothing was written: remove the link, or choose another "
        "path with --db"
    )


def refuse_link(path: Path, what: str) -> None:
    """Raise `LinkRefusedError` if ``path`` is a symbolic link."""
    if is_link(path):
        raise link_refused(path, what)


def open_no_follow(path: Path, flags: int, what: str, mode: int = PRIVATE_MODE) -> int:
    """``os.open(path, flags)`` refusing a symbolic link at ``path`` (`LinkRefusedError`).

    A file it creates has ``mode`` (private by default) whatever the umask.
    """
    try:
        descriptor = os.open(path, flags | _NO_FOLLOW | _CLOEXEC, mode)
    except OSError as exc:
        if exc.errno in _LINK_ERRNOS and is_link(path):
            raise link_refused(path, what) from exc
        raise
    if flags & os.O_CREAT and os.name == "posix":
        try:
            if stat.S_IMODE(os.fstat(descriptor).st_mode) & ~mode:
                os.fchmod(descriptor, mode)
        except OSError:
            os.close(descriptor)
            raise
    return descriptor


def private_temporary(beside: Path) -> Path:
    """A new, empty, private file in ``beside``'s folder, named ``.NAME.<random>.partial``.

    `tempfile.mkstemp` creates it with ``O_EXCL``: no existing file or link is opened.
    """
    descriptor, name = tempfile.mkstemp(
        prefix=f".{beside.name}.", suffix=".partial", dir=beside.parent
    )
    os.close(descriptor)
    return Path(name)


def write_private_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, private to the user, through a temporary file renamed
    into place (a link at ``path`` is replaced, never followed)."""
    temporary = private_temporary(path)
    try:
        descriptor = open_no_follow(temporary, os.O_WRONLY, "the temporary file")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view) :]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise


def make_private(path: Path) -> None:
    """Make the regular file at ``path`` private to the user (0600), never through a link;
    nothing to do when it is absent or is not a regular file.

    A ``chmod`` by name after an ``lstat``, never an ``open``: this is used on the database
    and its -wal/-shm while SQLite has them open, and closing any descriptor of a file
    drops the POSIX locks the process holds on it.
    """
    if os.name != "posix":
        return
    try:
        status = os.lstat(path)
        if stat.S_ISREG(status.st_mode) and stat.S_IMODE(status.st_mode) != PRIVATE_MODE:
            os.chmod(path, PRIVATE_MODE)
    except OSError:
        return  # absent, or not ours to change


def refuse_linked_database(db_path: Path) -> None:
    """Raise `LinkRefusedError` if the database path itself is a symbolic link.

    A link there could be swapped for another between two opens (the lock beside one file,
    SQLite on another), or dangle into a folder nobody chose; the real file is one argument
    away, so it is asked for.
    """
    if is_link(db_path):
        try:
            target = f" (to {os.readlink(db_path)!r})"
        except OSError:
            target = ""
        raise LinkRefusedError(
            f"the database path {str(db_path)!r} is a symbolic link{target}; TasteTrail "
            "opens only the real file. Nothing was written: pass the real file with --db"
        )
