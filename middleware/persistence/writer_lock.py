"""One writer per database: an exclusive OS lock on a file beside it, ``NAME.lock``.

Two processes writing one database would both number their swipes from the same point, and
the second one's swipes would collide with the first one's. So every writer (the desktop
app, ``simulate``, any session that writes) takes this lock before it opens the database for
writing, and holds it until its session closes; a second one is told which process has it.

The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows), held
through an open descriptor: when the process ends, however it ends, a kill included, the OS
lets go of it, so a lock left by a crash never needs clearing by hand. The file holds the
holder's PID, only for the message another process shows.

Releasing removes the file. That is safe because a taker, once it holds the lock, checks that
the path still names the file it locked (same device and inode): if the file was removed or
replaced in between, it opens the path again.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
from contextlib import suppress
from pathlib import Path

from middleware.persistence.errors import (
    DatabaseInUseError,
    ReadOnlyDatabaseError,
    RepositoryError,
    disk_full,
    is_out_of_space,
)
from middleware.persistence.files import open_no_follow, refuse_linked_database

LOCK_SUFFIX = ".lock"
_ATTEMPTS = 20
"""Opens of a lock file that keeps being replaced before we give up (each race is rare)."""
_PID_BYTES = 32

if sys.platform == "win32":
    import msvcrt

    # Windows locks are mandatory: a locked byte cannot even be read by others. Lock one
    # far past the PID, so that a second process can still read who holds the lock.
    _WINDOWS_LOCK_OFFSET = 1 << 30

    def _try_lock(descriptor: int) -> bool:
        os.lseek(descriptor, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

else:
    import fcntl

    def _try_lock(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def lock_path_for(db_path: Path) -> Path:
    """The lock file of ``db_path``: ``NAME.lock`` beside the file a symlink points to."""
    real = db_path.resolve()
    return real.with_name(real.name + LOCK_SUFFIX)


class WriterLock:
    """The exclusive right to write one database, while this process holds it.

    Made unheld; `acquire` takes it and `release` lets go, both idempotent and safe to call
    from any thread (a session takes it at start, or its writer thread later on).
    """

    def __init__(self, db_path: Path) -> None:
        self._db_path = db_path
        self._lock_path = lock_path_for(db_path)
        self._descriptor: int | None = None
        self._mutex = threading.Lock()

    @property
    def path(self) -> Path:
        return self._lock_path

    @property
    def held(self) -> bool:
        return self._descriptor is not None

    def acquire(self) -> None:
        """Take the lock now, without waiting; nothing to do if it is held already.

        Raises `DatabaseInUseError` (naming the holder's PID) when another process, or
        another session of this one, holds it; `ReadOnlyDatabaseError` when the lock file
        cannot be created or written (then the database cannot be written either).
        """
        with self._mutex:
            if self._descriptor is None:
                self._descriptor = _take(self._db_path, self._lock_path)

    def release(self) -> None:
        """Let go of the lock and remove its file; nothing to do if it is not held."""
        with self._mutex:
            descriptor, self._descriptor = self._descriptor, None
            if descriptor is None:
                return
            try:
                # On POSIX the file goes while we still hold it, so whoever opened it before
                # sees it is gone (see `_take`). Windows cannot remove a file open anywhere.
                if os.name == "posix" and _names(self._lock_path, descriptor):
                    with suppress(OSError):
                        os.unlink(self._lock_path)
            finally:
                os.close(descriptor)  # closing the descriptor is what releases the OS lock
            if os.name != "posix":
                with suppress(OSError):  # someone else has it open: it stays for them
                    os.unlink(self._lock_path)

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


def hold_off_writers(db_path: Path) -> int | None:
    """A descriptor holding a *shared* lock on ``db_path``'s writer lock, or None.

    While it is held no writer can take the lock (a writer needs it exclusive), so nothing
    can change the database: a reader may then read it as immutable (see `read_only`).
    None when a writer holds the lock now, when the lock file cannot be opened or created,
    and on Windows, whose locks have no shared mode. Let go with `let_writers_in`.
    """
    if sys.platform == "win32":
        return None
    lock_path = lock_path_for(db_path)
    for _ in range(_ATTEMPTS):
        try:
            descriptor = open_no_follow(lock_path, os.O_RDONLY | os.O_CREAT, "the lock file")
        except (OSError, RepositoryError):  # a link there too: read without the hold
            return None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            return None
        if _names(lock_path, descriptor):
            return descriptor
        os.close(descriptor)  # removed or replaced since we opened it: open it again
    return None


def let_writers_in(db_path: Path, descriptor: int) -> None:
    """Let go of a `hold_off_writers` hold; the last holder removes the file, as writers do."""
    lock_path = lock_path_for(db_path)
    try:
        if sys.platform != "win32":
            try:
                # Exclusive only if no one else holds the file; then, as in `release`, it
                # can go: whoever opened it meanwhile sees that it is gone once they lock it.
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return
            if _names(lock_path, descriptor):
                with suppress(OSError):
                    os.unlink(lock_path)
    finally:
        os.close(descriptor)


def _take(db_path: Path, lock_path: Path) -> int:
    """Lock ``lock_path`` and write our PID in it; the open descriptor that holds the lock."""
    refuse_linked_database(db_path)
    for _ in range(_ATTEMPTS):
        descriptor = _open_lock_file(db_path, lock_path)
        try:
            if not _try_lock(descriptor):
                pid = _read_pid(descriptor)
                holder = f"TasteTrail process {pid}" if pid else "another TasteTrail process"
                raise DatabaseInUseError(
                    f"the database {str(db_path)!r} is in use by {holder}: close that window "
                    "first, or choose another file with --db",
                    path=str(db_path),
                    pid=pid,
                )
            if _names(lock_path, descriptor):
                try:
                    _write_pid(descriptor)
                except OSError as exc:
                    if is_out_of_space(exc):
                        raise disk_full(
                            f"taking the writer lock of {str(db_path)!r}", lock_path.parent, exc
                        ) from exc
                    raise
                return descriptor
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)  # removed or replaced since we opened it: open it again
    raise RepositoryError(
        f"the writer lock {str(lock_path)!r} of the database {str(db_path)!r} kept being "
        "replaced while it was taken; close the other programs using the file and retry"
    )


def _open_lock_file(db_path: Path, lock_path: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    try:
        # Private to the user, like the database; a link planted there is refused.
        return open_no_follow(lock_path, flags, "the lock file")
    except OSError as exc:
        if isinstance(exc, PermissionError) or exc.errno == errno.EROFS:
            where = (
                f"its lock file {lock_path.name!r} is read-only"
                if lock_path.exists()
                else "the folder is read-only"
            )
            raise ReadOnlyDatabaseError(
                f"the database {str(db_path)!r} cannot be written: {where}, so its writer "
                f"lock cannot be taken ({exc.strerror}). Fix the permissions, or choose "
                "another path."
            ) from exc
        if is_out_of_space(exc):
            raise disk_full(
                f"creating the writer lock of {str(db_path)!r}", lock_path.parent, exc
            ) from exc
        raise RepositoryError(
            f"the writer lock {str(lock_path)!r} of the database {str(db_path)!r} could not "
            f"be opened ({exc}); check the folder, or choose another path"
        ) from exc


def _names(lock_path: Path, descriptor: int) -> bool:
    """Whether ``lock_path`` is still the file open as ``descriptor``."""
    try:
        on_disk = os.stat(lock_path)
    except FileNotFoundError:
        return False
    held = os.fstat(descriptor)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _write_pid(descriptor: int) -> None:
    # Written over whatever a killed holder left, at one width: truncating to zero first
    # makes ext4 flush the file when it is closed, a disk write at every start (about 0.8 ms
    # measured here, against 5 us for the open, lock and write of an existing file).
    text = f"{os.getpid():<{_PID_BYTES - 1}}\n".encode()
    if os.fstat(descriptor).st_size > len(text):
        os.ftruncate(descriptor, len(text))
    os.lseek(descriptor, 0, os.SEEK_SET)
    os.write(descriptor, text)


def _read_pid(descriptor: int) -> int | None:
    """The holder's PID, or None while it has not written it yet (or wrote something else)."""
    try:
        os.lseek(descriptor, 0, os.SEEK_SET)
        text = os.read(descriptor, _PID_BYTES).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and int(text) > 0 else None
